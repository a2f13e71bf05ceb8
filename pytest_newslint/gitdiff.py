"""Lines changed since a git revision, for `--diff-base REF` (only findings on them count)."""
from __future__ import annotations

import os
import re
import subprocess

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffBaseError(Exception):
    pass


def _git(args: list[str], cwd: str) -> str:
    try:
        completed = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise DiffBaseError(f"--diff-base: cannot run git: {exc}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffBaseError(f"--diff-base: git {args[0]} failed: {message[-1] if message else completed.returncode}")
    return completed.stdout.decode("utf-8", "surrogateescape")


def changed_lines(ref: str, folder: str) -> dict[str, list[tuple[int, int]] | str]:
    """{real path: [(first, last), ...] of lines added or changed since `ref`, or "all" for a
    file git does not track yet}. Files not in the dict did not change."""
    try:
        toplevel = _git(["rev-parse", "--show-toplevel"], folder).strip()
    except DiffBaseError:
        raise DiffBaseError(f"--diff-base: {folder} is not inside a git work tree") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], toplevel)
    except DiffBaseError:
        raise DiffBaseError(f"--diff-base: {ref!r} is not a git revision here") from None
    changed: dict[str, list[tuple[int, int]] | str] = {}
    current = None
    for line in _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", ref, "--"], toplevel).splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else os.path.realpath(os.path.join(toplevel, name[2:]))
            if current is not None:
                changed.setdefault(current, [])
        elif current is not None and line.startswith("@@"):
            match = HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) if match.group(2) is not None else 1)
                if count > 0:
                    changed[current].append((start, start + count - 1))  # type: ignore[union-attr]
    for name in _git(["ls-files", "--others", "--exclude-standard", "-z"], toplevel).split("\0"):
        if name:
            changed[os.path.realpath(os.path.join(toplevel, name))] = "all"
    return changed
