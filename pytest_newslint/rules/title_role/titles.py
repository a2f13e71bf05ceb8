"""Titles and the people who carry them: the grammar of the title-role rule.

A title is read around an office word found by `OfficeTable.pattern`:

    [qualifiers] [country | organisation] [deputy|vice|shadow...] [portfolio] OFFICE [-elect]
        [of|for PORTFOLIO] [of COUNTRY | of ORGANISATION]

("former US Secretary of State", "Alphabet chief executive", "then-Minister for Health", "the
country's finance minister"), and the person it names is found in one of three places:

- right after it: "Former US President Donald Trump", "Finance Minister Ms Benet";
- before it, in apposition: "Ana Ferreira, the finance minister, said";
- after it, in apposition: "the prime minister, Keir Starmer, said" (full names only).

Everything here works on offsets into the document's text, so a mention knows its line and column.
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

import regex

from .offices import (
    ACTING,
    CHIEF_EXECUTIVE,
    COUNTRIES,
    COUNTRY_WORDS_MAX,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    MINISTER,
    NEUTRAL,
    OFFICE_MODIFIERS,
    STATUS,
    Office,
    OfficeTable,
    country,
    fold,
    organisation_key,
    portfolio,
)
from ...text import quoted_spans

# -- names ---------------------------------------------------------------------------------

LETTERS = r"\p{L}\p{M}"
# a word of a name: "Donald", "Rodríguez", "O'Brien", "Jean-Luc", an initial "J." or "H.W.", "Jr."
NAME_WORD = rf"(?:\p{{Lu}}\.(?:\p{{Lu}}\.)*|(?:Jr|Sr|St)\.|\p{{Lu}}[{LETTERS}'’ʻ\-]*)(?![{LETTERS}])"
PARTICLE = r"(?:de|da|del|della|der|den|van|von|bin|bint|ibn|al|el|la|le|di|du|dos|das|do|y|ter|ten|zu|abu|ben)"
SEP = r"(?:[ \t]*\n[ \t]*|[ \t]+)"  # between words: spaces, or one line break (hard-wrapped text)
NAME = rf"{NAME_WORD}(?:{SEP}(?:{PARTICLE}(?:[ \t]+|-)|[dD]['’])*{NAME_WORD}){{0,5}}"
HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Rev|Sheikh|Madam)"
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "sheikh", "madam"})
WINDOW = 240  # how far a title or a name may reach: `regex` scans for required text up to endpos
ORDINAL = regex.compile(r"^\d+(?:st|nd|rd|th)$")
POSSESSIVE_END = regex.compile(r"['’]s?$")
MORE_NAME = regex.compile(rf"[ \t]+{NAME_WORD}", regex.V1)
HONORIFIC_START = regex.compile(rf"({HONORIFIC})\.?[ \t]+")
NAME_AFTER = regex.compile(rf"[ \t]*\n?[ \t]*(?:({HONORIFIC})\.?[ \t]+)?({NAME})(['’]s?)?", regex.V1)
NAME_RUN = regex.compile(rf"(?<![{LETTERS}'’\-.])(?:(?:{HONORIFIC})\.?[ \t]+)?({NAME})", regex.V1)

DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
# capitalised words that do not begin a name
STOP = frozenset(
    """the a an and or but nor in on at of for to by with from as into onto upon about after before during
    since until under over between among against without within via per than he she it they we i you me him
    her them us this that these those his its their our my your there here where what who whom whose why how
    which when while if although though because so thus then now still even only just once also both all
    many some most several other others such not no yes today yesterday tomorrow tonight meanwhile however
    earlier later last next despite following according speaking asked told said says instead overall
    additionally furthermore moreover indeed nonetheless nevertheless separately similarly recently currently
    eventually finally first second third new old former current acting interim senior junior chief
    breaking update updated exclusive analysis opinion editorial watch read listen photo video dear
    mr mrs ms dr sir dame lord lady""".split()
) | DAYS
# capitalised words that end a name run without being part of it
TRAILING = STOP | frozenset(
    "administration government cabinet campaign foundation organization organisation tower era presidency "
    "doctrine regime family estate white house".split()
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
# family name first, so that "President Xi" is Xi Jinping
FAMILY_FIRST = frozenset(
    """xi li wang zhang liu chen yang zhao huang zhou wu hu wen jiang deng mao ma sun zhu guo he gao lin luo
    kim park lee moon yoon choi jung kang han ahn cho hun nguyen tran le pham vo lai tsai""".split()
)


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name without honorific, possessive or dots: "Mr. Donald J. Trump's" ->
    ("donald", "j", "trump")."""
    text = fold(name)
    text = POSSESSIVE_END.sub("", text.strip())
    tokens = [t.strip(".") for t in text.split() if t.strip(".")]
    while tokens and tokens[0] in HONORIFICS:
        tokens.pop(0)
    return tuple(tokens)


def surname(tokens: tuple[str, ...]) -> str:
    """The family name of a full name: the last word but suffixes ("King" of "Martin Luther King Jr.")."""
    rest = [t for t in tokens if t not in SUFFIXES] or list(tokens)
    return rest[-1]


def _trim_name(raw: str) -> str | None:
    """A name run without leading or trailing words that are not names; None if nothing is left,
    or if what is left is no person's name ("Chess Federation", "Martin Luther King Jr. Day")."""
    words = POSSESSIVE_END.sub("", raw).split()
    while words and (fold(words[-1]).strip(".'’") in TRAILING or fold(words[-1]) in COUNTRIES):
        words.pop()
    while words and _not_name_word(words[0]):
        words.pop(0)
    if not words or fold(words[0]).strip(".") in SUFFIXES:
        return None
    for word in words:
        key = fold(word).strip(".'’")
        parts = set(key.split("-")) | {key}
        if key in STOP and key not in MONTHS:
            return None  # a name does not hold "The" or "Of" in the middle: title case, not a name
        if parts & NOT_IN_NAMES:
            return None
    return " ".join(words)


def _not_name_word(word: str) -> bool:
    key = fold(word).strip(".'’")
    if any(part in _OFFICE_VOCABULARY or part in STATUS for part in key.split("-") if part):
        return True
    return key in STOP or key in COUNTRIES or key in STATUS or key in _OFFICE_VOCABULARY or key in NEUTRAL


_OFFICE_VOCABULARY = frozenset(
    """president vice prime minister premier chancellor governor senator mayor speaker secretary king queen
    emperor ceo chief executive officer deputy shadow attorney general foreign home finance health defence
    defense education justice interior trade treasury state congressman congresswoman representative
    lieutenant justice supreme leader""".split()
)

# words no person's name holds: office words, organisations, places, events, roles
NOT_IN_NAMES = (_OFFICE_VOCABULARY - {"king", "justice", "leader", "state", "home", "trade"}) | frozenset(
    """federation association council committee party union league ministry department university college
    bank company group corporation foundation institute agency commission organisation organization court
    club prize award cup trophy games festival week market street road square hospital
    school airport station building centre center stadium theatre theater museum library hotel
    tower palace island islands river mountain city county republic kingdom empire act report
    times post news daily press media network inc ltd corp llc plc candidate nominee hopeful spokesperson
    spokesman spokeswoman aide adviser advisor office staff supporters government administration cabinet
    senate parliament assembly congress army navy police forces service services board authority trust
    fund airlines airways motors systems technologies group's""".split()
)

# -- title context ---------------------------------------------------------------------------

WORD_EXTRAS = frozenset(".'’&/-")


def _word_character(char: str) -> bool:
    """A letter, digit or mark, or a dot, apostrophe, ampersand, slash or hyphen inside a word."""
    return char.isalnum() or char in WORD_EXTRAS or (char > "\u02ff" and unicodedata.combining(char) > 0)


POSSESSIVE = regex.compile(r"^(.+?)['’]s?$")
GENERIC_OWNERS = frozenset(
    """country nation state city company firm group government party club union team bank province region
    county island kingdom republic territory organisation organization league federation board council
    university college school administration cabinet region's""".split()
)
PORTFOLIO_CONNECTORS = frozenset({"and", "&", ","})
RIGHT_OF_PORTFOLIO = regex.compile(
    rf"[ \t]*\n?[ \t]*(?:of|for)[ \t\n]+(?:the[ \t\n]+)?((?:[{LETTERS}'’\-]+,?[ \t\n]+){{0,6}}[{LETTERS}'’\-]+)"
)
RIGHT_OF_COUNTRY = regex.compile(rf"[ \t]*\n?[ \t]*of[ \t\n]+(?:the[ \t\n]+)?((?:[{LETTERS}.'’\-]+[ \t\n]+){{0,4}}[{LETTERS}.'’\-]+)")
RIGHT_OF_ORGANISATION = regex.compile(
    rf"[ \t]*\n?[ \t]*(?:of|for|at)[ \t\n]+(?:the[ \t\n]+)?({NAME_WORD}(?:[ \t\n]+(?:(?:of|and|&|for|the|de)[ \t\n]+)*{NAME_WORD}){{0,5}})",
    regex.V1,
)
ELECT_AFTER = regex.compile(r"[ \t]+(elect|designate)\b")
# what may follow a title in apposition: the end of the apposition
APPOSITION_END = regex.compile(r"[ \t]*(?:[,;:.)—–]|\n\s*\n|$|[ \t]+(?:who|whose)\b)")
APPOSITION_LEFT = regex.compile(
    rf"(?:^|(?<=[^{LETTERS}'’\-.]))((?:(?:{HONORIFIC})\.?[ \t]+)?{NAME})(?:['’]s?)?[ \t]*,[ \t\n]*(?:(?:the|a|an)[ \t\n]+)?(?:[{LETTERS}\-]+['’]s?[ \t\n]+)?$",
    regex.V1,
)
REVERSE_APPOSITION = regex.compile(rf"[ \t]*,[ \t\n]+({NAME})[ \t]*(?=[,;:)—–])", regex.V1)
ARTICLE_BEFORE = regex.compile(r"(?i)(?:^|(?<=[\s(]))(the|a|an)[ \t\n]+$")


@dataclass
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


def _left_words(text: str, end: int, limit: int = 9) -> list[tuple[str, int]]:
    """Up to `limit` words before `end`, nearest first, with their start offsets; stops at
    punctuation other than the dots, apostrophes, hyphens and ampersands inside words."""
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


def parse_title(text: str, match, table: OfficeTable) -> Title | None:
    """Read the title around the office word that `match` found; None if it is no title."""
    word = table.lookup(match.group(1))
    if word is None:
        return None
    end = match.end()
    future = bool(match.group(2))
    name = word.office
    kind = word.kind
    portfolios = set(word.portfolios)
    where = word.country
    organisation = set(word.organisation)
    right_organisation = False
    matched = " ".join(match.group(1).lower().split())
    if not future:
        elect = ELECT_AFTER.match(text, end, end + WINDOW)
        if elect and text[match.start()].isupper() == text[elect.start(1)].isupper():
            future, end = True, elect.end()

    # to the right: "of Finance", "for Health and Social Care", "of the United States", "of Apple"
    if word.needs_portfolio or matched == "secretary of state":
        of = RIGHT_OF_PORTFOLIO.match(text, end, end + WINDOW)
        if of:
            words = of.group(1).split()
            for size in range(len(words), 0, -1):
                found = _portfolios(words[:size])
                if found:
                    portfolios = set(found)
                    end = _words_end(text, of.start(1), words[:size])
                    break
    of = RIGHT_OF_COUNTRY.match(text, end, end + WINDOW)
    if of:
        words = of.group(1).split()
        for size in range(min(len(words), COUNTRY_WORDS_MAX), 0, -1):
            named = country(" ".join(words[:size]), names_only=True)
            if named and not (size < len(words) and fold(words[size]) in ("of",)):
                where = named
                end = _words_end(text, of.start(1), words[:size])
                break
    if where is None or where != word.country:
        organisation_after = RIGHT_OF_ORGANISATION.match(text, end, end + WINDOW)
        if organisation_after and not (word.needs_portfolio and not portfolios) and not country(organisation_after.group(1)):
            following = APPOSITION_END.match(text, organisation_after.end())
            if following:
                organisation |= organisation_key(organisation_after.group(1))
                end = organisation_after.end()
                right_organisation = True

    # to the left, nearest first: portfolio words, deputy/vice/shadow, country or organisation, qualifiers
    left = _split_prefix(_left_words(text, match.start()))
    used = 0
    if word.needs_portfolio and not portfolios:
        for size in range(min(5, len(left)), 0, -1):
            words = [w for w, _ in reversed(left[:size])]
            if words[0].lower() in PORTFOLIO_CONNECTORS:
                continue
            found = _portfolios(words)
            if found:
                portfolios, used = set(found), size
                break
        if not portfolios and left and left[0][0][:1].isupper() and not _is_vocabulary(left[0][0]):
            # an unknown portfolio, written in capitals: "Digital Minister" (compared as written)
            portfolios, used = {"?" + fold(left[0][0])}, 1
        if not portfolios and matched == "secretary":
            return None  # "Press Secretary"? "Cabinet Secretary"? Too many kinds of secretary.
    modifiers: list[str] = []
    statuses: list[str] = []
    acting = False
    compound = owner = possessive_country = False
    organisation_words: list[str] = []
    while used < len(left):
        raw, _ = left[used]
        key = fold(raw).rstrip("-").replace("’", "'")
        joiner = ("of",) if kind != CHIEF_EXECUTIVE else ("of", "and", "&")
        if key in joiner and organisation_words and used + 1 < len(left):
            following = left[used + 1][0]
            if following[:1].isupper() and not _is_vocabulary(following):
                organisation_words.insert(0, raw)  # "Bank of England Governor", "Tesla and SpaceX chief executive"
                used += 1
                continue
        if key in ("and", "&", "/"):
            compound = used + 1 < len(left) and _ends_title(left[used + 1 :])
            break
        if ORDINAL.match(key):
            statuses.append("unknown")  # "the 45th president": history, not now
            used += 1
            continue
        if key in STATUS and not (key == "first" and name in ("minister", "lady")):
            statuses.append(STATUS[key])
            acting = acting or key in ACTING
            used += 1
            continue
        if key in ("newly", "recently", "democratically", "widely", "long"):
            used += 1
            continue
        if key in OFFICE_MODIFIERS and not statuses and not organisation_words and where is None:
            if key in ("federal", "national", "union", "cabinet", "senior") and name == "minister":
                used += 1
                continue
            modifiers.insert(0, key.rstrip("-"))
            used += 1
            continue
        if key in NEUTRAL:
            used += 1
            continue
        # a country of one to three words: "US", "South Korean", "Britain's"; not inside a longer
        # proper name ("New Mexico governor", "Latin American Citizens president")
        if (where is None or where == word.country) and not organisation_words:
            named, size, words = None, 0, ""
            for size in range(min(COUNTRY_WORDS_MAX, len(left) - used), 0, -1):
                words = " ".join(w for w, _ in reversed(left[used : used + size]))
                named = country(words) if words[:1].isupper() else None
                if named:
                    break
            if named:
                before = left[used + size][0] if used + size < len(left) else ""
                if before.lower() in ("of", "and", "&") and used + size + 1 < len(left):
                    before = left[used + size + 1][0]  # "Bank of England Governor"
                if before[:1].isupper() and not _is_vocabulary(before) and not before.endswith(("'s", "’s")):
                    # part of a longer name ("Bank of England Governor"): an organisation
                    organisation_words[:0] = words.split()
                    used += size
                    continue
            if named:
                if where and named != where:
                    break
                where = named
                used += size
                if words.lower().endswith(("'s", "’s")):
                    possessive_country = True
                    break  # "Britain's former prime minister": nothing before the possessive belongs
                continue
        possessive = POSSESSIVE.match(raw) if raw.endswith(("'s", "’s", "s'", "s’")) else None
        if possessive:
            owner_word = fold(possessive.group(1))
            if owner_word in GENERIC_OWNERS:
                break  # "the country's finance minister": the title starts after it
            if raw[:1].isupper():
                if kind == CHIEF_EXECUTIVE and not statuses:
                    organisation_words.insert(0, possessive.group(1))
                    used += 1
                else:
                    owner = True  # "Obama's Vice President": someone's government, past or present
            break
        if raw[:1].isupper() and not statuses and not _is_vocabulary(raw):
            if len(organisation_words) < 4:
                organisation_words.insert(0, raw)
                used += 1
                continue
            break
        break
    if organisation_words and fold(organisation_words[0]) in ("of", "and", "&"):
        organisation_words.pop(0)
        used -= 1
    if organisation_words:
        if name in ("king", "queen", "emperor"):
            return None  # "Martin Luther King", "Queen Victoria Market": a name, not a monarch
        organisation |= organisation_key(" ".join(organisation_words))
    if modifiers:
        name = " ".join(modifiers + [name])
        kind = None
    # what the office is, given its country and organisation
    if name == "chancellor" and where in ("Germany", "Austria"):
        kind = HEAD_OF_GOVERNMENT
    elif name == "chancellor" and where == "United Kingdom":
        name, kind, portfolios = "minister", MINISTER, {"finance"}
    if kind in (HEAD_OF_STATE, HEAD_OF_GOVERNMENT) and organisation:
        kind = None  # "Harvard President", "Ontario Premier", "Senate President"
    if name == "minister" and kind == MINISTER and (organisation or not (portfolios and all(not p.startswith("?") for p in portfolios))):
        kind = None  # a regional ministry ("Ontario Health Minister"), or a portfolio we do not know
    if "then" in statuses:
        status = "then"
    elif "unknown" in statuses or owner:
        status = "unknown"
    elif "former" in statuses:
        status = "former"
    elif "future" in statuses or future:
        status = "future"
    elif compound:
        status = "unknown"  # "former Prime Minister and Finance Minister X": "former" may cover both
    else:
        status = "current"
    start = left[used - 1][1] if used else match.start()
    article = bool(ARTICLE_BEFORE.search(text, max(0, start - 8), start))
    office = Office(name, kind, where, frozenset(organisation), frozenset(portfolios))
    return Title(office, status, acting, start, end, compound, owner, article, right_organisation, possessive_country)


def _words_end(text: str, start: int, words: list[str]) -> int:
    """The offset just past `words`, found one after the other from `start`."""
    position = start
    for word in words:
        position = text.find(word, position) + len(word)
    return position


def _is_vocabulary(word: str) -> bool:
    key = fold(word).strip(".'’-")
    return key in STOP or key in MONTHS or key in STATUS or key in _OFFICE_VOCABULARY or key in OFFICE_MODIFIERS or key in NEUTRAL or key in COUNTRIES


def _ends_title(words: list[tuple[str, int]]) -> bool:
    """Whether the words before "and" end with an office word ("Prime Minister and ...")."""
    return bool(words) and fold(words[0][0]).strip(".") in _OFFICE_VOCABULARY


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


# -- mentions ------------------------------------------------------------------------------

@dataclass
class Mention:
    """One person given one title at one place in the article."""

    name: str  # as written, honorific removed
    tokens: tuple[str, ...]  # folded words of the name
    office: Office
    status: str
    acting: bool
    title: str  # the title as written
    start: int  # offset in the document where the finding is reported
    title_start: int
    title_end: int
    line: int
    column: int
    sentence: tuple[int, int]  # offsets of its sentence in the document
    form: str  # "before", "apposition", "reverse"
    honorific: str | None = None
    compound: bool = False
    historical: bool = False  # the sentence sets it in the past ("in 2019", "at the time")


class Unit:
    """A prose block as the rule reads it: markup blanked out; its sentences and quoted spans
    (offsets in `text`) are found when first asked for."""

    __slots__ = ("start", "text", "_sentences", "_quotes")

    def __init__(self, start: int, text: str):
        self.start = start  # offset of the block in the document
        self.text = text
        self._sentences = None
        self._quotes = None

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = sentences(self.text)
        return self._sentences

    @property
    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            text = self.text
            spans = quoted_spans(text) if any(mark in text for mark in QUOTE_MARKS) else []
            self._quotes = sorted(spans + single_quoted_spans(text))
        return self._quotes


ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr st jr sr prof gen sen rep gov lt col capt sgt maj adm rev hon pres no vs inc corp co
    ltd u.s u.k u.n e.g i.e jan feb aug sept oct nov dec mt ft fr messrs mme rt cf approx dept est""".split()
)
WORD_BEFORE_DOT = regex.compile(r"([\p{L}.]+)\.$")
DOTTED = regex.compile(r"(?:\p{L}\.)+\p{L}")
SINGLE_QUOTED = regex.compile(r"(?:^|(?<=[\s(\[—–:]))‘(?:[^‘’]|’(?=\p{L}))+’(?![\p{L}])")
SENTENCE_BREAK = regex.compile(r"([.!?…])([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[\p{Lu}\p{N}])")
QUOTE_MARKS = ('"', "“", "«", "„")
QUOTE_MARKER = regex.compile(r"(?m)^[ \t]{0,3}(?:>[ \t]?)+")
MARKUP = regex.compile(r"[*_\[\]`]")
TITLE_CASE_WORD = regex.compile(rf"[{LETTERS}][{LETTERS}'’\-]*")
SMALL_WORDS = frozenset("a an the of and or in on at to for by with from as vs is".split())


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a prose block; a dot after an abbreviation ("Mr.", "U.S.") or an initial
    ("John F. Kennedy") ends no sentence."""
    spans, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        if match.group(1) == ".":
            before = WORD_BEFORE_DOT.search(text, max(0, match.start() - 12), match.start() + 1)
            word = before.group(1).lower() if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or DOTTED.fullmatch(word):
                continue
        spans.append((start, match.start() + 1 + len(match.group(2))))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def single_quoted_spans(text: str) -> list[tuple[int, int]]:
    """Text inside curly single quotes used as quotation marks (‘...’), not apostrophes."""
    spans = []
    if "‘" not in text:
        return spans
    for match in SINGLE_QUOTED.finditer(text):
        spans.append((match.start(), match.end()))
    return spans


def read_units(document, markdown: bool) -> list[Unit]:
    units = []
    # the front matter fields readers see (title, description, summary) count as prose, with
    # their own lines: a title that calls someone "former" against a body that does not
    for block in document.front_matter_fields() + document.prose_blocks():
        text = block.text
        if markdown:
            if block.kind == "quote":
                text = QUOTE_MARKER.sub(lambda m: " " * len(m.group()), text)
            text = MARKUP.sub(" ", text)
        units.append(Unit(block.start, text))
    return units


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` falls in one of the sorted, disjoint `spans`."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _sentence_at(spans: list[tuple[int, int]], offset: int, length: int) -> tuple[int, int]:
    index = bisect.bisect_right(spans, (offset, length + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return (0, length)


def _title_case(text: str) -> bool:
    """A sentence in title case (a headline inside the body): capitals say nothing there."""
    words = [w for w in TITLE_CASE_WORD.findall(text) if w.lower() not in SMALL_WORDS]
    if len(words) < 4:
        return False
    return all(w[0].isupper() for w in words)


def extract(document, table: OfficeTable, check_quotes: bool) -> tuple[list[Mention], list[Unit]]:
    """Every titled mention of a person in the prose of an article, in order."""
    # one scan of the whole file finds where office words stand; only the units holding one
    # are read closely (on markup-blanked text, as the units are, so no office word is missed)
    scanned = document.text
    if document.is_markdown:
        scanned = MARKUP.sub(" ", QUOTE_MARKER.sub(lambda m: " " * len(m.group()), scanned))
    spans = [match.span() for match in table.finditer(scanned)]
    if not spans:
        return [], []
    ends = [end for _, end in spans]
    units = read_units(document, document.is_markdown)
    mentions: list[Mention] = []
    for unit in units:
        text = unit.text
        first = bisect.bisect_right(ends, unit.start)  # the first office word ending inside or after the unit
        if first == len(spans) or spans[first][0] >= unit.start + len(text):
            continue
        title_case = {}
        for match in table.finditer(text):
            if not check_quotes and _inside(unit.quotes, match.start()):
                continue
            sentence = _sentence_at(unit.sentences, match.start(), len(text))
            if sentence not in title_case:
                title_case[sentence] = _title_case(text[sentence[0] : sentence[1]])
            if title_case[sentence]:
                continue
            title = parse_title(text, match, table)
            if title is None:
                continue
            found = _name_for(text, title)
            if found is None:
                continue
            name, honorific, name_start, form = found
            if not check_quotes and _inside(unit.quotes, name_start):
                continue
            tokens = name_tokens(name)
            if not tokens:
                continue
            report = name_start if form == "apposition" else title.start
            position = unit.start + report
            line, column = document.position(position)
            mentions.append(
                Mention(
                    name=name,
                    tokens=tokens,
                    office=title.office,
                    status=title.status,
                    acting=title.acting,
                    title=" ".join(text[title.start : title.end].split()),
                    start=position,
                    title_start=unit.start + title.start,
                    title_end=unit.start + title.end,
                    line=line,
                    column=column,
                    sentence=(unit.start + sentence[0], unit.start + sentence[1]),
                    form=form,
                    honorific=honorific,
                    compound=title.compound,
                )
            )
    mentions.sort(key=lambda m: m.start)
    # one mention a place: an office word inside a longer title read twice keeps the longer title
    unique: list[Mention] = []
    for mention in mentions:
        if unique and unique[-1].start == mention.start and unique[-1].tokens == mention.tokens:
            continue
        unique.append(mention)
    return unique, units


def _name_for(text: str, title: Title):
    """(name, honorific, offset of the name, form) of the person a title belongs to, or None."""
    after = NAME_AFTER.match(text, title.end, title.end + WINDOW) if not title.right_organisation else None
    if after:
        raw = after.group(2)
        following = text[after.end() : after.end() + 2]
        if following[:1] not in ("-",) and not MORE_NAME.match(text, after.end(), after.end() + WINDOW):
            name = _trim_name(raw)
            if name:
                honorific = (after.group(1) or "").lower() or None
                if name == raw or raw.startswith(name):
                    return name, honorific, after.start(2), "before"
        return None
    # apposition before: "Ana Ferreira, the finance minister, said"
    if APPOSITION_END.match(text, title.end) and not text.startswith(("'s", "’s"), title.end):
        window_start = max(0, title.start - 160)
        left = APPOSITION_LEFT.search(text, window_start, title.start)
        reverse = REVERSE_APPOSITION.match(text, title.end, title.end + WINDOW) if title.article or title.possessive_country else None
        if left and reverse:
            return None  # "X, the minister, Y, ...": whose title is it?
        if left:
            raw = left.group(1)
            honorific_match = HONORIFIC_START.match(raw)
            honorific = honorific_match.group(1).lower() if honorific_match else None
            bare = raw[honorific_match.end() :] if honorific_match else raw
            name = _trim_name(bare)
            if name and bare.endswith(name) and not bare[:1].isdigit():
                offset = left.start(1) + (honorific_match.end() if honorific_match else 0) + (len(bare) - len(name))
                if honorific_match and bare == name:
                    offset = left.start(1)
                return name, honorific, offset, "apposition"
            return None
        if reverse:
            name = _trim_name(reverse.group(1))
            if name and name == reverse.group(1) and len(name.split()) >= 2:
                return name, None, reverse.start(1), "reverse"
    return None

