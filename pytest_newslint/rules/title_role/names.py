"""Names of people as the title-role rule reads them: the pattern of a name, the words that are no
name, and the folded words ("tokens") by which two mentions of one person are compared."""
from __future__ import annotations

import functools

import regex

from ...text import compiled_later, DAYS as DAY_NAMES
from ...text import HONORIFICS as HONORIFIC_WORDS
from ...text import MONTHS as MONTH_NAMES
from ...text import NAME_PARTICLES
from .offices import COUNTRIES, NEUTRAL, OFFICE_MODIFIERS, STATUS, fold
from .vocabulary import NAMES

LETTERS = r"\p{L}\p{M}"
# a word of a name: "Donald", "Rodríguez", "O'Brien", "Jean-Luc", an initial "J." or "H.W.", "Jr."
NAME_WORD = rf"(?:\p{{Lu}}\.(?:\p{{Lu}}\.)*|(?:Jr|Sr|St)\.|\p{{Lu}}[{LETTERS}'’ʻ\-]*)(?![{LETTERS}])"
PARTICLE = rf"(?:{'|'.join(NAME_PARTICLES)})"
SEP = r"(?:[ \t]*\n[ \t]*|[ \t]+)"  # between words: spaces, or one line break (hard-wrapped text)
NAME = rf"{NAME_WORD}(?:{SEP}(?:{PARTICLE}(?:[ \t]+|-)|[dD]['’])*{NAME_WORD}){{0,5}}"
HONORIFIC = rf"(?:{'|'.join(word.capitalize() for word in HONORIFIC_WORDS)})"
HONORIFICS = frozenset(HONORIFIC_WORDS)
# names and words repeat within an article and across a run: what is read of each string is
# remembered (the functions below are pure)
CACHED = 16384  # entries a function: a few MB at most
WINDOW = 240  # how far a title or a name may reach: `regex` scans for required text up to endpos
ORDINAL = compiled_later(regex, r"^\d+(?:st|nd|rd|th)$")
POSSESSIVE_END = compiled_later(regex, r"['’]s?$")
MORE_NAME = compiled_later(regex, rf"[ \t]+{NAME_WORD}", regex.V1)
HONORIFIC_START = compiled_later(regex, rf"({HONORIFIC})\.?[ \t]+")
NAME_AFTER = compiled_later(regex, rf"[ \t]*\n?[ \t]*(?:({HONORIFIC})\.?[ \t]+)?({NAME})(['’]s?)?", regex.V1)
NAME_RUN = compiled_later(regex, rf"(?<![{LETTERS}'’\-.])(?:(?:{HONORIFIC})\.?[ \t]+)?({NAME})", regex.V1)

DAYS = frozenset(DAY_NAMES)
MONTHS = frozenset(MONTH_NAMES)
# capitalised words that do not begin a name
STOP = frozenset(NAMES["stop"]) | DAYS
# capitalised words that end a name run without being part of it
TRAILING = STOP | frozenset(NAMES["trailing"])
SUFFIXES = frozenset(NAMES["suffixes"])
# family name first, so that "President Xi" is Xi Jinping
FAMILY_FIRST = frozenset(NAMES["family_first"])
# the words of office titles
OFFICE_VOCABULARY = frozenset(NAMES["office_vocabulary"])
# words no person's name holds: office words, organisations, places, events, roles
NOT_IN_NAMES = (OFFICE_VOCABULARY - frozenset(NAMES["office_vocabulary_in_names"])) | frozenset(NAMES["not_in_names"])


@functools.lru_cache(maxsize=CACHED)
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


@functools.lru_cache(maxsize=CACHED)
def trim_name(raw: str) -> str | None:
    """A name run without leading or trailing words that are not names; None if nothing is left,
    or if what is left is no person's name ("Chess Federation", "Martin Luther King Jr. Day")."""
    words = POSSESSIVE_END.sub("", raw).split()
    while words and (fold(words[-1]).strip(".'’") in TRAILING or fold(words[-1]) in COUNTRIES):
        words.pop()
    while words and not_name_word(words[0]):
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


@functools.lru_cache(maxsize=CACHED)
def not_name_word(word: str) -> bool:
    """A word that does not begin a name: a title's, a qualifier's, a country's, a stop word."""
    key = fold(word).strip(".'’")
    if any(part in OFFICE_VOCABULARY or part in STATUS for part in key.split("-") if part):
        return True
    return key in STOP or key in COUNTRIES or key in STATUS or key in OFFICE_VOCABULARY or key in NEUTRAL


@functools.lru_cache(maxsize=CACHED)
def is_vocabulary(word: str) -> bool:
    """A word of titles, qualifiers, countries or months, or a stop word: no organisation's name."""
    key = fold(word).strip(".'’-")
    return key in STOP or key in MONTHS or key in STATUS or key in OFFICE_VOCABULARY or key in OFFICE_MODIFIERS or key in NEUTRAL or key in COUNTRIES
