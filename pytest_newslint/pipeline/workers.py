"""The per-file pass in worker processes: a pool of forked processes (each inherits the checker:
nothing is pickled but paths, the bytes the cache read already, and results), work started early
(`prefetch`), and the
process-global garbage-collector settings of a run, set in one place and restored after it."""
from __future__ import annotations

import dataclasses
import gc
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from ..text import compile_waiting
from .cache import result_rows, summaries_row
from .check import Checker
from .discover import FileStat
from .results import FileResult

PARALLEL_MIN_FILES = 200
CHUNK_MAX = 1000  # files in one run sent to a worker (see Workers._chunks)
CHUNK_MIN = 16
_CHECKER: Checker | None = None  # what a forked worker checks with (set before the fork)
_THRESHOLDS_AT_IMPORT = gc.get_threshold()
FEWER_COLLECTIONS = (200_000, 30, 30)  # the collector's thresholds while a run builds what it keeps (mypy's)
READ_AHEAD = 128  # files of a run a worker asks the kernel to read before it gets to them (`read_ahead`)
_ADVISE = getattr(os, "posix_fadvise", None)  # not on macOS nor Windows: nothing read ahead there
# opened for the hint only: never waits on a FIFO, never passed to a child process
_OPEN_AHEAD = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class Workers:
    def __init__(self, checker: Checker, jobs: int):
        self.checker = checker
        self.jobs = jobs
        self.prefetched: dict[str, tuple] = {}  # absolute path -> (future of a chunk, index in it)
        self._prefetch_pool = None  # a concurrent.futures.ProcessPoolExecutor
        self._started_pool = None  # one forked by `start`, for the next `check_many`
        self._fed = False  # `_prefetch_pool` is `start`'s, fed by the walk (`WalkFeed`): waited for at its end
        self._taken: tuple = (None, None)  # the last prefetched run asked for, and its results

    def start(self) -> None:
        """Fork the worker processes now, before the files are known: a cold run over a folder
        has them compile the rules' patterns (each its own, `_worker_started_early`) while this
        process walks the folder and works out the run's key; the files are sent to them as
        `check_many` is asked (with the dates decided here meanwhile). Without a fork, or with
        one job, nothing is started."""
        if self.jobs < 2 or self._started_pool is not None or not _fork_available():
            return
        pool = self._pool(early=True)
        with frozen_for_fork():
            pool.submit(int)  # the processes fork at the first submit
        self._started_pool = pool

    def started(self) -> bool:
        """Whether `start` forked processes that no run has taken yet."""
        return self._started_pool is not None

    def feed(self, decided: frozenset[str]) -> "WalkFeed | None":
        """A `WalkFeed` handing a cold run's walked files to the processes `start` forked, as
        the walk lists them; None without them. `decided`: the run's new articles, decided
        before any of them is checked (`ArticleDates.decided`)."""
        return WalkFeed(self, decided) if self._started_pool is not None else None

    def submit_walked(self, chunk: list[str], decided: frozenset[str]) -> None:
        """A run of walked files to `start`'s processes, each file then `prefetched`."""
        if self._started_pool is not None:  # the first run: the pool is the prefetch pool from now on
            self._prefetch_pool, self._started_pool, self._fed = self._started_pool, None, True
        future = self._prefetch_pool.submit(_check_chunk, [(path, None, None) for path in chunk], decided)
        prefetched = self.prefetched
        for offset, path in enumerate(chunk):
            prefetched[path] = (future, offset)

    def stop(self) -> None:
        """Shut the processes `start` forked down, if no `check_many` took them; waiting for
        them to end (they have compiled their patterns by then): a process that ends with
        `os._exit` (the command) before they read their stop would leave them waiting for
        work that never comes, holding its output open."""
        if self._started_pool is not None:
            self._started_pool.shutdown(wait=True, cancel_futures=True)
            self._started_pool = None

    def prefetch(self, files: list[Path], unanswered: Callable[[list[Path]], list[tuple]]) -> None:
        """Start checking files (those the cache cannot answer: `unanswered` gives their check
        items, (path, bytes or None, stat or None)) in worker processes now, while the caller
        does other work; `check_many` takes their results when it gets to them.

        The pytest plugin starts it before pytest collects: the per-file pass does not depend on
        which files are checked together, so it can start from newslint's own listing, and a
        file pytest does not collect in the end is simply not asked for.
        """
        if self._fed:
            return  # the walk has handed every file to the processes `start` forked (`WalkFeed`)
        if self.jobs < 2 or len(files) < PARALLEL_MIN_FILES or not _fork_available():
            return
        todo = unanswered(files)
        if len(todo) < PARALLEL_MIN_FILES:
            return
        pool, self._started_pool = self._started_pool or self._pool(), None
        decided = self.checker.dates.decided()
        for chunk in self._chunks(todo):
            future = pool.submit(_check_chunk, chunk, decided)
            for offset, (path, _, _) in enumerate(chunk):
                self.prefetched[os.path.abspath(path)] = (future, offset)
        self._prefetch_pool = pool

    def stop_prefetch(self) -> None:
        """Drop what `prefetch` (or a `WalkFeed`) started and nobody asked for (files pytest did
        not collect), and stop processes `start` forked that were never given work."""
        self.stop()
        self.prefetched.clear()
        self._taken = (None, None)
        if self._prefetch_pool is not None:
            self._prefetch_pool.shutdown(wait=True, cancel_futures=True)
            self._prefetch_pool, self._fed = None, False

    def check_many(self, items: list[tuple]) -> Iterator[tuple]:
        """`check_item` of each check item (path, bytes or None, stat or None: see
        `Checker.check_file`), in order; in worker processes when there are enough files to pay
        for them (or already, see `prefetch`)."""
        if self.prefetched:
            prefetched = self.prefetched  # keyed by absolute paths: a walk's are so already (no abspath)
            started = [item[0] in prefetched or os.path.abspath(item[0]) in prefetched for item in items]
            rest = self._check_many_now([item for item, yes in zip(items, started) if not yes])
            for item, yes in zip(items, started):
                taken = self._take_prefetched(item[0]) if yes else next(rest)
                yield taken if taken is not None else check_item(self.checker, item)
            return
        yield from self._check_many_now(items)

    def _take_prefetched(self, path: Path | str):
        found = self.prefetched.pop(path, None) or self.prefetched.pop(os.path.abspath(path), None)
        if found is None:
            return None
        future, offset = found
        try:
            if future is not self._taken[0]:  # a run's files come one after another: its result asked once
                self._taken = (future, future.result())
            return received(self._taken[1][offset])
        except Exception:
            return None  # a worker that died: check the file here instead
        finally:
            if not self.prefetched:
                # a new dict: a dict keeps its table when emptied (40 MB for a million files fed)
                self.prefetched, self._taken = {}, (None, None)
                if self._prefetch_pool is not None:
                    # `start`'s processes are waited for, as `stop` says why; pytest's go on ending
                    self._prefetch_pool.shutdown(wait=self._fed, cancel_futures=True)
                    self._prefetch_pool, self._fed = None, False

    def _check_many_now(self, items: list[tuple]) -> Iterator[tuple]:
        if self.jobs > 1 and len(items) >= PARALLEL_MIN_FILES and _fork_available():
            pool, self._started_pool = self._started_pool or self._pool(), None
            decided = self.checker.dates.decided()  # for processes forked before the dates were
            with pool:
                with frozen_for_fork():
                    checked_runs = pool.map(_check_chunk, self._chunks(items), repeat(decided))  # the workers fork here
                for checked in checked_runs:
                    yield from map(received, checked)
            return
        self.stop()  # too few files for the processes started early
        for item in items:
            yield check_item(self.checker, item)

    def _chunks(self, files: list) -> list[list]:
        """The files in runs for the worker processes, each a quarter of what is left per
        worker (at least CHUNK_MIN files, at most CHUNK_MAX), so that the runs shrink toward the
        end and the workers finish together: with equal runs of 625 of 10,000 articles, one
        worker sat idle for up to a run's time (about 0.2 s) while the other finished its last.
        At most CHUNK_MAX: a run's results travel back as one message, held whole by the worker
        and then by the main process (at a million articles, runs of 62,500 made each worker
        hold 1.9 GB)."""
        runs = []
        start = 0
        while start < len(files):
            size = self.run_size(len(files) - start)
            runs.append(files[start : start + size])
            start += size
        return runs

    def run_size(self, left: int) -> int:
        """How many files the next run holds, of `left` still to send (see `_chunks`)."""
        return min(CHUNK_MAX, max(CHUNK_MIN, left // (self.jobs * 4)))

    def _pool(self, early: bool = False):
        """Forked processes for the per-file pass; each inherits the checker (no pickling).
        `early` (`start`): forked before the walk, each compiles the rules' patterns itself."""
        # imported here: a run of a few files (a pre-commit hook) never starts a process
        import concurrent.futures
        import multiprocessing

        global _CHECKER
        _CHECKER = self.checker
        if not early:
            compile_waiting()  # the rules' patterns compiled once, here, not in each worker (see CompiledLater)
        return concurrent.futures.ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                      initializer=_worker_started_early if early else _worker_started)


class WalkFeed:
    """The first files of a cold run's walk handed to the processes `Workers.start` forked
    while the walk goes on, not after it and the run's key: on 10,000 articles the workers
    waited 0.06 s for their first files. While it walks, the main process keeps one core busy,
    so the walk sends a run to `jobs - 1` of them (one run of 1,000 articles outlasts the
    walk); the rest go at its end. With all of them fed, three processes shared two cores
    and the walk's CPU grew from 0.05 s to 0.07-0.09 s. The runs are those `Workers._chunks`
    makes of the whole listing (git's count, before the walk's tests, is what is expected).
    Each file sent is then `prefetched`. Nothing is sent before the walk has listed
    `PARALLEL_MIN_FILES` files: a run smaller than that is checked in the main process and the
    processes stopped, as before."""

    def __init__(self, workers: Workers, decided: frozenset[str]):
        self.workers = workers
        self.decided = decided
        self.expected: int | None = None  # files the walk may list (None: not known before it ends)
        self.sent = 0  # files of the walk sent so far (its first ones)
        self.runs = 0  # runs sent while the walk goes on
        self.due = sys.maxsize  # the walk's length at which the next run is sent

    def expect(self, listed: int) -> None:
        self.expected = listed
        self.due = max(PARALLEL_MIN_FILES, self.workers.run_size(listed))

    def walked(self, found: list[str]) -> None:
        """The walk has listed `found` so far (`due` files or more): send each whole run."""
        size = self.workers.run_size(max(self.expected - self.sent, 0))
        while len(found) - self.sent >= size and self.runs < self.workers.jobs - 1:
            self.workers.submit_walked(found[self.sent : self.sent + size], self.decided)
            self.sent += size
            self.runs += 1
            size = self.workers.run_size(max(self.expected - self.sent, 0))
        self.due = max(PARALLEL_MIN_FILES, self.sent + size) if self.runs < self.workers.jobs - 1 else sys.maxsize

    def finish(self, found: list[str]) -> None:
        """The walk's end: the rest of its files, in runs as `_chunks` makes them."""
        if len(found) < PARALLEL_MIN_FILES:
            return
        for chunk in self.workers._chunks(found[self.sent:]):
            self.workers.submit_walked(chunk, self.decided)
        self.sent = len(found)


def _worker_started() -> None:
    # a worker keeps little for long; what it makes and drops is best collected at the usual
    # pace (with the raised thresholds of `fewer_collections`, the process tree of a cold run
    # on 100,000 articles grew from 820 MB to 998 MB)
    gc.set_threshold(*_THRESHOLDS_AT_IMPORT)


def _worker_started_early() -> None:
    """A worker forked by `Workers.start`, before the rules' patterns were compiled: it compiles
    them now, while the main process walks the folder."""
    _worker_started()
    compile_waiting()


def _check_chunk(items: list[tuple], decided_dates: frozenset[str]) -> list[tuple]:
    """In a worker: the `sent` form of each item's `check_item`; `decided_dates`: the new
    articles of the run (`ArticleDates.decided`), for a worker forked before they were."""
    assert _CHECKER is not None
    _CHECKER.dates.adopt(decided_dates)
    checked = []
    max_size = _CHECKER.config.max_file_size
    ahead = read_ahead(items[:READ_AHEAD], max_size)
    for start in range(0, len(items), READ_AHEAD):
        now, ahead = ahead, read_ahead(items[start + READ_AHEAD : start + 2 * READ_AHEAD], max_size)
        checked.extend(sent(check_item(_CHECKER, item, with_summaries=False)) for item in now)
    return checked


def read_ahead(items: list[tuple], max_size: int) -> list[tuple]:
    """Ask the kernel to read these files now (`posix_fadvise(WILLNEED)`), while the files
    before them are checked: a file the page cache does not hold (an archive larger than the
    machine keeps) cost a worker about 90 us of waiting when read alone, and its reads asked
    together went ten times as fast (200,000 such files: 17.6-19.2 s -> 1.8-2.0 s); for a
    file in the page cache the hint costs about 2 us. Only a regular file with text, no larger
    than `max_size`, is opened (a FIFO or a device named like an article never is, nor a file
    the check refuses for its size: its check says what it is), and the stat taken
    for it goes with the item, taken before its bytes are read as `Checker.check_file` takes
    it. A file the stat or the hint fails on is left to its check, which says why."""
    if _ADVISE is None:
        return items
    hinted = []
    for item in items:
        path, raw, info = item
        if raw is None and info is None:
            try:
                info = os.stat(path)
            except OSError:
                hinted.append(item)
                continue
            if stat.S_ISREG(info.st_mode) and 0 < info.st_size <= max_size:
                try:
                    descriptor = os.open(path, _OPEN_AHEAD)
                except OSError:
                    pass
                else:
                    try:
                        _ADVISE(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
                    except OSError:
                        pass
                    finally:
                        os.close(descriptor)
            item = (path, None, info)
        hinted.append(item)
    return hinted


# a FileResult's fields in the order its constructor takes them, read in one C call
_RESULT_FIELDS = attrgetter(*(field.name for field in dataclasses.fields(FileResult)))


def sent(checked: tuple) -> tuple:
    """What a worker sends back of a `check_item`: the same, but the result as a tuple of its
    fields, the stat as its four numbers the cache reads (`FileStat`) and of the rows the first
    alone. A FileResult and an os.stat_result pickle through Python code (copyreg, the
    dataclass's state; about 11 us a file there and back), a tuple of plain values in C. The
    summaries travel once, in the result: their row (1.2 KB an article) is made again by
    `received`, as the worker made it."""
    result, digest, info, rows = checked
    fields = _RESULT_FIELDS(result)
    numbers = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino) if info is not None else None
    return fields, digest, numbers, rows[0] if rows is not None else None


def received(message: tuple) -> tuple:
    """`check_item`'s answer from what `sent` made of it (in the main process)."""
    fields, digest, numbers, text = message
    result = FileResult(*fields)
    rows = (text, summaries_row(result.summaries)) if text is not None else None
    return result, digest, FileStat(*numbers) if numbers is not None else None, rows


def check_item(checker: Checker, item: tuple, with_summaries: bool = True) -> tuple:
    """(result, content hash, stat, the rows the cache keeps of it or None) of one check item:
    the rows made where the file is checked, so that in a worker process the main process is
    spared the encoding (it only writes the rows while the workers check the next files).
    Without `with_summaries` the summaries' row is None (see `sent`)."""
    result, digest, info = checker.check_file(*item)
    keep = checker.hashes and digest is not None and result.cacheable
    return result, digest, info, result_rows(result.to_json(), with_summaries) if keep else None


def _fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@contextmanager
def frozen_for_fork():
    """While worker processes fork: every object the main process holds moved out of the
    collector's sight (gc.freeze, as the gc module's documentation advises before a fork), so
    that a collection in a worker never writes to their pages, which then stay shared with the
    main process instead of being copied into each worker (at a million articles the listing
    alone is over a gigabyte). The main process's own collector sees them again afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def fewer_collections():
    """Let the garbage collector run less often while a run builds its results (restored after).

    A run makes objects by the million and keeps them to the end (results, summaries, the
    corpus index), with no reference cycles among them; at CPython's default thresholds the
    collector's full passes walk them all again and again: 40% of a warm run on 100,000
    articles. The thresholds are mypy's, for the same reason."""
    before = gc.get_threshold()
    gc.set_threshold(*FEWER_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
