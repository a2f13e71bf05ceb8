"""The incremental-run cache: per-file results and corpus fingerprints in one SQLite file.

- `files`: absolute path -> (size, mtime_ns, inode, content hash), so an unchanged file is
  recognised from `stat` alone, without reading it; a file whose stat it does not know (a fresh
  clone or a re-extracted export: new mtimes and inodes) is read once and recognised by its
  content hash (`lookup_by_content`), and its bytes go on to the check when it is not;
- `results`: (content hash, settings key) -> the per-file result as JSON (findings without their
  path, suppressions, the ids of the rules that left a corpus summary). The settings key is a
  hash of newslint's version and the contents of its files (`code_fingerprint`), the rules,
  their sources (plugin versions) and options in force for the file, so a config change or an
  upgrade never serves a stale result, and a reinstall of the same newslint keeps the cache.
- `summaries`: the same key -> the corpus summaries (fingerprints) as JSON, apart: most of a
  result's bytes, and read only when the corpus pass runs, not when its answer is cached.

- `corpus`: rule id -> the corpus-wide pass's problems, with the hash of its inputs (every
  article's path and result key, the rule's options): a run whose inputs are the last run's
  reuses them; any change (one article edited, added or removed) runs the pass again, from
  the summaries.
- `reports`: a whole run's report, keyed by everything it was made from (`run_key`): a run
  finding every file as the last one left it reads one row (the last `REPORTS_KEPT` kept).
- `focus_touched`: the articles checked since the focus indexes (`pipeline/focus.py`, files
  beside the database) were written, which a pre-commit run compares with as well.
A cache that cannot be created or written (a read-only folder) means no cache, not a failure
nor a warning; a corrupt or foreign one is rebuilt with a warning. The folder is safe to delete at any time.
SQLite's own locking (WAL, busy timeout) makes it safe for concurrent pytest-xdist workers.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

from .. import __version__
from ..config import Config
from ..document import read_bytes
from ..rules.forked import InFork, can_fork
from ..text import FAST
from .discover import cache_root

SCHEMA_VERSION = "3"  # 3: the key indexes of results and summaries named, so that a bulk load can drop them
OLDER_SCHEMAS = ("1", "2")  # caches of an earlier newslint: rebuilt without a word
RESULTS_UNDER = "results under "  # meta keys: the settings keys the results table holds results for
READ_AHEAD_LIMIT = 64 * 1024 * 1024  # bytes of unrecognised files kept in memory for their check
HASH_IN_FORK_MIN_FILES = 2_000  # files from which `hashed_contents` shares the work with a forked copy
# bytes of results and summaries held for writing before they are written, about a thousand
# articles' worth: written as they come, while the workers check the next ones, not all at the
# end of the run, where nothing overlaps the writing (0.14 s of the cold run on 10,000
# articles, about a fifth of what followed the checks); and a cold run of a million articles
# would otherwise hold every one of them (about 2 GB) until it ends
PENDING_LIMIT = 1024 * 1024
# bytes written in one transaction before it is committed: each commit writes every page it
# changed to the write-ahead log, and the rows of a batch land on as many leaves of each table's
# key index (content hashes are random), so committing each batch wrote the indexes again and
# again; at a million articles that grew faster than the articles (the main process's system
# time: 2.5 s at 100,000, 0.6 s with this). An explicit `flush` commits.
COMMIT_LIMIT = 64 * 1024 * 1024
# the page cache of the connection (KiB, as SQLite's negative cache_size): the key indexes of a
# million articles' rows (about 70 MB each) are read back at each insert otherwise
CACHE_KIB = 64 * 1024
# no fsync: SQLite hands its writes to the operating system and goes on, as the caches of
# ruff and mypy do. A crash of newslint loses nothing committed; only an operating-system crash
# or a power cut during a write can damage the file, and a damaged cache is rebuilt (`open`).
# The fsyncs of a cold run's commit and close took 0.035 s of 10,000 articles, after the checks.
SYNCHRONOUS = "OFF"
# the page size of a new cache (SQLite's default is 4 KiB): a summary row is about 1 KB, and a
# cold run's 30,000 rows of 10,000 articles went in 0.106 -> 0.072 s (writes and commit), its
# summaries read back in 0.013-0.024 -> 0.010 s; a cache made before keeps its size
PAGE_BYTES = 16 * 1024
# files whose stat is looked up one query each before the whole table is read: a pre-commit run
# asks about a few, and the table of a million articles takes seconds and 300 MB to read
FEW_FILES = 1000
# a look-up of at most this many files (a pre-commit run's and the articles it is compared with)
# reads their rows alone, in batches, not the whole table
SOME_FILES = 100_000
# a cold run keeping this many results or more, into a cache that holds none, loads them in bulk
# (`RowWriter._begin_bulk`): content hashes are random, so each row lands on a random leaf of its
# table's key index, and once the indexes outgrow the page cache (about 400,000 articles) each
# insert reads a leaf back and each commit writes most of them again. Inserting without the
# indexes and making them at the end, sorted, took 1,000,000 articles' rows (files, results,
# summaries) from 20.2 s to 7.5 s; 300,000: 3.1 -> 2.1 s; 100,000: 0.9 -> 0.7 s
BULK_MIN_ROWS = 50_000
KEYED_TABLES = ("results", "summaries")  # the tables keyed (content hash, settings key)
IN_ORDER_MIN_KEYS = 1000  # summaries asked for at once, from which they are first read as a range (`summaries_in_order`)
REPORTS_KEPT = 4  # whole runs' reports kept (another folder named, other flags: other keys)
FOCUS_NOTE = "focus "  # meta keys: a corpus rule's focus index (pipeline/focus.py), what it was written under
DB_NAME = "newslint.sqlite3"
META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (content_hash TEXT NOT NULL, settings_key TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS summaries (content_hash TEXT NOT NULL, settings_key TEXT NOT NULL, summaries TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corpus (rule TEXT PRIMARY KEY, inputs TEXT NOT NULL, problems TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS focus_touched (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, report TEXT NOT NULL);
"""


def key_index(table: str) -> str:
    """The key index of a table keyed (content hash, settings key): made with the schema, and
    again at the end of a bulk load, which drops it (`RowWriter._begin_bulk`)."""
    return f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_key ON {table} (content_hash, settings_key)"


SCHEMA += "".join(f"{key_index(table)};\n" for table in KEYED_TABLES)


def _set_pragmas(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA busy_timeout = 60000")
    connection.execute(f"PRAGMA page_size = {PAGE_BYTES}")  # before WAL mode: a new database only
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass  # another process holds it; the mode it set stays
    connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def settings_key(rules) -> str:
    """A hash of what decides a per-file result: newslint's code, the rules, their sources
    (plugin versions) and options, and the content of files the options name (a registry)."""
    parts = [__version__, code_fingerprint()]
    for rule, settings in rules:
        options = {k: v for k, v in settings.options.items() if not k.startswith("_")}
        parts.append(f"{rule.id}|{rule.source}|{settings.severity}|{json.dumps(options, sort_keys=True, default=str)}")
        for name, value in sorted(options.items()):
            if name.endswith("-file") and isinstance(value, str) and value:
                parts.append(_file_digest(Path(settings.options.get("_root", ".")) / value))
    return hashlib.blake2b("\n".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def read_whole(path: str, info: os.stat_result, max_size: int) -> bytes | None:
    """A regular file's bytes, when it is no larger than `max_size` and still the size its stat
    said; else None: the check reads it itself and says what is wrong (a folder, a FIFO, too
    large, unreadable)."""
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_size:
        return None
    try:
        raw = read_bytes(path, info.st_size, max_size)  # as the check reads it: os.read, no file object
    except OSError:
        return None
    return raw if len(raw) == info.st_size else None


def hashed_contents(files: list[tuple[str, os.stat_result]], max_size: int,
                    processes: int = 1) -> list[tuple[str | None, bytes | None]]:
    """(content hash, bytes) of each (path, stat) that `read_whole` reads; (None, None) for the
    others. Many files (a fresh clone, a restored cache), with `processes` (`--jobs`) above 1,
    are shared with a forked copy of the process, which reads and hashes the later half
    meanwhile (10,000 articles: 0.083 s -> 0.050 s); its files' bytes do not come back (a file
    the cache does not know is read again by its check)."""
    def hashed(part: list) -> list:
        found = []
        for path, info in part:
            raw = read_whole(path, info, max_size)
            found.append((content_hash(raw), raw) if raw is not None else (None, None))
        return found

    if processes < 2 or len(files) < HASH_IN_FORK_MIN_FILES or not can_fork():
        return hashed(files)
    half = len(files) // 2
    later = InFork(lambda: [(digest, None) for digest, _ in hashed(files[half:])])
    try:
        return hashed(files[:half]) + later.result()
    finally:
        later.abandon()


def _file_digest(path: Path) -> str:
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return "missing"


_CODE_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """A hash of the contents of every file of the newslint package (sources, the rules' data
    files, templates, compiled extensions; not __pycache__): an edited or upgraded newslint
    never reads results another one wrote, even under the same version number, and a
    reinstall of the same files (new mtimes: a CI job that installs newslint each run) keeps
    the cache. Computed once a process: 1.3 ms for the package's 45 files (page cache warm)."""
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        _CODE_FINGERPRINT = package_fingerprint(Path(__file__).resolve().parent.parent)
    return _CODE_FINGERPRINT


def package_fingerprint(package: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            digest.update(os.path.relpath(path, package).replace(os.sep, "/").encode("utf-8", "surrogateescape"))
            digest.update(b"\0%d\0" % len(data))
            digest.update(data)
    return digest.hexdigest()


def cache_folder(config: Config) -> Path:
    """Where the cache lives: `cache-dir` (default `.newslint_cache`) under the cache root: the
    config file's folder, else the git work tree's top, else the working folder, as ruff keeps
    `.ruff_cache`. The folder gets a `.gitignore` of `*`, so it is never committed; a folder
    that cannot be written means no cache (`Cache.open`)."""
    if config.cache_dir_configured:
        return Path(config.root) / config.cache_dir
    return cache_root(config) / config.cache_dir


def _mode_allows_writing(folder: Path) -> bool:
    """False when the folder (or, not made yet, the nearest folder above it) has no write bit at
    all: a tree laid read-only, such as a shared corpus. Root may write there anyway, but a
    linter run as root (CI, containers) must not litter a folder its owner made read-only."""
    for candidate in (folder, *folder.parents):
        try:
            return bool(os.stat(candidate).st_mode & 0o222)
        except FileNotFoundError:
            continue
        except OSError:
            return False
    return False


class FileRows:
    """The cache's `files` table as far as a run reads it: path -> (size, mtime_ns, inode,
    content hash). A few paths (a pre-commit run's) are read one query each, a few thousand in
    batches, more as the whole table at once."""

    def __init__(self):
        self.connection: sqlite3.Connection | None = None
        self.rows: dict[str, tuple | None] = {}  # path -> its row, as far as read (None: none)
        self.complete = False  # the whole table is in `rows`
        self.queries = 0

    def entry(self, absolute: str) -> tuple | None:
        """The row of a path: the first `FEW_FILES` asked one query each, then the whole table."""
        rows = self.rows
        if absolute in rows or self.complete:
            return rows.get(absolute)
        try:
            if self.queries < FEW_FILES:
                self.queries += 1
                row = self.connection.execute("SELECT size, mtime_ns, inode, content_hash FROM files WHERE path = ?",
                                              (absolute,)).fetchone()
                rows[absolute] = tuple(row) if row is not None else None
                return rows[absolute]
            self._read_all()
        except sqlite3.Error:
            self.complete = True
        return rows.get(absolute)

    def _read_all(self) -> None:
        for path, size, mtime, inode, digest in self.connection.execute("SELECT * FROM files"):
            self.rows.setdefault(path, (size, mtime, inode, digest))  # a newer entry of this run stays
        self.complete = True

    def read(self, paths: list[str]) -> None:
        """The rows of these paths, in batches (a path without one is noted as such); or the
        whole table, when they are half of it or more (a whole run: one pass, not 20 queries
        of 500 a 10,000 articles)."""
        if self.complete or not FEW_FILES < len(paths) <= SOME_FILES:
            return
        rows = self.rows
        paths = [path for path in paths if path not in rows]
        try:
            # the largest rowid: at least the table's row count (a replaced row takes a new one)
            if 2 * len(paths) >= (self.connection.execute("SELECT MAX(rowid) FROM files").fetchone()[0] or 0):
                self._read_all()
                return
            for start in range(0, len(paths), 500):
                batch = paths[start : start + 500]
                for path in batch:
                    rows[path] = None
                query = f"SELECT * FROM files WHERE path IN ({','.join('?' * len(batch))})"
                for path, size, mtime, inode, digest in self.connection.execute(query, batch):
                    rows[path] = (size, mtime, inode, digest)
        except sqlite3.Error:
            pass


def read_rows(connection: sqlite3.Connection, table: str, column: str, keys: list[tuple[str, str]],
              shared: bool = False) -> dict[tuple[str, str], dict]:
    """{(content hash, settings key): its row's JSON} of a table's rows for these keys: looked
    up 500 at a time, or, for at least half the rows the table has had (a whole run), read in
    one pass over it (10,000 rows: 0.017 s, where the look-ups took 0.039 s). `shared`: a text
    met again is decoded once and given as the same object (results without findings are
    mostly one text: 409 distinct of 10,000), for a caller that only reads them."""
    by_settings: dict[str, list[str]] = {}
    for digest, key in keys:
        by_settings.setdefault(key, []).append(digest)
    # the table's largest rowid: at least as many as its rows (a replaced row takes a new one)
    rows_at_most = connection.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0
    found: dict[tuple[str, str], dict] = {}
    decoded: dict[str, dict] = {}
    for key, digests in by_settings.items():
        if 2 * len(digests) >= rows_at_most:
            wanted = set(digests)
            query = f"SELECT content_hash, {column} FROM {table} WHERE settings_key = ?"
            rows = ((digest, text) for digest, text in connection.execute(query, (key,)) if digest in wanted)
        else:
            rows = _rows_in_batches(connection, table, column, key, digests)
        for digest, text in rows:
            if not shared:
                found[(digest, key)] = json.loads(text)
            elif text in decoded:
                found[(digest, key)] = decoded[text]
            else:
                found[(digest, key)] = decoded[text] = json.loads(text)
    return found


def _rows_in_batches(connection: sqlite3.Connection, table: str, column: str, key: str, digests: list[str]):
    for start in range(0, len(digests), 500):
        batch = digests[start : start + 500]
        marks = ",".join("?" * len(batch))
        query = f"SELECT content_hash, {column} FROM {table} WHERE settings_key = ? AND content_hash IN ({marks})"
        yield from connection.execute(query, (key, *batch))


def summaries_in_order(connection: sqlite3.Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """The summaries of `keys` that follow the first one's row in the table, read as one
    range of rows (at most twice as many as asked for, up to the last one found). A cold run
    writes its articles' rows in the order the corpus pass reads them back, so a chunk of
    them lies together: one range of pages instead of a look-up in the key index per row
    (which, at a million articles, no longer fits the page cache)."""
    first = connection.execute("SELECT rowid FROM summaries WHERE content_hash = ? AND settings_key = ?", keys[0]).fetchone()
    if first is None:
        return {}
    wanted = set(keys)
    found: dict[tuple[str, str], dict] = {}
    rows = connection.execute("SELECT content_hash, settings_key, summaries FROM summaries WHERE rowid >= ? ORDER BY rowid LIMIT ?",
                              (first[0], 2 * len(wanted)))
    for digest, key, text in rows:
        if (digest, key) in wanted:
            found[(digest, key)] = json.loads(text)
            if len(found) == len(wanted):
                break
    return found


def compact_encoder():
    """`json.dumps(value, separators=(",", ":"))` as a function that builds its encoder once:
    `json.dumps` builds one at every call (JSONEncoder.iterencode's set-up took 3 of the 5 us of
    a summary's text). The same C encoder with the same arguments `JSONEncoder.encode` gives
    it, so the same text; without the C one (another Python), JSONEncoder's own `encode`."""
    encoder = json.JSONEncoder(separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover
        return encoder.encode
    # markers None: no test for a value that contains itself (a summary is a tree of plain values)
    encode = make(None, encoder.default, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


to_compact_json = compact_encoder()


def compact_json(value) -> str:
    """`to_compact_json` of a value, compiled for the plain values and ASCII text of a result's
    rows (the summaries' base64 text: 4 us an article -> 0.5 us)."""
    text = FAST.compact_json(value) if FAST is not None else None
    return text if text is not None else to_compact_json(value)


# the text of a result without findings, suppressions or date, by the rules of its summaries:
# most results (409 distinct texts of 10,000), made once a process and shared
_PLAIN_RESULT_TEXT: dict[tuple[str, ...], str] = {}
_PLAIN_RESULT = frozenset(("findings", "summaries", "suppressions"))  # the keys of such a result


def result_rows(result: dict, with_summaries: bool = True) -> tuple[str, str | None]:
    """What the cache keeps of a result (`FileResult.to_json()`): the result without its
    summaries, naming their rules, and the summaries (`summaries_row`), as JSON text. Worker
    processes make it (see `workers`), so that the main process only writes it; without
    `with_summaries` the second row is None, for the main process to make from the summaries it
    is sent anyway (`workers.received`)."""
    summaries = result.get("summaries") or {}
    rules = sorted(summaries)
    # a rule's summary of None (title-role's of an undated article) is told here: a corpus pass
    # then gives it without reading the article's summaries from the cache
    empty = [rule for rule in rules if summaries[rule] is None]
    named = {"summary_rules": rules, "empty_summary_rules": empty} if empty else {"summary_rules": rules}
    if result.keys() == _PLAIN_RESULT and not result["findings"] and result["suppressions"] is None:
        key = (*rules, "", *empty)
        text = _PLAIN_RESULT_TEXT.get(key)
        if text is None:
            text = _PLAIN_RESULT_TEXT[key] = compact_json({"findings": [], "suppressions": None, **named})
    else:
        rest = {name: value for name, value in result.items() if name != "summaries"}
        rest.update(named)
        text = compact_json(rest)
    return text, summaries_row(summaries) if with_summaries else None


def summaries_row(summaries: dict | None) -> str | None:
    """The cache's row of a result's summaries (None: it has none)."""
    return compact_json(summaries) if summaries else None


def warn_not_written(database: Path, exc: Exception) -> None:
    print(f"newslint: warning: could not write the cache {database}: {exc}", file=sys.stderr)


class OlderSchema(Exception):
    """The cache was written by an earlier newslint (`OLDER_SCHEMAS`): it is made anew."""


class PendingRows:
    """The rows a run has made and not yet written: files, results, summaries, and the articles
    noted as checked since the focus indexes were written; with their size in bytes."""

    def __init__(self):
        self.files: list[tuple] = []
        self.results: list[tuple] = []
        self.summaries: list[tuple] = []
        self.touched: set[str] = set()
        self.bytes = 0

    def __bool__(self) -> bool:
        return bool(self.files or self.results or self.summaries or self.touched)

    def add_result(self, digest: str, key: str, rows: tuple[str, str | None]) -> None:
        result, summaries = rows
        self.results.append((digest, key, result))
        self.bytes += len(result)
        if summaries is not None:
            self.summaries.append((digest, key, summaries))
            self.bytes += len(summaries)

    def write(self, connection: sqlite3.Connection, bulk: bool = False) -> None:
        """`bulk`: into tables without their key indexes (`RowWriter._begin_bulk`), where a row
        replaces none: a text met twice is two rows until the indexes are made again."""
        keyed = "INSERT" if bulk else "INSERT OR REPLACE"
        connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", self.files)
        connection.executemany(f"{keyed} INTO results VALUES (?, ?, ?)", self.results)
        connection.executemany(f"{keyed} INTO summaries VALUES (?, ?, ?)", self.summaries)
        connection.executemany("INSERT OR IGNORE INTO focus_touched VALUES (?)", [(path,) for path in sorted(self.touched)])
        keys = {key for _, key, _ in self.results}
        connection.executemany("INSERT OR IGNORE INTO meta VALUES (?, '')", [(RESULTS_UNDER + key,) for key in sorted(keys)])

    def clear(self) -> None:
        self.files.clear()
        self.results.clear()
        self.summaries.clear()
        self.touched.clear()
        self.bytes = 0


class RowWriter:
    """The write side of the cache: the rows a run has made (`PendingRows`), written a batch at
    a time and committed every `COMMIT_LIMIT` bytes, or, for a cold run on an archive, loaded in
    bulk (`_begin_bulk`). A failed write is a warning, never the run's failure."""

    def __init__(self, path: Path):
        self.path = path  # the database, for the warnings
        self.connection: sqlite3.Connection | None = None
        self.pending = PendingRows()
        self._uncommitted_bytes = 0  # written by flushes that did not commit (COMMIT_LIMIT)
        self._expected_rows = 0  # the results this run is to keep (`expect_rows`)
        self._bulk: bool | None = None  # whether this run's rows go in as a bulk load; None: not decided yet

    def store(self, digest: str, key: str, rows: tuple[str, str | None]) -> None:
        """Keep a result, given as `result_rows`: its summaries apart from the rest."""
        self.pending.add_result(digest, key, rows)
        if self.pending.bytes > PENDING_LIMIT:
            self.flush(commit=not self._bulk and self._uncommitted_bytes + self.pending.bytes > COMMIT_LIMIT)

    def expect_rows(self, count: int) -> None:
        """Told how many results the run is about to check and keep: from `BULK_MIN_ROWS` into
        a cache that holds none, the rows go in as a bulk load (`_begin_bulk`)."""
        self._expected_rows = count

    def flush(self, commit: bool = True) -> None:
        """Write the rows held; `commit`: and commit them, with what earlier flushes left
        uncommitted (see COMMIT_LIMIT). Every run ends with a committing flush."""
        if self.connection is None:
            return
        if not self.pending:
            if commit and self.connection.in_transaction:
                self._commit()
            return
        try:
            if not self.connection.in_transaction:
                self.connection.execute("BEGIN IMMEDIATE")
                if self._bulk is None:
                    self._begin_bulk()
            self.pending.write(self.connection, bulk=bool(self._bulk))
            self._uncommitted_bytes += self.pending.bytes
            if commit:
                self._commit()
        except sqlite3.Error as exc:
            self._rollback()
            warn_not_written(self.path, exc)
        self.pending.clear()

    def _begin_bulk(self) -> None:
        """Decide, in the run's first write transaction, whether its rows go in as a bulk load:
        a run that keeps at least `BULK_MIN_ROWS` results into a cache that holds none (a cold
        run on an archive). Then the key indexes of results and summaries are dropped in that
        transaction and made again, sorted, at its commit (`_end_bulk`): the transaction stays
        open until the run's committing flush (COMMIT_LIMIT does not apply), so that no other
        process ever sees the tables without them."""
        self._bulk = False
        if self._expected_rows < BULK_MIN_ROWS:
            return
        for table in KEYED_TABLES:
            if self.connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
                return
        for table in KEYED_TABLES:
            self.connection.execute(f"DROP INDEX {table}_key")
        self._bulk = True

    def _end_bulk(self) -> None:
        """Make the key indexes a bulk load dropped, once its rows are in. A text that the run
        met twice (two articles of the same bytes) left two rows: the later one is kept, as
        `INSERT OR REPLACE` would have done."""
        for table in KEYED_TABLES:
            index = key_index(table)
            try:
                self.connection.execute(index)
            except sqlite3.IntegrityError:
                self.connection.execute(f"DELETE FROM {table} WHERE rowid NOT IN "
                                        f"(SELECT MAX(rowid) FROM {table} GROUP BY content_hash, settings_key)")
                self.connection.execute(index)
        self._bulk = False

    def _commit(self) -> None:
        try:
            if self._bulk:
                self._end_bulk()
            self.connection.commit()
        except sqlite3.Error as exc:
            self._rollback()
            warn_not_written(self.path, exc)
        self._uncommitted_bytes = 0

    def _rollback(self) -> None:
        self._uncommitted_bytes = 0
        self._bulk = False  # the dropped indexes come back with the rollback
        try:
            self.connection.rollback()
        except sqlite3.Error:
            pass


class Cache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self.connection: sqlite3.Connection | None = None
        self.files = FileRows()
        self.tracking_touched: bool | None = None  # whether a focus index exists to keep exact
        self.writer = RowWriter(self.path)
        self.pending = self.writer.pending
        self._result_keys: set[str] | None = None  # the settings keys of the stored results

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path) -> "Cache | None":
        """The cache in `folder`, or None when it cannot be used (a folder or database newslint
        may not write: no cache, and no error)."""
        cache = cls(folder)
        try:
            try:
                cache._connect()
            except OlderSchema:  # an earlier newslint's: its results are not this one's anyway
                cache._remove()
                cache._connect()
        except sqlite3.OperationalError:
            cache.close()
            return None  # read-only (a folder or file newslint may not write), locked: no cache
        except sqlite3.DatabaseError as exc:
            print(f"newslint: warning: cache {cache.path} is corrupt or not newslint's ({exc}): rebuilt", file=sys.stderr)
            try:
                cache._remove()
                cache._connect()
            except (OSError, sqlite3.Error):
                return None
        except (OSError, sqlite3.Error):
            return None
        return cache

    def _connect(self) -> None:
        if not _mode_allows_writing(self.folder):
            raise OSError(f"{self.folder}: a read-only folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        gitignore = self.folder / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# created by newslint: this folder is a cache, safe to delete\n*\n", encoding="utf-8")
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            _set_pragmas(connection)
            connection.execute(META)
            row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is not None and row[0] in OLDER_SCHEMAS:
                raise OlderSchema(row[0])
            if row is not None and row[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema {row[0]}, expected {SCHEMA_VERSION}")
            connection.executescript(SCHEMA)
            if row is None:
                connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            connection.execute("SELECT count(*) FROM results").fetchone()
        except BaseException:
            connection.close()
            raise
        self.connection = connection
        self.files.connection = connection
        self.writer.connection = connection

    def close(self) -> None:
        """Write what is held and close the database (SQLite folds its write-ahead log in)."""
        if self.connection is not None:
            self.flush()
            self.connection.close()
            self.connection = self.writer.connection = None

    def _remove(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(str(self.path) + suffix)
            except FileNotFoundError:
                pass

    # -- files -----------------------------------------------------------------------------
    def known_hash(self, absolute: str, info: os.stat_result) -> str | None:
        """The content hash recorded for a file whose size, mtime and inode are unchanged."""
        entry = self.files.entry(absolute)
        if entry and entry[:3] == (info.st_size, info.st_mtime_ns, info.st_ino):
            return entry[3]
        return None

    def remember_file(self, absolute: str, info: os.stat_result, digest: str) -> None:
        entry = (info.st_size, info.st_mtime_ns, info.st_ino, digest)
        if self.files.entry(absolute) != entry:
            self.files.rows[absolute] = entry
            self.pending.files.append((absolute, *entry))

    # -- results ---------------------------------------------------------------------------
    def lookup(self, files: list[tuple[str, os.stat_result | None]], settings_key,
               summaries_only: bool = False) -> dict[int, tuple[dict, str]]:
        """{index: (result, "content hash:settings key")} for the files, given as (absolute
        path, stat or None), whose result is kept: unchanged since the cache hashed them, and
        checked under the same settings (`settings_key(absolute)`). `summaries_only`: for
        articles only compared with, a result of their summaries alone (no findings), found
        where the summaries are."""
        wanted: dict[int, tuple[str, str]] = {}
        self.files.read([absolute for absolute, info in files if info is not None])
        for index, (absolute, info) in enumerate(files):
            if info is None:
                continue
            digest = self.known_hash(absolute, info)
            if digest is not None:
                wanted[index] = (digest, settings_key(absolute))
        if summaries_only:
            found = {key: {"findings": [], "summaries": summaries, "suppressions": None}
                     for key, summaries in self.summaries(list(wanted.values())).items()}
        else:
            found = self.results(list(wanted.values()))
        return {index: (found[key], f"{key[0]}:{key[1]}") for index, key in wanted.items() if key in found}

    def lookup_by_content(self, files: dict[int, tuple[str, os.stat_result]], settings_key, max_size: int,
                          processes: int = 1) -> tuple[dict[int, tuple[dict, str]], dict[int, bytes]]:
        """For files whose stat the cache does not know, given as {index: (absolute path, stat)}:
        read each once and look its content hash up under its settings (a fresh clone or a
        restored CI cache: every mtime and inode new, every result there). Returns ({index:
        (result, key)} as `lookup`, {index: bytes} of the files not found, for their check, so
        that they are not read twice (those this process read: see `hashed_contents`). A file
        found has its new stat remembered. Nothing is read
        when the cache holds no result under a file's settings (a cold run: the workers read).
        `processes` (`--jobs`): above 1, a forked copy may read half of them."""
        present = self._stored_settings_keys()
        wanted: dict[int, tuple[str, str]] = {}
        raws: dict[int, bytes] = {}
        if not present:
            return {}, raws  # an empty cache (a cold run): not even each file's settings asked
        asked = [(index, absolute, info, key) for index, (absolute, info) in files.items()
                 if (key := settings_key(absolute)) in present]
        for (index, _, _, key), (digest, raw) in zip(asked, hashed_contents([(a, i) for _, a, i, _ in asked], max_size, processes)):
            if digest is not None:
                wanted[index] = (digest, key)
                if raw is not None:
                    raws[index] = raw
        found = self.results(list(wanted.values())) if wanted else {}
        served: dict[int, tuple[dict, str]] = {}
        kept = 0
        for index, key in wanted.items():
            if key in found:
                absolute, info = files[index]
                self.remember_file(absolute, info, key[0])
                served[index] = (found[key], f"{key[0]}:{key[1]}")
                raws.pop(index, None)
            elif index not in raws:
                continue  # read by the forked copy: its check reads it again
            elif kept + len(raws[index]) <= READ_AHEAD_LIMIT:
                kept += len(raws[index])
            else:
                del raws[index]  # many new files at once: the check reads these again
        return served, raws

    def holds_results(self) -> bool:
        return bool(self._stored_settings_keys())

    def _stored_settings_keys(self) -> set[str]:
        if self._result_keys is None:
            self._result_keys = {key[len(RESULTS_UNDER):] for key, _ in self._meta_like(RESULTS_UNDER)}
        return self._result_keys

    def keep(self, absolute: str, info: os.stat_result, digest: str, key: str, rows: tuple[str, str | None]) -> str:
        """Remember a file's content hash and keep its result (`result_rows`); returns the
        result's key. Where a focus index exists, the file is noted as checked since it was
        written."""
        self.remember_file(absolute, info, digest)
        self.store(digest, key, rows)
        if self.tracking_touched is None:
            self.tracking_touched = bool(self._meta_like(FOCUS_NOTE))
        if self.tracking_touched and rows[1] is not None:
            self.pending.touched.add(absolute)
        return f"{digest}:{key}"

    # -- a whole run's report ---------------------------------------------------------------
    def report(self, key: str) -> dict | None:
        try:
            row = self.connection.execute("SELECT report FROM reports WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError):
            return None

    def keep_report(self, key: str, report: dict) -> None:
        with self._write() as connection:
            connection.execute("DELETE FROM reports WHERE key NOT IN (SELECT key FROM reports ORDER BY rowid DESC LIMIT ?)",
                               (REPORTS_KEPT - 1,))
            connection.execute("INSERT OR REPLACE INTO reports VALUES (?, ?)", (key, json.dumps(report, separators=(",", ":"))))

    @contextmanager
    def _write(self):
        """One write of its own, in a transaction: the rows written before are committed first
        (`flush`; a bulk load's with its indexes made again), and a failure is a warning."""
        self.flush()
        try:
            with self.connection:
                yield self.connection
        except sqlite3.Error as exc:
            warn_not_written(self.path, exc)

    # -- what the focus indexes need (pipeline/focus.py) -------------------------------------
    def _meta_like(self, prefix: str) -> list[tuple[str, str]]:
        try:
            return self.connection.execute("SELECT key, value FROM meta WHERE key LIKE ?", (prefix + "%",)).fetchall()
        except sqlite3.Error:
            return []

    def set_focus_note(self, rule_id: str, note: str) -> None:
        """Record a focus index just written (what it was written under)."""
        with self._write() as connection:
            connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (FOCUS_NOTE + rule_id, note))
        self.tracking_touched = True

    def clear_touched(self) -> None:
        """Forget the articles touched since the indexes were written: they hold them now."""
        with self._write() as connection:
            connection.execute("DELETE FROM focus_touched")

    def focus_notes(self) -> dict[str, str]:
        return {key[len(FOCUS_NOTE):]: value for key, value in self._meta_like(FOCUS_NOTE)}

    def touched(self) -> list[str]:
        """The articles checked since the focus indexes were written (this run's included)."""
        try:
            rows = self.connection.execute("SELECT path FROM focus_touched").fetchall()
        except sqlite3.Error:
            rows = []
        return sorted({path for (path,) in rows} | self.pending.touched)

    def touched_count(self) -> int:
        """How many articles `touched` lists, at most (one written and pending counts twice)."""
        try:
            return self.connection.execute("SELECT COUNT(*) FROM focus_touched").fetchone()[0] + len(self.pending.touched)
        except sqlite3.Error:
            return len(self.pending.touched)

    def results(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        """Cached results for (content hash, settings key) pairs, without their summaries (see
        `summaries`). Read only: two results of the same text are one object."""
        try:
            return read_rows(self.connection, "results", "result", keys, shared=True)
        except (sqlite3.Error, ValueError):
            return {}

    def summaries(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        """The corpus summaries of cached results: {rule id: summary} for each key found. Many
        keys are first looked for where they were written in the order asked (`summaries_in_order`)."""
        try:
            found = summaries_in_order(self.connection, keys) if len(keys) >= IN_ORDER_MIN_KEYS else {}
            rest = [key for key in keys if key not in found] if found else keys
            if rest:
                found.update(read_rows(self.connection, "summaries", "summaries", rest))
            return found
        except (sqlite3.Error, ValueError):
            return {}

    def corpus_problems(self, rule_id: str, inputs: str) -> list | None:
        """The problems the corpus pass of a rule found last time, if its inputs were these."""
        try:
            row = self.connection.execute("SELECT inputs, problems FROM corpus WHERE rule = ?", (rule_id,)).fetchone()
            return json.loads(row[1]) if row is not None and row[0] == inputs else None
        except (sqlite3.Error, ValueError):
            return None

    def store_corpus_problems(self, rule_id: str, inputs: str, problems: list) -> None:
        """Keep one entry a rule (the last run's): a repository has one corpus."""
        with self._write() as connection:
            connection.execute("INSERT OR REPLACE INTO corpus VALUES (?, ?, ?)",
                               (rule_id, inputs, json.dumps(problems, separators=(",", ":"))))

    def store(self, digest: str, key: str, rows: tuple[str, str | None]) -> None:
        """Keep a result, given as `result_rows`: its summaries apart from the rest."""
        self.writer.store(digest, key, rows)

    def expect_rows(self, count: int) -> None:
        """Told how many results the run is about to check and keep (`RowWriter.expect_rows`)."""
        self.writer.expect_rows(count)

    def flush(self, commit: bool = True) -> None:
        """Write the rows held; `commit`: and commit them (`RowWriter.flush`). Every run ends
        with a committing flush."""
        self.writer.flush(commit)
