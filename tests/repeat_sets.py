"""Labeled sets for `repeated-block`, built from the real articles in ../shared/corpus/wikinews.

Each set is a folder of articles checked together in one run (so the corpus-wide pass sees them
all), and `labels.json`: for every file its case kind, whether `repeated-block` must report on
it, and (for a defect) the lines of the later copy. Every source article is used at most once
in a set, and a set is a pure function of its seed.

Defect kinds (the file with the copy must be reported, on the copy):

- `exact`: a paragraph pasted again, right after itself or further down;
- `run`: two to four consecutive paragraphs pasted again;
- `near`: a paragraph (or two) pasted again with a few words changed (synonyms, a word dropped
  or added), sometimes with its quotes and punctuation changed too;
- `rewrap`: a pasted copy hard-wrapped at another width, split in two paragraphs or merged into
  the next one;
- `sentences`: two or three sentences repeated inside one long paragraph (or at the end of a
  later one), sometimes with a word changed;
- `cross`: two or three consecutive paragraphs of one article pasted into a later article
  (exact, near or re-wrapped); the earlier article must stay clean (`cross-source`);
- `copies`: two or three consecutive paragraphs of one article pasted into the middle of two or
  three later articles: each of them must be reported, however many hold the passage (adding a
  copy never hides a copy); the earlier article must stay clean (`cross-source`).

Hard negatives (no finding allowed):

- `phrase`: a phrase of five to eight words repeated in a new sentence;
- `boilerplate`: short lines ("Read more", photo credits) repeated in one article and across
  many;
- `short-quote`: a short quote repeated;
- `pull-quote`: a quoted passage set again, in quotes, as a pull-quote before the text;
- `background`: one background paragraph shared by two articles;
- `template`: a passage of one or two paragraphs that closes (or opens) each of the four
  articles holding it: a sign-off, an "About us" box, a series intro (sometimes with a short
  credit line after it);
- `clean`: real articles as published (with their own, legitimate, repetition).

usage: python tests/repeat_sets.py OUTDIR [SEED ...]
"""
from __future__ import annotations

import json
import random
import re
import sys
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews"  # ../shared beside the checkout

DEFECT_KINDS = ("exact", "run", "near", "rewrap", "sentences", "cross", "copies")
NEGATIVE_KINDS = ("phrase", "boilerplate", "short-quote", "pull-quote", "background", "template", "clean", "cross-source")

# per set: cases of each kind (a template case uses four articles, cross and background two)
DEFAULT_COUNTS = {
    "exact": 18,
    "run": 16,
    "near": 22,
    "rewrap": 18,
    "sentences": 16,
    "cross": 18,
    "copies": 6,
    "phrase": 12,
    "boilerplate": 12,
    "short-quote": 12,
    "pull-quote": 8,
    "background": 10,
    "template": 4,
    "clean": 16,
}

SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "big",
    "many": "numerous", "more": "further", "people": "individuals", "started": "began",
    "began": "started", "showed": "demonstrated",
    "use": "employ", "used": "employed", "buy": "purchase", "need": "require", "about": "around",
    "also": "additionally", "however": "nevertheless", "because": "since", "after": "following",
    "before": "prior to", "quickly": "rapidly", "important": "significant", "major": "key",
    "killed": "slain", "died": "perished", "city": "town", "country": "nation", "nation": "country",
    "government": "administration", "officials": "authorities", "authorities": "officials",
    "announced": "declared", "reported": "stated", "report": "account", "area": "region",
    "region": "area", "attack": "assault", "children": "kids", "help": "aid", "home": "house",
    "house": "home", "increase": "rise", "rise": "increase", "make": "create", "made": "created",
    "meeting": "session", "near": "close to", "new": "fresh", "old": "former", "part": "portion",
    "percent": "per cent", "place": "location", "plan": "scheme", "plans": "schemes", "show": "reveal",
    "small": "little", "start": "begin", "stop": "halt", "take": "seize", "talks": "discussions",
    "try": "attempt", "week": "weekend", "whole": "entire", "work": "labour", "world": "globe",
    "won": "secured", "win": "secure", "first": "initial", "leader": "head", "police": "officers",
    "according": "referring", "expected": "anticipated", "asked": "requested", "called": "named",
    "found": "discovered", "several": "a number of", "total": "overall", "around": "about",
    "during": "throughout", "while": "whereas", "against": "versus", "received": "got",
}
FILLERS = ("also", "reportedly", "still", "now", "then", "indeed", "already", "later")
BOILERPLATE = (
    "Read more", "Advertisement", "Photo: Reuters", "Image: Wikimedia Commons.", "Share this article",
    "(AP Photo)", "Related coverage", "Sources", "Listen to this article", "Story continues below",
)
QUOTES = (
    '"We will not give up," {name} said.', '"This is a sad day," {name} said.',
    '"It was terrible," {name} told reporters.', '"We are ready," {name} said.',
    '"Nobody expected this," {name} added.', '"I am very proud," {name} said.',
)
NAMES = ("the mayor", "a spokesperson", "the minister", "one witness", "the coach", "a resident")
WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"([.!?][\"'”’)\]]?)\s+(?=[\"“A-Z0-9])")


@dataclass
class Label:
    path: str
    kind: str
    positive: bool
    lines: list[int] | None = None  # first and last line of the later copy (defects)
    other: str | None = None  # the other file of a cross-article case


@dataclass
class Article:
    source: str  # wikinews file name
    date: str
    headline: str
    paragraphs: list[str]


def load_articles() -> list[Article]:
    dates = {}
    index = CORPUS / "index.jsonl"
    for line in index.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        dates[Path(record["file"]).name] = record["date"]
    articles = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n\n")
        paragraphs = [p.strip() for p in lines[1:] if p.strip()]
        articles.append(Article(path.name, dates.get(path.name, ""), lines[0].strip(), paragraphs))
    return articles


def nwords(text: str) -> int:
    return len(WORD.findall(text))


def is_plain(paragraph: str) -> bool:
    """A body paragraph: no speaker tag, not a question, long enough to be worth copying."""
    return (
        nwords(paragraph) >= 20
        and not paragraph.startswith(("((", ":", "—", "-"))
        and not paragraph.rstrip().endswith("?")
    )


def split_sentences(paragraph: str) -> list[str]:
    result, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        result.append(paragraph[start : match.end(1)])
        start = match.end()
    result.append(paragraph[start:])
    return [s for s in result if s.strip()]


# -- mutations ----------------------------------------------------------------------------

def change_words(text: str, count: int, rng: random.Random) -> str:
    """A few words changed: synonyms where we know one, else a word dropped or a filler added."""
    tokens = text.split(" ")
    candidates = [i for i, t in enumerate(tokens) if i > 0 and re.fullmatch(r"[A-Za-z]{3,}[,.;:]?", t)]
    rng.shuffle(candidates)
    chosen = sorted(candidates[:count], reverse=True)
    for i in chosen:
        token = tokens[i]
        word = token.rstrip(",.;:")
        tail = token[len(word):]
        if word.lower() in SYNONYMS and rng.random() < 0.8:
            tokens[i] = SYNONYMS[word.lower()] + tail
        elif rng.random() < 0.5 and not tail:
            del tokens[i]
        else:
            tokens.insert(i, rng.choice(FILLERS))
    # where no candidate had a synonym, prefer swapping one anyway so the copy differs
    return " ".join(tokens)


def change_punctuation(text: str, rng: random.Random) -> str:
    text = re.sub(r'"([^"]*)"', "“\\1”", text) if '"' in text else text.replace(",", "", 1)
    if rng.random() < 0.5:
        text = text.replace(" — ", ", ").replace("'", "’")
    return text


def near_copy(text: str, rng: random.Random) -> str:
    changes = max(2, min(4, nwords(text) // 15))
    copy = change_words(text, changes, rng)
    if rng.random() < 0.3:
        copy = change_punctuation(copy, rng)
    return copy


def wrap(text: str, rng: random.Random) -> str:
    return textwrap.fill(text, width=rng.randint(55, 80), break_long_words=False, break_on_hyphens=False)


# -- building one article -------------------------------------------------------------------

class Draft:
    """An article being edited: paragraphs, with the indexes of inserted copies tracked."""

    def __init__(self, article: Article):
        self.article = article
        self.paragraphs = list(article.paragraphs)
        self.marked: set[int] = set()  # paragraphs that hold (part of) the later copy

    def insert(self, index: int, texts: list[str], mark: bool = True) -> None:
        self.marked = {m + len(texts) if m >= index else m for m in self.marked}
        self.paragraphs[index:index] = texts
        if mark:
            self.marked |= set(range(index, index + len(texts)))

    def render(self, markdown: bool) -> tuple[str, list[int] | None]:
        head = []
        if markdown:
            title = self.article.headline.replace('"', "'")
            head = ["---", f'title: "{title}"', f"date: {self.article.date}", "---", ""]
        else:
            head = [self.article.headline, ""]
        lines = list(head)
        marked_lines = []
        for index, paragraph in enumerate(self.paragraphs):
            if index:
                lines.append("")
            first = len(lines) + 1
            lines.extend(paragraph.split("\n"))
            if index in self.marked:
                marked_lines += [first, len(lines)]
        span = [min(marked_lines), max(marked_lines)] if marked_lines else None
        return "\n".join(lines) + "\n", span


def pick(rng: random.Random, paragraphs: list[str], test=is_plain) -> int | None:
    choices = [i for i, p in enumerate(paragraphs) if test(p)]
    return rng.choice(choices) if choices else None


def later_position(rng: random.Random, after: int, count: int) -> int:
    """Where a copy of paragraphs ..after-1 goes: right after them, or further down."""
    if rng.random() < 0.4 or after >= count:
        return after
    return rng.randint(after, count)


def make_exact(draft: Draft, rng: random.Random) -> bool:
    i = pick(rng, draft.paragraphs)
    if i is None:
        return False
    draft.insert(later_position(rng, i + 1, len(draft.paragraphs)), [draft.paragraphs[i]])
    return True


def make_run(draft: Draft, rng: random.Random) -> bool:
    size = rng.randint(2, 4)
    def usable(run: list[str]) -> bool:  # prose, not questions or speaker turns
        return (
            sum(map(nwords, run)) >= 40
            and all(is_plain(p) or nwords(p) >= 8 for p in run)
            and not any(p.startswith("((") or p.rstrip().endswith("?") for p in run)
        )

    starts = [i for i in range(len(draft.paragraphs) - size + 1) if usable(draft.paragraphs[i : i + size])]
    if not starts:
        return False
    i = rng.choice(starts)
    copy = draft.paragraphs[i : i + size]
    if rng.random() < 0.3:
        copy = [near_copy(p, rng) if nwords(p) >= 20 else p for p in copy]
    draft.insert(later_position(rng, i + size, len(draft.paragraphs)), copy)
    return True


def make_near(draft: Draft, rng: random.Random) -> bool:
    i = pick(rng, draft.paragraphs)
    if i is None:
        return False
    copies = [near_copy(draft.paragraphs[i], rng)]
    if rng.random() < 0.25 and i + 1 < len(draft.paragraphs) and is_plain(draft.paragraphs[i + 1]):
        copies.append(near_copy(draft.paragraphs[i + 1], rng))
    draft.insert(later_position(rng, i + len(copies), len(draft.paragraphs)), copies)
    return True


def make_rewrap(draft: Draft, rng: random.Random) -> bool:
    i = pick(rng, draft.paragraphs)
    if i is None:
        return False
    text = draft.paragraphs[i]
    style = rng.choice(("wrap", "wrap", "split", "merge"))
    sentences = split_sentences(text)
    if style == "split" and len(sentences) >= 2:
        cut = rng.randint(1, len(sentences) - 1)
        copy = [wrap(" ".join(sentences[:cut]), rng), " ".join(sentences[cut:])]
    elif style == "merge" and i + 1 < len(draft.paragraphs):
        where = later_position(rng, i + 1, len(draft.paragraphs) - 1)
        if where >= len(draft.paragraphs):
            where = len(draft.paragraphs) - 1
        if where <= i:
            return False
        # the copy opens the paragraph at `where`
        draft.paragraphs[where] = text + " " + draft.paragraphs[where]
        draft.marked.add(where)
        return True
    else:
        copy = [wrap(text, rng)]
    draft.insert(later_position(rng, i + 1, len(draft.paragraphs)), copy)
    return True


def make_sentences(draft: Draft, rng: random.Random) -> bool:
    choices = [i for i, p in enumerate(draft.paragraphs) if len(split_sentences(p)) >= 3 and is_plain(p)]
    rng.shuffle(choices)
    for i in choices:
        sentences = split_sentences(draft.paragraphs[i])
        size = rng.randint(2, min(3, len(sentences) - 1))
        start = rng.randint(0, len(sentences) - size)
        run = sentences[start : start + size]
        text = " ".join(run)
        unbalanced = text.count('"') % 2 or text.count("“") != text.count("”")
        if nwords(text) < 20 or run[-1][-1:] not in '.!?"”' or unbalanced:
            continue  # too short, or cut out of a quotation
        copy = " ".join(run)
        if rng.random() < 0.3:
            copy = change_words(copy, 1, rng)
        target = i
        if rng.random() < 0.3:
            later = [j for j in range(i + 1, len(draft.paragraphs)) if is_plain(draft.paragraphs[j])]
            if later:
                target = rng.choice(later)
        draft.paragraphs[target] = draft.paragraphs[target] + " " + copy
        draft.marked.add(target)
        return True
    return False


_SHARED_GRAMS: set | None = None


def _grams(text: str) -> set:
    words = WORD.findall(text.casefold())
    return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}


def is_own(paragraph: str) -> bool:
    """A paragraph no other real article shares (wikinews has a few series that reuse their
    background: copying such a paragraph puts it in three articles, a template)."""
    global _SHARED_GRAMS
    if _SHARED_GRAMS is None:
        seen: dict = {}
        for article in load_articles():
            for gram in set().union(*(_grams(p) for p in article.paragraphs)):
                seen[gram] = seen.get(gram, 0) + 1
        _SHARED_GRAMS = {gram for gram, n in seen.items() if n > 1}
    grams = _grams(paragraph)
    return not grams or len(grams & _SHARED_GRAMS) < 0.2 * len(grams)


def related(a: Article, b: Article) -> bool:
    """Two real articles that share text of their own (a series, a story followed up)."""
    grams_a = set().union(*(_grams(p) for p in a.paragraphs))
    return any(len(_grams(p) & grams_a) >= 3 for p in b.paragraphs)


def run_of(article: Article, rng: random.Random, size: int, own: bool = False) -> list[str] | None:
    paragraphs = article.paragraphs
    starts = [
        i for i in range(len(paragraphs) - size + 1)
        if all(is_plain(p) and (not own or is_own(p)) for p in paragraphs[i : i + size])
    ]
    if not starts:
        return None
    i = rng.choice(starts)
    return paragraphs[i : i + size]


def make_cross(donor: Article, draft: Draft, rng: random.Random) -> bool:
    copy = run_of(donor, rng, rng.choice((2, 2, 3)), own=True)
    if copy is None:
        return False
    style = rng.random()
    if style < 0.25:
        copy = [near_copy(p, rng) for p in copy]
    elif style < 0.4:
        copy = [wrap(p, rng) for p in copy]
    draft.insert(rng.randint(1, len(draft.paragraphs)), copy)
    return True


def make_phrase(draft: Draft, rng: random.Random) -> bool:
    i = pick(rng, draft.paragraphs)
    if i is None:
        return False
    words = draft.paragraphs[i].split()
    size = rng.randint(5, 8)
    start = rng.randint(0, max(0, len(words) - size))
    phrase = " ".join(words[start : start + size]).strip(",.;:\"“”")
    sentence = rng.choice(("Observers noted that {p}.", "This matters because {p}.", "As one editor put it, {p}."))
    target = rng.randint(i, len(draft.paragraphs) - 1)
    draft.paragraphs[target] = draft.paragraphs[target] + " " + sentence.format(p=phrase)
    return True


def make_boilerplate(draft: Draft, rng: random.Random, line: str) -> bool:
    for _ in range(rng.randint(2, 4)):
        draft.insert(rng.randint(1, len(draft.paragraphs)), [line], mark=False)
    return True


def make_short_quote(draft: Draft, rng: random.Random) -> bool:
    quote = rng.choice(QUOTES).format(name=rng.choice(NAMES))
    quote = quote[0] + quote[1].upper() + quote[2:]
    first = rng.randint(0, len(draft.paragraphs) - 1)
    draft.paragraphs[first] = draft.paragraphs[first] + " " + quote
    second = rng.randint(first, len(draft.paragraphs))
    if second < len(draft.paragraphs) and rng.random() < 0.5:
        draft.paragraphs[second] = draft.paragraphs[second] + " " + quote
    else:
        draft.insert(second, [quote], mark=False)
    return True


PULL_QUOTE = re.compile(r"[\"“]([^\"“”]{60,300})[\"”]")


def make_pull_quote(draft: Draft, rng: random.Random) -> bool:
    found = [
        (i, m.group(1)) for i, p in enumerate(draft.paragraphs) if not p.startswith("((") for m in PULL_QUOTE.finditer(p)
    ]
    found = [(i, q) for i, q in found if i > 0 and nwords(q) >= 15]
    if not found:
        return False
    i, quote = rng.choice(found)
    draft.insert(rng.randint(0, i), [f"“{quote.strip()}”"], mark=False)
    return True


# -- one set --------------------------------------------------------------------------------

def build_set(seed: int, folder: Path, counts: dict | None = None, markdown_share: float = 0.3) -> list[Label]:
    """Write one labeled set into `folder` (created); return its labels (also in labels.json)."""
    counts = dict(DEFAULT_COUNTS if counts is None else counts)
    rng = random.Random(seed)
    articles = load_articles()
    rng.shuffle(articles)
    folder.mkdir(parents=True, exist_ok=True)
    pool = list(reversed(articles))
    labels: list[Label] = []

    def write(draft: Draft, kind: str, positive: bool, markdown: bool, other: str | None = None):
        """Write an article under its source's number: paths in date order, as in wikinews."""
        text, span = draft.render(markdown)
        name = f"n{draft.article.source.split('.')[0]}.{'md' if markdown else 'txt'}"
        (folder / name).write_text(text, encoding="utf-8")
        labels.append(Label(name, kind, positive, span if positive else None, other))
        return name

    def take(unrelated_to: Article | None = None) -> Article | None:
        """The next unused article (one sharing no text with `unrelated_to`, when given)."""
        for back in range(1, min(len(pool), 20) + 1):
            if unrelated_to is None or not related(pool[-back], unrelated_to):
                return pool.pop(-back)
        return None

    within = {"exact": make_exact, "run": make_run, "near": make_near, "rewrap": make_rewrap, "sentences": make_sentences}
    plan = [kind for kind, n in counts.items() for _ in range(n)]
    rng.shuffle(plan)
    for kind in plan:
        markdown = rng.random() < markdown_share
        if kind in within or kind in ("phrase", "short-quote", "pull-quote", "clean"):
            for _attempt in range(6):
                article = take()
                if article is None:
                    break
                draft = Draft(article)
                made = {
                    **within,
                    "phrase": make_phrase,
                    "short-quote": make_short_quote,
                    "pull-quote": make_pull_quote,
                    "clean": lambda d, r: True,
                }[kind](draft, rng)
                if made:
                    write(draft, kind, kind in within, markdown)
                    break
                write(draft, "clean", False, markdown)  # unusable for this kind: a clean article
        elif kind == "boilerplate":
            line = rng.choice(BOILERPLATE)
            for _ in range(rng.randint(1, 3)):
                article = take()
                if article is None:
                    break
                draft = Draft(article)
                make_boilerplate(draft, rng, line)
                write(draft, kind, False, markdown)
        elif kind in ("cross", "background"):
            donor = take()
            recipient = take(unrelated_to=donor) if donor else None
            if donor is None or recipient is None:
                break
            # which is later: by date when both are dated (markdown), else by path; sometimes
            # the later article (by date) has the earlier path
            date_first = markdown and rng.random() < 0.5
            if (donor.source > recipient.source) != date_first:
                donor, recipient = recipient, donor
            if date_first:
                recipient.date, donor.date = "2021-03-02", "2021-03-01"
            draft = Draft(recipient)
            if kind == "cross":
                if not make_cross(donor, draft, rng):
                    write(Draft(donor), "clean", False, markdown)
                    write(draft, "clean", False, markdown)
                    continue
            else:
                i = pick(rng, donor.paragraphs, lambda p: is_plain(p) and nwords(p) >= 25)
                if i is None:
                    write(Draft(donor), "clean", False, markdown)
                    write(draft, "clean", False, markdown)
                    continue
                draft.insert(rng.randint(1, len(draft.paragraphs)), [donor.paragraphs[i]], mark=False)
            donor_name = write(Draft(donor), "cross-source" if kind == "cross" else kind, False, markdown)
            write(draft, kind, kind == "cross", markdown, other=donor_name)
            labels[-2].other = labels[-1].path
        elif kind == "copies":
            donor = take()
            if donor is None:
                break
            run = run_of(donor, rng, rng.choice((2, 2, 3)), own=True)
            if run is None:
                write(Draft(donor), "clean", False, markdown)
                continue
            # the donor is the earliest (by path; dated alike in Markdown)
            recipients = []
            for _ in range(rng.choice((2, 3))):
                article = take(unrelated_to=donor)
                if article is None:
                    break
                recipients.append(article)
            if not recipients:
                write(Draft(donor), "clean", False, markdown)
                continue
            if markdown:
                donor.date = "2021-01-01"
                for article in recipients:
                    article.date = "2021-06-01"
            elif any(article.source < donor.source for article in recipients):
                donor, recipients[0] = recipients[0], donor
                donor, *others = sorted([donor, *recipients], key=lambda a: a.source)
                recipients = others
                run = run_of(donor, rng, len(run), own=True)
                if run is None:
                    for article in [donor, *recipients]:
                        write(Draft(article), "clean", False, markdown)
                    continue
            donor_name = write(Draft(donor), "cross-source", False, markdown)
            for article in recipients:
                draft = Draft(article)
                copy = [near_copy(p, rng) for p in run] if rng.random() < 0.25 else list(run)
                # in the middle: never the opening or the closing lines (a template's place)
                draft.insert(rng.randint(1, max(1, len(draft.paragraphs) - 1)), copy)
                write(draft, kind, True, markdown, other=donor_name)
        elif kind == "template":
            donor = take()
            if donor is None:
                break
            closing = rng.random() < 0.6
            size = rng.choice((1, 2))
            edge = donor.paragraphs[-size:] if closing else donor.paragraphs[:size]
            if len(donor.paragraphs) <= size + 1 or not all(nwords(p) >= 12 and not p.startswith("((") for p in edge):
                write(Draft(donor), "clean", False, markdown)
                continue
            passage = list(edge)
            write(Draft(donor), kind, False, markdown)
            for _ in range(3):
                article = take()
                if article is None:
                    break
                draft = Draft(article)
                if closing:
                    draft.insert(len(draft.paragraphs), passage, mark=False)
                    if rng.random() < 0.3:
                        draft.insert(len(draft.paragraphs), [rng.choice(BOILERPLATE)], mark=False)
                else:
                    draft.insert(0, passage, mark=False)
                write(draft, kind, False, markdown)
    (folder / "labels.json").write_text(json.dumps([asdict(label) for label in labels], indent=1), encoding="utf-8")
    return labels


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1])
        return 2
    out = Path(argv[0])
    seeds = [int(s) for s in argv[1:]] or [1]
    for seed in seeds:
        labels = build_set(seed, out / f"set{seed}")
        print(out / f"set{seed}", len(labels), "files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# -- scoring --------------------------------------------------------------------------------

def evaluate(folder: Path, labels: list[Label] | None = None, options: dict | None = None) -> dict:
    """Run `repeated-block` over a set in one run; file-level counts per kind.

    Returns {kind: {"files", "flagged", "on_copy"}} and, under "_findings", the findings by
    file. For a defect kind, `flagged` files are true positives and `on_copy` those with a
    finding starting inside the later copy; for a negative kind every flagged file is a false
    positive.
    """
    from pytest_newslint.config import build_config
    from pytest_newslint.engine import Engine

    folder = Path(folder)
    if labels is None:
        labels = [Label(**item) for item in json.loads((folder / "labels.json").read_text(encoding="utf-8"))]
    config = build_config({"rules": {"repeated-block": dict(options or {})}}, folder)
    config.restrict(["repeated-block"], None)
    engine = Engine(config, folder)
    report = engine.run_files([folder / label.path for label in labels])
    found: dict[str, list] = {}
    for finding in report.findings:
        found.setdefault(finding.path, []).append(finding)
    result: dict = {}
    for label in labels:
        counts = result.setdefault(label.kind, {"files": 0, "flagged": 0, "on_copy": 0})
        counts["files"] += 1
        hits = found.get(label.path, [])
        if hits:
            counts["flagged"] += 1
        if label.lines and any(label.lines[0] <= f.line <= label.lines[1] for f in hits):
            counts["on_copy"] += 1
    result["_findings"] = found
    return result


def scores(result: dict) -> dict:
    """Precision and recall per defect kind: precision counts every flagged negative file of the
    set against each kind (TP / (TP + all false positives))."""
    false_positives = sum(result[k]["flagged"] for k in NEGATIVE_KINDS if k in result)
    table = {}
    for kind in DEFECT_KINDS:
        if kind not in result:
            continue
        tp, n = result[kind]["flagged"], result[kind]["files"]
        table[kind] = {
            "precision": tp / (tp + false_positives) if tp + false_positives else 1.0,
            "recall": tp / n if n else 1.0,
            "files": n,
        }
    return table
