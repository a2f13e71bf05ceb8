"""The focus index: which articles a pre-commit run must compare its few articles with, found
without reading the rest of the repository.

A run that checks a few articles against the rest of the repository (`newslint PATH`, what the
pre-commit hook runs) needs, for each corpus rule, only the articles that share a key with one
of them (`Rule.focus_keys`: repeated-block's fingerprints, title-role's people): the rule's
focused `finalize` reads nothing else. Without this index such a run listed, stat-ed and read the
cached result of every article of the repository: 74 s at a million articles.

The index is written by a corpus pass over the whole repository (unless it still serves: few
articles checked since, see `FocusIndex.still_current`), one flat file a rule in the cache
folder (`focus-<rule id>.bin`): a record an article, [u32 key count][u32 path bytes][the path,
padded to 4 bytes][the keys, u32 each], in native byte order. A pre-commit run scans it
for the records holding one of its articles' keys (compiled: `focus_scan`; a million articles,
500 MB, in well under a second) and compares its articles with those, their results from the
cache or checked anew where they changed. The index stays exact for the articles newslint has
seen: the cache's `focus_touched` table lists the articles checked since it was written (a
pre-commit run's own, compared in every later pre-commit run), and git names the articles that
commits changed since (a pull). What it cannot see is an article edited in the working tree
and never checked since, or one added and never checked: a pre-commit run compares with such
an article as the last whole run saw it (pre-commit stashes unstaged edits while its hooks run,
so there the working tree is what is committed); the whole-repository run (CI) sees it.
"""
from __future__ import annotations

import json
import mmap
import os
import sys
from array import array
from collections.abc import Callable
from pathlib import Path

from .. import git
from ..config import RuleSettings
from ..rules import Rule
from ..text import FAST
from .cache import Cache, settings_key
from .results import FileResult

INDEX_VERSION = 1
# a run that checks at most this share of the repository's articles compares them with the rest
# (a pre-commit run): only their problems are asked for (`CorpusPass.run`)
FOCUS_SHARE = 0.1
# a pass over the whole repository rewrites a rule's index once this share of the repository's
# articles was checked since it was written (`FocusIndex.still_current`)
REWRITE_SHARE = 0.01
HEADER = 8  # bytes of a record's key count and path length


def index_file(folder: Path, rule_id: str) -> Path:
    return Path(folder) / f"focus-{rule_id}.bin"


def temporary_file(folder: Path, rule_id: str, pid: int) -> Path:
    """Where the process `pid` writes a rule's index before renaming it into place."""
    return Path(folder) / f"focus-{rule_id}.bin.{pid}.tmp"


class IndexWriter:
    """Writes one rule's index from the entries of a whole corpus pass, to a temporary file
    renamed into place once complete: a pass that fails half-way leaves the previous index (or
    none), never half of one."""

    def __init__(self, folder: Path, rule_id: str):
        self.path = index_file(folder, rule_id)
        self.temporary = temporary_file(folder, rule_id, os.getpid())
        self.handle = open(self.temporary, "wb")

    def add(self, path: str, keys) -> None:
        values = keys if isinstance(keys, array) and keys.typecode == "I" else array("I", keys)
        if not values:
            return  # found by no key: nothing to write
        encoded = path.encode("utf-8", "surrogateescape")
        padding = b"\0" * (-len(encoded) % 4)
        self.handle.write(array("I", (len(values), len(encoded))).tobytes() + encoded + padding)
        self.handle.write(values.tobytes())

    def commit(self) -> None:
        self.handle.close()
        os.replace(self.temporary, self.path)

    def abandon(self) -> None:
        self.handle.close()
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def holders(folder: Path, rule_id: str, keys) -> list[str] | None:
    """The paths of the articles whose record holds one of `keys`; None when the index cannot be
    read (missing, truncated, not one): the run then compares with the whole repository."""
    wanted = array("I", sorted(set(keys)))
    try:
        with open(index_file(folder, rule_id), "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return []
            # mapped, not read: at a million articles the file is 500 MB
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                try:
                    offsets = FAST.focus_scan(data, wanted) if FAST is not None else scan_records(data, wanted)
                except ValueError:
                    return None
                found = []
                for offset in offsets:
                    length = int.from_bytes(data[offset + 4 : offset + 8], sys.byteorder)
                    found.append(data[offset + HEADER : offset + HEADER + length].decode("utf-8", "surrogateescape"))
                return found
    except (OSError, ValueError):
        return None


def scan_records(data: bytes, wanted: array) -> list[int]:
    """`focus_scan`'s twin: the offsets of the records holding one of `wanted` (sorted)."""
    wanted_set = set(wanted)
    offsets = []
    at = 0
    with memoryview(data) as view:
        while at < len(view):
            if len(view) - at < HEADER:
                raise ValueError("focus_scan: not a focus index")
            count, length = view[at : at + HEADER].cast("I")
            start = at + HEADER + (length + 3) // 4 * 4
            end = start + 4 * count
            if start > len(view) or end > len(view):
                raise ValueError("focus_scan: not a focus index")
            if not wanted_set.isdisjoint(view[start:end].cast("I")):
                offsets.append(at)
            at = end
    return offsets


def describe(settings: str, inputs: str, head: str | None, articles: int) -> str:
    """The cache's note of an index (its meta row): what it was written under."""
    return json.dumps({"version": INDEX_VERSION, "settings": settings, "inputs": inputs, "head": head,
                       "articles": articles, "byteorder": sys.byteorder}, sort_keys=True)


def read_description(text: str | None, settings: str) -> dict | None:
    """The note of an index written under these settings, in this byte order; else None."""
    try:
        note = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(note, dict) or note.get("version") != INDEX_VERSION or note.get("settings") != settings:
        return None
    if note.get("byteorder") != sys.byteorder or not isinstance(note.get("articles"), int):
        return None
    return note


class FocusIndex:
    """The focus indexes of one repository, one a corpus rule, beside its cache."""

    def __init__(self, cache: Cache, root: str):
        self.cache = cache
        self.root = root
        self._head: str | None | bool = False  # False: git not asked yet

    def head(self) -> str | None:
        if self._head is False:
            self._head = git.head(self.root)
        return self._head

    def writer(self, rule: Rule, quiet: bool = False) -> "RuleIndex":
        """The index of one rule, to be given each article's summary in a corpus pass over the
        whole repository, as `finalize` reads them (`quiet`: see `RuleIndex`)."""
        return RuleIndex(self, rule, quiet)

    def still_current(self, rule: Rule, settings: RuleSettings, articles: int) -> bool:
        """Whether a pass over the whole repository may leave the rule's index as it is: one
        written under these settings at the commit checked out, with at most `REWRITE_SHARE` of
        the `articles` checked since. Those are in the cache's `focus_touched` table, which a
        pre-commit run compares with as well; rewriting the index for them took about 6 us an
        article (a whole run with one article edited: 0.06 s of 10,000 articles, 6 s of a
        million)."""
        note = read_description(self.cache.focus_notes().get(rule.id), settings_key([(rule, settings)]))
        if note is None or note["head"] != self.head() or not index_file(self.cache.folder, rule.id).is_file():
            return False
        return self.cache.touched_count() <= max(1.0, REWRITE_SHARE * articles)

    def note(self, rule: Rule, settings: RuleSettings, inputs: str, articles: int) -> None:
        """Note what the rule's index just put in place was written under."""
        self.cache.set_focus_note(rule.id, describe(settings_key([(rule, settings)]), inputs, self.head(), articles))

    def current(self, inputs: dict[str, str]) -> None:
        """After a pass over the whole repository ({rule id: its inputs}): when every rule's index
        was written from these inputs, the articles touched before are in them."""
        notes = self.cache.focus_notes()
        if all(_note(notes.get(rule_id), "inputs") == value for rule_id, value in inputs.items()):
            self.cache.clear_touched()

    def around(self, results: list[FileResult], rules: list[tuple[Rule, RuleSettings]],
               load_summaries: Callable[[], None]) -> tuple[list[str], int] | None:
        """(the absolute paths of the repository's articles a run checking `results` must
        compare them with, the repository's article count); None when the indexes cannot tell
        (none yet, other settings, too many articles checked or changed since): the run then
        reads the whole repository. `load_summaries` gets the results' summaries once they
        are needed."""
        notes = self.cache.focus_notes()
        read = []
        for rule, settings in rules:
            note = read_description(notes.get(rule.id), settings_key([(rule, settings)]))
            if note is None or rule.focus_keys is None or not rule.finalize_takes_focus:
                return None
            read.append(note)
        if not read or len({note["head"] for note in read}) != 1:
            return None
        articles = min(note["articles"] for note in read)
        limit = FOCUS_SHARE * articles
        if len(results) > limit:
            return None
        paths = set(self.cache.touched())
        written_at = read[0]["head"]
        if written_at != self.head():
            changed = git.changed_since(self.root, written_at) if written_at else None
            if changed is None:
                return None
            paths.update(changed)
        if len(paths) > limit:
            return None
        load_summaries()
        for rule, _ in rules:
            keys = [key for r in results if r.summaries and rule.id in r.summaries for key in rule.focus_keys(r.summaries[rule.id])]
            found = holders(self.cache.folder, rule.id, keys) if keys else []
            if found is None:
                return None
            paths.update(found)
        named = {r.config_path for r in results}
        return sorted(path for path in paths if path not in named), articles


class RuleIndex:
    """One rule's index being written (`FocusIndex.writer`); a failure to write is a warning,
    and leaves the index that was there. `quiet`: the warning is kept in `warning`, not printed
    (a forked copy that writes the index hands it to the process that prints)."""

    def __init__(self, index: FocusIndex, rule: Rule, quiet: bool = False):
        self.index, self.rule, self.quiet = index, rule, quiet
        self.failed = False
        self.warning: str | None = None
        try:
            self.file = IndexWriter(index.cache.folder, rule.id)
        except OSError as exc:
            self._failed(exc)

    def add(self, result: FileResult, summary) -> None:
        if self.failed:
            return
        try:
            self.file.add(result.config_path, self.rule.focus_keys(summary))
        except (OSError, ValueError, TypeError, OverflowError) as exc:
            self._failed(exc)

    def commit(self, settings: RuleSettings, inputs: str, articles: int) -> None:
        """Put the index in place, and note what it was written under."""
        if self.put_in_place():
            self.index.note(self.rule, settings, inputs, articles)

    def put_in_place(self) -> bool:
        """The written index renamed into place (True); False when it failed (a warning)."""
        if self.failed:
            return False
        try:
            self.file.commit()
        except OSError as exc:
            self._failed(exc)
            return False
        return True

    def written(self) -> Path | None:
        """The index as written, closed but not in place: the temporary file, which the process
        that forked this copy puts in place (`place_written_index`) once the rule's pass is
        found; None when writing failed (a warning)."""
        if self.failed:
            return None
        try:
            self.file.handle.close()
        except OSError as exc:
            self._failed(exc)
            return None
        return self.file.temporary

    def abandon(self) -> None:
        if not self.failed:
            self.file.abandon()

    def _failed(self, exc: Exception) -> None:
        if not self.failed and hasattr(self, "file"):
            self.file.abandon()
        self.failed = True
        self.warning = _warning(self.rule.id, self.index.cache.folder, exc)
        if not self.quiet:
            print(self.warning, file=sys.stderr)


def place_written_index(folder: Path, rule_id: str, temporary: Path) -> str | None:
    """Rename a rule's index written elsewhere (`RuleIndex.written`) into place; the warning
    when that fails (the index there stays)."""
    try:
        os.replace(temporary, index_file(folder, rule_id))
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        return _warning(rule_id, folder, exc)
    return None


def _warning(rule_id: str, folder: Path, exc: Exception) -> str:
    return f"newslint: warning: could not write the focus index of {rule_id} in {folder}: {exc}"


def _note(text: str | None, key: str):
    try:
        return json.loads(text).get(key) if text else None
    except (ValueError, AttributeError):
        return None
