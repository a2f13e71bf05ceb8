"""Offices, their aliases, and the countries, portfolios and organisations that qualify them.

Mentions in an article and entries in the people registry are both read into an `Office`, so
"US President", "U.S. President", "President of the United States" and "American president"
compare as one office, not as strings; so do "Finance Minister", "Minister of Finance",
"Treasury Secretary" and "Chancellor of the Exchequer".

`OfficeTable` holds the office words (the built-in ones, plus the aliases of the rule option
`offices:`) compiled into one case-insensitive pattern. The word lists and tables are data
(`data/*.yaml`, read by `vocabulary`).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass
from itertools import repeat

import regex

from ...text import FAST, compiled_later
from . import vocabulary

# -- countries -----------------------------------------------------------------------------

# country name or demonym (lower case) -> a canonical country name (data/countries.yaml)
COUNTRIES: dict[str, str] = {
    name: canonical for canonical, names in vocabulary.COUNTRIES["countries"].items() for name in names
}
COUNTRY_WORDS_MAX = max(len(name.split()) for name in COUNTRIES)
# the forms that name a country (not demonyms): only these may follow "of" ("President of France",
# but not "president of the Tunisian League")
COUNTRY_NAMES = frozenset(
    {canonical.lower() for canonical in vocabulary.COUNTRIES["countries"]} | set(vocabulary.COUNTRIES["names"])
)


@functools.lru_cache(maxsize=16384)  # pure, and asked of the same few words again and again
def country(words: str, names_only: bool = False) -> str | None:
    """The canonical country that `words` name ("U.S.", "British", "Britain's"), or None; with
    `names_only`, demonyms ("British") do not count."""
    key = " ".join(words.lower().replace("’", "'").split()).rstrip("-")
    if key.endswith("'s"):
        key = key[:-2]
    elif key.endswith("s'"):
        key = key[:-1]
    if names_only and key not in COUNTRY_NAMES:
        return None
    return COUNTRIES.get(key)


# -- ministries ----------------------------------------------------------------------------

# portfolio words (lower case) -> a canonical portfolio (data/portfolios.yaml). Near portfolios that
# governments often join in one ministry share a canonical name ("trade" and "economy"), so that
# two of them given to one person is not taken for two ministries.
PORTFOLIOS: dict[str, str] = {
    name: canonical for canonical, names in vocabulary.PORTFOLIOS.items() for name in names
}


@functools.lru_cache(maxsize=16384)
def portfolio(words: str) -> str | None:
    """The canonical portfolio of `words` ("Foreign Affairs", "treasury"), or None if unknown."""
    return PORTFOLIOS.get(" ".join(words.lower().replace("’", "'").split()))


# -- qualifiers ----------------------------------------------------------------------------

# What a qualifier before a title says of the holder at the time of writing (data/qualifiers.yaml):
# "former": no longer holds it; "then": held it at a time the sentence talks about (says nothing
# of now); "current": holds it; "future": will hold it; "unknown": cannot tell (ordinals, "first",
# "self-proclaimed").
STATUS: dict[str, str] = vocabulary.QUALIFIERS["status"]
# qualifiers that make a temporary holder: an acting title sits beside another office
ACTING = frozenset(vocabulary.QUALIFIERS["acting"])
# qualifiers that make another office: "Deputy Prime Minister" is not "Prime Minister"
OFFICE_MODIFIERS = frozenset(vocabulary.QUALIFIERS["office_modifiers"])
# words that may stand before a title and change nothing
NEUTRAL = frozenset(vocabulary.QUALIFIERS["neutral"])

# -- office kinds --------------------------------------------------------------------------

# The offices of which one person holds only one at a time, by kind.
HEAD_OF_STATE = "head of state"
HEAD_OF_GOVERNMENT = "head of government"
MINISTER = "minister"
CHIEF_EXECUTIVE = "chief executive"
KINDS = {
    "head-of-state": HEAD_OF_STATE, "head of state": HEAD_OF_STATE,
    "head-of-government": HEAD_OF_GOVERNMENT, "head of government": HEAD_OF_GOVERNMENT,
    "minister": MINISTER, "chief-executive": CHIEF_EXECUTIVE, "chief executive": CHIEF_EXECUTIVE,
    "none": None, "other": None,
}

@dataclass(frozen=True)
class Office:
    """An office as a mention or registry entry names it."""

    name: str  # canonical: "president", "minister", "deputy prime minister", "chief executive"
    kind: str | None  # one of the exclusive kinds above, or None
    country: str | None = None  # canonical country, or None when the text does not say
    organisation: frozenset = frozenset()  # organisation, region or company words (folded)
    portfolios: frozenset = frozenset()  # for ministers: canonical portfolios (or "?words" when unknown)

    def same_office(self, other: "Office") -> bool:
        """The same office, where a missing country, organisation or portfolio matches any."""
        if self.name != other.name:
            return False
        if self.country and other.country and self.country != other.country:
            return False
        if (self.country and other.organisation and not other.country) or (
            other.country and self.organisation and not self.country
        ):
            return False  # a country's office and an organisation's: "US President", "Harvard President"
        if self.organisation and other.organisation and not organisations_overlap(self.organisation, other.organisation):
            return False
        if self.portfolios != other.portfolios and not (self.portfolios & other.portfolios):
            return False
        return True

    @property
    def known_portfolios(self) -> bool:
        return bool(self.portfolios) and not any(p.startswith("?") for p in self.portfolios)


ORGANISATION_SUFFIXES = frozenset(vocabulary.NAMES["organisation_suffixes"])


def organisation_key(words: str) -> frozenset:
    """Fold an organisation's name into a set of words ("Alphabet Inc." -> {"alphabet"})."""
    folded = fold(words).replace("'s", " ").replace("'", " ")
    tokens = [t.strip(".,") for t in folded.split()]
    return frozenset(t for t in tokens if t and t not in ORGANISATION_SUFFIXES)


def organisations_overlap(a: frozenset, b: frozenset) -> bool:
    """One organisation written two ways ("Meta" and "Meta Platforms", "Alphabet Inc." and "Alphabet")."""
    if a & b or any(x.startswith(y) or y.startswith(x) for x in a for y in b if min(len(x), len(y)) >= 4):
        return True
    return _initials_of(a, b) or _initials_of(b, a)


def _initials_of(short: frozenset, long: frozenset) -> bool:
    """An organisation named by its initials: "CEA" and "Consumer Electronics Association" (the
    words' order is not kept, so the letters are compared as a multiset)."""
    if len(short) != 1 or len(long) < 2:
        return False
    (initials,) = short
    initials = initials.replace(".", "")
    return len(initials) == len(long) and initials.isalpha() and sorted(initials) == sorted(word[0] for word in long)


def fold(text: str) -> str:
    """Case-fold and strip accents: "Rodríguez" and "RODRIGUEZ" fold alike."""
    if len(text) <= 40:
        return _fold_word(text)  # words and names repeat: remember them
    return _fold(text)


@functools.lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.replace("’", "'").casefold()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    if decomposed.isascii():
        return decomposed.casefold()  # no combining character (most text whose only one beyond ASCII was ’)
    # the combining characters dropped: each distinct one replaced by nothing, which takes a
    # tenth of the time `translate` takes with a table looked up character by character; the
    # distinct characters beyond ASCII taken from `re`'s list of them, not from a set of every
    # character (a paragraph of news has a few: half the time of the fold)
    for char in set(_BEYOND_ASCII.findall(decomposed)):
        if _WITHOUT_MARKS[ord(char)] is None:
            decomposed = decomposed.replace(char, "")
    return decomposed.casefold()


_BEYOND_ASCII = compiled_later(re, "[^\\x00-\\x7f]")


class _Marks(dict):
    """Which characters are combining (`unicodedata.combining` not 0: None) and which are kept
    (their code), as a `str.translate` table would say: "".join(ch for ch in text if not
    combining(ch)). Filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _Marks()


# -- the table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficeWord:
    """What an office word found in the text stands for."""

    office: str  # canonical office name
    kind: str | None
    needs_portfolio: bool = False  # "minister", "secretary": the portfolio is read around the word
    portfolios: frozenset = frozenset()  # a fixed portfolio ("foreign secretary")
    country: str | None = None
    organisation: frozenset = frozenset()


def _alternation(words) -> str:
    """One pattern for the words, as a trie ("p(?:r(?:emier|esident|ime\\s+minister))"): a plain
    alternation makes the regex engine try every word at every position of every article.
    At each step of the trie at most one branch fits the text, and going on is tried before
    stopping, so a position gets the longest word that fits, as with the longest-first
    alternation this replaces. A space in a word matches any run of white space."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [(r"\s+" if char == " " else re.escape(char)) + branch(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        body = "|".join(alternatives)
        if "" in node:
            return f"(?:{body})?"
        return body if len(alternatives) == 1 else f"(?:{body})"

    return branch(root)


def built_in_words() -> dict[str, OfficeWord]:
    """The built-in office words (data/offices.yaml): {word as the pattern matches it: OfficeWord}."""
    words = {}
    for word, spec in vocabulary.OFFICES["office_words"].items():
        fixed = spec.get("portfolio")
        words[word] = OfficeWord(
            spec["office"], KINDS[spec["kind"]], needs_portfolio=fixed == "",
            portfolios=frozenset({fixed}) if fixed else frozenset(),
        )
    return words


LOOKUPS_KEPT = 4096  # writings of office words remembered by each table's `lookup`


class OfficeTable:
    """Office words (the built-in ones, and with `titles.office_table` the aliases of the option
    `offices:`) and one compiled pattern that finds them."""

    def __init__(self, words: dict[str, OfficeWord] | None = None):
        self.words: dict[str, OfficeWord] = built_in_words() if words is None else words
        self.parsed_offices: dict[str, Office | None] = {}  # registry offices, read once each
        self._looked_up: dict[str, OfficeWord | None] = {}  # `lookup`'s answers, by the text as matched
        body = _alternation(self.words)
        # an office word, whole, with an optional -elect / -designate
        self.pattern = regex.compile(rf"(?i)(?<!\w)({body})(?:(-elect|-designate)|(?![\w\-]))")
        # the same, case-sensitive for lower-cased text: three times faster than the above
        self._lower = re.compile(rf"(?<!\w)({body})(?:(-elect|-designate)|(?![\w\-]))")

    def finditer(self, text: str):
        """The office words of `text`, as matches whose offsets are those of `text`."""
        lowered = text.lower()
        if len(lowered) == len(text):
            found = self._compiled_spans(lowered)
            if found is not None:
                # where the compiled scan found a word, the pattern matches it again (its
                # groups are read): the same match as `finditer`'s, at a tenth of the cost
                return map(self._lower.match, repeat(lowered, len(found)), [start for start, _ in found])
            return self._lower.finditer(lowered)
        return self.pattern.finditer(text)  # "İ" lower-cases to two characters: keep the offsets

    def matches_at(self, text: str, starts: list[int]) -> list | None:
        """`list(self.finditer(text))` when the office words of `text` start at `starts` (known
        from a scan of a longer text holding it: see `mentions._office_words`); None when the
        words cannot be read so (text that lower-cases to another length)."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return None
        found = [self._lower.match(lowered, start) for start in starts]
        return None if None in found else found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """`[match.span() for match in self.finditer(text)]`; compiled (a walk of the words'
        trie at each word start, lower-casing as it reads, the word starts found 16 characters
        at a time: `office_scan_words`, `office_scan` for what it leaves) when the C extension
        is there."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[tuple[int, int]], bool]:
        """(`spans(text)`, whether they are the lower-case pattern's over `text.lower()`): they
        are the case-insensitive pattern's over `text` for text holding "İ", the one character
        that lower-cases to two (the compiled scan declines it)."""
        trie = self._prepared_trie() if FAST is not None else None
        if trie is not None:
            found = FAST.office_scan_words(text, trie, True)  # of text.lower(), without making it
            if found is not None:
                return found, True
        lowered = text.lower()
        if len(lowered) == len(text):
            found = self._compiled_spans(lowered)
            if found is not None:
                return found, True
            return [match.span() for match in self._lower.finditer(lowered)], True
        return [match.span() for match in self.pattern.finditer(text)], False

    def _compiled_spans(self, lowered: str) -> list[tuple[int, int]] | None:
        """The spans of `self._lower` in `lowered`, from the C extension; None without it, or for
        a table or a text it declines."""
        if FAST is None:
            return None
        trie = self._prepared_trie()
        return None if trie is None else FAST.office_scan_words(lowered, trie, False)

    def _trie(self):
        """The words' trie as flat arrays for `_speedups.office_spans` (a space: any run of white
        space, as in the pattern), or None for words it does not take (other white space)."""
        if "_flat_trie" not in self.__dict__:
            self._flat_trie = _flat_trie(self.words)
        return self._flat_trie

    def _prepared_trie(self):
        """The trie checked once by the C extension (`office_trie`) for `office_scan`, which
        gives what `office_spans` gives over the arrays of `_trie`; None where it declines."""
        if "_prepared" not in self.__dict__:
            trie = self._trie()
            self._prepared = None if trie is None else FAST.office_trie(*trie)
        return self._prepared

    def lookup(self, matched: str) -> OfficeWord | None:
        """The office word `matched` is, written in any case and spacing. The same few writings
        come again and again ("President", "prime minister"): each is worked out once (up to
        `LOOKUPS_KEPT` of them)."""
        found = self._looked_up.get(matched, self)
        if found is self:
            found = self.words.get(" ".join(matched.lower().split()))
            if len(self._looked_up) < LOOKUPS_KEPT:
                self._looked_up[matched] = found
        return found


def _flat_trie(words):
    root: dict = {}
    for word in words:
        if not word or word != word.strip() or "  " in word or any(ch.isspace() and ch != " " for ch in word):
            return None
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    nodes = [root]
    first, chars, children, terminal = array("I"), array("I"), array("I"), array("B")
    for node in nodes:  # breadth first: `nodes` grows as the loop goes
        first.append(len(chars))
        terminal.append(1 if "" in node else 0)
        for char in sorted(node):
            if char:
                chars.append(ord(char))
                children.append(len(nodes))
                nodes.append(node[char])
    first.append(len(chars))
    return first, chars, children, terminal


BUILT_IN = OfficeTable()


def validate_offices(extra) -> None:
    """Check the `offices:` option; raise ValueError naming the key."""
    if not isinstance(extra, dict):
        raise ValueError("offices: expected a mapping of {alias: office}")
    for alias, target in extra.items():
        where = f"offices.{alias}"
        if not isinstance(alias, str) or not alias.strip():
            raise ValueError(f"{where}: an alias must be a non-empty string")
        if isinstance(target, dict):
            unknown = set(target) - {"office", "kind", "country"}
            if unknown:
                raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: office, kind, country)")
            if "kind" in target and str(target["kind"]).lower() not in KINDS:
                raise ValueError(
                    f"{where}.kind: {target['kind']!r} is not one of head-of-state, head-of-government, minister, "
                    "chief-executive, none"
                )
            if target.get("country") and country(str(target["country"])) is None:
                raise ValueError(f"{where}.country: {target['country']!r} is not a country newslint knows")
        elif not isinstance(target, str) or not target.strip():
            raise ValueError(f"{where}: expected an office name (a string) or {{office, kind, country}}")
