"""A progress line on a terminal for runs that take more than a couple of seconds.

Written to standard error, on one line that is rewritten and then erased, so it never mixes
with the findings. The command shows it only where a person watches: standard error is a
terminal, `CI` is not set, the output format is text and `--quiet` is not given.
"""
from __future__ import annotations

import os
import time

DELAY = 2.0  # seconds of silence before the line appears: short runs never show it
INTERVAL = 0.1  # seconds between two updates


def wanted(stream, output_format: str, quiet: bool, environ=os.environ) -> bool:
    """Whether a run should show progress on `stream`."""
    if quiet or output_format != "text" or environ.get("CI") or environ.get("NEWSLINT_NO_PROGRESS"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    def __init__(self, stream, delay: float | None = None, interval: float | None = None, clock=time.monotonic):
        self.stream = stream
        self.delay = DELAY if delay is None else delay
        self.interval = INTERVAL if interval is None else interval
        self.clock = clock
        self.started = clock()
        self.shown = 0.0  # when the line was last written (0: never)
        self.width = 0

    def files(self, done: int, total: int) -> None:
        if total:
            self._show(f"newslint: checked {done:,} of {total:,} files ({done * 100 // total}%)", done == total)

    def note(self, text: str) -> None:
        self._show(f"newslint: {text}", True)

    def _show(self, text: str, always: bool) -> None:
        now = self.clock()
        if now - self.started < self.delay or (not always and now - self.shown < self.interval):
            return
        self.shown = now
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()

    def close(self) -> None:
        """Erase the line (before the findings are printed)."""
        if self.shown:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.shown = 0.0
