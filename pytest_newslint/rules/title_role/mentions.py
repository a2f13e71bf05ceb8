"""Mentions: every person an article gives a title, read from its prose blocks (`extract`).

A title is read around each office word (`titles.parse_title`), and the person it names is found
in one of three places:

- right after it: "Former US President Donald Trump", "Finance Minister Ms Benet";
- before it, in apposition: "Ana Ferreira, the finance minister, said";
- after it, in apposition: "the prime minister, Keir Starmer, said" (full names only).

Everything here works on offsets into the document's text, so a mention knows its line and column.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import regex

from ...text import compiled_later, ABBREVIATIONS, FAST, QUOTE_MARK, quoted_spans, sentences
from .names import HONORIFIC_START, LETTERS, MORE_NAME, NAME_AFTER, WINDOW, name_tokens, trim_name
from .offices import Office, OfficeTable
from .titles import APPOSITION_END, APPOSITION_LEFT, REVERSE_APPOSITION, Title, title_left, title_right


@dataclass(slots=True)
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
            found = FAST.capital_sentences(self.text, ABBREVIATIONS) if FAST else None  # the twin: `sentences`
            self._sentences = sentences(self.text, capital_after=True) if found is None else found
        return self._sentences

    @property
    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            text = self.text
            spans = []
            if any(mark in text for mark in QUOTE_MARKS):
                found = FAST.quoted_spans(text) if FAST else None  # the twin: `quoted_spans`
                spans = quoted_spans(text) if found is None else found
            self._quotes = sorted(spans + single_quoted_spans(text))
        return self._quotes


# QUOTE_MARK is a class of single characters: whether a text holds one is a substring test of
# each (a mark beyond the text's widest character is ruled out at once), where a search of the
# class read every character of the text against it
QUOTE_MARKS = tuple(QUOTE_MARK.pattern[1:-1])
SINGLE_QUOTED = compiled_later(regex, r"(?:^|(?<=[\s(\[—–:]))‘(?:[^‘’]|’(?=\p{L}))+’(?![\p{L}])")
QUOTE_MARKER = compiled_later(regex, r"(?m)^[ \t]{0,3}(?:>[ \t]?)+")
MARKUP = compiled_later(regex, r"[*_\[\]`]")
TITLE_CASE_WORD = compiled_later(regex, rf"[{LETTERS}][{LETTERS}'’\-]*")
ASCII_TITLE_CASE_WORD = compiled_later(re, r"[A-Za-z][A-Za-z'\-]*")  # the same in ASCII text, found by `re`: faster
SMALL_WORDS = frozenset("a an the of and or in on at to for by with from as vs is".split())


def single_quoted_spans(text: str) -> list[tuple[int, int]]:
    """Text inside curly single quotes used as quotation marks (‘...’), not apostrophes."""
    spans = []
    if "‘" not in text:
        return spans
    for match in SINGLE_QUOTED.finditer(text):
        spans.append((match.start(), match.end()))
    return spans


def _unit(block, markdown: bool) -> Unit:
    """A block as the rule reads it (markup blanked: the text keeps its length)."""
    text = block.text
    if markdown:
        if block.kind == "quote":
            text = QUOTE_MARKER.sub(lambda m: " " * len(m.group()), text)
        text = MARKUP.sub(" ", text)
    return Unit(block.start, text)


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
    count = 0  # at least four words other than the small ones, and all capitalised
    for match in (ASCII_TITLE_CASE_WORD if text.isascii() else TITLE_CASE_WORD).finditer(text):
        word = match.group()
        if word.lower() in SMALL_WORDS:
            continue
        if not word[0].isupper():
            return False  # most sentences: a word in lower case comes soon
        count += 1
    return count >= 4


# what may stand between the comma of an apposition and the title after it ("Ana Ferreira, the
# country's finance minister"): spaces, line breaks, and the characters of words (ASCII letters,
# digits, . ' & / - and any character beyond ASCII)
_APPOSITION_GAP = compiled_later(re, r"[A-Za-z0-9.'&/\- \t\n\x80-\U0010ffff]*")


def _comma_before(text: str, start: int) -> bool:
    """Whether the last comma before `start` has only spaces and word characters after it: what
    `APPOSITION_LEFT` needs of a title starting at `start` (or at a word before it)."""
    comma = text.rfind(",", 0, start)
    return comma >= 0 and _APPOSITION_GAP.fullmatch(text, comma + 1, start) is not None


# the lower-case words after an office word that go on with its title ("of Finance", "elect") or
# end an apposition ("who"): any other makes `may_name` false at once (`_plain_word_after`)
_GOES_ON = frozenset({"of", "for", "at", "elect", "designate", "who", "whose"})


def _plain_word_after(text: str, end: int) -> bool:
    """Whether a lower-case ASCII word other than those of `_GOES_ON` follows the office word
    ending at `end` (after spaces and tabs): then the title ends there (`title_right` reads on
    only over "of", "for", "at", "elect" and "designate") and `may_name` is false. A shortcut
    ("the president said") that spares reading the rest of the title."""
    size = len(text)
    while end < size and text[end] in " \t":
        end += 1
    if end == size or not "a" <= text[end] <= "z":
        return False
    stop = end + 1
    while stop < size and "a" <= text[stop] <= "z":
        stop += 1
    return text[end:stop] not in _GOES_ON


def may_name(text: str, start: int, end: int, right_organisation: bool) -> bool:
    """False only when `_name_for` finds nobody for a title whose office word starts at `start`
    and that ends at `end` (`title_right`): no name can follow (`NAME_AFTER` starts with a
    capital letter, or a line break, after spaces and tabs), and no apposition ends there
    (`APPOSITION_END`) with a name before it (`_comma_before`) or, after a comma, one after it
    (`REVERSE_APPOSITION`). Decided on the first character after spaces and tabs."""
    after = end
    size = len(text)
    while after < size and text[after] in " \t":
        after += 1
    char = text[after] if after < size else ""
    if not right_organisation and (char == "\n" or char >= "\x80" or "A" <= char <= "Z"):
        return True  # a name may follow ("President Joe Biden")
    if char == ",":
        if REVERSE_APPOSITION.match(text, end, end + WINDOW):
            return True  # "the prime minister, Keir Starmer, said"
    elif char and char not in ";:.)\n—–" and not (after > end and text.startswith("who", after)):
        return False  # no apposition ends here
    return _comma_before(text, start)


def extract(document, table: OfficeTable, check_quotes: bool, least: int = 1,
            plausible=None, plausible_offices=None) -> tuple[list[Mention], list[Unit]]:
    """Every titled mention of a person in the prose of an article, in order, and the article's
    units (a unit for each prose block; none when there is no mention). For a caller that
    needs at least `least` mentions or none, and whose `plausible(titles)` says whether the
    titles read (`Title`s, before any name is looked for) can give it anything: no mention
    when the prose holds fewer office words or titles, or when `plausible` says no (or, before
    any title's left side is read, `plausible_offices(readings)` of their office words)."""
    made, found = _office_words(document, table)
    if sum(len(matches) for _, matches in found) < least:
        return [], []  # (the units are asked for only with mentions)
    # "the president said": no name after a plain word, and no more of the title
    named = [(unit, match) for unit, matches in found for match in matches if not _plain_word_after(unit.text, match.end())]
    if len(named) < least:
        return [], []
    if plausible_offices is not None and not plausible_offices(_office_names(named, table)):
        return [], []  # the readings below are some of these office words, with their names and kinds
    readings = []  # (unit, office word, the title's right side) that a name may go with
    for unit, match in named:
        reading = title_right(unit.text, match, table)
        if reading is not None and may_name(unit.text, match.start(), reading.end, reading.right_organisation):
            readings.append((unit, match, reading))
    if len(readings) < least or (plausible_offices is not None and not plausible_offices([r for _, _, r in readings])):
        return [], []
    titles = []  # (unit, office word, title): each mention is read from one of them
    # a quoted office word gives no mention (`_mention` asks first): where the titles themselves
    # are not asked for (`plausible`, or counted against a `least` above one), its left side is
    # not read
    skip_quoted = not check_quotes and plausible is None and least <= 1
    for unit, match, reading in readings:
        if skip_quoted and _inside(unit.quotes, match.start()):
            continue
        title = title_left(unit.text, match, reading)
        if title is not None:
            titles.append((unit, match, title))
    if len(titles) < least or (plausible is not None and not plausible([title for _, _, title in titles])):
        return [], []
    title_case: dict = {}  # whether a sentence is in title case, by unit and sentence
    mentions = []
    for unit, match, title in titles:
        mention = _mention(document, unit, match, title, check_quotes, title_case)
        if mention is not None:
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    # one mention a place: an office word inside a longer title read twice keeps the longer title
    unique: list[Mention] = []
    for mention in mentions:
        if unique and unique[-1].start == mention.start and unique[-1].tokens == mention.tokens:
            continue
        unique.append(mention)
    return unique, (_all_units(*made) if unique else [])


class _OfficeName:
    """An office word's office name and kind, as a title's right side (`titles._Reading`) gives
    them before anything else is read: what `plausible_offices` reads of a reading."""

    __slots__ = ("name", "kind")

    def __init__(self, name: str, kind: str | None):
        self.name, self.kind = name, kind


def _office_names(named: list, table: OfficeTable) -> list[_OfficeName]:
    """The office names and kinds of the office words that `title_right` would read: its
    readings take theirs from the word unchanged (`_read_right` reads portfolios, a country
    and an organisation), and it reads only words the table knows. The readings are some of
    these, so where these cannot contradict (`plausible_offices` asks for a pair), neither
    can they: the right sides need not be read."""
    found = []
    for _, match in named:
        word = table.lookup(match.group(1))
        if word is not None:
            found.append(_OfficeName(word.office, word.kind))
    return found


def _office_words(document, table: OfficeTable) -> tuple[tuple, list[tuple[Unit, list]]]:
    """The article's units as far as they are made (for `_all_units`: the units holding office
    words, the blocks, markdown or not), and the units holding office words with their matches
    (in the unit's text)."""
    # one scan of the whole file finds where office words stand; only the units holding one
    # are read closely (on markup-blanked text, as the units are, so no office word is missed)
    scanned = document.text
    if document.is_markdown:
        scanned = MARKUP.sub(" ", QUOTE_MARKER.sub(lambda m: " " * len(m.group()), scanned))
    # the spans are the pattern's over `scanned.lower()` unless "İ" (two characters lower-cased)
    # made the scan use the case-insensitive pattern on `scanned`
    spans, same_pattern = table.scan(scanned)
    if not spans:
        return ([], [], False), []
    markdown = document.is_markdown
    # the front matter fields readers see (title, description, summary) count as prose, with
    # their own lines: a title that calls someone "former" against a body that does not
    blocks = document.front_matter_fields() + document.prose_blocks()
    units: list = [None] * len(blocks)  # a unit is made where an office word stands, the others when asked for
    found = []
    held = FAST.office_blocks(blocks, spans) if FAST else None  # the twin: `blocks_holding`
    for index, first, stop in blocks_holding(blocks, spans) if held is None else held:
        unit = units[index] = _unit(blocks[index], markdown)
        matches = None
        if same_pattern:  # the twin: `_alike_starts`
            starts = FAST.office_alike_starts(scanned, unit.text, unit.start, spans, first, stop) if FAST else None
            if starts is None:
                starts = _alike_starts(scanned, unit, spans, first, stop)
            if starts is not False:
                matches = table.matches_at(unit.text, starts)
        if matches is None:
            matches = list(table.finditer(unit.text))
        if matches:
            found.append((unit, matches))
    return (units, blocks, markdown), found


def blocks_holding(blocks: list, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(index, first, stop) for each block that one of the sorted, disjoint `spans` overlaps:
    `spans[first:stop]` are those inside it (a unit's text keeps its block's length). The
    compiled `office_blocks` is its twin."""
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    held = []
    for index, block in enumerate(blocks):
        begin, end = block.start, block.start + len(block.text)
        first = bisect.bisect_right(ends, begin)  # the first office word ending inside or after the block
        if first == len(spans) or spans[first][0] >= end:
            continue
        held.append((index, first, bisect.bisect_left(starts, end, first)))
    return held


def _all_units(made: list, blocks: list, markdown: bool) -> list[Unit]:
    """A unit for each block: those `_office_words` made, and the others."""
    return [unit if unit is not None else _unit(block, markdown) for unit, block in zip(made, blocks)]


def _alike_starts(scanned: str, unit: Unit, spans: list[tuple[int, int]], first: int, stop: int) -> list[int] | bool:
    """The starts in the unit's text of the office words `spans[first:stop]` of `scanned` that
    overlap it, when they are the unit's own (`_scanned_alike`); False when its text must be
    scanned itself. The compiled `office_alike_starts` is its twin."""
    inside = spans[first:stop]
    if not _scanned_alike(scanned, unit, inside):
        return False
    return [start - unit.start for start, _ in inside]


def _scanned_alike(scanned: str, unit: Unit, inside: list[tuple[int, int]]) -> bool:
    """Whether the office words of the unit are those of `scanned` inside it (`inside`), so its
    text need not be scanned again: its text is that of `scanned` there, without "Σ" (which
    lower-cases by its place in a word); no word found in `scanned` runs over its start or
    end; and no word character stands right before it, nor a word character or "-" right
    after it (what the pattern looks at around a word). The pattern's scan then takes the same
    steps inside the unit alone as inside `scanned`."""
    begin, end = unit.start, unit.start + len(unit.text)
    if inside[0][0] < begin or inside[-1][1] > end:
        return False
    before = scanned[begin - 1].lower() if begin else " "
    after = scanned[end].lower() if end < len(scanned) else " "
    if before.isalnum() or before == "_" or after.isalnum() or after in "_-":
        return False
    return "Σ" not in unit.text and scanned.startswith(unit.text, begin)


APPOSITION_WINDOW = 160  # how far before a title the name of an apposition may start
# a character no match of APPOSITION_LEFT holds before its comma (its names, honorific and
# possessive hold letters, marks, ' ’ ʻ - . and white space), looked for backwards
_NOT_IN_NAME = compiled_later(regex, rf"[^{LETTERS}'’ʻ\-. \t\n]", regex.REVERSE)


def apposition_left(text: str, start: int):
    """`APPOSITION_LEFT.search(text, max(0, start - APPOSITION_WINDOW), start)`, read from the
    last character before the last comma that no name holds: a match holds the last comma
    before `start` (nothing after its comma is one) and, before it, only what `_NOT_IN_NAME`
    is not, so it cannot start before that character (and `^` matches only at 0, and the
    look-behind reads the text before the search's start, wherever it starts)."""
    window_start = max(0, start - APPOSITION_WINDOW)
    comma = text.rfind(",", window_start, start)
    if comma < 0:
        return None  # every match holds a comma
    stop = _NOT_IN_NAME.search(text, window_start, comma)
    return APPOSITION_LEFT.search(text, stop.end() if stop else window_start, start)


def _mention(document, unit: Unit, match, title: Title, check_quotes: bool, title_case: dict) -> Mention | None:
    """The mention of the title read at `match` in `unit`: the person it names, or None when it
    names nobody, stands in a quotation (unless `check_quotes`) or in a title-case sentence."""
    text = unit.text
    if not check_quotes and _inside(unit.quotes, match.start()):
        return None
    found = _name_for(text, title)
    if found is None:
        return None
    name, honorific, name_start, form = found
    if not check_quotes and _inside(unit.quotes, name_start):
        return None
    tokens = name_tokens(name)
    if not tokens:
        return None
    sentence = _sentence_at(unit.sentences, match.start(), len(text))
    key = (id(unit), sentence)
    if key not in title_case:
        title_case[key] = _title_case(text[sentence[0] : sentence[1]])
    if title_case[key]:
        return None
    report = name_start if form == "apposition" else title.start
    position = unit.start + report
    line, column = document.position(position)
    return Mention(
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


def _capital_after_spaces(text: str, end: int) -> bool:
    """False only when MORE_NAME cannot match at `end`: it reads spaces or tabs (one at least),
    then a word of a name, which starts with a capital letter (`\\p{Lu}`: A-Z, or a character
    beyond ASCII). Most names end before a space and a word in lower case ("said")."""
    after = end
    size = len(text)
    while after < size and text[after] in " \t":
        after += 1
    if after == end or after == size:
        return False
    char = text[after]
    return char >= "\x80" or "A" <= char <= "Z"


def _name_for(text: str, title: Title):
    """(name, honorific, offset of the name, form) of the person a title belongs to, or None."""
    after = NAME_AFTER.match(text, title.end, title.end + WINDOW) if not title.right_organisation else None
    if after:
        raw = after.group(2)
        following = text[after.end() : after.end() + 2]
        if following[:1] not in ("-",) and not (_capital_after_spaces(text, after.end())
                                               and MORE_NAME.match(text, after.end(), after.end() + WINDOW)):
            name = trim_name(raw)
            if name:
                honorific = (after.group(1) or "").lower() or None
                if name == raw or raw.startswith(name):
                    return name, honorific, after.start(2), "before"
        return None
    # apposition before: "Ana Ferreira, the finance minister, said"
    if APPOSITION_END.match(text, title.end) and not text.startswith(("'s", "’s"), title.end):
        left = apposition_left(text, title.start) if _comma_before(text, title.start) else None
        reverse = REVERSE_APPOSITION.match(text, title.end, title.end + WINDOW) if title.article or title.possessive_country else None
        if left and reverse:
            return None  # "X, the minister, Y, ...": whose title is it?
        if left:
            raw = left.group(1)
            honorific_match = HONORIFIC_START.match(raw)
            honorific = honorific_match.group(1).lower() if honorific_match else None
            bare = raw[honorific_match.end() :] if honorific_match else raw
            name = trim_name(bare)
            if name and bare.endswith(name) and not bare[:1].isdigit():
                offset = left.start(1) + (honorific_match.end() if honorific_match else 0) + (len(bare) - len(name))
                if honorific_match and bare == name:
                    offset = left.start(1)
                return name, honorific, offset, "apposition"
            return None
        if reverse:
            name = trim_name(reverse.group(1))
            if name and name == reverse.group(1) and len(name.split()) >= 2:
                return name, None, reverse.start(1), "reverse"
    return None

