"""Who a mention names, and what the sentences around it say about time.

- `link` groups the mentions of an article by person: a full name is one person (and "Donald
  Trump" is "Donald J. Trump" when no other Donald ... Trump is written); a single name
  ("President Trump", "Ms Benet") is linked to the one full name of the article that ends in it,
  or to a registry alias, and to nobody when two people share it (two Bushes: no link). Names
  written without a title count: "Her brother Marc Benet" makes "Benet" ambiguous.
- `narrated` tells whether the article tells a change of role of a person (resigned, sworn in,
  appointed, succeeded ...): then "former X" beside "X" is the story, not a slip.
- `historical` tells whether a sentence sets its title in the past ("in 2019", "at the time",
  "during his first term"): a sitting title there reads as "then-".
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import regex

from ...text import compiled_later, FAST, MONTH_ABBREVIATIONS, MONTHS, words
from .mentions import Mention, Unit
from .names import (
    FAMILY_FIRST,
    NAME_PARTICLES,
    NAME_RUN,
    POSSESSIVE_END,
    STOP,
    SUFFIXES,
    name_tokens,
    surname,
    trim_name,
)
from .offices import fold
from .registry import Person, Registry


@dataclass
class Group:
    """One person of the article, and the mentions that name them."""

    tokens: tuple[str, ...]
    display: str
    mentions: list[Mention] = field(default_factory=list)
    person: Person | None = None  # the registry's entry, if any
    surnames: set[str] = field(default_factory=set)
    about: list | None = None  # the sentences about the person, once read (see `sentences_about`)


def _compatible(short: tuple, long: tuple) -> bool:
    """Whether `short` may be a shorter writing of `long`: the same first and last name without the
    middle ("Donald Trump" of "Donald J. Trump"; not "Donald Trump" of "Donald Trump Jr.", and not
    "George W. Bush" of "George H. W. Bush")."""
    if short == long or len(short) >= len(long):
        return False
    if short[0] != long[0] or surname(short) != surname(long):
        return False
    if (short[-1] in SUFFIXES) != (long[-1] in SUFFIXES) or (short[-1] in SUFFIXES and short[-1] != long[-1]):
        return False
    core = [t for t in short if t not in SUFFIXES]
    return len(core) == 2


def _last_names(tokens: tuple) -> set[str]:
    """The single words that may stand for a full name: its family name; in a name of three words
    or more, the middle ones too ("López" of "Andrés Manuel López Obrador", "Lula" of "Luiz Inácio
    Lula da Silva"); and its first word when that is a family name written first ("Xi" of "Xi
    Jinping"). A word that two people of the article share links to neither."""
    names = {surname(tokens)}
    core = [t for t in tokens if t not in SUFFIXES]
    if len(core) >= 3:
        names.update(t for t in core[1:-1] if len(t) > 1 and t not in PARTICLES)
    if tokens[0] in FAMILY_FIRST and 2 <= len(tokens) <= 3:
        names.add(tokens[0])
    return names


PARTICLES = frozenset(NAME_PARTICLES)


def written_names(units: list[Unit], needed: set[str]) -> dict[tuple, str]:
    """Full names written anywhere in the prose, titled or not, that end in (or, family name first,
    begin with) one of the `needed` folded words: {folded words: as written}."""
    found: dict[tuple, str] = {}
    for unit in units:
        folded = fold(unit.text)
        if not any(word in folded for word in needed):
            continue
        for match in _name_runs(unit.text, folded, needed):
            raw = " ".join(match.group(1).split())
            words = raw.split()
            if len(words) < 2:
                continue
            last = fold(POSSESSIVE_END.sub("", words[-1])).strip(".")
            if last not in needed and fold(words[0]) not in needed and not (needed & {fold(w) for w in words}):
                continue
            name = trim_name(raw)
            while words and not name:
                # "Former Finance Minister Laura Benet": drop the leading title words one by one
                words.pop(0)
                name = trim_name(" ".join(words)) if words else None
            if name and len(name.split()) > 1:
                tokens = name_tokens(name)
                if len(tokens) > 1:
                    found.setdefault(tokens, name)
    return found


# In ASCII text, the characters no match of NAME_RUN holds (it holds letters, ' - . and spaces,
# tabs and line breaks): no match runs over one, and one before (after) a match satisfies its
# look-behind (look-ahead) as the start (end) of the text does.
_OUTSIDE_NAMES = compiled_later(re, r"[^A-Za-z'\-. \t\n]")


def _name_runs(text: str, folded: str, needed: set[str]):
    """The matches of NAME_RUN in `text` that may hold one of the `needed` folded words (`folded`
    is `fold(text)`). In ASCII text, those of the stretches between the characters no name holds
    (`_OUTSIDE_NAMES`) that hold a needed word: a name holding one lies in such a stretch, and
    NAME_RUN finds in a stretch alone what it finds there in the whole text."""
    if not text.isascii():
        return NAME_RUN.finditer(text)
    stops = [match.start() for match in _OUTSIDE_NAMES.finditer(text)]
    stretches = set()
    for word in needed:
        at = folded.find(word)
        while at >= 0:
            index = bisect.bisect_right(stops, at)
            stretches.add((stops[index - 1] + 1 if index else 0, stops[index] if index < len(stops) else len(text)))
            at = folded.find(word, at + 1)
    return [match for start, end in sorted(stretches) for match in NAME_RUN.finditer(text[start:end])]


def link(mentions: list[Mention], units: list[Unit], registry: Registry | None) -> list[Group]:
    """Group the mentions by person; a mention that cannot be linked safely gets no group."""
    full: dict[tuple, str] = {}
    for mention in mentions:
        if len(mention.tokens) > 1:
            full.setdefault(mention.tokens, mention.name)
    singles = {m.tokens[0] for m in mentions if len(m.tokens) == 1}
    if singles:
        for tokens, written in written_names(units, singles).items():
            full.setdefault(tokens, written)
    # a shorter writing joins the one longer name it fits ("Donald Trump" -> "Donald J. Trump")
    parent: dict[tuple, tuple] = {}
    by_first_last: dict[tuple, list[tuple]] = {}
    for tokens in full:
        by_first_last.setdefault((tokens[0], surname(tokens)), []).append(tokens)
    for tokens in full:
        longer = [other for other in by_first_last[(tokens[0], surname(tokens))] if _compatible(tokens, other)]
        if len(longer) == 1:
            parent[tokens] = longer[0]

    def root(tokens: tuple) -> tuple:
        seen = set()
        while tokens in parent and tokens not in seen:
            seen.add(tokens)
            tokens = parent[tokens]
        return tokens

    roots = {root(tokens) for tokens in full}
    by_last: dict[str, set[tuple]] = {}
    for tokens in roots:
        for last in _last_names(tokens):
            by_last.setdefault(last, set()).add(tokens)

    groups: dict[tuple, Group] = {}

    def group_for(tokens: tuple, display: str) -> Group:
        if tokens not in groups:
            groups[tokens] = Group(tokens, display)
        return groups[tokens]

    for mention in mentions:
        if len(mention.tokens) > 1:
            key = root(mention.tokens)
            group = group_for(key, full.get(key, mention.name))
        else:
            token = mention.tokens[0]
            candidates = by_last.get(token, set())
            alias = registry.lookup(mention.tokens) if registry is not None and len(registry) else None
            if alias is not None:
                alias_key = name_tokens(alias.name)
                if candidates and candidates != {alias_key} and not any(
                    registry.lookup(c) is alias for c in candidates
                ):
                    continue  # the registry's "Trump" is Donald, but the article names another Trump
                key = alias_key if alias_key in candidates else next(
                    (c for c in sorted(candidates) if registry.lookup(c) is alias), alias_key
                )
                group = group_for(key, full.get(key, alias.name))
                group.person = alias
            elif len(candidates) == 1:
                key = next(iter(candidates))
                group = group_for(key, full[key])
            elif not candidates:
                group = group_for(mention.tokens, mention.name)
            else:
                continue  # two people of that name: no link
        group.mentions.append(mention)
    for group in groups.values():
        if group.person is None and registry is not None and len(registry):
            group.person = registry.lookup(group.tokens)
        group.surnames = _last_names(group.tokens)
        if group.person is not None:
            group.display = group.display if len(group.display.split()) > 1 else group.person.name
    return [g for g in groups.values() if g.mentions]


# -- narration -------------------------------------------------------------------------------

# A change of role, told of the person (matched on folded, lower-case text):
# - SELF: the person is the subject, a few words before ("Laura Benet resigned", "Joe Biden was
#   sworn in", "Delcy Rodríguez, who was vice president", "Ardern announced her resignation");
# - OBJECT: the person is the object, a few words after ("Trudeau appointed Chrystia Freeland",
#   "the resignation of Laura Benet");
# - OWNED: the person's own change ("Benet's resignation", "Trump's inauguration").
_PASSIVE = r"(?:was|were|been|be|is|are|being|get|gets|got|getting)"
# (conceded defeat, handed over power: the end of a role)
_CHANGE_NOUNS = (
    r"resignation|inauguration|swearing-in|appointment|ouster|removal|dismissal|retirement|death|re-?election"
    r"|election\s+(?:victory|win|defeat|loss)|nomination|succession|demotion|promotion|comeback|return\s+to\s+(?:office|power)"
)
SELF = compiled_later(regex,
    r"\b(?:resign(?:s|ed|ing)?|step(?:s|ped|ping)?\s+(?:down|aside)|stood\s+down|stand(?:s|ing)?\s+down"
    rf"|(?:{_PASSIVE}\s+)?sworn\s+in|swore\s+in|(?:took|take[ns]?|taking|assum\w+|left|leave|leaving|leaves|lost|entered)\s+office"
    rf"|{_PASSIVE}\s+(?:re-?)?elected|(?:won|wins|lost|loses)\s+(?:(?:the|a|an|his|her|their)\s+)?(?:\d{{4}}\s+)?(?:re-?election"
    r"|election|presidency|vote|race|leadership|premiership|office|power|seat)|bec[ao]me|becomes|becoming"
    r"|(?:left|leaves?|leaving|vacat(?:ed|es|ing)|g[ai]ve?s?\s+up|giving\s+up|relinquish\w*)\s+(?:the|his|her|their)\s+"
    r"(?:post|job|role|position|seat|office|portfolio|presidency|premiership)"
    r"|serv(?:ed|es|ing)\s+as|served\s+(?:one|two|three|a|his|her|their)\s+(?:\w+\s+)?terms?|retir(?:ed|es|ing)"
    r"|return(?:ed|s|ing)?\s+to\s+(?:office|power|government|the\s+(?:presidency|premiership|post|job|role|cabinet|white\s+house))"
    r"|(?:took|take[ns]?|taking)\s+over|quit(?:s|ting)?|succeed(?:s|ed|ing)|replac(?:ed|es|ing)"
    r"|conced(?:ed|es|ing)\s+(?:defeat|the\s+election)|hand(?:ed|s|ing)\s+over\s+(?:power|to)"
    r"|now\s+(?:serves|heads|leads|runs)|no\s+longer\s+(?:holds|serves|in\s+office)|went\s+on\s+to|before\s+becoming"
    r"|who\s+(?:was|had\s+been|served)"
    rf"|{_PASSIVE}\s+(?:(?:later|then|since|subsequently|formally|briefly)\s+)?(?:appointed|named|nominated|chosen|picked|tapped"
    r"|promoted|demoted|moved|made|replaced|succeeded|ousted|removed|dismissed|sacked|fired|deposed|toppled|overthrown"
    r"|reinstated|recalled|inaugurated|confirmed|defeated|re-?appointed)|died|dies|comeback|stint"
    rf"|(?:his|her|their)\s+(?:{_CHANGE_NOUNS}))\b"
)
OBJECT = compiled_later(regex,
    r"\b(?:appointed|appoints|named|names|nominated|nominates|chose|picked|tapped|fired|dismissed|sacked|ousted"
    r"|removed|replaced|replaces|succeeded|succeeds|defeated|promoted|demoted|reinstated|recalled|deposed|toppled"
    rf"|overthrew|swore\s+in|elected|(?:{_CHANGE_NOUNS})\s+of)\s*$"
)
OWNED = compiled_later(regex, rf"['’]s?\s+(?:(?:\w+\s+)?(?:{_CHANGE_NOUNS}|successor|predecessor))\b")
PRONOUN_START = compiled_later(regex, r"^\W*(?:he|she|they)\b")
CAPITALISED_WORD = compiled_later(regex, r"(?<=\s)\p{Lu}[\p{L}\p{M}'’.\-]*")


def sentences_about(group: Group, units: list[Unit]) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """The sentences that name the person (by full name or surname), and those that follow one
    of them starting with "He", "She" or "They": (sentence, folded sentence, where it names them)."""
    if group.about is not None:
        return group.about
    names = {n for n in group.surnames if len(n) > 1 and n not in SUFFIXES}
    names.update(" ".join(m.tokens) for m in group.mentions)
    found: list = []
    if names:
        pattern = regex.compile(
            r"(?<![\p{L}\p{M}])(?:" + "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")(?:['’]s)?(?![\p{L}\p{M}])"
        )
        for unit in units:
            previous = False
            for start, end in unit.sentences:
                sentence = unit.text[start:end]
                folded = _fold_for_search(sentence)
                spans = [(m.start(), m.end() - (2 if m.group().endswith(("'s", "’s")) else 0)) for m in pattern.finditer(folded)]
                if not spans and previous:
                    pronoun = PRONOUN_START.match(folded)
                    if pronoun:
                        spans = [(pronoun.start(), pronoun.end())]
                if spans:
                    found.append((sentence, folded, spans))
                previous = bool(spans)
    group.about = found
    return found


def narrated(group: Group, units: list[Unit]) -> bool:
    """Whether the article tells a change of role of the person: a sentence in which they resign,
    are sworn in, appointed, elected, succeed someone, serve as ..., or die. A change only talked
    about is none: denied, refused, asked about, demanded, threatened, possible or to come ("said
    she would not step down", "faced calls to resign", "could be sacked", "Will he quit?")."""
    for sentence, folded, spans in sentences_about(group, units):
        aligned = len(folded) == len(sentence)
        question = sentence.rstrip(" \"'”’»)").endswith("?")
        for match in SELF.finditer(folded):
            for _, end in spans:
                gap = folded[end : match.start()]
                if end <= match.start() and len(gap.split()) <= 8 and ";" not in gap:
                    if aligned and _another_name(sentence[end : match.start()]):
                        continue  # another name between: "Trump said Biden had resigned"
                    if question or _only_talk(gap):
                        continue
                    return True
        for start, end in spans:
            before = folded[max(0, start - 60) : start]
            found = OBJECT.search(before)
            if found and not question and not _only_talk(before[: found.start()][-40:]):
                return True
            if OWNED.match(folded, end) and not question and not _only_talk(folded[max(0, start - 30) : start]):
                return True
    return False


# What makes a change of role only talk (matched on the words before its verb, in folded text):
# negation; a modal or a future; a question or condition; a demand, refusal, denial, threat,
# offer or rumour; expectation or intent. "to" + verb counts unless what governs it happened
# ("was forced to resign", "agreed to step down", "went on to become").
TALK = compiled_later(regex,
    r"(?:\b(?:not|never|n't|nor|would|could|may|might|should|will|shall|can|cannot|must|ought|whether|if|unless"
    r"|calls?|called|calling|demand\w*|pressure\w*|urg\w+|ask\w*|press(?:ed|ing)|push\w*|refus\w+|reject\w+"
    r"|den(?:y|ied|ies|ying)|resist\w+|rul(?:ed|es|ing)\s+out|threat\w*|offer\w*|consider\w*|weigh\w*"
    r"|speculat\w+|rumou?r\w*|report\w*\s+that|expect\w*|likely|unlikely|plan\w*|intend\w*|intention|want\w*"
    r"|hop\w+|tipped|poised|set\s+to|about\s+to|due\s+to|fac(?:e|es|ed|ing)|prepared|ready|willing|refusal"
    r"|possib\w+|chance|risk\w*|fear\w*|question\w*|wonder\w*|tempt\w*)\b|n't\b|'ll\b)"
)
TO_VERB = compiled_later(regex, r"\bto\s+(?:be\s+)?$")
HAPPENED_BEFORE_TO = compiled_later(regex,
    r"\b(?:forced|obliged|compelled|agreed|decided|chose|opted|went\s+on|moved|voted|elected|appointed|named"
    r"|nominated|chosen|picked|tapped|sworn)\s+(?:\w+\s+){0,2}to\s+(?:be\s+)?$"
)


def _only_talk(before: str) -> bool:
    """Whether the words before a change of role make it only talk of one (see `TALK`)."""
    if TO_VERB.search(before) and not HAPPENED_BEFORE_TO.search(before):
        return True  # "urged to quit", "threatened to resign", "calls to step down"
    if HAPPENED_BEFORE_TO.search(before):
        before = before[: before.rfind(" to ")]
    return TALK.search(before) is not None


def _another_name(between: str) -> bool:
    """Whether words between a person and a verb hold another name (a capitalised word that is no
    day, month or stop word): "Trump said Biden had resigned", not "Baker on Tuesday resigned"."""
    return any(fold(word).strip(".,'’") not in STOP for word in CAPITALISED_WORD.findall(between))


def _fold_for_search(text: str) -> str:
    return fold(text)


# -- time ------------------------------------------------------------------------------------

MONTH = rf"(?:{'|'.join(month.capitalize() for month in MONTHS + MONTH_ABBREVIATIONS)})\.?"
YEAR = r"((?:19|20)\d\d)(?!\d)"
YEAR_PHRASE = compiled_later(regex,
    rf"(?i)\b(?:(?:in|during|from|between|around|circa|throughout|back\s+in|of)\s+"
    rf"(?:(?:the\s+)?(?:early|late|mid)[\s-]+)?(?:(?:{MONTH}|spring|summer|autumn|fall|winter)\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\s+)?|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+|\d{{1,2}}\s+{MONTH},?\s+|^\W*)"
    rf"{YEAR}(?:s\b)?"
)
PAST_CONTEXT = compiled_later(regex,
    r"(?i)\b(?:at\s+the\s+time|at\s+that\s+time|back\s+then|in\s+those\s+days|(?:years|decades|months)\s+ago"
    r"|a\s+(?:decade|year)\s+ago|in\s+the\s+past|once\s+served|(?:while|when)\s+(?:he|she|they)"
    r"\s+(?:was|were|served)|(?:during|in|throughout)\s+(?:his|her|their)\s+(?:\w+\s+)?(?:term|tenure|presidency"
    r"|premiership|time|years|administration|government|rule|reign|stint|mandate)|the\s+then\b|who\s+was\s+then"
    r"|was\s+then|last\s+(?:decade|century)|earlier\s+(?:this|that)\s+(?:decade|century)"
    r"|under\s+(?:his|her|their)\s+(?:leadership|government|administration)|served\s+as|as\s+(?:a\s+)?then)\b"
)


# One of these words (case aside) is in every match of PAST_CONTEXT: a sentence without any of
# them is not searched. The pattern matches case-insensitively by simple case folding, under
# which only three characters beyond ASCII match ASCII letters: İ (i), ſ (s) and the Kelvin
# sign (k); a sentence holding one of them is searched whatever its words.
PAST_WORDS = (
    "time", "then", "days", "ago", "past", "served", "while", "when", "term", "tenure", "presidency", "premiership",
    "years", "administration", "government", "rule", "reign", "stint", "mandate", "decade", "century", "leadership",
)
FOLDS_TO_ASCII = ("\u0130", "\u017f", "\u212a")
_PAST_WORD = compiled_later(re, "|".join(PAST_WORDS))  # one of them, anywhere: one search, not one for each


def _may_be_past(sentence: str) -> bool:
    """False only when PAST_CONTEXT cannot match the sentence (see PAST_WORDS). In a sentence of
    ASCII (typographic punctuation aside), the words of each alternative of the pattern stand
    whole, between \\b and \\b or white space: they are words of the sentence then
    (`_past_words_stand`)."""
    found = FAST.ascii_words(sentence) if FAST else (words(sentence) if sentence.isascii() else None)
    if found is not None:
        return _past_words_stand(set(found))
    if _PAST_WORD.search(sentence.lower()):
        return True
    return not sentence.isascii() and any(char in sentence for char in FOLDS_TO_ASCII)


# PAST_CONTEXT's alternatives by the words each holds whole: one of these alone; "at" and
# "time"; while/when and he/she/they; his/her/their and one of the nouns after them
_PAST_ALONE = frozenset({"then", "days", "ago", "past", "served", "decade", "century"})
_PAST_WHEN, _PAST_SUBJECTS = frozenset({"while", "when"}), frozenset({"he", "she", "they"})
_PAST_OWNERS = frozenset({"his", "her", "their"})
_PAST_SPELLS = frozenset({"term", "tenure", "presidency", "premiership", "time", "years", "administration", "government",
                          "rule", "reign", "stint", "mandate", "leadership"})


def _past_words_stand(found: set[str]) -> bool:
    """Whether the words of a sentence (ASCII, lower case) hold those of an alternative of
    PAST_CONTEXT (above): False only when it cannot match."""
    if not found.isdisjoint(_PAST_ALONE) or ("time" in found and "at" in found):
        return True
    if not found.isdisjoint(_PAST_WHEN) and not found.isdisjoint(_PAST_SUBJECTS):
        return True
    return not found.isdisjoint(_PAST_OWNERS) and not found.isdisjoint(_PAST_SPELLS)


def historical(sentence: str, year: int | None) -> bool:
    """Whether a sentence speaks of the past: a year before the article's (any year when the article
    is undated), or words such as "at the time", "during his presidency"."""
    if _may_be_past(sentence) and PAST_CONTEXT.search(sentence):
        return True
    if "19" not in sentence and "20" not in sentence:
        return False  # every match of YEAR_PHRASE holds a year, 19xx or 20xx
    if not _may_date(sentence, year):
        return False
    for match in YEAR_PHRASE.finditer(sentence):
        found = int(match.group(1))
        if year is not None and found < year:
            return True
        if year is None and not FUTURE.search(QUOTED.sub(" ", sentence)):
            return True  # undated: a year in a sentence that looks ahead ("will", "by 2027") is no past
    return False


# A year YEAR_PHRASE can take: 19xx or 20xx, no digit after it (`re`'s \d and `regex`'s are the
# decimal digits alike). Two never overlap, so `finditer` finds every one.
_YEAR = compiled_later(re, r"(?:19|20)\d\d(?!\d)")
# the words that may stand right before the year in a match of YEAR_PHRASE (besides a day's
# number): its prepositions, early/late/mid, the seasons and the months
_BEFORE_YEAR = frozenset(
    "in during from between around circa throughout of early late mid spring summer autumn fall winter".split()
) | frozenset(month.lower() for month in MONTHS + MONTH_ABBREVIATIONS)
_DAY = compiled_later(re, r"\d{1,2}(?:st|nd|rd|th)?", re.ASCII | re.IGNORECASE)


def _may_date(sentence: str, year: int | None) -> bool:
    """False only when YEAR_PHRASE finds no year in the sentence that `historical` takes (before
    `year`, or any when undated). A year in a match comes right after white space, a hyphen,
    a comma or a dot that follow one of `_BEFORE_YEAR` or a day ("May 5, 2019"), or after
    characters that are all no word characters from the sentence's start (`^\\W*`). A word
    beyond ASCII (which case-insensitive matching may fold onto a month's letters) counts."""
    for found in _YEAR.finditer(sentence):
        if year is not None and int(found.group()) >= year:
            continue
        end = found.start()
        while end and not _word_character(sentence[end - 1]):
            end -= 1
        if not end:
            return True  # only characters of no word before it
        start = end
        while start and _word_character(sentence[start - 1]):
            start -= 1
        word = sentence[start:end]
        if not word.isascii() or word.lower() in _BEFORE_YEAR or _DAY.fullmatch(word):
            return True
    return False


def _word_character(char: str) -> bool:
    """A character that `regex`'s \\w surely takes (letters, decimal digits, "_"): every other
    counts as none, which only lets more sentences through `_may_date`."""
    return char.isalpha() or char.isdecimal() or char == "_"


QUOTED = compiled_later(regex, r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
FUTURE = compiled_later(regex,
    r"(?i)\b(?:will|would|shall|going\s+to|plans?\s+to|planned|expected\s+to|due\s+to|next|upcoming|by\s+(?:19|20)\d\d"
    r"|until|target|aims?\s+to|forecasts?|projected|could|(?-i:may)|might|can|(?:hopes?|intends?|seeks?|wants?)\s+to)\b"
    r"|['’]ll\b"
)
