"""Repeats across articles: fingerprints of each article's paragraphs, and an index over all.

`summary(document, ...)` is what `repeated-block` keeps of an article between runs: a small,
JSON-ready dict (no text). Each paragraph of prose long enough to matter gets

- its lines, its word count, and an `exact` hash of its words; and
- fingerprints: the CRC-32 of every `SHINGLE`-word run of its words that falls in one
  `SAMPLE`th of the hash space (the same text always gives the same fingerprints, wherever it
  stands, so a copy shares most of them and a near copy a good part).

`find_copies(entries, ...)` works in time close to linear in the number of fingerprints:

1. every fingerprint, packed with its paragraph's number, goes into one of `PARTS` arrays by its
   top bits; each array is sorted, so the articles holding a fingerprint are found by bisection;
2. a fingerprint held by exactly two articles (rare text both share) makes them a candidate
   pair; nothing else is ever compared;
3. for a candidate pair, paragraphs are matched on their fingerprints; a match whose shared
   fingerprints also stand in a third article is a template and is dropped; the rest decide.
"""
from __future__ import annotations

import base64
import sys
import zlib
from array import array
from bisect import bisect_left
from itertools import compress
from operator import eq, gt
from typing import NamedTuple

from ...document import Document
from ...speedups import FAST
from ...text import word_equivalents
from ...text import words as words_of
from .local import STOPWORDS, block_is_question, prose_words

VERSION = 3  # of the summary's form: 3 spells its keys out
SHINGLE = 5  # words in a fingerprinted run
SAMPLE = 4  # one run in SAMPLE is kept (by its hash)
PARTS = 64  # index partitions (by the top bits of a fingerprint)
MIN_PARAGRAPH_WORDS = 8  # shorter paragraphs (credits, "Read more") are not compared across articles
POSTINGS_CAP = 2000  # fingerprints held by more articles are common phrases: not looked up
CLOSE = 0.8  # share of fingerprints that makes a paragraph a copy made (nearly) word for word
TEMPLATE_SHARE = 0.8  # of the text two articles share, what a third must hold to make it a template
LOW = 0xFFFFFFFF
# per paragraph, FIELDS numbers in the summary's table: its first and last line, its word
# count, the exact hash of its words, flags and the number of its fingerprints
FIRST_LINE, LAST_LINE, WORD_COUNT, EXACT_HASH, FLAGS, PRINT_COUNT = range(6)
FIELDS = 6
QUESTION = 1  # flag: a paragraph of questions only

_BIG_ENDIAN = sys.byteorder == "big"


def _pack(values: array) -> str:
    if _BIG_ENDIAN:
        values = array(values.typecode, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def _unpack(text: str) -> array:
    values = array("I")
    values.frombytes(base64.b64decode(text))
    if _BIG_ENDIAN:
        values.byteswap()
    return values


assert array("I").itemsize == 4


def fingerprints(words: list[str]) -> list[int]:
    """The sampled fingerprints of a paragraph's words (in order, repeats kept)."""
    if FAST is not None:
        found = FAST.fingerprints(words, SHINGLE, SAMPLE)  # the same, compiled
        if found is not None:
            return found
    runs = zip(*(words[k:] for k in range(SHINGLE)))
    return [h for h in map(zlib.crc32, map(str.encode, map(" ".join, runs))) if not h % SAMPLE]


def exact_hash(words: list[str]) -> int:
    if FAST is not None:
        found = FAST.exact_hash(words)  # the same, compiled
        if found is not None:
            return found
    return zlib.crc32(" ".join(words).encode()) | 1  # odd: never mistaken for a sampled fingerprint


def headline_words(headline: str | None) -> list[int]:
    """Hashes of the headline's words (not the short or common ones; a plural counts as its
    singular), to tell articles of one series."""
    found = {w for w in words_of(headline or "") if len(w) > 2 and w not in STOPWORDS}
    return sorted({zlib.crc32((w[:-1] if w.endswith("s") and len(w) > 3 else w).encode()) for w in found})[:32]


def summary(document: Document, min_words: int) -> dict:
    """What the corpus pass needs of one article: fingerprints and lines, never its text."""
    table = array("I")
    prints = array("I")
    total = 0
    for block, words in prose_words(document):
        if not words:
            continue
        length = word_equivalents(words)
        total += length
        question = block_is_question(document, block)
        if length < (4 if question else min(min_words, MIN_PARAGRAPH_WORDS)):
            continue  # a credit, "Read more"
        found = fingerprints(words)
        exact = exact_hash(words)
        found.append(exact)
        flags = QUESTION if question else 0
        start, end = block.start, block.end
        table.extend((document.line_of(start), document.line_of(max(start, end - 1)), round(length), exact, flags, len(found)))
        prints.extend(found)
    return {
        "version": VERSION,
        "date": document.date,
        "words": round(total),
        "headline_words": headline_words(document.headline),
        "paragraphs": _pack(table),  # FIELDS numbers per paragraph
        "fingerprints": _pack(prints),
    }


# -- the corpus pass ---------------------------------------------------------------------------

class Corpus:
    """The summaries of every article, flattened into arrays, with the fingerprint index."""

    def __init__(self, entries):
        self.paths: list[str] = []
        self.dates: list[str | None] = []
        self.words = array("I")
        self.heads: list[list[int]] = []
        self.first_paragraph = array("I")  # per article: its first paragraph number; one extra at the end
        self.table = array("I")  # FIELDS per paragraph
        self.prints = array("I")
        self.print_start = array("I")  # per paragraph: offset in `prints`; one extra at the end
        self.doc_of = array("I")  # per paragraph: its article
        for path, data in entries:
            if not isinstance(data, dict) or data.get("version") != VERSION:
                continue  # a summary from another version of the rule: the engine refreshes it
            try:
                table, prints = _unpack(data["paragraphs"]), _unpack(data["fingerprints"])
            except (KeyError, TypeError, ValueError):
                continue  # not a summary this rule wrote
            if len(table) % FIELDS or sum(table[PRINT_COUNT::FIELDS]) != len(prints):
                continue
            doc = len(self.paths)
            self.paths.append(str(path))
            self.dates.append(data.get("date"))
            self.words.append(int(data.get("words", 0)))
            self.heads.append(list(data.get("headline_words") or ()))
            self.first_paragraph.append(len(self.table) // FIELDS)
            offset = len(self.prints)
            for n in range(PRINT_COUNT, len(table), FIELDS):
                self.print_start.append(offset)
                offset += table[n]
                self.doc_of.append(doc)
            self.table.extend(table)
            self.prints.extend(prints)
        self.first_paragraph.append(len(self.table) // FIELDS)
        self.print_start.append(len(self.prints))
        self.parts: list[array] = []

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
    def build_index(self, holders: int = 2) -> dict[tuple[int, int], int]:
        """Sort the fingerprints into the partitions; return the candidate pairs of articles
        (sharing a fingerprint that at most `holders` articles hold), with how many they share."""
        shift = 32 - (PARTS.bit_length() - 1)
        if FAST is not None and holders == 2:
            built = FAST.index_twice(self.prints, self.print_start, self.doc_of, PARTS, shift)  # the same, compiled
            if built is not None:
                blobs, found = built
                self.parts = [array("Q") for _ in range(PARTS)]
                for part, blob in zip(self.parts, blobs):
                    part.frombytes(blob)
                self._shift = shift
                return found
        parts = [array("Q") for _ in range(PARTS)]
        appends = [part.append for part in parts]
        prints, start = self.prints, self.print_start
        for paragraph in range(len(start) - 1):
            for fp in prints[start[paragraph] : start[paragraph + 1]]:
                appends[fp >> shift](fp << 32 | paragraph)
        pairs: dict[tuple[int, int], int] = {}
        doc_of = self.doc_of
        for n, part in enumerate(parts):
            ordered = sorted(part)
            parts[n] = array("Q", ordered)
            del part
            keys = [value >> 32 for value in ordered]
            if len(keys) < 2:
                continue
            same = list(map(eq, keys, keys[1:]))
            if holders == 2:
                # a fingerprint held exactly twice: same as the next, unlike the one before and after
                before = [False, *same[:-1]]
                after = [*same[1:], False]
                for k in compress(range(len(same)), map(gt, map(gt, same, before), after)):
                    a, b = doc_of[ordered[k] & LOW], doc_of[ordered[k + 1] & LOW]
                    if a != b:
                        key = (a, b) if a < b else (b, a)
                        pairs[key] = pairs.get(key, 0) + 1
            else:
                start = 0
                for k in range(len(keys)):
                    if k + 1 < len(keys) and same[k]:
                        continue
                    if k > start:
                        docs = sorted({doc_of[value & LOW] for value in ordered[start : k + 1]})
                        if 2 <= len(docs) <= holders:
                            for x, a in enumerate(docs):
                                for b in docs[x + 1 :]:
                                    pairs[(a, b)] = pairs.get((a, b), 0) + 1
                    start = k + 1
            del ordered, keys, same
        self.parts = parts
        self._shift = shift
        return pairs

    def holders(self, fp: int) -> set[int] | None:
        """The articles holding a fingerprint (None: too many to say, a common phrase)."""
        part = self.parts[fp >> self._shift]
        i = bisect_left(part, fp << 32)
        j = bisect_left(part, (fp + 1) << 32, i)
        if j - i > POSTINGS_CAP:
            return None
        doc_of = self.doc_of
        return {doc_of[value & LOW] for value in part[i:j]}

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
    da, db = corpus.dates[a], corpus.dates[b]
    if da and db and da != db:
        return (a, b) if str(da) < str(db) else (b, a)
    return (a, b) if corpus.paths[a] < corpus.paths[b] else (b, a)


def _is_template(corpus: Corpus, shared: set[int], a: int, b: int, template_articles: int) -> bool:
    """Whether the text two paragraphs share also stands in enough other articles: each of
    them must hold `TEMPLATE_SHARE` of the shared fingerprints (a fingerprint too common to
    look up counts as held)."""
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
    others = sum(1 for count in counts.values() if count >= need)
    return others + 2 >= template_articles


STEPS = ((1, 1), (1, 0), (0, 1), (-1, -1), (-1, 0), (0, -1))


def match_paragraphs(corpus: Corpus, earlier: int, later: int, options: dict, series: bool) -> list[Match]:
    """Paragraphs of `later` that copy paragraphs of `earlier`.

    A pair matches when it shares at least `cross-similarity` of the smaller paragraph's
    fingerprints; next to a match, half that is enough (the rest of a copied run, touched up).
    """
    threshold = options["cross-similarity"]
    pa, pb = corpus.paragraphs(earlier), corpus.paragraphs(later)
    sets_a = [set(corpus.prints_of(p)) for p in pa]
    sets_b = [set(corpus.prints_of(q)) for q in pb]
    exact_a = [corpus.field(p, EXACT_HASH) for p in pa]
    exact_b = [corpus.field(q, EXACT_HASH) for q in pb]
    everything = set().union(*sets_a) if sets_a else set()

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
        if len(shared) >= 2 or (neighbour and any(corpus.holders(fp) == pair for fp in shared)):
            # next to a match, one fingerprint no other article holds is enough
            return shared, exact
        return None

    found: dict[tuple[int, int], tuple] = {}
    for j, fq in enumerate(sets_b):
        if fq.isdisjoint(everything):
            continue
        for i in range(len(sets_a)):
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
        if _is_template(corpus, shared, earlier, later, options["template-articles"]):
            continue
        close = exact or len(shared) >= CLOSE * min(len(sets_a[i]), len(sets_b[j]))
        matches.append(Match(source, copy, exact, close, min(corpus.field(source, WORD_COUNT), corpus.field(copy, WORD_COUNT))))
    return matches


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
    return len(set(corpus.heads[a]) & set(corpus.heads[b])) >= words


def find_copies(entries, options: dict, focus: set[str] | None = None):
    """Yield a `Copy` for every passage copied from one article into a later one.

    With `focus` (a set of paths), only the copies into or out of those articles: the same as
    the full search finds for them, for a fraction of its work (see `_around`)."""
    if focus is not None:
        entries = _around(entries, focus)
    corpus = Corpus(entries)
    if len(corpus.paths) < 2:
        return
    # text that a template's number of articles hold is never reported: fingerprints held by
    # fewer make the candidates
    pairs = corpus.build_index(options["template-articles"] - 1)
    if focus is not None:
        focused = {doc for doc, path in enumerate(corpus.paths) if path in focus}
        pairs = [(a, b) for a, b in pairs if a in focused or b in focused]
    prints_of_a: tuple[int, set[int]] = (-1, set())
    for a, b in sorted(pairs):
        if prints_of_a[0] != a:  # the pairs come sorted: one set for all the pairs of `a`
            prints_of_a = (a, set(corpus.all_prints(a)))
        yield from _copies_between(corpus, a, b, options, prints_of_a[1])


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


def _prints_in(data) -> array:
    """The fingerprints of a summary (none for one that `Corpus` would skip)."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return array("I")
    try:
        return _unpack(data["fingerprints"])
    except (KeyError, TypeError, ValueError):
        return array("I")


def _copies_between(corpus: Corpus, a: int, b: int, options: dict, prints_a: set[int]):
    """What `b` and `a` copy of each other; `prints_a`: the set of `a`'s fingerprints."""
    needed = 2 if options["single-paragraph"] else 4
    shared = prints_a.intersection(corpus.all_prints(b))
    if len(shared) + sum(fp & 1 for fp in shared) < needed:
        return  # too little in common for two paragraphs (exact hashes, odd, count twice)
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
        if _sources(corpus, group) >= 2 or options["single-paragraph"]:
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


def _finding(corpus: Corpus, earlier: int, later: int, group: list[Match], share: float | None) -> Copy:
    lines = (min(corpus.field(m.copy, FIRST_LINE) for m in group), max(corpus.field(m.copy, LAST_LINE) for m in group))
    original_lines = (
        min(corpus.field(m.source, FIRST_LINE) for m in group),
        max(corpus.field(m.source, LAST_LINE) for m in group),
    )
    exact = all(m.exact for m in group)
    return Copy(corpus.paths[later], lines, corpus.paths[earlier], original_lines, exact, share)
