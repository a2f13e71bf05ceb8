"""Repeats across articles: fingerprints of each article's paragraphs, and an index over all.

`summary(document, ...)` is what `repeated-block` keeps of an article between runs: a small,
JSON-ready dict (no text). Each paragraph of prose long enough to matter gets

- its lines, its word count, and an `exact` hash of its words; and
- fingerprints: the CRC-32 of every `SHINGLE`-word run of its words that falls in one
  `SAMPLE`th of the hash space (the same text always gives the same fingerprints, wherever it
  stands, so a copy shares most of them and a near copy a good part).

`find_copies(entries, ...)` works in time close to linear in the number of fingerprints, in
flat arrays (what grows with the archive is never a Python object a fingerprint or a pair):

1. every fingerprint, packed with its paragraph's number, goes into one sorted array (the
   postings), so the articles holding a fingerprint are found by bisection;
2. a fingerprint held by exactly two articles (rare text both share), or a paragraph pasted
   into a few through its hub (see `build_index`), makes them a candidate pair; nothing else is
   ever compared;
3. a candidate pair whose shared fingerprints cannot make a passage (`Corpus.passages`) is let
   go; for the others, paragraphs are matched on their fingerprints; a match whose shared
   fingerprints also stand in a third article is a template and is dropped; the rest decide.

Steps 1 to 3's first test are compiled where the extension is built (`corpus_index`,
`corpus_gate` in `_speedups.c`), with the Python code here as their twins.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import heapq
import re
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from itertools import accumulate, chain, compress, islice, repeat
from operator import eq, gt, sub
from typing import NamedTuple

from ...document import Document
from ...text import FAST
from ...text import word_equivalents
from ...text import words as words_of
from ...text import sentences
from .. import taken
from . import increment
from ..forked import InFork
from .local import CLOSING, STOPWORDS, block_is_question, is_boilerplate, is_question, prose_words
from .prose import MIN_PARAGRAPH_WORDS, ROW, SAMPLE, SHINGLE, exact_hash, fingerprints  # noqa: F401 (SAMPLE: named here too)
from .prose import read as read_prose

VERSION = 3  # of the summary's form: 3 spells its keys out
PARTS = 64  # partitions the Python index sorts one at a time (by the top bits of a fingerprint)
POSTINGS_CAP = 2000  # fingerprints held by more articles are common phrases: not looked up
BOX_PARAGRAPHS = 3  # a template (a sign-off, a box, a series intro) spans at most this many paragraphs
PAIR_HOLDERS = 32  # a fingerprint held by more articles makes no candidate pair (see build_index)
HUB_SAMPLE = 0b1100  # a sampled fingerprint with these bits clear (one in four) pairs through a hub
HUB_SHARED = 2  # fingerprints a hub pair must share so (an exact hash counts twice)
CLOSE = 0.8  # share of fingerprints that makes a paragraph a copy made (nearly) word for word
TEMPLATE_SHARE = 0.8  # of the text two articles share, what a third must hold to make it a template
# candidate pairs of the index from which, with more than one process allowed, every other one
# is gated and compared in a forked process (10,000 articles: 47,206 pairs, 3,107 past the
# gate, about 0.2 s in all; a fork costs a few milliseconds)
SPLIT_PAIRS = 20_000
# entries `Corpus` reads at a time (`corpus_take`): a run's summaries are held until it is read
TAKE_RUN = 4096
LOW = 0xFFFFFFFF
# per paragraph, FIELDS numbers in the summary's table: its first and last line, its word
# count, the exact hash of its words, flags and the number of its fingerprints
FIRST_LINE, LAST_LINE, WORD_COUNT, EXACT_HASH, FLAGS, PRINT_COUNT = range(6)
FIELDS = ROW
QUESTION = 1  # flag: a paragraph of questions only

_BIG_ENDIAN = sys.byteorder == "big"


def _pack(values: array) -> str:
    if _BIG_ENDIAN:
        values = array(values.typecode, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def _unpack(text: str) -> array:
    values = array("I")
    values.frombytes(_decoded(text))
    if _BIG_ENDIAN:
        values.byteswap()
    return values


def _decoded(text: str) -> bytes:
    if FAST is not None:  # canonical base64 (what `_pack` writes) in one compiled pass
        found = FAST.canonical_base64(text)
        if found is not None:
            return found
    return binascii.a2b_base64(text)  # base64.b64decode without its checks of the argument


def _from_bytes(data: bytes) -> array:
    values = array("I")
    values.frombytes(data)
    return values


def _swapped(values: array) -> array:
    values.byteswap()
    return values


assert array("I").itemsize == 4


def headline_words(headline: str | None) -> list[int]:
    """Hashes of the headline's words (not the short or common ones; a plural counts as its
    singular), to tell articles of one series."""
    if FAST is not None and headline:
        hashed = FAST.headline_prints(headline, STOPWORDS)  # the same, compiled (text of ASCII and a few marks)
        if hashed is not None:
            return hashed
    found = {w for w in words_of(headline or "") if len(w) > 2 and w not in STOPWORDS}
    return sorted({zlib.crc32((w[:-1] if w.endswith("s") and len(w) > 3 else w).encode()) for w in found})[:32]


def summary(document: Document, min_words: int, boilerplate: str = "") -> dict:
    """What the corpus pass needs of one article: fingerprints and lines, never its text.
    `boilerplate` (`local.boilerplate_text`): sentences standing in a passage are left out."""
    shortest = min(min_words, MIN_PARAGRAPH_WORDS)  # words of a paragraph compared (of questions: 4)
    prose = None if boilerplate else read_prose(document, min_words)
    if prose is not None:
        table, prints, total = _paragraphs_read(document, prose, shortest)
    else:
        table, prints, total = _paragraphs(document, shortest, boilerplate)
    found = {
        "version": VERSION,
        "words": round(total),
        "headline_words": headline_words(document.headline),
        "paragraphs": _pack(table),  # FIELDS numbers per paragraph
        "fingerprints": _pack(prints),
    }
    date = document.date
    if date is not None:  # no key for no date: a dict of five keys is 88 bytes smaller,
        found["date"] = date  # and a million of them are held until the corpus pass
    return found


def _paragraphs(document: Document, shortest: int, boilerplate: str) -> tuple[array, array, float]:
    """The summary's table of paragraphs (FIELDS numbers each), their fingerprints, and the
    article's words, from the words of `prose_words`."""
    table = array("I")
    prints = array("I")
    total = 0
    for block, words in prose_words(document):
        if boilerplate and words:
            words = without_boilerplate(document, block, boilerplate)
        if not words:
            continue
        # compiled: (whether every word is ASCII, its fingerprints and exact hash), at once
        fast = FAST.paragraph_prints(words, SHINGLE, SAMPLE) if FAST is not None else None
        length = len(words) if fast is not None and fast[0] else word_equivalents(words)
        total += length
        if length < min(4, shortest):
            continue  # a credit, "Read more"
        if "?" not in block.text:
            asks = False  # neither question test finds a question without a question mark
            if length < shortest:
                continue
        else:
            asks = _asks(document, block, length, shortest)
            if asks is None:
                continue
        if fast is not None:
            found = fast[1]
        else:
            found = fingerprints(words)
            found.append(exact_hash(words))
        exact = found[-1]
        flags = QUESTION if asks else 0
        start, end = block.start, block.end
        table.extend((document.line_of(start), document.line_of(max(start, end - 1)), round(length), exact, flags, len(found)))
        prints.extend(found)
    return table, prints, total


def _paragraphs_read(document: Document, prose, shortest: int) -> tuple[array, array, int]:
    """`_paragraphs` from the article's `Prose`, compiled: its rows, less those of paragraphs
    with a question mark that the question tests drop, and flagged where they ask."""
    if not prose.questions:
        return prose.rows, prose.prints, prose.total  # most articles
    table = array("I", prose.rows)
    dropped = []
    questions = prose.questions
    for row, number in zip(questions[::2], questions[1::2]):
        asks = _asks(document, prose.blocks[number], table[row * FIELDS + WORD_COUNT], shortest)
        if asks is None:
            dropped.append(row)
        elif asks:
            table[row * FIELDS + FLAGS] = QUESTION
    prints = prose.prints
    if dropped:
        prints = array("I", prints)
        for row in reversed(dropped):
            begin = sum(table[PRINT_COUNT : row * FIELDS : FIELDS])
            del prints[begin : begin + table[row * FIELDS + PRINT_COUNT]]
            del table[row * FIELDS : (row + 1) * FIELDS]
    return table, prints, prose.total


def _asks(document: Document, block, length, shortest: int) -> bool | None:
    """For a paragraph with a question mark: whether it puts a question (None: too short to be
    compared). A question put with a line of context before it ("Election Day is near. What
    is your final plea to voters?") is still the interviewer's question. Both tests split the
    paragraph into sentences: the second is skipped where the first decides."""
    if length >= max(4, shortest):
        return _ends_asking(document, block) or block_is_question(document, block)
    question = block_is_question(document, block)
    if length < (4 if question else shortest):
        return None
    return question or _ends_asking(document, block)


def without_boilerplate(document: Document, block, boilerplate: str) -> list[str]:
    """The words of a block, less its sentences that stand in a boilerplate passage."""
    kept: list[str] = []
    for start, end in sentences(block.text, block.start, join_abbreviations=True):
        found = words_of(document.text[start:end])
        if not is_boilerplate(found, boilerplate):
            kept.extend(found)
    return kept


def _ends_asking(document: Document, block) -> bool:
    """Whether a paragraph's last sentence asks a question (the paragraph puts a question)."""
    text = block.text.rstrip()
    asked = text.rstrip(CLOSING)
    if not asked.endswith("?"):
        return False
    if not text[len(asked) :].strip(")]") and block.text.isascii() and document.text.startswith(block.text, block.start):
        # the last sentence ends where the text does (in text of one script; `text.sentences`),
        # with this question mark, no white space after it (no sentence starts there) and no
        # quotation mark (which would make its start decide): it asks
        return True
    spans = sentences(block.text, block.start, join_abbreviations=True)
    return bool(spans) and is_question(document.text[spans[-1][0] : spans[-1][1]])


# -- the corpus pass ---------------------------------------------------------------------------

class Corpus:
    """The summaries of every article, flattened into arrays, with the fingerprint index."""

    def __init__(self, entries=(), started: bool = False):
        """The corpus of `entries`; `started`: of none yet, its arrays to be filled and closed
        (`finish`) by the caller."""
        self.paths: list[str] = []
        self.dates: list[str | None] = []
        self.words = array("I")
        self.head_words = array("I")  # every article's `headline_words`, one after the other
        self.head_start = array("I", [0])  # per article: its first in `head_words`; one extra at the end
        self.story_keys: list[str | None] = []  # front matter `story`, as collected
        self.stories: list[str | None] = []  # per article: its story, once `mark_stories` ran
        self.first_paragraph = array("I")  # per article: its first paragraph number; one extra at the end
        self.table = array("I")  # FIELDS per paragraph
        self.prints = array("I")
        self.postings = array("Q")  # sorted (fingerprint << 32 | paragraph), once `build_index` ran
        self.pair_keys = array("Q")  # the candidate pairs of `build_index`
        self.pair_alone = array("I")
        read = taken(entries)  # each summary freed once decoded (an engine's `Entries`)
        while run := list(islice(read, TAKE_RUN)):
            self._take_run(run)
        if not started:
            self.finish()

    def finish(self, indexed: bool = True) -> None:
        """Close the arrays once every article is in (`increment` puts them in itself);
        `indexed`: to be indexed (a corpus only read from, a snapshot's, is not)."""
        self.first_paragraph.append(len(self.table) // FIELDS)
        # per paragraph: its offset in `prints` (one extra at the end), and its article
        self.print_start = array("I", accumulate(self.table[PRINT_COUNT::FIELDS], initial=0))
        first = self.first_paragraph
        self.doc_of = array("I", chain.from_iterable(map(repeat, range(len(self.paths)), map(sub, first[1:], first)))
                            if indexed else ())

    def _take_run(self, run: list) -> None:
        """Read a run of entries into the arrays: in one compiled pass (`corpus_take`), or one
        by one (`_take`) for a run it declines."""
        taken = FAST.corpus_take(run, VERSION, FIELDS, PRINT_COUNT) if FAST is not None and not _BIG_ENDIAN else None
        if taken is None:
            for path, data in run:
                self._take(path, data)
            return
        paths, dates, stories, words, heads, head_counts, table, prints, paragraph_counts = taken
        self.paths.extend(paths)
        self.dates.extend(dates)
        self.story_keys.extend(stories)
        self.words.frombytes(words)
        self.head_words.frombytes(heads)
        # running totals: where each article's headline words end, where its paragraphs begin
        self.head_start.extend(array("I", accumulate(_from_bytes(head_counts), initial=self.head_start[-1]))[1:])
        self.first_paragraph.extend(array("I", accumulate(_from_bytes(paragraph_counts), initial=len(self.table) // FIELDS))[:-1])
        self.table.frombytes(table)
        self.prints.frombytes(prints)

    def _take(self, path, data) -> None:
        """Read one entry into the arrays (`corpus_take`'s twin), or skip it."""
        table = self.table
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return  # a summary from another version of the rule: the engine refreshes it
        try:
            rows, prints = _decoded(data["paragraphs"]), _decoded(data["fingerprints"])
        except (KeyError, TypeError, ValueError):
            return  # not a summary this rule wrote
        if len(rows) % (4 * FIELDS) or len(prints) % 4:
            return
        first = len(table)
        table.frombytes(rows)  # decoded straight into the corpus's arrays: checked, then kept or taken back
        if _BIG_ENDIAN:
            table[first:] = _swapped(table[first:])
        if sum(table[first + PRINT_COUNT :: FIELDS]) * 4 != len(prints):
            del table[first:]
            return
        try:
            heads = array("I", data.get("headline_words") or ())
        except (TypeError, ValueError, OverflowError):
            heads = array("I")  # not what this rule writes: no series to tell
        self.paths.append(str(path))
        self.dates.append(data.get("date"))
        self.words.append(int(data.get("words", 0)))
        self.head_words.extend(heads)
        self.head_start.append(len(self.head_words))
        self.story_keys.append(data.get("story") if isinstance(data.get("story"), str) else None)
        self.first_paragraph.append(first // FIELDS)
        start = len(self.prints)
        self.prints.frombytes(prints)
        if _BIG_ENDIAN:
            self.prints[start:] = _swapped(self.prints[start:])

    def heads(self, doc: int) -> array:
        """The hashes of the article's headline words (`headline_words`)."""
        return self.head_words[self.head_start[doc] : self.head_start[doc + 1]]

    def date_key(self, doc: int) -> str | None:
        keys = self.__dict__.setdefault("_date_keys", {})
        if doc not in keys:
            keys[doc] = date_key(self.dates[doc])
        return keys[doc]

    def dated_apart(self, a: int, b: int) -> bool:
        """Whether the two articles' dates tell which is later: both readable and not the same
        (a day against a time on that day tells nothing)."""
        ka, kb = self.date_key(a), self.date_key(b)
        if ka is None or kb is None:
            return False
        if len(ka) != len(kb):
            ka, kb = ka[:10], kb[:10]
        return ka != kb

    def paragraphs(self, doc: int) -> range:
        return range(self.first_paragraph[doc], self.first_paragraph[doc + 1])

    def prints_of(self, paragraph: int) -> array:
        return self.prints[self.print_start[paragraph] : self.print_start[paragraph + 1]]

    def field(self, paragraph: int, field: int) -> int:
        """One of the paragraph's numbers: FIRST_LINE, LAST_LINE, WORD_COUNT, EXACT_HASH, FLAGS."""
        return self.table[paragraph * FIELDS + field]

    def asks_only(self, paragraph: int) -> bool:
        """Whether the paragraph is made of questions only."""
        return bool(self.field(paragraph, FLAGS) & QUESTION)

    # -- index -----------------------------------------------------------------------------
    def build_index(self, holders: int = 2) -> array:
        """Sort the fingerprints into `postings`; return the candidate pairs of articles, as
        sorted keys `a << 32 | b` (a < b), and keep in `pair_alone`, per key, how many
        fingerprints only the two hold.

        A fingerprint exactly two articles hold makes them a pair. A paragraph's exact hash
        that more hold, up to `holders`, pairs each of them with one of them, its hub (the first
        by date and path): a paragraph pasted into many articles is compared between the hub
        and each copy, which grows with the copies, not with their square; such a pair is kept
        when it shares `HUB_SHARED` fingerprints so (an exact hash counts twice). For a near
        copy in several articles, one in four of the sampled fingerprints (`HUB_SAMPLE`) is
        looked at the same way, which keeps the work a fraction of the runs'. Text
        held by more than `holders` articles makes no pair at all; a copy that also holds
        rarer text is found through that.

        Everything here grows with the archive, so it is kept in flat arrays: 8 bytes a
        fingerprint for the postings, 12 a candidate pair."""
        rank = array("I", self.rank()) if holders > 2 else array("I", [0]) * len(self.paths)
        self.postings = array("Q", [0]) * len(self.prints)  # filled by the compiled index (no copy made)
        found = None
        if FAST is not None:
            found = FAST.corpus_index(self.prints, self.print_start, self.doc_of, rank, self.postings, holders, HUB_SAMPLE, HUB_SHARED)
        if found is None:
            keys, alone = self._build_index(holders, rank)
        else:
            keys, alone = array("Q"), array("I")
            keys.frombytes(found[0])
            alone.frombytes(found[1])
        self.pair_keys, self.pair_alone = keys, alone
        return keys

    def _build_index(self, holders: int, rank) -> tuple[array, array]:
        """`build_index` in Python (the compiled one's twin)."""
        shift = 32 - (PARTS.bit_length() - 1)
        parts = [array("Q") for _ in range(PARTS)]
        appends = [part.append for part in parts]
        prints, start = self.prints, self.print_start
        for paragraph in range(len(start) - 1):
            for fp in prints[start[paragraph] : start[paragraph + 1]]:
                appends[fp >> shift](fp << 32 | paragraph)
        pairs: dict[tuple[int, int], int] = {}
        hub_pairs: list[tuple[int, int]] = []
        doc_of = self.doc_of
        postings = self.postings
        del postings[:]
        for n, part in enumerate(parts):
            ordered = sorted(part)
            parts[n] = None
            del part
            postings.extend(ordered)
            keys = [value >> 32 for value in ordered]
            if len(keys) < 2:
                continue
            same = list(map(eq, keys, keys[1:]))
            # a fingerprint held exactly twice: same as the next, unlike the one before and after
            before = [False, *same[:-1]]
            after = [*same[1:], False]
            for k in compress(range(len(same)), map(gt, map(gt, same, before), after)):
                a, b = doc_of[ordered[k] & LOW], doc_of[ordered[k + 1] & LOW]
                if a != b:
                    key = (a, b) if a < b else (b, a)
                    pairs[key] = pairs.get(key, 0) + 1
            if holders > 2:
                # a paragraph pasted into three articles or more: its exact hash (odd), or one
                # in four of its sampled fingerprints, in a run of three postings or more. A run
                # starts where `same` starts holding and ends where it stops (both found in C);
                # only those fingerprints are looked at in Python: the runs are mostly common
                # phrases, and a copied passage holds enough of the sample.
                starts = compress(range(len(same)), map(gt, same, before))
                ends = compress(range(len(same)), map(gt, same, after))
                for k, end in zip(starts, ends):
                    key = keys[k]
                    if end == k or not (key & 1 or not key & HUB_SAMPLE):
                        continue
                    docs = set(map(doc_of.__getitem__, map(LOW.__and__, ordered[k : end + 2])))
                    if not 2 <= len(docs) <= holders:
                        continue
                    hub = min(docs, key=rank.__getitem__)
                    docs.discard(hub)
                    found = [(hub, other) if hub < other else (other, hub) for other in docs]
                    # an exact hash counts twice, as in `_copies_between`
                    hub_pairs.extend(found * 2 if key & 1 else found)
            del ordered, keys, same, before, after
        alone = dict(pairs)  # what the fingerprints only two articles hold make
        for key, count in Counter(hub_pairs).items():
            if count >= HUB_SHARED or key in pairs:
                pairs[key] = pairs.get(key, 0) + count
        ordered_pairs = sorted(pairs)
        return array("Q", [a << 32 | b for a, b in ordered_pairs]), array("I", [alone.get(key, 0) for key in ordered_pairs])

    def passages(self, needed: int, part: int = 0, parts: int = 1, within: bytearray | None = None) -> array:
        """The candidate pairs (keys, as `build_index` gives them; every `parts`-th from `part`;
        with `within`, a mark an article, those whose marks add up to 2) that may share a passage:
        `needed` fingerprints only the two articles hold, or `needed` by `_passage_prints` (a
        pair sharing less is never compared paragraph by paragraph, see `_copies_between`)."""
        keys, counts = self.pair_keys[part::parts], self.pair_alone[part::parts]
        if FAST is not None:
            found = FAST.corpus_gate(keys, counts, self.postings, self.doc_of, len(self.paths), needed,
                                     POSTINGS_CAP, PAIR_HOLDERS, within)
            if found is not None:
                kept = array("Q")
                kept.frombytes(found)
                return kept
        if within is not None:
            chosen = [n for n, key in enumerate(keys) if within[key >> 32] + within[key & LOW] >= 2]
            keys, counts = array("Q", [keys[n] for n in chosen]), array("I", [counts[n] for n in chosen])
        kept = array("Q")
        prints_of_a: tuple[int, set[int]] = (-1, set())
        for key, alone in zip(keys, counts):
            if alone < needed:
                a, b = key >> 32, key & LOW
                if prints_of_a[0] != a:  # the pairs come sorted: one set for all the pairs of `a`
                    prints_of_a = (a, set(self.all_prints(a)))
                if _passage_prints(self, prints_of_a[1].intersection(self.all_prints(b))) < needed:
                    continue
            kept.append(key)
        return kept

    def rank(self) -> list[int]:
        """Per article, its place by date (as written, when readable) and path: which article
        of several is a hub."""
        # date_key itself, not the method: its cache is for the few articles compared
        order = sorted(range(len(self.paths)), key=lambda d: (date_key(self.dates[d]) or "", self.paths[d]))
        rank = [0] * len(order)
        for place, doc in enumerate(order):
            rank[doc] = place
        return rank

    def holding(self, fp: int) -> array:
        """The paragraphs holding a fingerprint (all of them, however many)."""
        postings = self.postings
        i = bisect_left(postings, fp << 32)
        j = bisect_left(postings, (fp + 1) << 32, i)
        return postings[i:j]

    def holders(self, fp: int) -> set[int] | None:
        """The articles holding a fingerprint (None: too many to say, a common phrase)."""
        postings = self.postings
        i = bisect_left(postings, fp << 32)
        j = bisect_left(postings, (fp + 1) << 32, i)
        if j - i > POSTINGS_CAP:
            return None
        doc_of = self.doc_of
        return {doc_of[value & LOW] for value in postings[i:j]}

    def all_prints(self, doc: int) -> array:
        return self.prints[self.print_start[self.first_paragraph[doc]] : self.print_start[self.first_paragraph[doc + 1]]]


class Match:
    """A paragraph of the later article (`copy`) that copies one of the earlier (`source`):
    word for word (`exact`), nearly so (`close`), or near; `words`: the shorter one's count."""

    __slots__ = ("source", "copy", "exact", "close", "words")

    def __init__(self, source: int, copy: int, exact: bool, close: bool, words: int):
        self.source, self.copy, self.exact, self.close, self.words = source, copy, exact, close, words


def later_of(corpus: Corpus, a: int, b: int) -> tuple[int, int]:
    """(earlier, later): by front matter date when both have one and they differ, else by path."""
    if corpus.dated_apart(a, b):
        return (a, b) if corpus.date_key(a) < corpus.date_key(b) else (b, a)
    return (a, b) if corpus.paths[a] < corpus.paths[b] else (b, a)


MONTHS = {name: number for number, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), 1) for name in names.split()}
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)\.?,?\s+(\d{4})$")
MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
NUMERIC = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")


def date_key(value) -> str | None:
    """A date as written in front matter, made comparable: "YYYY-MM-DD" for a day, with
    "THH:MM:SS" after it for a time (in UTC when the time has a zone). None when it is not a
    date that can be read without guessing (01/02/2024 can be either month)."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        moment = datetime.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        moment = None
    if moment is not None:
        if len(text) <= 10:
            return moment.date().isoformat()
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return moment.isoformat(timespec="seconds")
    lowered = text.casefold()
    for pattern, order in ((NUMERIC, (0, 1, 2)), (DAY_MONTH_YEAR, (2, 1, 0)), (MONTH_DAY_YEAR, (2, 0, 1))):
        match = pattern.match(lowered)
        if match:
            parts = match.groups()
            year, month, day = (parts[k] for k in order)
            month = MONTHS.get(month) if not month.isdigit() else int(month)
            try:
                return datetime.date(int(year), int(month or 0), int(day)).isoformat()
            except ValueError:
                return None
    return None


def _is_template(corpus: Corpus, shared: set[int], a: int, b: int, template_articles: int) -> bool:
    """Whether the text two paragraphs share is a template in the later of `a` and `b` (the
    article a copy would be reported on): it stands there at an edge -- the opening lines, or
    the closing lines -- and at that same edge in at least `template_articles` articles
    (versions of one story counting once): a series intro, a sign-off, an "About us" or
    "Related" box. How many articles hold a passage never decides alone: pasted into the middle
    of any number of articles, it is a copy in each (and where it stands in the middle of one
    article, it is a copy there, however many others it closes).

    An article holds the text when one paragraph of it has `TEMPLATE_SHARE` of the shared
    fingerprints; the text stands at its closing (opening) edge when every paragraph after
    (before) that one is held, the same way, by others holding the text (a box of several
    paragraphs); lines under `MIN_PARAGRAPH_WORDS` words (a credit, "Read more") do not count."""
    later = later_of(corpus, a, b)[1]
    key = (template_articles, frozenset(shared))
    cache = corpus.__dict__.setdefault("_templates", {})
    if key not in cache:
        cache[key] = _edges(corpus, shared, template_articles)
    return any(later in docs for docs in cache[key])


def _held_elsewhere(corpus: Corpus, shared: set[int], a: int, b: int, holders: int) -> bool:
    """Whether `holders` articles or more (these two among them) hold `TEMPLATE_SHARE` of the
    shared fingerprints (a fingerprint too common to look up counts as held). Only for the
    sections of one file, where it bounds the work (see `find_copies`)."""
    counts: dict[int, int] = {}
    capped = 0
    for fp in shared:
        docs = corpus.holders(fp)
        if docs is None:
            capped += 1
            continue
        for doc in docs:
            if doc != a and doc != b:
                counts[doc] = counts.get(doc, 0) + 1
    need = TEMPLATE_SHARE * len(shared) - capped
    if need <= 0:
        return True
    return sum(1 for count in counts.values() if count >= need) + 2 >= holders


def _edges(corpus: Corpus, shared: set[int], template_articles: int) -> list[set[int]]:
    """The articles holding the text at their closing edge, and those holding it at their
    opening edge, each kept only when enough articles make it a template."""
    where = _held_at(corpus, shared)
    if len(where) < template_articles:
        return []
    found = []
    for side in (1, -1):  # closing, opening
        docs = {doc for doc, paragraph in where.items() if _edge_run(corpus, doc, paragraph, side, where, template_articles - 1)}
        stories = {corpus.stories[doc] if corpus.stories and corpus.stories[doc] else doc for doc in docs}
        if len(stories) >= template_articles:
            found.append(docs)
    return found


def _held_at(corpus: Corpus, shared) -> dict[int, int]:
    """Per article holding `TEMPLATE_SHARE` of these fingerprints in one paragraph: that
    paragraph. (Cached: a box held by thousands of articles is looked up once.)"""
    key = frozenset(shared)
    cache = corpus.__dict__.setdefault("_held", {})
    if key not in cache:
        cache[key] = _held_at_uncached(corpus, key)
    return cache[key]


def _held_at_uncached(corpus: Corpus, shared) -> dict[int, int]:
    need = TEMPLATE_SHARE * len(shared)
    if FAST is not None:
        found = FAST.corpus_held_at(corpus.postings, corpus.doc_of, shared, need)  # the same, compiled
        if found is not None:
            return found
    counts: dict[int, int] = {}
    for fp in shared:
        for value in {value & LOW for value in corpus.holding(fp)}:
            counts[value] = counts.get(value, 0) + 1
    where: dict[int, int] = {}
    # in paragraph order: of two paragraphs of an article holding as many, the first
    for paragraph, count in sorted(counts.items()):
        if count >= need:
            doc = corpus.doc_of[paragraph]
            if doc not in where or count > counts[where[doc]]:
                where[doc] = paragraph
    return where


def _edge_run(corpus: Corpus, doc: int, paragraph: int, side: int, where: dict[int, int], others: int) -> bool:
    """Whether every paragraph of `doc` from `paragraph` to its edge on `side` (1: to the end,
    -1: to the start) is text that `others` of the other articles in `where` hold too."""
    span = corpus.paragraphs(doc)
    step = paragraph + side
    if span.start <= paragraph + side * BOX_PARAGRAPHS < span.stop:
        return False  # a box is a few paragraphs: text further from the edge is the article's own
    while span.start <= step < span.stop:
        prints = set(corpus.prints_of(step))
        held = {d for d in _held_at(corpus, prints) if d in where and d != doc} if prints else set()
        if len(held) < others:
            return False
        step += side
    return True


def _evidence(corpus: Corpus, shared: frozenset[int]) -> frozenset[int]:
    """The shared fingerprints that tell of a copied passage: those only the articles holding
    the passage hold (each of them has `TEMPLATE_SHARE` of the shared fingerprints in one
    paragraph). A fingerprint that articles without the passage hold too is a common phrase
    ("the first time since the"), and two paragraphs that share only such phrases share no
    text. A passage pasted into several articles keeps its evidence: they all hold it."""
    cache = corpus.__dict__.setdefault("_evidence", {})
    found = cache.get(shared)
    if found is None:
        holders = {fp: corpus.holders(fp) for fp in shared}
        if all(docs is not None and len(docs) == 2 for docs in holders.values()):
            found = shared  # held by the two articles alone: all of it
        else:
            passage = set(_held_at(corpus, shared))
            found = frozenset(fp for fp, docs in holders.items() if docs is not None and docs <= passage)
        cache[shared] = found
    return found


def _evidence_count(corpus: Corpus, shared: frozenset[int]) -> int:
    """len(_evidence(corpus, shared)), compiled (`corpus_evidence`) where it can be; cached."""
    cache = corpus.__dict__.setdefault("_evidence_count", {})
    found = cache.get(shared)
    if found is None:
        if FAST is not None:
            found = FAST.corpus_evidence(corpus.postings, corpus.doc_of, shared, TEMPLATE_SHARE * len(shared), POSTINGS_CAP)
        if found is None:
            found = len(_evidence(corpus, shared))
        cache[shared] = found
    return found


STEPS = ((1, 1), (1, 0), (0, 1), (-1, -1), (-1, 0), (0, -1))


class ParagraphSets:
    """The fingerprint sets of an article's paragraphs (by their place in it), each made when
    first asked for."""

    __slots__ = ("corpus", "first", "sets")

    def __init__(self, corpus: Corpus, paragraphs: range):
        self.corpus, self.first = corpus, paragraphs.start
        self.sets: list[set[int] | None] = [None] * len(paragraphs)

    def __len__(self) -> int:
        return len(self.sets)

    def __getitem__(self, index: int) -> set[int]:
        found = self.sets[index]
        if found is None:
            found = self.sets[index] = set(self.corpus.prints_of(self.first + index))
        return found


def match_paragraphs(corpus: Corpus, earlier: int, later: int, options: dict, series: bool) -> list[Match]:
    """Paragraphs of `later` that copy paragraphs of `earlier`.

    A pair matches when it shares at least `cross-similarity` of the smaller paragraph's
    fingerprints; next to a match, half that is enough (the rest of a copied run, touched up).
    """
    threshold = options["cross-similarity"]
    pa, pb = corpus.paragraphs(earlier), corpus.paragraphs(later)
    candidates = None
    if FAST is not None:  # the same as first_candidates, compiled, from the corpus's arrays
        candidates = FAST.corpus_first_candidates(corpus.prints, corpus.print_start, corpus.table, FIELDS, EXACT_HASH,
                                                  pa.start, pa.stop, pb.start, pb.stop, threshold)
        if candidates == []:
            return []  # most candidate pairs of articles: no two paragraphs alike
    # made as the pairs tried ask for them: most pairs try a few of the articles' paragraphs
    sets_a, sets_b = ParagraphSets(corpus, pa), ParagraphSets(corpus, pb)
    exact_a = [corpus.field(p, EXACT_HASH) for p in pa]
    exact_b = [corpus.field(q, EXACT_HASH) for q in pb]
    if candidates is None:
        candidates = first_candidates(list(sets_a), list(sets_b), exact_a, exact_b, threshold)

    pair = {earlier, later}

    def alike(i: int, j: int, needed: float, neighbour: bool = False):
        exact = exact_a[i] == exact_b[j]
        if series and not exact:
            return None  # a series edits its background paragraphs; only a paste is reported
        shared = sets_a[i] & sets_b[j]
        if exact:
            return shared, exact
        if not shared or len(shared) < needed * min(len(sets_a[i]), len(sets_b[j])):
            return None
        if _evidence_count(corpus, frozenset(shared)) < needed * min(len(sets_a[i]), len(sets_b[j])):
            return None  # common phrases, not a passage
        if len(shared) >= 2 or (neighbour and any(corpus.holders(fp) == pair for fp in shared)):
            # next to a match, one fingerprint no other article holds is enough
            return shared, exact
        return None

    found: dict[tuple[int, int], tuple] = {}
    for i, j in candidates:
        result = alike(i, j, threshold)
        if result:
            found[(i, j)] = result
    todo = list(found)
    tried = set(found)
    while todo:
        i, j = todo.pop()
        for di, dj in STEPS:
            key = (i + di, j + dj)
            if key in tried or not (0 <= key[0] < len(sets_a) and 0 <= key[1] < len(sets_b)):
                continue
            tried.add(key)
            result = alike(key[0], key[1], threshold / 2, neighbour=True)
            if result:
                found[key] = result
                todo.append(key)
    matches = []
    for (i, j), (shared, exact) in found.items():
        source, copy = pa[i], pb[j]
        if options.get("_sections"):
            if _held_elsewhere(corpus, shared, earlier, later, options["template-articles"]):
                continue
        elif _is_template(corpus, shared, earlier, later, options["template-articles"]):
            continue
        close = exact or len(shared) >= CLOSE * min(len(sets_a[i]), len(sets_b[j]))
        matches.append(Match(source, copy, exact, close, min(corpus.field(source, WORD_COUNT), corpus.field(copy, WORD_COUNT))))
    return matches


def first_candidates(sets_a: list[set[int]], sets_b: list[set[int]], exact_a: list[int], exact_b: list[int],
                     threshold: float) -> list[tuple[int, int]]:
    """The pairs of paragraphs (i of the earlier article, j of the later; by j, then i) that
    may match at `threshold`: the same exact hash, or at least that share of the smaller one's
    fingerprints in common. Every other pair fails `match_paragraphs`' first test before any
    look-up of who else holds them."""
    everything = set().union(*sets_a) if sets_a else set()
    found = []
    for j, fq in enumerate(sets_b):
        if fq.isdisjoint(everything):
            continue
        for i, fp in enumerate(sets_a):
            shared = len(fp & fq)
            if exact_a[i] == exact_b[j] or (shared and shared >= threshold * min(len(fp), len(fq))):
                found.append((i, j))
    return found


def runs(matches: list[Match], corpus: Corpus, earlier: int, later: int, min_words: int) -> list[list[Match]]:
    """Matches grouped into runs of consecutive paragraphs (a paragraph split or merged on one
    side still counts as consecutive, and so does a pair of short paragraphs in between that
    did not match: a caption or a line touched up beyond recognition)."""
    base_p, base_q = corpus.first_paragraph[earlier], corpus.first_paragraph[later]
    at = {(m.source - base_p, m.copy - base_q): m for m in matches}
    end_p, end_q = corpus.first_paragraph[earlier + 1] - base_p, corpus.first_paragraph[later + 1] - base_q

    def short(paragraph: int) -> bool:
        return corpus.field(paragraph, WORD_COUNT) < min_words

    def bridged(p: int, q: int, step: tuple[int, int]) -> tuple[int, int] | None:
        if step[0] not in (1, -1) or step[0] != step[1]:
            return None
        middle_p, middle_q = p + step[0], q + step[1]
        if 0 <= middle_p < end_p and 0 <= middle_q < end_q and short(base_p + middle_p) and short(base_q + middle_q):
            return middle_p + step[0], middle_q + step[1]
        return None

    seen: set = set()
    groups = []
    for key in sorted(at, key=lambda k: (k[1], k[0])):
        if key in seen:
            continue
        group, todo = [], [key]
        seen.add(key)
        while todo:
            p, q = todo.pop()
            group.append(at[(p, q)])
            for step in STEPS:
                for nxt in ((p + step[0], q + step[1]), bridged(p, q, step)):
                    if nxt in at and nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
        groups.append(sorted(group, key=lambda m: (m.copy, m.source)))
    return groups


def _series(corpus: Corpus, a: int, b: int, words: int) -> bool:
    if words <= 0:
        return False
    return len(set(corpus.heads(a)) & set(corpus.heads(b))) >= words


def find_copies(entries, options: dict, focus: set[str] | None = None, processes: int = 1, previous=None):
    """Yield a `Copy` for every passage copied from one article into a later one.

    With `focus` (a set of paths), only the copies into or out of those articles: the same as
    the full search finds for them, for a fraction of its work (see `_around`). `processes`:
    how many the run may use (the per-file pass's `--jobs`): with more than one, every other
    candidate pair of a large index is tried in a forked process (`forked`). `previous`: what
    the last whole pass kept, from which this one (a whole pass too) resumes where it can, and
    where it keeps its own (the engine's `PassState`, see `increment`)."""
    if focus is not None:
        entries, previous = _around(entries, focus), None  # a partial pass: nothing to keep
    resumed = increment.start(previous, Corpus) if previous is not None else None
    corpus = resumed.corpus if resumed is not None else Corpus(entries)
    if len(corpus.paths) < 2:
        if previous is not None:
            corpus.stories = [None] * len(corpus.paths)
            _keep(previous, corpus, [])
        return
    # the sections of one overlong file (`local.sections`): text in `template-articles` sections
    # or more is left to the check inside each section, which reports it, so that the work
    # between sections stays bounded however often the file repeats itself
    sections = options.get("_sections", False)
    corpus.build_index(2 if sections else PAIR_HOLDERS)
    needed = 2 if options["single-paragraph"] else 4
    focused = {doc for doc, path in enumerate(corpus.paths) if path in focus} if focus is not None else None
    pattern = options["_story_versions"] if "_story_versions" in options else story_pattern(options.get("story-versions", ""))
    stories = mark_stories(corpus, pattern)  # before any template is looked at
    versions = any(story is not None for story in stories)
    kept: list[tuple[int, Copy]] = []
    resuming = resumed is not None and not resumed.stories_moved()
    within = None  # per article, 2 for a focus or changed one, 1 for a neighbour: see `passages`
    if resuming:
        within = resumed.marks()
        kept = [(key, Copy(fields[0], tuple(fields[1]), fields[2], tuple(fields[3]), *fields[4:]))
                for key, fields in resumed.kept_copies(within)]
    elif focused is not None:
        within = bytearray(len(corpus.paths))
        for doc in focused:
            within[doc] = 2

    def copies(part: int = 0, parts: int = 1) -> list[tuple[int, Copy]]:
        """(pair key, copy) for the candidate pairs `part::parts` of the index that pass the gate."""
        pairs = corpus.passages(needed, part, parts, within)
        if versions:
            # versions of one story (UPDATE 1, UPDATE 2, a corrected version) carry each other's
            # text by nature: never copies of each other
            pairs = [key for key in pairs if stories[key >> 32] is None or stories[key >> 32] != stories[key & LOW]]
        return [(key, copy) for key in pairs for copy in _copies_between(corpus, key >> 32, key & LOW, options)]

    if processes < 2 or len(corpus.pair_keys) < SPLIT_PAIRS or resuming:
        found = copies()
    else:
        # every other candidate pair (gate and comparison) in a forked process meanwhile: the
        # pairs that pass the gate are not spread evenly over the index's order
        later = InFork(lambda: copies(1, 2))
        try:
            mine = copies(0, 2)
            found = list(heapq.merge(mine, later.result(), key=lambda pair_copy: pair_copy[0]))
        finally:
            later.abandon()
    if kept:
        found = list(heapq.merge(found, kept, key=lambda pair_copy: pair_copy[0]))
    if previous is not None:
        _keep(previous, corpus, [copy for _, copy in found])
    for _, copy in found:  # in the pairs' order, as one process finds them
        yield copy


def _keep(previous, corpus: Corpus, copies: list) -> None:
    """Give the engine this whole pass's snapshot to keep for the next (`increment.write`)."""
    previous.keep(lambda handle: increment.write(handle, corpus, previous.paths, previous.keys, copies))


def story_pattern(text: str):
    """The compiled `story-versions` option (None when empty); ValueError naming the option."""
    if not text:
        return None
    try:
        return re.compile(text)
    except re.error as exc:
        raise ValueError(f"story-versions: not a valid regular expression ({exc})") from None


def name_of(path: str) -> str:
    """What `story-versions` reads of a path: the file's name without its extension; for a page
    bundle's `index` or `_index` file, its folder's name."""
    parts = str(path).replace("\\", "/").rsplit("/", 2)
    name = parts[-1]
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    if stem.casefold() in ("index", "_index") and len(parts) > 1 and parts[-2]:
        return parts[-2]
    return stem


def story_of_name(pattern, name: str) -> str | None:
    """The story a file name says this article is a version of (None: it says nothing): the
    pattern's `story` group, else its first group, else the name without what matched."""
    match = pattern.search(name) if pattern is not None else None
    if match is None:
        return None
    if "story" in pattern.groupindex:
        story = match.group("story")
    elif pattern.groups:
        story = match.group(1)
    else:
        story = name[: match.start()] + name[match.end() :]
    return story.casefold() if story else None


def mark_stories(corpus: Corpus, pattern) -> list[str | None]:
    """Per article, the story it is a version of, or None. Front matter `story:` says it; else a
    name `story-versions` matches (`ecb-rates-update-2` -> `ecb-rates`), and then a file named
    as that story (`ecb-rates.md`, the first version) belongs to it too. A name that matches
    nothing puts no two articles together: articles of the same slug in different folders stay
    apart unless a version names their story."""
    if pattern is None and not any(corpus.story_keys):
        corpus.stories = [None] * len(corpus.paths)
        return corpus.stories
    from_names = [story_of_name(pattern, name_of(path)) for path in corpus.paths]
    named = {story for story in from_names if story}
    stories: list[str | None] = []
    for doc, path in enumerate(corpus.paths):
        key = corpus.story_keys[doc]
        if key:
            stories.append("story:" + key.casefold())
        elif from_names[doc]:
            stories.append("story:" + from_names[doc])
        elif named:
            name = name_of(path).casefold()
            stories.append("story:" + name if name in named else None)
        else:
            stories.append(None)
    corpus.stories = stories
    return stories


def _around(entries, focus: set[str]) -> list:
    """The entries of the `focus` articles and of every article that shares a fingerprint with
    one of them, in their order. Nothing else can take part in a copy into or out of a focus
    article, and the count of articles holding each fingerprint of a focus article (all that
    decides a candidate pair or a template for such a copy) is the same among these entries as
    in all of them."""
    wanted: set[int] = set()
    for path, data in entries:
        if path in focus:
            wanted.update(_prints_in(data))
    return [(path, data) for path, data in entries if path in focus or not wanted.isdisjoint(_prints_in(data))]


def focus_keys(summary) -> array:
    """The keys of a pre-commit run's focus index (`rules.Rule.focus_keys`): the summary's
    fingerprints, since the articles sharing one with a focus article are what `_around` keeps."""
    return _prints_in(summary)


def _prints_in(data) -> array:
    """The fingerprints of a summary (none for one that `Corpus` would skip)."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return array("I")
    try:
        return _unpack(data["fingerprints"])
    except (KeyError, TypeError, ValueError):
        return array("I")


def _copies_between(corpus: Corpus, a: int, b: int, options: dict):
    """What `b` and `a` copy of each other (a candidate pair that `Corpus.passages` kept: two
    articles sharing too little to hold a passage in common were let go there)."""
    earlier, later = later_of(corpus, a, b)
    series = _series(corpus, a, b, options["series-headline-words"])
    matches = match_paragraphs(corpus, earlier, later, options, series)
    if not matches:
        return
    groups = runs(matches, corpus, earlier, later, options["min-words"])
    reported = False
    for group in groups:
        statements = [m for m in group if not corpus.asks_only(m.source)]
        if not statements or sum(m.words for m in group) < options["min-words"]:
            continue  # questions alone: the same questions put in a series of interviews
        # one paragraph rewritten from two of the other article (not a paste: a paste is
        # word for word) is background retold, as a single shared paragraph is
        retold = len({m.copy for m in group}) < 2 and not all(m.exact for m in group)
        if (_sources(corpus, group) >= 2 and not retold) or options["single-paragraph"]:
            reported = True
            yield _finding(corpus, earlier, later, group, None)
    if reported:
        return
    # scattered paragraphs: only copies made (nearly) word for word count (a series rewrites
    # the background it shares)
    close = [m for m in matches if m.close and not corpus.asks_only(m.source)]
    shared_words = sum(max(m.words for m in close if m.copy == q) for q in {m.copy for m in close})
    total = corpus.words[later]
    if _sources(corpus, close) >= 2 and total and shared_words > options["article-share"] * total:
        yield _finding(corpus, earlier, later, sorted(close, key=lambda m: (m.copy, m.source)), min(1.0, shared_words / total))


def _passage_prints(corpus: Corpus, shared: set[int]) -> int:
    """How many of two articles' shared fingerprints could be a passage they share (exact
    hashes count twice): those no other article holds, and the largest group held by the
    same other articles (a passage pasted into several articles is held by the same ones
    throughout; common phrases, each held by other articles, are not)."""
    alone = 0
    groups: dict[frozenset, int] = {}
    for fp in shared:
        weight = 1 + (fp & 1)
        docs = corpus.holders(fp)
        if docs is None or len(docs) > PAIR_HOLDERS:
            continue  # a common phrase
        if len(docs) <= 2:
            alone += weight  # held by these two articles alone
        else:
            key = frozenset(docs)
            groups[key] = groups.get(key, 0) + weight
    return alone + max(groups.values(), default=0)


def _sources(corpus: Corpus, matches: list[Match]) -> int:
    """How many different paragraphs of the earlier article the matches copy (two paragraphs
    that repeat each other there count once)."""
    kept: list[set[int]] = []
    for p in sorted({m.source for m in matches}):
        prints = set(corpus.prints_of(p))
        if not any(len(prints & other) >= 0.5 * min(len(prints), len(other)) for other in kept):
            kept.append(prints)
    return len(kept)


class Copy(NamedTuple):
    """A passage of the `later` article copied from the `earlier` one (paths), with the first
    and last line of each side. `share` is None for a run of copied paragraphs; for paragraphs
    copied here and there, it is the share of the later article they make."""

    later: str
    lines: tuple[int, int]
    earlier: str
    original_lines: tuple[int, int]
    exact: bool
    share: float | None
    dated: str | None = None  # the earlier article's date, when the dates decided which is the copy


def _finding(corpus: Corpus, earlier: int, later: int, group: list[Match], share: float | None) -> Copy:
    lines = (min(corpus.field(m.copy, FIRST_LINE) for m in group), max(corpus.field(m.copy, LAST_LINE) for m in group))
    original_lines = (
        min(corpus.field(m.source, FIRST_LINE) for m in group),
        max(corpus.field(m.source, LAST_LINE) for m in group),
    )
    exact = all(m.exact for m in group)
    dated = str(corpus.dates[earlier]) if corpus.dated_apart(earlier, later) else None
    return Copy(corpus.paths[later], lines, corpus.paths[earlier], original_lines, exact, share, dated)
