"""Build a labeled title-role evaluation set from real articles, deterministically from a seed.

A case is a whole article: untouched, or with one injected paragraph group (a positive: a conflict
of titles; or a hard negative: text that looks like one and is not). Injections use the article's
own titled people and are placed in narration, after the person's first titled mention, at a
paragraph break outside any running quotation. `lines` are the lines of the injected (or edited)
paragraphs: a finding there, or naming one of them, is the injected conflict.
"""
from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field

from corpus import (
    OFFICES,
    OTHER_MINISTRIES,
    Article,
    Person,
    acronyms,
    companies,
    in_quote_spans,
    paragraph_line,
    people,
    quote_state,
    render,
)

POSITIVE, NEGATIVE, UNTOUCHED = "positive", "hard-negative", "untouched"


@dataclass
class Case:
    id: str
    category: str
    kind: str
    article: str
    text: str
    lines: list[int] = field(default_factory=list)
    form: str = ""  # the sub-form or template used, for reading the misses

    def to_json(self) -> dict:
        return asdict(self)


# -- wording -----------------------------------------------------------------------------------

NARRATION = [
    "{M} is due to meet officials from the main trading partners later this week, a spokesman said.",
    "Officials close to {m} said no decision had been taken on the timing.",
    "{M} declined to comment on the figures when reached by telephone.",
    "The proposals were discussed with {m} on Tuesday, according to people familiar with the talks.",
    "{M} told reporters the talks had been constructive but gave no details.",
    "Analysts said the markets would watch closely for any comment from {m}.",
    "A spokesman for {m} said a statement would be issued on Thursday.",
    "{M} has repeatedly said the government would not change its policy.",
    "Diplomats said {m} was expected to raise the issue at the meeting.",
    "{M} arrived in the capital on Monday for two days of talks.",
    "Bankers said they had sought a meeting with {m} to discuss the package.",
    "{M} met union leaders on Wednesday but no agreement was reached.",
]
APPOSITION = [
    "{N}, the country's {o}, said the measures would be reviewed.",
    "{N}, who is {o}, told a news conference the outlook remained uncertain.",
    "The {o}, {N}, said in a statement that talks would continue.",
]
RUNNING_QUOTE = [
    ["\"We have made it clear that we will not be rushed into a decision. The figures speak for themselves.",
     "\"There is no question of a change of course at this stage. We will listen to our partners.",
     "\"But in the end the decision is ours,\" a senior official told reporters."],
    ["“The market has overreacted, and we expect it to settle in the coming days.",
     "“Nothing in these numbers suggests a lasting change,” one dealer said."],
    ["\"I think everybody understands the position. We are not going to move on this.",
     "\"Our partners know that, and they will have to take it into account.",
     "\"It is as simple as that,\" the spokesman said."],
]
STRAY_QUOTE = [
    "The ministry described the plan as \"a first step towards a wider reform, officials said.",
    "One trader said the market was \"nervous ahead of the figures, and prices eased in thin trading.",
    "The statement called the talks “useful and said further meetings would follow.",
    "\"Dealers said activity was light throughout the session.",
]
QUOTED_TITLE = [
    "One official said: \"{T} would never have accepted such terms.\"",
    "\"I expect {t} to make a statement shortly,\" a senior banker said.",
    "A diplomat said: “Nobody here believes {t} will change course.”",
    "\"It was {t} who insisted on the wording,\" one delegate told Reuters.",
]
THEN = [
    "The issue was first raised by then-{o} {L}, officials recalled.",
    "The agreement was drafted when the then {o}, {L}, was still in charge of the talks.",
    "Then-{o} {L} had opposed a similar plan, officials said.",
]
CHANGE = [  # a told change of role: (sentence telling it, mention after it); {o} the office he left
    ("{L}, who resigned as {ol} last week, said the decision had been his own.", "former"),
    ("{L} stepped down as {ol} on Monday after a dispute over the budget.", "former"),
    ("{L} was dismissed as {ol} on Friday, the government announced.", "former"),
    ("{L} quit as {ol} earlier this month, citing health reasons.", "former"),
    ("{L} left the post of {ol} on Tuesday and was replaced by his deputy.", "former"),
    ("{L} was replaced as {ol} in a cabinet reshuffle on Wednesday.", "former"),
    ("{L} was appointed {nl} in a cabinet reshuffle on Monday.", "new"),
    ("{L} was sworn in as {nl} on Tuesday.", "new"),
    ("{L} was named {nl} on Thursday, taking over from a party colleague.", "new"),
    ("{L} took over as {nl} this week.", "new"),
]
TALK_VERBS = [("resign", "resigning"), ("step down", "stepping down"), ("quit", "quitting"), ("stand down", "standing down"),
              ("leave office", "leaving office"), ("give up the post", "giving up the post"),
              ("resign as {ol}", "resigning as {ol}"), ("step aside as {ol}", "stepping aside as {ol}"),
              ("quit the government", "quitting the government")]
TALK_FORMS = [  # not changes: refusal, denial, question, pressure, threat, possibility
    "{M} refused to {v}", "{M} said {p} would not {v}", "{M} has no intention of {ving}, a spokesman said",
    "{M} denied reports that {p} planned to {v}", "{M} was asked whether {p} would {v}", "{M} faced calls to {v}",
    "{M} faced renewed opposition calls to {v}", "{M} rejected demands that {p} {v}",
    "{M} dismissed speculation that {p} was about to {v}", "{M} threatened to {v} if the plan was blocked",
    "{M} could be forced to {v} if the talks fail", "{M} is under pressure to {v}",
    "{M} was urged by party colleagues to {v}", "{M} insisted {p} would not {v} over the affair",
    "{M} ruled out {ving}", "{M} brushed aside suggestions that {p} should {v}",
    "{M} could be sacked in a reshuffle, newspapers reported", "{M} may be replaced, political sources said",
    "Opposition leaders demanded that {m} {v}", "There was speculation that {m} might {v}",
    "{M} would {v} only if parliament rejected the budget, aides said",
    "{M} said it was not the time to {v}", "{M} has been tipped to lose the post in a reshuffle",
]
TALK_SAFE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 17, 19, 21]  # forms for the positives: nothing happened
FEMALE = {"Margaret", "Corazon", "Gro", "Lynda", "Benazir", "Indira", "Edith", "Jeanne", "Simone", "Elizabeth", "Anne",
          "Ann", "Mary", "Maria", "Carla", "Yvonne", "Edwina", "Barbara", "Elizabeth", "Helen", "Eugenia", "Tansu"}
FIRST_NAMES = ["Peter", "John", "Michael", "Hans", "Jean", "Carlos", "Kenji", "Paul", "Robert", "Pierre", "Klaus",
               "Luis", "David", "Richard", "Marcel", "Giovanni", "Ahmed", "William", "Francois", "Walter"]
EXECUTIVES = ["Roger Smith", "Lee Iacocca", "John Akers", "Donald Petersen", "Robert Anderson", "Thomas Murphy",
              "Edward Brennan", "Frank Lorenzo", "John Reed", "Walter Shipley", "Rand Araskog", "Harold Geneen",
              "Charles Brown", "John Young", "Ken Olsen", "Ross Johnson", "Michael Blumenthal", "Armand Hammer"]
CE_TITLES = ["chief executive", "CEO", "boss", "chief executive officer"]
WHEN_YEAR = re.compile(r"\b(?:19|20)\d\d\b|at the time|years ago|then\b")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(template: str, mention: str) -> str:
    return template.replace("{M}", cap(mention)).replace("{m}", mention)


def pronoun(person: Person) -> str:
    return "she" if person.first in FEMALE else "he"


def office_lower(title: str) -> str:
    """"Chancellor of the Exchequer" -> "chancellor of the Exchequer", "Secretary of State for Energy" ->
    "secretary of state for energy"."""
    return " ".join(w if w == "Exchequer" else w.lower() for w in title.split())


def titled(title: str, person: Person, full: bool, country: bool = False, qualifier: str = "") -> str:
    name = person.full if full else person.last
    words = [qualifier] if qualifier else []
    if country and person.country:
        words.append(person.country)
    return " ".join(words + [title, name])


# -- placing -----------------------------------------------------------------------------------

def slots(article: Article, after: int) -> list[int]:
    """Paragraph indexes where a new paragraph can go in narration, after paragraph `after`."""
    result = []
    for k in range(after + 1, len(article.paragraphs) + 1):
        previous = article.paragraphs[k - 1]
        if (previous.count("\"") + previous.count("“") + previous.count("”")) % 2 == 0:
            result.append(k)  # an odd count opens a quotation the next paragraph continues
    return result


def insert(article: Article, k: int, new: list[str]) -> tuple[str, list[int]]:
    paragraphs = article.paragraphs[:k] + new + article.paragraphs[k:]
    return render(article.headline, paragraphs), [paragraph_line(k + i) for i in range(len(new))]


# -- the kinds ---------------------------------------------------------------------------------

def other_ministry(rng: random.Random, person: Person) -> str:
    choices = [o for o, p in OTHER_MINISTRIES[person.style or "gen"] if p != person.portfolio and o != person.title]
    return rng.choice(choices)


def head_swap(person: Person) -> str | None:
    if person.title in ("Prime Minister", "Chancellor"):
        return "President"
    if person.title == "President":
        return "Prime Minister"
    return None


def former_mention(rng, person):
    return titled(person.title, person, rng.random() < 0.5, rng.random() < 0.3, rng.choice(["former", "former", "ex-"]))


def build_positive(kind: str, rng: random.Random, article: Article, person: Person):
    """(text, lines, form) for one injected conflict, or None when the article does not suit."""
    places = slots(article, person.paragraph)
    if not places:
        return None
    k = rng.choice(places)
    template = rng.choice(NARRATION)
    if kind == "former-full":
        mention = titled(person.title, person, True, rng.random() < 0.3, "former")
        return (*insert(article, k, [sentence(template, mention)]), template)
    if kind == "former-surname":
        mention = titled(person.title, person, False, rng.random() < 0.3, rng.choice(["former", "ex-"]))
        mention = mention.replace("ex- ", "ex-")
        return (*insert(article, k, [sentence(template, mention)]), template)
    if kind == "former-edit":
        # prefix "former" to a later titled mention already in the article's narration
        state = quote_state(article.paragraphs)
        targets = []
        bare = re.compile(rf"\b(?:{re.escape(person.full)}|{re.escape(person.last)})\b(?!-)")
        for i in range(person.paragraph + 1, len(article.paragraphs)):
            p = article.paragraphs[i]
            if state[i] or WHEN_YEAR.search(p) or i == person.paragraph:
                continue
            quotes = in_quote_spans(p)
            for form in (f"{person.country} {person.title} {person.full}", f"{person.country} {person.title} {person.last}",
                         f"{person.title} {person.full}", f"{person.title} {person.last}"):
                at = p.find(form.strip())
                if at >= 0 and not any(a <= at < b for a, b in quotes) and not p[:at].rstrip().lower().endswith(("former", "ex-")):
                    targets.append((i, at, ""))
                    break
            else:
                for match in bare.finditer(p):
                    before = p[: match.start()].split()
                    previous = before[-1] if before else ""
                    if previous and previous[0].isupper():
                        continue  # "Minister Lawson", "Nigel Lawson", "U.S. ..."
                    if not any(a <= match.start() < b for a, b in quotes):
                        targets.append((i, match.start(), person.title + " "))
                        break
        if not targets:
            return None
        i, at, title = rng.choice(targets)
        p = article.paragraphs[i]
        word = ("Former " if at == 0 else "former ") + title
        if at == 0:
            edited = word + p
        else:
            edited = p[:at] + word + p[at:]
        paragraphs = list(article.paragraphs)
        paragraphs[i] = edited
        return render(article.headline, paragraphs), [paragraph_line(i)], "edit " + ("bare surname" if title else "titled")
    if kind == "two-ministries":
        if person.kind != "min":
            return None
        office = other_ministry(rng, person)
        if rng.random() < 0.3:
            tmpl = rng.choice(APPOSITION)
            text = tmpl.replace("{N}", person.full).replace("{o}", office_lower(office))
            return (*insert(article, k, [cap(text)]), tmpl)
        mention = titled(office, person, rng.random() < 0.5)
        return (*insert(article, k, [sentence(template, mention)]), template)
    if kind == "head-of-state-vs-government":
        office = head_swap(person)
        if office is None:
            return None
        mention = titled(office, person, rng.random() < 0.5, True)
        return (*insert(article, k, [sentence(template, mention)]), f"{person.title}->{office}")
    if kind == "deputy-vs-prime-minister":
        if person.title not in ("Prime Minister", "Deputy Prime Minister"):
            return None
        office = "Deputy Prime Minister" if person.title == "Prime Minister" else "Prime Minister"
        mention = titled(office, person, rng.random() < 0.5, rng.random() < 0.5)
        return (*insert(article, k, [sentence(template, mention)]), f"{person.title}->{office}")
    if kind == "uk-chancellor-vs-secretary":
        if person.title != "Chancellor of the Exchequer":
            return None
        # the article's "Chancellor of the Exchequer Nigel Lawson" shortened to "Chancellor Nigel Lawson"
        # once, and another secretaryship given later
        paragraphs = list(article.paragraphs)
        paragraphs[person.paragraph] = paragraphs[person.paragraph].replace(
            f"Chancellor of the Exchequer {person.full}", f"Chancellor {person.full}", 1)
        office = rng.choice(["Foreign Secretary", "Home Secretary", "Health Secretary", "Secretary of State for Energy",
                             "Trade and Industry Secretary", "Secretary of State for Defence"])
        mention = titled(office, person, rng.random() < 0.5)
        shortened = Article(article.id, article.headline, paragraphs)
        return (*insert(shortened, k, [sentence(template, mention)]), office)
    if kind == "former-after-running-quote":
        block = rng.choice(RUNNING_QUOTE)
        mention = former_mention(rng, person).replace("ex- ", "ex-")
        text, lines = insert(article, k, [*block, sentence(template, mention)])
        return text, lines[-1:], "running-quote"
    if kind == "conflict-after-stray-quote":
        stray = rng.choice(STRAY_QUOTE)
        if person.kind == "min" and rng.random() < 0.5:
            mention, form = titled(other_ministry(rng, person), person, rng.random() < 0.5), "ministry"
        else:
            mention, form = titled(person.title, person, rng.random() < 0.5, False, "former"), "former"
        text, lines = insert(article, k, [stray, sentence(template, mention)])
        return text, lines[-1:], f"{form}: {stray[:30]}"
    if kind == "former-despite-talk":
        places = [s for s in places if s > min(places)] or places
        talk = talk_sentence(rng, person, safe=True)
        first = min(places)
        later = [s for s in places if s > first]
        mention = former_mention(rng, person).replace("ex- ", "ex-")
        if later:
            paragraphs = article.paragraphs[:first] + [talk] + article.paragraphs[first:]
            k2 = rng.choice(later) + 1
            paragraphs = paragraphs[:k2] + [sentence(template, mention)] + paragraphs[k2:]
            return render(article.headline, paragraphs), [paragraph_line(k2)], talk
        text, lines = insert(article, first, [talk, sentence(template, mention)])
        return text, lines[-1:], talk
    raise ValueError(kind)


def talk_sentence(rng: random.Random, person: Person, safe: bool = False) -> str:
    form = TALK_FORMS[rng.choice(TALK_SAFE)] if safe else rng.choice(TALK_FORMS)
    verb, ving = rng.choice(TALK_VERBS)
    ol = office_lower(person.title)
    mention = titled(person.title, person, False)
    text = (form.replace("{v}", verb).replace("{ving}", ving).replace("{p}", pronoun(person)).replace("{ol}", ol))
    return sentence(text, mention) + "."


def build_negative(kind: str, rng: random.Random, article: Article, person: Person | None):
    places = slots(article, person.paragraph if person else 0)
    if not places:
        return None
    k = rng.choice(places)
    template = rng.choice(NARRATION)
    if kind == "then-title":
        office = person.title if rng.random() < 0.5 or person.kind != "min" else other_ministry(rng, person)
        tmpl = rng.choice(THEN)
        text = tmpl.replace("{N}", person.last).replace("{o}", office).replace("{L}", person.last)
        if "the then" in tmpl:
            text = text.replace("the then " + office, "the then " + office_lower(office))
        return (*insert(article, k, [text]), tmpl)
    if kind == "told-change":
        tmpl, after = rng.choice(CHANGE)
        new = other_ministry(rng, person) if person.kind == "min" else ("Deputy Prime Minister" if person.kind == "hog" else "Foreign Minister")
        told = tmpl.replace("{L}", person.last).replace("{ol}", office_lower(person.title)).replace("{nl}", office_lower(new))
        if after == "former":
            mention = titled(person.title, person, rng.random() < 0.5, False, "former")
        else:
            mention = titled(new, person, rng.random() < 0.5)
        return (*insert(article, k, [told, sentence(template, mention)]), tmpl)
    if kind == "same-surname":
        first = rng.choice([f for f in FIRST_NAMES if f != person.first])
        other = Person(first, person.last, person.title, "", 0)
        form = rng.randrange(3)
        if form == 0:
            text = sentence(template, titled(person.title, other, True, False, "former"))
        elif form == 1:
            office = other_ministry(rng, person) if person.kind == "min" else "Foreign Minister"
            text = sentence(template, titled(office, other, True))
        else:
            text = f"{other.full}, a former {office_lower(person.title)} and no relation, said the plan was unworkable."
        return (*insert(article, k, [text]), f"form {form}")
    if kind == "title-in-quote":
        if rng.random() < 0.3:
            block = [b for b in RUNNING_QUOTE if len(b) == 3][rng.randrange(2)]
            middle = block[1].rstrip(".") + f", and {titled(person.title, person, False, False, 'former')} knows it."
            return (*insert(article, k, [block[0], middle, block[2]]), "running-quote")
        tmpl = rng.choice(QUOTED_TITLE)
        if person.kind == "min" and rng.random() < 0.5:
            mention = titled(other_ministry(rng, person), person, False)
        else:
            mention = titled(person.title, person, False, False, "former")
        text = tmpl.replace("{T}", cap(mention)).replace("{t}", mention)
        return (*insert(article, k, [text]), tmpl)
    if kind == "talk-not-change":
        talk = talk_sentence(rng, person)
        return (*insert(article, k, [talk]), talk)
    if kind == "org-initials":
        found = acronyms(article)
        if not found:
            return None
        full, short = rng.choice(found)
        name = rng.choice(EXECUTIVES)
        ce = rng.choice(CE_TITLES)
        a = f"{short} {ce} {name} said the group would publish its own estimates."
        b = f"{name}, {rng.choice(['chief executive', 'head', 'president'])} of {'' if full.split()[-1] in ('Corp', 'Inc', 'Co') else 'the '}{full}, told reporters the figures were encouraging."
        if rng.random() < 0.5:
            a, b = b, a
        return (*insert(article, k, [a, b]), f"{short} / {full}")
    if kind == "two-companies":
        names = companies(article)
        if len(names) < 2:
            return None
        a_co, b_co = rng.sample(names, 2)
        name = rng.choice(EXECUTIVES)
        a = f"{a_co} {rng.choice(CE_TITLES)} {name} said the talks were at an early stage."
        if rng.random() < 0.5:
            b = f"{name}, who also heads {b_co}, declined to give a timetable."
            form = "also"
        else:
            b = f"{b_co} {rng.choice(CE_TITLES)} {name} declined to give a timetable."
            form = "plain"
        return (*insert(article, k, [a, b]), form)
    raise ValueError(kind)


POSITIVE_KINDS = {  # kind -> quota
    "former-full": 70, "former-surname": 70, "former-edit": 60, "two-ministries": 80,
    "head-of-state-vs-government": 60, "deputy-vs-prime-minister": 50, "uk-chancellor-vs-secretary": 40,
    "former-after-running-quote": 60, "conflict-after-stray-quote": 60, "former-despite-talk": 60,
}
NEGATIVE_KINDS = {
    "then-title": 60, "told-change": 70, "same-surname": 60, "title-in-quote": 60, "talk-not-change": 80,
    "org-initials": 50, "two-companies": 50,
}
NEEDS_PERSON = {"org-initials": False, "two-companies": False}


def build(articles: list[Article], seed: int = 1, scale: float = 1.0, untouched_titled: int = 600,
          untouched_random: int = 400) -> list[Case]:
    """The evaluation set: the same cases for the same articles, seed and scale."""
    rng = random.Random(seed)
    with_people = [(a, people(a)) for a in articles]
    titled_articles = [(a, p) for a, p in with_people if p]
    cases: list[Case] = []

    def quota(n):
        return max(1, round(n * scale))

    untitled = [a for a, p in with_people if not p]
    for i, (a, _) in enumerate(rng.sample(titled_articles, min(quota(untouched_titled), len(titled_articles)))):
        cases.append(Case(f"u-t-{i:04d}", UNTOUCHED, "untouched-titled", a.id, a.text()))
    for i, a in enumerate(rng.sample(untitled, min(quota(untouched_random), len(untitled)))):
        cases.append(Case(f"u-r-{i:04d}", UNTOUCHED, "untouched-other", a.id, a.text()))

    for category, kinds, builder in ((POSITIVE, POSITIVE_KINDS, build_positive), (NEGATIVE, NEGATIVE_KINDS, build_negative)):
        for kind, n in kinds.items():
            wanted = quota(n)
            pool = titled_articles if NEEDS_PERSON.get(kind, True) else [(a, p) for a, p in with_people]
            order = list(range(len(pool)))
            rng.shuffle(order)
            made = 0
            for index in order:
                if made >= wanted:
                    break
                article, persons = pool[index]
                person = rng.choice(persons) if persons else None
                sub = random.Random(f"{seed}:{kind}:{article.id}")
                built = builder(kind, sub, article, person)
                if built is None:
                    continue
                text, lines, form = built
                prefix = "p" if category == POSITIVE else "n"
                cases.append(Case(f"{prefix}-{kind}-{made:03d}", category, kind, article.id, text, lines, form))
                made += 1
    return cases
