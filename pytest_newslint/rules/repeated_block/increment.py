"""A whole pass that starts from the last one: `find_copies(..., previous=)`.

When one article of a repository changes, the next whole run compares every article again:
with 10,000 articles, one edited article made the run read every summary back, index them and
compare all 1,600 candidate pairs again (0.27 s of a 0.53 s run). What a change can alter is
bounded. The copies of a pair of articles depend on the two articles and on which articles hold
the fingerprints the two share: those decide the pair's candidacy, its hub, the gate, the
evidence and the templates (`corpus.py`). An article that holds none of them, before or after
its change, changes nothing for the pair. So only the pairs with a changed article, and the
pairs of two of its neighbours (articles holding a fingerprint it holds or held: two articles
sharing one of those are both neighbours), can come out otherwise; every other pair keeps the
copies it had.

The last whole pass keeps what it read and found in a snapshot (`write`): each article's key
(its content and settings, as the cache knows it), the arrays `Corpus` holds, the stories and
the copies. The next pass (`resume`) takes the unchanged articles' arrays from it instead of
their summaries, reads the changed ones' summaries, builds the index over all of them (the
holder counts stay exact), and compares only those pairs. A story that changes for an
unchanged article (a new file named as a story) can change pairs anywhere: that, like a
missing or unreadable snapshot, gives a whole pass.
"""
from __future__ import annotations

import json
import sys
from array import array
from bisect import bisect_left
from typing import BinaryIO, Callable

from .prose import ROW  # a paragraph's numbers in the corpus's table

FORMAT = 1
# a pass with more than this share of its articles changed reads them all (in order, from the
# cache) rather than taking them one by one
CHANGED_SHARE = 0.5
_ARRAYS = ("words", "head_words", "head_start", "first_paragraph", "table", "prints")


class Snapshot:
    """What a whole pass kept: per entry its path and key (`keys`), the corpus it read
    (`corpus`, stories marked) and the copies it found (`Copy` fields, JSON-ready)."""

    def __init__(self, keys: dict[str, str], corpus, copies: list):
        self.keys, self.corpus, self.copies = keys, corpus, copies


def write(handle: BinaryIO, corpus, paths: list[str], keys: list[str], copies: list) -> None:
    """Keep a whole pass: the `paths` and `keys` of every entry it was given (those the corpus
    skipped too), its `corpus` (stories marked) and the `copies` found."""
    strings = {"dates": corpus.dates, "story_keys": corpus.story_keys, "stories": corpus.stories,
               "copies": [list(copy) for copy in copies]}
    sizes = {name: len(getattr(corpus, name)) for name in _ARRAYS}
    head = {"format": FORMAT, "byteorder": sys.byteorder, "sizes": sizes}
    handle.write(json.dumps(head).encode() + b"\n")
    # paths and keys hold no NUL (keys are hex): joined, they are read back at once
    for values in (paths, keys, corpus.paths):
        joined = "\0".join(values).encode("utf-8", "surrogateescape")
        handle.write(b"%d\n" % len(joined) + joined)
    handle.write(json.dumps(strings, separators=(",", ":")).encode("utf-8", "surrogateescape") + b"\n")
    for name in _ARRAYS:
        getattr(corpus, name).tofile(handle)


def read(handle: BinaryIO, corpus_class) -> Snapshot | None:
    """The snapshot `write` kept (its corpus a `corpus_class`), or None when it is not one
    (another format or byte order, cut short)."""
    try:
        head = json.loads(handle.readline())
        if head.get("format") != FORMAT or head.get("byteorder") != sys.byteorder:
            return None
        paths, keys, corpus_paths = (_joined(handle) for _ in range(3))
        strings = json.loads(handle.readline().decode("utf-8", "surrogateescape"))
        corpus = corpus_class(started=True)
        for name in _ARRAYS:
            values = array("I")
            values.fromfile(handle, head["sizes"][name])  # EOFError when cut short
            setattr(corpus, name, values)
        if handle.read(1):
            return None
        corpus.paths, corpus.dates, corpus.story_keys = corpus_paths, strings["dates"], strings["story_keys"]
        corpus.stories, copies = strings["stories"], strings["copies"]
    except (ValueError, KeyError, TypeError, AttributeError, EOFError, OSError):
        return None
    count = len(corpus.paths)
    first = corpus.first_paragraph
    if not (len(corpus.dates) == len(corpus.story_keys) == len(corpus.stories) == len(corpus.words) == count
            and len(corpus.head_start) == len(first) == count + 1 and len(paths) == len(keys)
            and len(corpus.table) == first[-1] * ROW and corpus.head_start[-1] == len(corpus.head_words)):
        return None
    del first[-1]  # put back by `finish`, which indexes the paragraphs
    corpus.finish(indexed=False)
    if corpus.print_start[-1] != len(corpus.prints):
        return None
    return Snapshot(dict(zip(paths, keys)), corpus, copies)


def _joined(handle: BinaryIO) -> list[str]:
    """The strings `write` joined with NUL (after their length in bytes, a line)."""
    size = int(handle.readline())
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("cut short")
    return data.decode("utf-8", "surrogateescape").split("\0") if data else []


class Resumed:
    """A pass resumed from a snapshot (`resume`): the corpus of this run's entries, the
    numbers in it of the changed articles, and the fingerprints the changed and removed
    articles held before."""

    def __init__(self, corpus, changed: list[int], gone: list[array], snapshot: Snapshot):
        self.corpus, self.changed, self.gone, self.snapshot = corpus, changed, gone, snapshot

    def marks(self) -> bytearray:
        """Per article of the corpus (once it is indexed): 2 for a changed one, 1 for a
        neighbour (`neighbours`), else 0. The pairs compared again are those whose marks add up
        to 2: a changed article with any other, and two neighbours (a pair of unchanged articles
        changes only when they share a fingerprint a changed article holds or held, and then
        both are its neighbours)."""
        marks = bytearray(len(self.corpus.paths))
        for doc in neighbours(self.corpus, self.changed, self.gone):
            marks[doc] = 1
        for doc in self.changed:
            marks[doc] = 2
        return marks

    def kept_copies(self, marks: bytearray) -> list[tuple[int, list]]:
        """The snapshot's copies of the pairs not compared again (see `marks`) between two
        articles that are still there: (pair key, as `Corpus.build_index` makes it, the copy's
        fields), in the keys' order."""
        doc_of = {path: doc for doc, path in enumerate(self.corpus.paths)}
        kept = []
        for copy in self.snapshot.copies:
            later, earlier = doc_of.get(copy[0]), doc_of.get(copy[2])
            if later is not None and earlier is not None and marks[later] + marks[earlier] < 2:
                kept.append((min(later, earlier) << 32 | max(later, earlier), copy))
        kept.sort(key=lambda key_copy: key_copy[0])
        return kept

    def stories_moved(self) -> bool:
        """Whether an unchanged article's story is not what it was (a new file named as its
        story): pairs of articles that share nothing with a changed one may change then."""
        old = self.snapshot.corpus
        was = dict(zip(old.paths, old.stories))
        stories, paths, changed = self.corpus.stories, self.corpus.paths, set(self.changed)
        return any(stories[doc] != was.get(paths[doc]) for doc in range(len(paths)) if doc not in changed)


def start(previous, corpus_class) -> Resumed | None:
    """The pass resumed from what the engine's `previous` kept of the last whole pass; None
    when nothing usable was kept, or too much changed."""
    handle = previous.open()
    if handle is None:
        return None
    with handle:
        snapshot = read(handle, corpus_class)
    if snapshot is None:
        return None
    return resume(snapshot, previous.paths, previous.keys, previous.summaries, corpus_class)


def resume(snapshot: Snapshot, paths: list[str], keys: list[str], summaries: Callable[[list[int]], list],
           corpus_class) -> Resumed | None:
    """The pass of the entries `paths`/`keys` resumed from the snapshot: the unchanged
    articles taken from it, the changed ones from their summaries (`summaries(indices)`, read
    for those alone). None when too many changed for that to pay."""
    old = snapshot.keys
    changed_entries = [index for index, (path, key) in enumerate(zip(paths, keys)) if old.get(path) != key]
    current = set(paths)
    gone_paths = [path for path in old if path not in current]
    if len(changed_entries) + len(gone_paths) > CHANGED_SHARE * max(len(paths), 1):
        return None
    loaded = dict(zip(changed_entries, summaries(changed_entries)))
    was = snapshot.corpus
    doc_of_path = {path: doc for doc, path in enumerate(was.paths)}
    gone = [was.all_prints(doc_of_path[path]) for path in gone_paths if path in doc_of_path]
    corpus = corpus_class(started=True)
    changed: list[int] = []
    run_start = run_stop = -1  # a run of consecutive unchanged articles of the snapshot, taken at once
    for index, path in enumerate(paths):
        doc = doc_of_path.get(path)
        if index not in loaded:
            if doc is None:
                continue  # unchanged and skipped last time (a summary the rule does not read)
            if doc != run_stop:
                _take_old(corpus, was, run_start, run_stop)
                run_start = doc
            run_stop = doc + 1
            continue
        _take_old(corpus, was, run_start, run_stop)
        run_start = run_stop = -1
        if doc is not None:
            gone.append(was.all_prints(doc))  # as it was before the change
        before = len(corpus.paths)
        corpus._take(path, loaded[index])
        if len(corpus.paths) > before:
            changed.append(before)
    _take_old(corpus, was, run_start, run_stop)
    corpus.finish()
    for name in ("head_words", "table", "prints", "print_start"):
        setattr(was, name, array("I"))  # copied: at a million articles, the old ones are 600 MB
    return Resumed(corpus, changed, gone, snapshot)


def _take_old(corpus, was, start: int, stop: int) -> None:
    """Append the old corpus's articles `start` to `stop` (exclusive) to the corpus's arrays."""
    if start >= stop:
        return
    corpus.paths.extend(was.paths[start:stop])
    corpus.dates.extend(was.dates[start:stop])
    corpus.story_keys.extend(was.story_keys[start:stop])
    corpus.words.extend(was.words[start:stop])
    heads = was.head_start
    corpus.head_words.extend(was.head_words[heads[start] : heads[stop]])
    shift = corpus.head_start[-1] - heads[start]
    corpus.head_start.extend(array("I", [value + shift for value in heads[start + 1 : stop + 1]]))
    first = was.first_paragraph
    shift = len(corpus.table) // ROW - first[start]
    corpus.first_paragraph.extend(array("I", [value + shift for value in first[start:stop]]))
    corpus.table.extend(was.table[first[start] * ROW : first[stop] * ROW])
    corpus.prints.extend(was.prints[was.print_start[first[start]] : was.print_start[first[stop]]])


def neighbours(corpus, changed: list[int], gone: list[array]) -> set[int]:
    """The changed articles, and every article holding a fingerprint that one of them holds now
    or held before its change (`gone`: those articles' fingerprints as they were), however
    common the fingerprint."""
    prints = set()
    for doc in changed:
        prints.update(corpus.all_prints(doc))
    for values in gone:
        prints.update(values)
    found = set(changed)
    postings, doc_of = corpus.postings, corpus.doc_of
    for fp in prints:
        i = bisect_left(postings, fp << 32)
        j = bisect_left(postings, (fp + 1) << 32, i)
        found.update(doc_of[value & 0xFFFFFFFF] for value in postings[i:j])
    return found
