"""Text helpers shared by rules: sentences, words and quoted spans, with offsets.

`WORD` and `sentences` are the one word pattern and the one sentence splitter of the package."""
from __future__ import annotations

import importlib
import os
import re

import regex

# The compiled hot paths (`pytest_newslint/_speedups.c`), when they were built. `FAST` is the compiled
# module, or None: no compiler when newslint was installed (the build is optional), or
# `NEWSLINT_PURE_PYTHON=1` (tests run both ways). Every compiled function has a pure-Python twin
# beside its caller with the same result; a compiled function returns None for input it declines
# (non-ASCII text, a word UTF-8 cannot encode), and the caller then runs the twin.
FAST = None
if os.environ.get("NEWSLINT_PURE_PYTHON", "") in ("", "0"):
    try:
        FAST = importlib.import_module("pytest_newslint._speedups")
    except ImportError:
        FAST = None


# A sentence ends at . ! ? or … (closing quotes and brackets may follow) before white space.
SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'”’)\]]*)\s+")
# Where other scripts end a sentence, white space after or not: Chinese and Japanese 。！？
# (full width, half width and vertical forms), Devanagari and Bengali । ॥, Arabic ؟ and Urdu ۔,
# Burmese ။, Ethiopic ። ፧ ፨, Khmer ។ ៕, Armenian ։, Tibetan །, Syriac ܀ ܁ ܂, ‼ ⁇ ⁈ ⁉. Thai
# and Lao have no full stop: a space between two of their words ends a sentence (a space before
# or after a figure or a word of another script does not).
FULL_STOPS = "。！？｡︒﹒﹖﹗‼⁇⁈⁉।॥؟۔။።፧፨។៕։།܀܁܂"
CLOSERS = "\"'”’)\\]」』）》〉】〕〗〙〛»"
SENTENCE_END_ANY_SCRIPT = regex.compile(
    rf"(?<=[.!?…][\"'”’)\]]*)\s+"
    rf"|(?<=[{FULL_STOPS}][{CLOSERS}]*)(?![{CLOSERS}])\s*"
    r"|(?<=[\p{Thai}\p{Lao}]\p{M}*)\s+(?=[\p{Thai}\p{Lao}])"
)
_OTHER_SCRIPT_END = re.compile(f"[{FULL_STOPS}\u0e00-\u0eff]")
# `SENTENCE_END` for `re`, whose scan is several times faster than `regex`'s look-behind: a match
# is a run of white space after the end of a sentence, so the run is the match's group 1.
# `regex`'s `\s` is Unicode's White_Space, written out (`re`'s takes \x1c-\x1f too).
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SENTENCE_END_RE = re.compile(f"[.!?…][\"'”’)\\]]*([{WHITE_SPACE}]+)")
# A "sentence" that ends in an initial or a title is the start of the next one ("Brian T.
# Carroll", "P. damicornis", "Dr. Livermore"): see `sentences(..., join_abbreviations=True)`.
INITIAL_OR_TITLE_END = regex.compile(
    r"(?:^|[\s(\"“'‘])(?:\p{Lu}|Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Hon|Jr|Sr|No|vs|approx)\.$"
)
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese)
# and Korean, whose space-separated units pack a word and its particles: each letter (with the
# marks it carries) is a word unit of its own, so a run of text in them is a row of units that
# the word-based comparisons read as they read English words. `UNIT_WEIGHT` says how much of a
# word each unit is worth, 1 / the units per English word of the same content, measured on
# the stories of tests/data/scripts/ (written in English and translated; tests/test_text.py
# measures them again): Chinese 1.45-1.50 Han characters per English word, Japanese 1.9
# units (kanji counted as in Chinese, 2.9 kana), Korean 1.8-1.9 Hangul syllables, Thai 3.8
# letters (a letter with its marks), Lao 3.6, Khmer 3.3, Burmese 2.8. (Korean read as
# space-separated words instead found 85% of the repeats of tests/script_sets.py, not 100%:
# a changed syllable changes a whole word with its particles.)
# (The kana prolonged-sound and iteration marks ー ヽ 〱 belong to no one script: they are named.)
UNIT_WEIGHT = {
    r"\p{Han}": 0.66,
    r"\p{Hiragana}\p{Katakana}\u3031-\u3035\u30fc\uff70\uff9e\uff9f": 0.34,
    r"\p{Hangul}": 0.5,
    r"\p{Thai}": 0.255,
    r"\p{Lao}": 0.265,
    r"\p{Khmer}": 0.3,
    r"\p{Myanmar}": 0.36,
}
UNIT_SCRIPTS = "".join(UNIT_WEIGHT)
WORD = regex.compile(rf"[[{UNIT_SCRIPTS}]&&[\w--\p{{M}}]]\p{{M}}*|[\w--[{UNIT_SCRIPTS}]]+", regex.V1)


def sentences(text: str, base: int = 0, *, join_abbreviations: bool = False,
              capital_after: bool = False) -> list[tuple[int, int]]:
    """(start, end) offsets, shifted by `base`, of the sentences of a piece of prose.

    With `join_abbreviations`, a "sentence" that ends in an initial or a title
    (`INITIAL_OR_TITLE_END`), or that the next one follows with a lower-case letter, is joined
    to the next one. With `capital_after`, a sentence ends only where the next one starts with a
    capital or a digit (a quote mark or bracket may stand before it), and never at the dot of an
    abbreviation (`ABBREVIATIONS`: "Mr.", "U.S."), an initial ("John F. Kennedy") or a dotted
    word."""
    if capital_after:
        return _sentences_before_capitals(text, base)
    if join_abbreviations and FAST is not None:
        found = FAST.joined_sentences(text, base)  # the same, compiled (ASCII and news punctuation)
        if found is not None:
            return found
    spans = []
    start = 0
    if _OTHER_SCRIPT_END.search(text) is None:
        for match in _SENTENCE_END_RE.finditer(text):
            end, after = match.span(1)
            if end > start:
                spans.append((base + start, base + end))
            start = after
    else:
        for match in SENTENCE_END_ANY_SCRIPT.finditer(text):
            if match.start() > start:
                spans.append((base + start, base + match.start()))
            start = match.end()
    rest = text[start:].rstrip()
    if rest:
        spans.append((base + start, base + start + len(rest)))
    return _joined_at_abbreviations(text, base, spans) if join_abbreviations else spans


SENTENCE_BREAK_BEFORE_CAPITAL = regex.compile(r"([.!?…])([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[\p{Lu}\p{N}])")
WORD_BEFORE_DOT = regex.compile(r"([\p{L}.]+)\.$")
DOTTED = regex.compile(r"(?:\p{L}\.)+\p{L}")


def _sentences_before_capitals(text: str, base: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_BREAK_BEFORE_CAPITAL.finditer(text):
        if match.group(1) == ".":
            before = WORD_BEFORE_DOT.search(text, max(0, match.start() - 12), match.start() + 1)
            word = before.group(1).lower() if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or DOTTED.fullmatch(word):
                continue
        spans.append((base + start, base + match.start() + 1 + len(match.group(2))))
        start = match.end()
    if text[start:].strip():
        spans.append((base + start, base + len(text.rstrip())))
    return spans


# `INITIAL_OR_TITLE_END` matches at most 8 characters ("(approx."), so it is looked for in a
# sentence's last `_ABBREVIATION_TAIL`: in a longer tail its `^` could not match, as at the start
# of the whole sentence it could only if the sentence were that short.
_ABBREVIATION_TAIL = 10


def _joined_at_abbreviations(text: str, base: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            previous = text[max(joined[-1][0] - base, joined[-1][1] - base - _ABBREVIATION_TAIL) : joined[-1][1] - base]
            following = text[start - base : start - base + 1]
            if INITIAL_OR_TITLE_END.search(previous) or following.islower():
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


def words(text: str) -> list[str]:
    """Case-folded words: what two passages are compared on (punctuation, case, wrapping and
    quote styles all drop out). The same as `WORD.findall(text.casefold())`, two to eight times
    faster: `re` finds the words of text written only in characters where its `\\w` agrees
    with that of `regex` and that are not word units (ASCII fastest), `regex` those of any
    other."""
    if FAST is not None:
        found = FAST.ascii_words(text)  # ASCII text (typographic quotes and dashes allowed), compiled
        if found is not None:
            return found
    folded = text.casefold()
    if folded.isascii():
        return _ASCII_WORD.findall(folded)
    if _OUTSIDE_AGREED.search(folded) is None:
        return _RE_WORD.findall(folded)
    return WORD.findall(folded)


def word_equivalents(words: list[str]) -> float:
    """How many English words' worth of text these words (from `words`) are: a word of a
    spaced script counts one, a unit of a script in `UNIT_WEIGHT` its weight there, so that
    lengths such as `min-words` mean the same in every script."""
    if not words:
        return 0
    joined = "".join(words)
    if joined.isascii() or _OUTSIDE_AGREED.search(joined) is None:
        return len(words)  # no word units: most text, at once
    total = len(words)
    for base, weight in _UNIT_BASES:
        found = len(base.findall(joined))
        if found:
            total -= found * (1 - weight)
    return total


# the first letter of each unit, by script (the units `WORD` finds hold one each)
_UNIT_BASES = [(regex.compile(rf"[[{letters}]&&[\w--\p{{M}}]]", regex.V1), weight) for letters, weight in UNIT_WEIGHT.items()]


_ASCII_WORD = re.compile(r"\w+", re.ASCII)
_RE_WORD = re.compile(r"\w+")
# Where `re` and `regex` agree which characters are word characters: Latin, Greek, Cyrillic,
# Hebrew letters, CJK, Hangul, punctuation, symbols and emoji; not combining marks, other
# numbers (², ½, ➀), joiners or connector punctuation (tests/test_text.py checks every one).
AGREED = (
    "\x00-\xb1\xb4-\xb8\xba\xbb\xbf-\u02ff\u0370-\u0482\u048a-\u052f\u05d0-\u05ea"
    "\u2000-\u200b\u200e-\u203e\u2041-\u2053\u2055-\u206f\u20a0-\u20cf\u2100-\u214f\u2190-\u23ff"
    "\u2500-\u2775\u2794-\u27bf\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u4e00-\u9fff\uac00-\ud7a3"
    "\uff00-\uff3e\uff40-\uffef\U0001f300-\U0001faff"
)
# The agreed characters that are not word units (`WORD`'s first branch): text made only of
# these has `\w+` runs for words, which `re` finds.
AGREED_WITHOUT_UNITS = (
    "\x00-\xb1\xb4-\xb8\xba\xbb\xbf-\u02ff\u0370-\u0482\u048a-\u052f\u05d0-\u05ea"
    "\u2000-\u200b\u200e-\u203e\u2041-\u2053\u2055-\u206f\u20a0-\u20cf\u2100-\u214f\u2190-\u23ff"
    "\u2500-\u2775\u2794-\u27bf\u3000-\u3004\u3008-\u3020\u3030\u3036\u3037\u303d-\u3040\u3097\u3098"
    "\u309b\u309c\u30a0\u30fb\uff00-\uff3e\uff40-\uff65\uffe0-\uffef\U0001f300-\U0001faff"
)
_OUTSIDE_AGREED = re.compile(f"[^{AGREED_WITHOUT_UNITS}]")


# opening quotation mark -> the marks that close it: English “…”, German „…“ (and „…”), French
# and Swiss «…» and ‹…›, Danish »…«, Swedish and Finnish ”…”, CJK 「…」 and 『…』, German ‚…‘,
# and straight "…"
OPENING_QUOTES = {"“": "”", "«": "»", "„": "“”", "「": "」", "『": "』", "‹": "›", "‚": "‘", "»": "«", "”": "”", '"': '"'}
# the marks that open only where the text around them says so (otherwise they close)
LOOK_BOTH_WAYS = frozenset({'"', "”", "»"})
# the marks that close a quotation begun before the paragraph when no quotation is open (not ‘,
# which opens English single quotes and closes only an open ‚)
CLOSING_QUOTES = frozenset("”»」』›«\"")
QUOTE_MARK = regex.compile(r'["“”«»„「」『』‹›‚‘]')
SENTENCE_END_IN_QUOTE = regex.compile(r"[.!?…](?=\s+[\"'“‘(\[]?[\p{Lu}\p{N}])")


def _closes(text: str, index: int) -> bool:
    """Whether a quote mark that may open or close (`LOOK_BOTH_WAYS`) closes here: glued to the
    word before it, and followed by a space, punctuation or the end."""
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not (before.isspace() or before in "([{—–-:/") and (after.isspace() or not after.isalnum())


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of text inside quotation marks of any language (see `OPENING_QUOTES`).

    Callers pass one paragraph. Nested quotes stay inside their outer span. A closing mark before
    any opening one closes a quotation that ran in from the paragraph before: the span starts at
    the paragraph. A quote left open runs to the end of the paragraph when it opens the paragraph
    (a quotation running over several paragraphs opens each with a quote mark and closes only at
    its end); opened inside the paragraph and never closed, it is a stray mark, and ends with its
    sentence: the narration after it is read.
    """
    spans: list[tuple[int, int]] = []
    start = None
    closing = ""
    depth = 0
    for mark in QUOTE_MARK.finditer(text):  # only the quote marks, not every character
        index, char = mark.start(), mark.group()
        if start is None:
            if char in OPENING_QUOTES and (char not in LOOK_BOTH_WAYS or not _closes(text, index)):
                start, closing, depth = index, OPENING_QUOTES[char], 1
            elif char in CLOSING_QUOTES and not spans and text[:index].strip():
                spans.append((0, index + 1))  # the end of a quotation that began before this paragraph
        elif char in closing and (closing != "“”" or depth == 1) and (char != '"' or depth == 1):
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
                start = None
        elif char in OPENING_QUOTES and OPENING_QUOTES[char] == closing and char not in closing:
            depth += 1
    if start is not None:
        end = len(text)
        if text[:start].strip():  # opened inside the paragraph: a stray mark ends with its sentence
            found = SENTENCE_END_IN_QUOTE.search(text, start)
            end = found.end() if found else end
        spans.append((start, end))
    return spans


# -- words that several rules know -------------------------------------------------------------

# calendar order, lower case; the abbreviations too ("Sept" before "Sep": the longer first)
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# what stands before a person's name ("Mr", "Dame", "Sheikh"), lower case, without the dot
HONORIFICS = ("mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "sheikh", "madam")
# the small words inside a name ("Ursula von der Leyen", "Luiz Inácio Lula da Silva")
NAME_PARTICLES = ("de", "da", "del", "della", "der", "den", "van", "von", "bin", "bint", "ibn", "al", "el", "la", "le",
                  "di", "du", "dos", "das", "do", "y", "ter", "ten", "zu", "abu", "ben")
# words whose dot ends no sentence (lower case, without the final dot): titles, honorifics,
# company forms, months, dotted initials ("u.s")
ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr st jr sr prof gen sen rep gov lt col capt sgt maj adm rev hon pres no vs inc corp co
    ltd u.s u.k u.n e.g i.e jan feb aug sept oct nov dec mt ft fr messrs mme rt cf approx dept est""".split()
)


# -- patterns compiled when first used ----------------------------------------------------------

_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern", "groups",
          "groupindex", "flags")


class CompiledLater:
    """A module-level pattern compiled when first used. A run that checks no article (warm, a
    fresh clone served from the cache) or one (a pre-commit run, one article edited) needs few
    of title-role's 48 patterns or none, which took 0.04 s of every start to compile; a run
    with worker processes compiles them all before they fork (`compile_waiting`), so that they
    share them as before. Once compiled, the pattern's methods are the object's own
    attributes: a call costs what a call on the pattern costs."""

    waiting: list["CompiledLater"] = []

    def __init__(self, module, source: str, flags: int = 0):
        self._module, self._source, self._flags = module, source, flags
        self._compiled = None
        CompiledLater.waiting.append(self)

    def compiled(self):
        if self._compiled is None:
            self._compiled = self._module.compile(self._source, self._flags)
            for name in _BOUND:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    def __getattr__(self, name: str):  # before the first use, and for the pattern's other attributes
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)


def compiled_later(module, source: str, flags: int = 0) -> CompiledLater:
    """`module.compile(source, flags)` (module: `re` or `regex`), done when first used."""
    return CompiledLater(module, source, flags)


def compile_waiting() -> None:
    """Compile every pattern `compiled_later` made that is not compiled yet (before worker
    processes fork)."""
    for pattern in CompiledLater.waiting:
        pattern.compiled()
    CompiledLater.waiting.clear()
