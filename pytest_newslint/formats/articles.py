"""The articles findings point at, read for reports' context and regions."""
from __future__ import annotations

import os

from ..document import parse


class Articles:
    """The lines of the articles findings point at, each read once, on demand (None: unreadable).

    Reports use them for whole-line regions (where the finding's end column is 1) and context."""

    def __init__(self, root: str | None = None):
        self.root = root
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, path: str | None) -> list[str] | None:
        if not path:
            return None
        if path not in self._lines:
            try:
                full = path if os.path.isabs(path) or self.root is None else os.path.join(self.root, path)
                with open(full, "rb") as file:
                    raw = file.read(50_000_000)
                self._lines[path] = parse(path, raw).lines
            except Exception:  # not a file (stdin), gone, binary: no context, never a failure
                self._lines[path] = None
        return self._lines[path]

    def line_end(self, path: str | None, line: int) -> int | None:
        """The column just after the last character of `line` (1-based), or None."""
        lines = self.lines(path)
        if lines is None or not 1 <= line <= len(lines):
            return None
        return len(lines[line - 1]) + 1
