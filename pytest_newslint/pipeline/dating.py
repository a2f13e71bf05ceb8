"""The date of an article that gives none itself (no front matter date, no dated file name): the
config's `default-date` for its folder, or today for a new article, as `Document.date_hint`.

A new article is one being published now: untracked, staged for its first commit, or added since
`--diff-base`. Importing an archive is not publishing: when more than `new-article-limit`
articles are new at once, none of them is dated today. Nothing else is read from git's history.

Today is the clock's day, or `NEWSLINT_TODAY` (YYYY-MM-DD: tests, and a run that must answer as
on another day). A hint is part of the file's cache key (`Checker.settings_key`), so a result
that used today's date is not served on another day.
"""
from __future__ import annotations

import datetime
import os

from .. import git
from ..config import Config, ConfigError
from ..document import DEFAULT_DATE
from ..document import TODAY as NEW_ARTICLE

TODAY_VARIABLE = "NEWSLINT_TODAY"
# a run looking up at most this many files (a pre-commit run) asks git about those alone: listing
# every untracked file walks the whole work tree (2.8 s at a million articles)
FEW_PATHS = 200
SOME_PATHS = 100_000  # up to this many, git's listing of tracked files (no walk) says which are new


def today() -> str:
    """Today's date, ISO; `NEWSLINT_TODAY` when set (a bad value is a one-line usage error)."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return datetime.date.today().isoformat()
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ConfigError(f"{TODAY_VARIABLE}: expected a date YYYY-MM-DD, got {value!r}") from None


class ArticleDates:
    """The dates the pipeline gives undated articles, for one run (worked out once, before the
    per-file pass forks its workers)."""

    def __init__(self, config: Config):
        self.config = config
        self.diff_base: str | None = None  # --diff-base: files added since it are new too
        self._new: frozenset[str] | None = None
        self._not_new: set[str] = set()  # files git was asked about alone and are not new
        self._today = today()  # read now: a bad NEWSLINT_TODAY is a usage error before any file is read
        self.imported = 0  # new articles held back as an archive imported (more than the limit)

    def prepare(self, paths: list[str] | None = None) -> None:
        """Read git's new files and today's date now (in the main process: the workers inherit).
        With a few `paths` (up to `SOME_PATHS`), git is asked about those alone; only when one of
        them is new is everything listed, since `new-article-limit` counts all the new articles."""
        if self._new is not None:
            return
        if paths is not None and len(paths) <= SOME_PATHS:
            asked = [path for path in map(os.path.abspath, paths) if path not in self._not_new]
            if not asked:
                return
            root = os.path.abspath(self.config.root)
            if len(asked) <= FEW_PATHS:
                added = git.added_files(root, self.diff_base, asked)
            else:  # a pre-commit run's articles and the thousands it is compared with
                added = git.new_among(root, asked, self.diff_base, FEW_PATHS)
            if added is not None and not any(os.path.isfile(path) and self.config.selected(path) for path in added):
                self._not_new.update(asked)
                return
        added = git.added_files(os.path.abspath(self.config.root), self.diff_base) or set()
        # only articles count (an image or a config file added beside them is not news)
        articles = frozenset(path for path in added if os.path.isfile(path) and self.config.selected(path))
        self._new = articles if len(articles) <= self.config.new_article_limit else frozenset()
        self.imported = len(articles) if not self._new and articles else 0  # how many were held back

    def decided(self) -> frozenset[str]:
        """The new articles among those `prepare` was asked about (after it): what a worker
        process forked before it takes (`adopt`), so that it never asks git itself."""
        return self._new or frozenset()

    def none_new(self) -> bool:
        """Whether git was asked about every article (`prepare` without paths) and none is new."""
        return self._new is not None and not self._new

    def adopt(self, decided: frozenset[str]) -> None:
        """In a worker process: the main process's `decided`, unless this one prepared itself."""
        if self._new is None:
            self._new = decided

    def state(self) -> list:
        """What the dates given depend on, for a key: today, and the new articles (all listed)."""
        self.prepare()
        return [self._today, sorted(self._new or ())]

    def is_new(self, absolute: str) -> bool:
        if self._new is None and (absolute in self._not_new or not os.path.isfile(absolute)):
            return False  # asked alone, or text held in memory (the API, an editor's buffer)
        self.prepare()
        return os.path.realpath(absolute) in self._new if self._new else False

    def hint(self, absolute: str) -> tuple[str, str] | None:
        """(date, where it comes from) for the file at `absolute`, for when it says none itself."""
        configured = self.config.default_date_for(absolute)
        if configured:
            return configured, DEFAULT_DATE
        if self.is_new(absolute):
            return self._today, NEW_ARTICLE
        return None
