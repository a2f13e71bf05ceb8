"""Which files a run checks: named files, and the selected files under named folders (include
and exclude globs; inside a git work tree, what git lists, so .gitignore is honoured); and the
repository the checked articles are compared with."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import NamedTuple
from pathlib import Path

from .. import git
from ..config import Config
from ..text import FAST

# listed paths tested and stat'ed at a time by a walk inside git (`lstat_files`): the files it
# lists go to the workers as it goes (`workers.WalkFeed`), not after the whole listing
WALK_BLOCK = 256


def project_root(config: Config) -> Path | None:
    """The repository whose articles the checked ones are compared with: the config file's
    folder, or without one the git work tree's top; only inside a git work tree. Outside git
    there is no repository to compare with, only the files named: a config file in /tmp
    must not make newslint walk all of /tmp. (Where the cache lives is `cache_root`: not the
    same question, and answered outside git too.)"""
    toplevel = git.toplevel(str(config.root))
    if toplevel is None:
        return None
    return Path(config.root) if config.source is not None else Path(toplevel)


def work_tree_top(folder: str | Path) -> bool:
    """Whether a folder is the top of its git work tree, or in none."""
    top = git.toplevel(os.path.abspath(folder))
    return top is None or top == os.path.abspath(folder)


def cache_root(config: Config) -> Path:
    """The folder the cache lives in (`cache-dir` is relative to it), inside git or not: the
    config file's folder, else the git work tree's top, else the working folder (ruff's
    project root, where it keeps `.ruff_cache`). Nothing is walked or compared because of it."""
    if config.source is not None:
        return Path(config.root)
    toplevel = git.toplevel(str(config.root))
    return Path(toplevel) if toplevel is not None else Path(config.root)


class Discovery:
    """The file listing of one run: each folder is walked once, and the stat a walk took is
    kept for the cache's look-up (`stat_of`), not taken twice."""

    def __init__(self, config: Config):
        self.config = config
        self._walks: dict[str, list[str]] = {}
        self._stats: dict[str, FileStat] = {}  # absolute path -> its stat, from the walk

    def discover(self, paths: list[str | Path], feed=None) -> list[str]:
        """The files to check, as strings: named files as they are written (unless excluded), and
        the absolute paths of the selected files under named folders (honouring .gitignore
        inside a git work tree). Strings, not `Path`s: a million `Path` objects, each with its
        parts, held 0.5 GB through the run. `feed` (a `workers.WalkFeed`, for one folder): given
        the walk's files as it lists them."""
        found: dict[str, str] = {}
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for absolute in self.walked(path, feed):
                    found.setdefault(absolute, absolute)
            elif not self.config.excluded(path):
                found.setdefault(os.path.abspath(path), str(raw))
        return [found[key] for key in sorted(found)]

    def reference_files(self, checked: list[Path]) -> list[str]:
        """The repository's other articles (absolute paths), for the corpus-wide pass."""
        root = project_root(self.config)
        if root is None:
            return []
        listed = self.walked(Path(root))
        known = set(listed)
        # the walk's paths are absolute already: only a path named otherwise is made absolute
        names = {path if path in known else os.path.abspath(path) for path in checked}
        return sorted(path for path in listed if path not in names)

    def walked(self, folder: Path, feed=None) -> list[str]:
        """The absolute paths of the selected files under a folder, listed once per run: the
        comparison with the rest of the repository walks the folder that was named again.
        `feed`: see `discover`."""
        key = os.path.abspath(folder)
        if key not in self._walks:
            if feed is None:
                self._walks[key] = list(self._walk(folder))
            else:
                found: list[str] = []
                for path in self._walk(folder, feed):
                    found.append(path)
                    if len(found) >= feed.due:
                        feed.walked(found)
                feed.finish(found)
                self._walks[key] = found
        return self._walks[key]

    def absolutes(self, paths: list[str]) -> list[str]:
        """`os.path.abspath` of each path, but for the paths a walk gave (absolute already: a
        million of them took 1.3 s)."""
        walked = set().union(*self._walks.values()) if self._walks else set()
        return [path if path in walked else os.path.abspath(path) for path in paths]

    def walked_already(self, folder: Path) -> bool:
        return os.path.abspath(folder) in self._walks

    def selects(self, path: Path) -> bool:
        """Whether a file found in a folder is checked (include, exclude, .gitignore)."""
        if not self.config.selected(path):
            return False
        absolute = os.path.abspath(path)
        listed = git.listing(os.path.dirname(absolute))
        return listed is None or absolute in listed

    def forget_stats(self) -> None:
        self._stats.clear()

    def stat_of(self, path: Path | str, absolute: str, keep: bool = True) -> os.stat_result | FileStat | None:
        """The file's stat: the one the walk took moments ago, or a new one (None: gone).
        Without `keep` the walk's stat is used up: a later run of the same engine stats again."""
        info = self._stats.get(absolute) if keep else self._stats.pop(absolute, None)
        if info is not None:
            return info
        try:
            return os.stat(path)
        except OSError:
            return None

    def stats_of(self, paths: list, absolutes: list[str]) -> list:
        """`stat_of` of each path, keeping the walk's: a call a file was a fifth of `_run_key`."""
        stats = self._stats
        return [stats.get(absolute) or self.stat_of(path, absolute) for path, absolute in zip(paths, absolutes)]

    def _walk(self, folder: Path, feed=None) -> Iterator[str]:
        # absolute, normalised strings: no getcwd, no pathlib for each of 100,000 files
        folder_name = os.path.abspath(folder)
        listed = git.files(folder_name)
        if listed is not None:
            if feed is not None:
                feed.expect(len(listed))
            selected = self.config.selected
            for start in range(0, len(listed), WALK_BLOCK):
                block = [path for path in listed[start : start + WALK_BLOCK] if selected(path, normalised=True)]
                for path, info in zip(block, lstat_files(block)):
                    if info is None or stat.S_ISDIR(info.st_mode):
                        continue  # deleted but still in git's index, or a submodule
                    if stat.S_ISLNK(info.st_mode):
                        if os.path.isdir(path):
                            continue
                    else:  # the cache's look-up needs it: not a second stat
                        self._stats[path] = info
                    yield path
            return
        for root, dirs, files in os.walk(folder_name):
            dirs[:] = sorted(d for d in dirs if not self.config.excluded(os.path.join(root, d, "x")))
            for name in sorted(files):
                path = os.path.join(root, name)
                if self.config.selected(path, normalised=True):
                    yield path


class FileStat(NamedTuple):
    """What the cache reads of a stat (`os.stat_result`'s names), kept for every listed file
    until its look-up: a whole stat_result and its fifteen numbers took 600 bytes a file, 600
    MB at a million articles, and the memory stayed with the process after they were dropped."""

    st_mode: int
    st_size: int
    st_mtime_ns: int
    st_ino: int


def lstat_files(paths: list[str]) -> list[FileStat | None]:
    """The `FileStat` of each path's lstat (None where it fails: gone); compiled where it can be
    (`lstat_many`, no `os.stat_result` a file: the walk's Python over 10,000 files 0.045 s ->
    0.029 s of CPU)."""
    if FAST is not None:
        found = FAST.lstat_many(paths, FileStat)
        if found is not None:
            return found
    return lstat_in_python(paths)


def lstat_in_python(paths: list[str]) -> list[FileStat | None]:
    """`lstat_files` in Python (its compiled twin's declined input, NEWSLINT_PURE_PYTHON)."""
    found: list[FileStat | None] = []
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            found.append(None)
            continue
        found.append(FileStat(info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino))
    return found


def holds_at_least(paths: list, count: int) -> bool:
    """Whether the folders among `paths` hold at least `count` files (hidden ones and those in
    hidden folders left out, whatever the config selects), by a walk that stops as soon as it
    has seen that many: a cheap guess of a run's size before the walk that counts."""
    seen = 0
    folders = [str(path) for path in paths if os.path.isdir(path)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                        continue
                    seen += 1
                    if seen >= count:
                        return True
        except OSError:
            continue
    return False
