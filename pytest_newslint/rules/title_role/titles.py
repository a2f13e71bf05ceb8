"""Titles: the grammar of the title-role rule, and offices as registry entries write them.

A title is read around an office word found by `OfficeTable.pattern`:

    [qualifiers] [country | organisation] [deputy|vice|shadow...] [portfolio] OFFICE [-elect]
        [of|for PORTFOLIO] [of COUNTRY | of ORGANISATION]

("former US Secretary of State", "Alphabet chief executive", "then-Minister for Health", "the
country's finance minister"). `parse_office` reads an office written alone ("President of the
United States", "Alphabet CEO"), as the registry and the option `offices:` write them;
`office_table` builds the table of office words with that option's aliases.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import regex

from ...text import compiled_later, ABBREVIATIONS, FAST
from .names import HONORIFIC, LETTERS, NAME, NAME_WORD, OFFICE_VOCABULARY, ORDINAL, WINDOW, is_vocabulary
from .offices import (
    ACTING,
    BUILT_IN,
    CHIEF_EXECUTIVE,
    COUNTRY_WORDS_MAX,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    KINDS,
    MINISTER,
    NEUTRAL,
    OFFICE_MODIFIERS,
    STATUS,
    Office,
    OfficeTable,
    OfficeWord,
    built_in_words,
    country,
    fold,
    organisation_key,
    portfolio,
)
from .vocabulary import NAMES

# -- title context ---------------------------------------------------------------------------

WORD_EXTRAS = frozenset(".'’&/-")


def _word_character(char: str) -> bool:
    """A letter, digit or mark, or a dot, apostrophe, ampersand, slash or hyphen inside a word."""
    return char.isalnum() or char in WORD_EXTRAS or (char > "\u02ff" and unicodedata.combining(char) > 0)


POSSESSIVE = compiled_later(regex, r"^(.+?)['’]s?$")
GENERIC_OWNERS = frozenset(NAMES["generic_owners"])
PORTFOLIO_CONNECTORS = frozenset({"and", "&", ","})
RIGHT_OF_PORTFOLIO = compiled_later(regex,
    rf"[ \t]*\n?[ \t]*(?:of|for)[ \t\n]+(?:the[ \t\n]+)?((?:[{LETTERS}'’\-]+,?[ \t\n]+){{0,6}}[{LETTERS}'’\-]+)"
)
RIGHT_OF_COUNTRY = compiled_later(regex, rf"[ \t]*\n?[ \t]*of[ \t\n]+(?:the[ \t\n]+)?((?:[{LETTERS}.'’\-]+[ \t\n]+){{0,4}}[{LETTERS}.'’\-]+)")
RIGHT_OF_ORGANISATION = compiled_later(regex,
    rf"[ \t]*\n?[ \t]*(?:of|for|at)[ \t\n]+(?:the[ \t\n]+)?({NAME_WORD}(?:[ \t\n]+(?:(?:of|and|&|for|the|de)[ \t\n]+)*{NAME_WORD}){{0,5}})",
    regex.V1,
)
ELECT_AFTER = compiled_later(regex, r"[ \t]+(elect|designate)\b")
# what may follow a title in apposition: the end of the apposition
APPOSITION_END = compiled_later(regex, r"[ \t]*(?:[,;:.)—–]|\n\s*\n|$|[ \t]+(?:who|whose)\b)")
APPOSITION_LEFT = compiled_later(regex,
    rf"(?:^|(?<=[^{LETTERS}'’\-.]))((?:(?:{HONORIFIC})\.?[ \t]+)?{NAME})(?:['’]s?)?[ \t]*,[ \t\n]*(?:(?:the|a|an)[ \t\n]+)?(?:[{LETTERS}\-]+['’]s?[ \t\n]+)?$",
    regex.V1,
)
REVERSE_APPOSITION = compiled_later(regex, rf"[ \t]*,[ \t\n]+({NAME})[ \t]*(?=[,;:)—–])", regex.V1)
ARTICLE_BEFORE = compiled_later(regex, r"(?i)(?:^|(?<=[\s(]))(the|a|an)[ \t\n]+$")
# what every match of ELECT_AFTER starts with (`regex` looks for its words over the whole window)
_ELECT_START = compiled_later(re, r"[ \t]+(?:elect|designate)")


def _article_before(text: str, start: int) -> bool:
    """Whether ARTICLE_BEFORE finds "the", "a" or "an" right before `start` (within 8 characters),
    asked only where the text there, white space aside, ends so (ASCII; other text is asked)."""
    tail = text[max(0, start - 8) : start]
    word = tail.rstrip(" \t\n")
    if len(word) == len(tail) or (word.isascii() and not word.lower().endswith(("the", "a", "an"))):
        return False
    return bool(ARTICLE_BEFORE.search(text, max(0, start - 8), start))


@dataclass(slots=True)
class Title:
    office: Office
    status: str  # "current", "former", "then", "future", "unknown"
    acting: bool
    start: int  # offsets in the text the title was read from
    end: int
    compound: bool = False  # "Prime Minister and Finance Minister X": qualifiers may belong to both
    owner: bool = False  # "Obama's Vice President": a role in someone's government, often past
    article: bool = False  # preceded by "the" / "a"
    right_organisation: bool = False  # ends in "of ORGANISATION" (never before a name)
    possessive_country: bool = False  # "Britain's prime minister"


LEFT_WORDS = 9  # how many words before an office word a title may hold


def _left_words(text: str, end: int, limit: int = LEFT_WORDS) -> list[tuple[str, int]]:
    """Up to `limit` words before `end`, nearest first, with their start offsets; stops at
    punctuation other than the dots, apostrophes, hyphens and ampersands inside words. (The
    compiled `left_words` is its twin for words of ASCII and "’".)"""
    found = []
    position = end
    for _ in range(limit):
        cursor, breaks = position, 0
        while cursor > 0 and text[cursor - 1] in " \t\n":
            breaks += text[cursor - 1] == "\n"
            cursor -= 1
        if breaks > 1 or (cursor == position and found):
            break
        word_end = cursor
        while cursor > 0 and _word_character(text[cursor - 1]):
            cursor -= 1
        if cursor == word_end:
            break
        word = text[cursor:word_end]
        if word.startswith(("'", "’", "-", ".")):
            break  # a quote mark or a dash glued to the word: the title starts after it
        if word.endswith(".") and not _abbreviation(word):
            break  # the end of the sentence before
        found.append((word, cursor))
        position = cursor
    return found


def _split_prefix(words: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split "ex-US" and "then-Secretary" into the qualifier and the rest."""
    result = []
    for word, start in words:
        head, dash, rest = word.partition("-")
        if dash and rest and head.lower() in ("ex", "then", "former", "vice", "co"):
            result.append((rest, start + len(head) + 1))
            result.append((head + "-", start))
        else:
            result.append((word, start))
    return result


def _abbreviation(word: str) -> bool:
    """A word whose dot ends no sentence: "U.S.", "Inc.", "J."."""
    bare = word.rstrip(".").lower()
    return "." in bare or len(bare) == 1 or bare in ABBREVIATIONS


def _portfolios(words: list[str]) -> frozenset | None:
    """The portfolios that a run of words names: one ("Health and Social Care") or several joined by
    "and" ("Finance and Defence"); None if any part is unknown."""
    whole = portfolio(" ".join(words))
    if whole:
        return frozenset({whole})
    found, part = set(), []
    for word in words + [","]:
        bare = word.rstrip(",")
        if word.lower() in PORTFOLIO_CONNECTORS or word.endswith(","):
            if bare and bare.lower() not in PORTFOLIO_CONNECTORS:
                part.append(bare)
            if part:
                known = portfolio(" ".join(part))
                if not known:
                    return None
                found.add(known)
                part = []
        else:
            part.append(word)
    return frozenset(found) or None


@dataclass(slots=True)
class _Reading:
    """A title as read so far around its office word: what `parse_title`'s steps share."""

    word: OfficeWord
    name: str  # the canonical office, before modifiers ("prime minister")
    kind: str | None
    portfolios: set
    where: str | None  # the country
    organisation: set
    end: int  # where the title ends, to the right
    future: bool  # "-elect", "designate"
    right_organisation: bool = False
    used: int = 0  # how many words to the left belong to the title
    modifiers: list = field(default_factory=list)  # "deputy", "vice", "shadow"
    statuses: list = field(default_factory=list)  # what the qualifiers say: "former", "then" ...
    acting: bool = False
    compound: bool = False
    owner: bool = False
    possessive_country: bool = False
    organisation_words: list = field(default_factory=list)


def parse_title(text: str, match, table: OfficeTable) -> Title | None:
    """Read the title around the office word that `match` found; None if it is no title."""
    reading = title_right(text, match, table)
    return None if reading is None else title_left(text, match, reading)


def title_right(text: str, match, table: OfficeTable) -> _Reading | None:
    """`parse_title`'s first half: the office word and what follows it ("-elect", "of Finance",
    "of the United States"); the reading's `end` and `right_organisation` are final."""
    word = table.lookup(match.group(1))
    if word is None:
        return None
    reading = _Reading(word, word.office, word.kind, set(word.portfolios), word.country, set(word.organisation),
                       match.end(), bool(match.group(2)))
    if not reading.future:
        elect = ELECT_AFTER.match(text, reading.end, reading.end + WINDOW) if _ELECT_START.match(text, reading.end) else None
        if elect and text[match.start()].isupper() == text[elect.start(1)].isupper():
            reading.future, reading.end = True, elect.end()
    _read_right(text, reading, match)
    return reading


def title_left(text: str, match, reading: _Reading) -> Title | None:
    """`parse_title`'s second half: what stands before the office word (qualifiers, country,
    organisation, portfolio), and the title read."""
    words = FAST.left_words(text, match.start(), LEFT_WORDS, ABBREVIATIONS) if FAST else None
    left = _split_prefix(_left_words(text, match.start()) if words is None else words)
    if reading.word.needs_portfolio and not reading.portfolios and not _read_left_portfolio(reading, left, _matched(match)):
        return None
    _read_left(reading, left)
    return _title(text, reading, left, match.start())


def _matched(match) -> str:
    return " ".join(match.group(1).lower().split())


# the start of each RIGHT_OF_* pattern: the word that joins what follows to the title (the
# first word after the title, on its line or the next); without it none of them matches
CONNECTOR = compiled_later(re, r"[ \t]*\n?[ \t]*(of|for|at)[ \t\n]")


def _connector(text: str, end: int) -> str | None:
    found = CONNECTOR.match(text, end, end + WINDOW)
    return found.group(1) if found else None


def _read_right(text: str, reading: _Reading, match) -> None:
    """To the right: "of Finance", "for Health and Social Care", "of the United States", "of Apple"."""
    word, end = reading.word, reading.end
    connector = _connector(text, end)
    if connector is None:
        return  # most titles: nothing joined to the right ("President Joe Biden")
    if (word.needs_portfolio or _matched(match) == "secretary of state") and connector != "at":
        of = RIGHT_OF_PORTFOLIO.match(text, end, end + WINDOW)
        if of:
            words = of.group(1).split()
            for size in range(len(words), 0, -1):
                found = _portfolios(words[:size])
                if found:
                    reading.portfolios = set(found)
                    end = _words_end(text, of.start(1), [w.rstrip(",") for w in words[:size]])  # not the comma after
                    connector = _connector(text, end)
                    break
    of = RIGHT_OF_COUNTRY.match(text, end, end + WINDOW) if connector == "of" else None
    if of:
        words = of.group(1).split()
        for size in range(min(len(words), COUNTRY_WORDS_MAX), 0, -1):
            named = country(" ".join(words[:size]), names_only=True)
            if named and not (size < len(words) and fold(words[size]) in ("of",)):
                reading.where = named
                end = _words_end(text, of.start(1), words[:size])
                connector = _connector(text, end)
                break
    if (reading.where is None or reading.where != word.country) and connector is not None:
        organisation_after = RIGHT_OF_ORGANISATION.match(text, end, end + WINDOW)
        if (organisation_after and not (word.needs_portfolio and not reading.portfolios)
                and not country(organisation_after.group(1))):
            following = APPOSITION_END.match(text, organisation_after.end())
            if following:
                reading.organisation |= organisation_key(organisation_after.group(1))
                end = organisation_after.end()
                reading.right_organisation = True
    reading.end = end


def _read_left_portfolio(reading: _Reading, left: list[tuple[str, int]], matched: str) -> bool:
    """The portfolio before "minister" or "secretary" ("Finance Minister", "Health and Social Care
    Secretary"); False when there is none and the office word needs one to be a title."""
    for size in range(min(5, len(left)), 0, -1):
        words = [w for w, _ in reversed(left[:size])]
        if words[0].lower() in PORTFOLIO_CONNECTORS:
            continue
        found = _portfolios(words)
        if found:
            reading.portfolios, reading.used = set(found), size
            return True
    if left and left[0][0][:1].isupper() and not is_vocabulary(left[0][0]):
        # an unknown portfolio, written in capitals: "Digital Minister" (compared as written)
        reading.portfolios, reading.used = {"?" + fold(left[0][0])}, 1
        return True
    return matched != "secretary"  # "Press Secretary"? "Cabinet Secretary"? Too many kinds of secretary.


def _read_left(reading: _Reading, left: list[tuple[str, int]]) -> None:
    """To the left, nearest first: deputy/vice/shadow, country or organisation, qualifiers."""
    while reading.used < len(left):
        raw, _ = left[reading.used]
        key = fold(raw).rstrip("-").replace("’", "'")
        joiner = ("of",) if reading.kind != CHIEF_EXECUTIVE else ("of", "and", "&")
        if key in joiner and reading.organisation_words and reading.used + 1 < len(left):
            following = left[reading.used + 1][0]
            if following[:1].isupper() and not is_vocabulary(following):
                reading.organisation_words.insert(0, raw)  # "Bank of England Governor", "Tesla and SpaceX chief executive"
                reading.used += 1
                continue
        if key in ("and", "&", "/"):
            reading.compound = reading.used + 1 < len(left) and _ends_title(left[reading.used + 1 :])
            return
        if _qualifier(reading, key):
            reading.used += 1
            continue
        # a country of one to three words: "US", "South Korean", "Britain's"; not inside a longer
        # proper name ("New Mexico governor", "Latin American Citizens president")
        if (reading.where is None or reading.where == reading.word.country) and not reading.organisation_words:
            step = _left_country(reading, left)
            if step == "stop":
                return
            if step == "next":
                continue
        if not _left_organisation(reading, raw):
            return


def _qualifier(reading: _Reading, key: str) -> bool:
    """Whether the word `key` qualifies the title (and what it says, recorded in `reading`)."""
    if ("0" <= key[:1] <= "9" or key[:1] >= "\x80") and ORDINAL.match(key):  # a match starts with a digit
        reading.statuses.append("unknown")  # "the 45th president": history, not now
        return True
    if key in STATUS and not (key == "first" and reading.name in ("minister", "lady")):
        reading.statuses.append(STATUS[key])
        reading.acting = reading.acting or key in ACTING
        return True
    if key in ("newly", "recently", "democratically", "widely", "long"):
        return True
    if key in OFFICE_MODIFIERS and not reading.statuses and not reading.organisation_words and reading.where is None:
        if key in ("federal", "national", "union", "cabinet", "senior") and reading.name == "minister":
            return True
        reading.modifiers.insert(0, key.rstrip("-"))
        return True
    return key in NEUTRAL


def _left_country(reading: _Reading, left: list[tuple[str, int]]) -> str | None:
    """A country before the title: "next" when read (or read as part of an organisation's name),
    "stop" when the title starts after it, None when there is none."""
    named, size, words = None, 0, ""
    for size in range(min(COUNTRY_WORDS_MAX, len(left) - reading.used), 0, -1):
        if not left[reading.used + size - 1][0][:1].isupper():
            continue  # the words would start with it: no country is looked up
        words = " ".join(w for w, _ in reversed(left[reading.used : reading.used + size]))
        named = country(words)
        if named:
            break
    if not named:
        return None
    before = left[reading.used + size][0] if reading.used + size < len(left) else ""
    if before.lower() in ("of", "and", "&") and reading.used + size + 1 < len(left):
        before = left[reading.used + size + 1][0]  # "Bank of England Governor"
    if before[:1].isupper() and not is_vocabulary(before) and not before.endswith(("'s", "’s")):
        # part of a longer name ("Bank of England Governor"): an organisation
        reading.organisation_words[:0] = words.split()
        reading.used += size
        return "next"
    if reading.where and named != reading.where:
        return "stop"
    reading.where = named
    reading.used += size
    if words.lower().endswith(("'s", "’s")):
        reading.possessive_country = True
        return "stop"  # "Britain's former prime minister": nothing before the possessive belongs
    return "next"


def _left_organisation(reading: _Reading, raw: str) -> bool:
    """Whether `raw` is a word of the organisation's name before the title ("Alphabet chief
    executive"); a possessive owner ("Obama's Vice President") ends the title."""
    possessive = POSSESSIVE.match(raw) if raw.endswith(("'s", "’s", "s'", "s’")) else None
    if possessive:
        owner_word = fold(possessive.group(1))
        if owner_word in GENERIC_OWNERS:
            return False  # "the country's finance minister": the title starts after it
        if raw[:1].isupper():
            if reading.kind == CHIEF_EXECUTIVE and not reading.statuses:
                reading.organisation_words.insert(0, possessive.group(1))
                reading.used += 1
            else:
                reading.owner = True  # "Obama's Vice President": someone's government, past or present
        return False
    if raw[:1].isupper() and not reading.statuses and not is_vocabulary(raw) and len(reading.organisation_words) < 4:
        reading.organisation_words.insert(0, raw)
        reading.used += 1
        return True
    return False


def _title(text: str, reading: _Reading, left: list[tuple[str, int]], office_start: int) -> Title | None:
    """The title read: its office (given its country and organisation), its status and span."""
    if reading.organisation_words and fold(reading.organisation_words[0]) in ("of", "and", "&"):
        reading.organisation_words.pop(0)
        reading.used -= 1
    name, kind, portfolios, organisation = reading.name, reading.kind, reading.portfolios, reading.organisation
    if reading.organisation_words:
        if name in ("king", "queen", "emperor"):
            return None  # "Martin Luther King", "Queen Victoria Market": a name, not a monarch
        organisation |= organisation_key(" ".join(reading.organisation_words))
    if reading.modifiers:
        name = " ".join(reading.modifiers + [name])
        kind = None
    where = reading.where
    if name == "chancellor" and where in ("Germany", "Austria"):
        kind = HEAD_OF_GOVERNMENT
    elif name == "chancellor" and where == "United Kingdom":
        name, kind, portfolios = "minister", MINISTER, {"finance"}
    if kind in (HEAD_OF_STATE, HEAD_OF_GOVERNMENT) and organisation:
        kind = None  # "Harvard President", "Ontario Premier", "Senate President"
    if name == "minister" and kind == MINISTER and (organisation or not (portfolios and all(not p.startswith("?") for p in portfolios))):
        kind = None  # a regional ministry ("Ontario Health Minister"), or a portfolio we do not know
    start = left[reading.used - 1][1] if reading.used else office_start
    article = _article_before(text, start)
    office = Office(name, kind, where, frozenset(organisation), frozenset(portfolios))
    return Title(office, _status(reading), reading.acting, start, reading.end, reading.compound, reading.owner, article,
                 reading.right_organisation, reading.possessive_country)


def _status(reading: _Reading) -> str:
    """What the qualifiers say of the holder now: the strongest of them."""
    statuses = reading.statuses
    if "then" in statuses:
        return "then"
    if "unknown" in statuses or reading.owner:
        return "unknown"
    if "former" in statuses:
        return "former"
    if "future" in statuses or reading.future:
        return "future"
    if reading.compound:
        return "unknown"  # "former Prime Minister and Finance Minister X": "former" may cover both
    return "current"


def _words_end(text: str, start: int, words: list[str]) -> int:
    """The offset just past `words`, found one after the other from `start`."""
    position = start
    for word in words:
        position = text.find(word, position) + len(word)
    return position


def _ends_title(words: list[tuple[str, int]]) -> bool:
    """Whether the words before "and" end with an office word ("Prime Minister and ...")."""
    return bool(words) and fold(words[0][0]).strip(".") in OFFICE_VOCABULARY


def parse_office(text: str, table: OfficeTable) -> Office | None:
    """Read an office as a registry entry writes it ("President of the United States", "Alphabet
    CEO", "Interim President of Venezuela"): the title must cover the whole text."""
    text = " ".join(str(text).split())
    if not text:
        return None
    cache = table.parsed_offices
    if text not in cache:
        cache[text] = _parse_office(text, table)
    return cache[text]


def _parse_office(text: str, table: OfficeTable) -> Office | None:
    matches = list(table.finditer(text))
    for match in reversed(matches):
        title = parse_title(text, match, table)
        if title is None:
            continue
        before = text[: title.start].strip().lower()
        after = text[title.end :].strip()
        if before in ("", "the") and not after:
            return title.office
    return None


def office_table(aliases: dict) -> OfficeTable:
    """The built-in office words and the aliases of the option `offices:` ({alias: office} or
    {alias: {office, kind, country}}), each read as an office where it names one."""
    words = built_in_words()
    for alias, target in aliases.items():
        words[" ".join(alias.lower().split())] = _alias(alias, target)
    return OfficeTable(words)


def _alias(alias: str, target) -> OfficeWord:
    spec = target if isinstance(target, dict) else {"office": target}
    text = str(spec.get("office") or alias)
    parsed = parse_office(text, BUILT_IN)
    where = country(str(spec["country"])) if spec.get("country") else None
    if parsed is None:
        kind = KINDS.get(str(spec.get("kind", "none")).lower())
        return OfficeWord(" ".join(fold(text).split()), kind, country=where)
    kind = KINDS.get(str(spec["kind"]).lower()) if "kind" in spec else parsed.kind
    return OfficeWord(parsed.name, kind, portfolios=parsed.portfolios, country=where or parsed.country,
                      organisation=parsed.organisation)
