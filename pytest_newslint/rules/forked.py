"""Work done in a forked copy of the process while this one does its own share.

Some of a run's work falls to the main process alone while the other cores sit idle: the corpus
pass after the per-file pass, the reading of a restored cache by content before it. Work that
is a pure function of what the process holds (repeated-block's candidate pairs, each compared
from the corpus's arrays; the corpus pass's other rules and focus indexes, see
`pipeline/corpus.Beside`; the files' hashes, `pipeline/cache.hashed_contents`) can be done by a
forked copy, which shares that memory copy-on-write and needs nothing sent to it: only its
answer comes back, pickled. A copy never touches the cache's connection or the terminal.
"""
from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable


def can_fork() -> bool:
    """Where a bare fork is safe: a platform that forks (not Windows; not macOS, whose system
    libraries may not survive a fork without exec, as multiprocessing there defaults to spawn),
    and no other thread (its locks would stay held in the copy: a language server's, xdist's)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux") and threading.active_count() == 1


class InFork:
    """`work()` started in a forked process at once; `result()`, asked after this process has
    done its own share, gives its list. Where no process could be forked, or it failed, `work`
    runs here instead: the answer is the same either way. `abandon()` (a caller that stops
    early) leaves no process behind."""

    def __init__(self, work: Callable[[], list]):
        self.work = work
        self.started = _fork(work) if can_fork() else None
        self.pid = self.started[0] if self.started is not None else None  # the copy's, where one was forked

    def result(self) -> list:
        if self.started is None:
            return self.work()
        pid, read = self.started
        self.started = None
        with os.fdopen(read, "rb") as source:
            data = source.read()
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            status = 1
        answer = pickle.loads(data) if status == 0 and data else None
        return answer if answer is not None else self.work()

    def abandon(self) -> None:
        if self.started is not None:
            pid, read = self.started
            self.started = None
            os.close(read)
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except OSError:
                pass


def _fork(work: Callable[[], list]) -> tuple[int, int] | None:
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the copy: work, hand the answer over, and leave without any clean-up of the parent's
        status = 1
        try:
            os.close(read)
            gc.disable()  # short-lived: no collection writing to the pages it shares
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read
