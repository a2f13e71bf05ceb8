"""Every git command newslint runs, in one place: which files a work tree holds (the walk honours
.gitignore) and which lines changed since a revision (`--diff-base REF`).

Outside a git work tree, or without git installed, the listing functions answer None and the
caller walks the folder itself; `changed_lines` raises `DiffBaseError` (a usage error).
"""
from __future__ import annotations

import functools
import os
import re
import subprocess

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def files(folder: str) -> list[str] | None:
    """Files under the absolute `folder` that git tracks or would track (.gitignore honoured),
    as absolute paths; None when `folder` is not in a git work tree or git is not installed."""
    try:
        completed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    names = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    prefix = os.path.join(folder, "")  # joined by hand: os.path.join took 2 s of a million names
    return [prefix + name for name in sorted(set(names)) if name]


@functools.lru_cache(maxsize=None)
def toplevel(folder: str) -> str | None:
    """The top folder of the git work tree holding `folder` (None: not in one, or no git)."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    return os.path.abspath(completed.stdout.decode("utf-8", "surrogateescape").strip())


@functools.lru_cache(maxsize=None)
def _listing_of(top: str) -> frozenset[str] | None:
    listed = files(top)
    return None if listed is None else frozenset(listed)


def listing(folder: str) -> frozenset[str] | None:
    """The files git tracks or would track in the work tree holding `folder` (None: no git)."""
    top = toplevel(folder)
    return None if top is None else _listing_of(top)


# -- lines changed since a revision (--diff-base) ------------------------------------------

class DiffBaseError(Exception):
    pass


def _run(args: list[str], cwd: str) -> str:
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
        top = _run(["rev-parse", "--show-toplevel"], folder).strip()
    except DiffBaseError:
        raise DiffBaseError(f"--diff-base: {folder} is not inside a git work tree") from None
    try:
        _run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except DiffBaseError:
        raise DiffBaseError(f"--diff-base: {ref!r} is not a git revision here") from None
    changed: dict[str, list[tuple[int, int]] | str] = {}
    current = None
    for line in _run(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", ref, "--"], top).splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else os.path.realpath(os.path.join(top, name[2:]))
            if current is not None:
                changed.setdefault(current, [])
        elif current is not None and line.startswith("@@"):
            match = HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) if match.group(2) is not None else 1)
                if count > 0:
                    changed[current].append((start, start + count - 1))  # type: ignore[union-attr]
    for name in _run(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0"):
        if name:
            changed[os.path.realpath(os.path.join(top, name))] = "all"
    return changed


# -- articles being published (the date of a new article) -----------------------------------

def added_files(folder: str, ref: str | None = None, only: list[str] | None = None) -> set[str] | None:
    """Real paths of the files that are new in the work tree holding `folder`: untracked (not
    ignored), staged for their first commit, and, with `ref`, added since that revision; with
    `only` (absolute paths), among those alone. None outside a git work tree or without git.
    Nothing else of git's history is read: a file's age in the history says nothing of when the
    story was written."""
    top = toplevel(folder)
    if top is None:
        return None
    if only is not None:
        only = [path for path in only if path.startswith(os.path.join(top, ""))]
        if not only:
            return set()
    commands = [
        ["ls-files", "-z", "--others", "--exclude-standard"],
        ["diff", "-z", "--cached", "--name-only", "--no-renames", "--diff-filter=A"],
    ]
    if ref:
        commands.append(["diff", "-z", "--name-only", "--no-renames", "--diff-filter=A", ref])
    found: set[str] = set()
    for args in commands:
        try:
            completed = subprocess.run(["git", "-c", "core.quotepath=off", "--literal-pathspecs", *args, "--",
                                        *(only or ())], cwd=top, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return None
        if completed.returncode != 0:
            if args[0] == "diff" and ref and ref in args:
                raise DiffBaseError(f"--diff-base: {ref!r} is not a git revision here")
            continue  # `diff --cached` in a repository without a commit yet: everything is untracked
        for name in completed.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if name:
                found.add(os.path.realpath(os.path.join(top, name)))
    return found


def new_among(folder: str, paths: list[str], ref: str | None = None, limit: int = 200) -> set[str] | None:
    """`added_files` among many absolute `paths` without listing every untracked file (a walk of
    the whole work tree): the staged additions, and the untracked among the paths git does not
    track. None outside git, or when more than `limit` of them are untracked (ask for all)."""
    top = toplevel(folder)
    if top is None:
        return None
    tracked = _names(top, ["ls-files", "-z", "--cached"])
    if tracked is None:
        return None
    prefix = os.path.join(top, "")

    def name(path: str) -> bytes | None:  # as git names it: relative to the top, with "/"
        if not path.startswith(prefix):
            return None
        return path[len(prefix):].replace(os.sep, "/").encode("utf-8", "surrogateescape")

    untracked = [path for path in paths if name(path) not in tracked]
    if len(untracked) > limit:
        return None
    # of the untracked, those .gitignore keeps out are not new (asked by name: no walk)
    others = _names(top, ["ls-files", "-z", "--others", "--exclude-standard"], untracked) if untracked else set()
    new = _names(top, ["diff", "-z", "--cached", "--name-only", "--no-renames", "--diff-filter=A"])
    if ref and new is not None:
        new |= _names(top, ["diff", "-z", "--name-only", "--no-renames", "--diff-filter=A", ref]) or set()
    if others is None or new is None:
        return None
    new |= others
    return {path for path in paths if name(path) in new}


def _names(top: str, args: list[str], paths: list[str] = ()) -> set[bytes] | None:
    """The paths (relative to the work tree's top, as git gives them, not decoded: a million
    of them are a set in a third of the time) a git command lists (-z), among `paths` if any."""
    try:
        completed = subprocess.run(["git", "-c", "core.quotepath=off", "--literal-pathspecs", *args, "--", *paths],
                                   cwd=top, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return set() if args[0] == "diff" else None  # `diff --cached` before the first commit
    names = set(completed.stdout.split(b"\0"))
    names.discard(b"")
    return names


# -- what commits changed since a focus index was written (pipeline/focus.py) ------------------

def head(folder: str) -> str | None:
    """The commit checked out in the work tree holding `folder` (None: no git, no commit yet)."""
    try:
        completed = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=folder,
                                   capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    text = completed.stdout.decode("ascii", "replace").strip()
    return text if completed.returncode == 0 and text else None


def changed_since(folder: str, commit: str) -> list[str] | None:
    """Absolute paths of the files that differ between `commit` and HEAD (a pull, a checkout, a
    commit made meanwhile), in the work tree holding `folder`; None when git cannot say."""
    top = toplevel(folder)
    if top is None:
        return None
    try:
        completed = subprocess.run(["git", "-c", "core.quotepath=off", "diff", "-z", "--name-only", "--no-renames",
                                    commit, "HEAD", "--"], cwd=top, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    names = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [os.path.join(top, name) for name in names if name]
