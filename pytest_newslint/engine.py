"""Run the rules over documents: the one engine behind the CLI, the pytest items and the API.

A run has two passes. The per-document pass parses each file once and runs every enabled
rule's `check` on it, and each corpus rule's `collect` (a small summary: fingerprints, not
text). The corpus-wide pass then gives every corpus rule's `finalize` the summaries of all
documents of the run, for findings that need to see more than one file.

The `Engine` only wires the stages of `pytest_newslint.pipeline` together (docs/architecture.md):
discover -> cache look-up -> check (in workers) -> cache store -> corpus pass -> filters -> report.
"""
from __future__ import annotations

import hashlib
import json
import os
from array import array
from itertools import chain
from pathlib import Path

from .config import Config
from .document import Document
from .finding import Finding
from .pipeline.baseline import Baseline
from .pipeline.cache import Cache, cache_folder
from .pipeline.check import Checker
from .pipeline.corpus import CorpusPass, load_summaries
from .pipeline.discover import Discovery, holds_at_least, project_root, work_tree_top
from .pipeline.focus import FocusIndex
from .pipeline.filters import Filters
from .pipeline.results import FileResult, Report
from .pipeline.workers import PARALLEL_MIN_FILES, Workers, fewer_collections

# a run of more articles gives each summary up once the cache has it, and the corpus pass reads
# it back as it goes (1.4 KB an article: 1.4 GB at a million); a smaller one keeps them, not to
# read them twice
KEEP_SUMMARIES_UP_TO = 50_000

# a gone file's numbers in `stat_numbers`: no file has this size
GONE = ((1 << 64) - 1, 0, 0)


def stat_numbers(infos: list) -> array:
    """Each stat's size, mtime and inode (`GONE` for None) as unsigned 64-bit numbers, for a
    hash: a negative mtime (before 1970) is taken modulo 2**64."""
    return array("Q", chain.from_iterable(
        (info.st_size, info.st_mtime_ns & 0xFFFF_FFFF_FFFF_FFFF, info.st_ino) if info is not None else GONE
        for info in infos))


class Engine:
    def __init__(
        self,
        config: Config,
        base: Path | None = None,
        report_unused_suppressions: bool = False,
        use_cache: bool = False,
        jobs: int = 1,
        compare_with_repository: bool = False,
    ):
        self.config = config
        self.report_unused_suppressions = report_unused_suppressions
        self.known_rules = config.known_rules()
        self.use_cache = use_cache
        self.jobs = max(1, jobs)
        self.compare_with_repository = compare_with_repository
        self.files = Discovery(config)
        self.checker = Checker(config, self.known_rules, base)
        self.checker.hashes = use_cache
        self.workers = Workers(self.checker, self.jobs)
        self._cache: Cache | None | bool = False  # False: not opened yet
        self.baseline: Baseline | None = None  # findings it holds are not reported
        self.changed_lines: dict | None = None  # --diff-base: {real path: [(first, last)] or "all"}
        self.progress = None  # a pipeline.progress.Progress, when a person watches the run
        # whether a cold run may load the cache in bulk (`Cache.expect_rows`), holding its write
        # lock until it ends: not where other processes write their parts meanwhile (xdist)
        self.sole_writer = True

    @property
    def cache(self) -> Cache | None:
        if self._cache is False:
            folder = cache_folder(self.config) if self.use_cache else None
            self._cache = Cache.open(folder) if folder is not None else None
        return self._cache

    def close(self) -> None:
        """Close the cache, if one was opened (its rows written first), and stop any worker
        processes `start_workers` left unused."""
        self.workers.stop_prefetch()  # and files a walk fed them that the run did not take
        if self._cache:
            self._cache.close()
            self._cache = None

    # -- the stages, as the fronts call them ---------------------------------------------
    def start_workers(self, paths: list[str | Path]) -> None:
        """Before the walk of a cold run (no cache, or one that holds no result yet) over
        folders holding enough files for worker processes (`PARALLEL_MIN_FILES`): fork them now,
        so that they are ready when the files are (`Workers.start`). A run the cache can answer
        needs none, and a small one is checked here (forking and stopping them cost a run of
        six articles 0.07 s)."""
        if self.workers.jobs < 2 or not holds_at_least(paths, PARALLEL_MIN_FILES):
            return
        if self.cache is None or not self.cache.holds_results():
            self.workers.start()

    def discover(self, paths: list[str | Path]) -> list[str]:
        """The files to check (`Discovery.discover`). A cold run over one folder, whose workers
        `start_workers` forked, hands them the files as the walk lists them (`WalkFeed`): which
        articles are new is decided first, so that no worker checks one before. Only for the
        top of a work tree (or a folder outside git), where git is asked what `_run_key` asks
        anyway (every new file: a walk of the tree, as the listing's own); for a folder below,
        git is asked about its files alone after the walk (`ArticleDates.prepare`), as before."""
        feed = None
        if len(paths) == 1 and self.workers.started() and os.path.isdir(paths[0]) and work_tree_top(paths[0]):
            self.checker.dates.prepare()
            feed = self.workers.feed(self.checker.dates.decided())
        return self.files.discover(paths, feed)

    def forget_stats(self) -> None:
        """Drop the stats the walk took: files changed since (by --fix) are stat'ed again."""
        self.files.forget_stats()

    def selects(self, path: Path) -> bool:
        return self.files.selects(path)

    def project_root(self) -> Path | None:
        """The repository the checked articles are compared with (None outside git)."""
        return project_root(self.config)

    def display(self, path: Path) -> str:
        return self.checker.display(path)

    def check_document(self, document: Document, config_path: str | None = None) -> FileResult:
        return self.checker.check_document(document, config_path)

    def check_document_bytes(self, raw: bytes, path: str, config_path: str, encoding: str | None = None) -> FileResult:
        return self.checker.check_bytes(raw, path, config_path, encoding)

    def findings_to_fix(self, result: FileResult) -> list[Finding]:
        """A file's findings that --fix may change: those the run would report. A suppression,
        the baseline (an archive's accepted findings) and --diff-base's lines all hold it back."""
        filters = Filters(self.config, False, self.baseline, self.changed_lines)
        return filters.apply({result.path: list(result.findings)}, {result.path: result})

    def prefetch(self, files: list[Path]) -> None:
        """Start the per-file pass in worker processes (see `Workers.prefetch`)."""
        self.checker.dates.prepare()  # before the workers fork: git is asked once
        self.workers.prefetch(files, self._unanswered)

    def stop_prefetch(self) -> None:
        self.workers.stop_prefetch()

    def load_summaries(self, results: list[FileResult]) -> None:
        load_summaries(results, self.cache, self.checker)

    # -- a run ---------------------------------------------------------------------------
    def run(self, paths: list[str | Path]) -> Report:
        return self.run_files(self.discover(paths))

    def run_files(self, files: list[Path]) -> Report:
        """Check files (from the cache where they are unchanged, in parallel where it pays),
        compare them with the rest of the repository, and report. A run that finds every file
        as a run before it left them gets that run's report."""
        absolutes = self.files.absolutes(files)
        run_key = self._run_key(files, absolutes)
        if run_key is not None:
            stored = self.cache.report(run_key)
            if stored is not None:
                try:
                    return Report.from_json(stored)
                except (KeyError, TypeError, ValueError):
                    pass  # not one newslint wrote: the run goes on
        with fewer_collections():
            results = self.results_for(files, absolutes, keep_summaries=len(files) <= KEEP_SUMMARIES_UP_TO)
            reference: list[FileResult] = []
            repository = None
            if self.compare_with_repository and self._corpus_rules():
                focused = self.focused_reference(results)
                if focused is not None:
                    reference, repository = focused
                else:
                    reference = self.reference_results(files)
            report = self.finish(results, reference, release=True, repository=repository)
        if self.cache is not None:
            self.cache.flush()
            if run_key is not None and all(r.key is not None for r in results):  # every result as the cache keeps it
                self.cache.keep_report(run_key, report.to_json())
        return report

    def _run_key(self, files: list, absolutes: list[str]) -> str | None:
        """A hash of everything a whole run's report is made from: each file's path, stat and
        settings, the dates given undated articles, the working folder, the baseline, the flags.
        None for a run whose report is not kept: no cache, --diff-base, or a run that compares
        its files with articles of the repository it does not check."""
        if self.cache is None or self.changed_lines is not None or not files:
            return None
        if self.compare_with_repository and self._corpus_rules():
            root = project_root(self.config)  # the run must check the whole repository (a walk of it)
            if root is not None and (not self.files.walked_already(root) or self.files.reference_files(files)):
                return None
        digest = hashlib.blake2b(digest_size=16)
        state = [str(self.checker.base), self.report_unused_suppressions, self.checker.dates.state(),
                 self.baseline.digest() if self.baseline is not None else None]
        digest.update(json.dumps(state).encode("utf-8", "surrogateescape"))
        # without overrides every file has the settings of the first (the dates are in `state`)
        same = None if self.config.overrides else self.checker.settings_key(absolutes[0])
        for start in range(0, len(files), 10_000):  # in runs: a million paths joined at once held 100 MB
            chunk = absolutes[start : start + 10_000]
            infos = self.files.stats_of(files[start : start + 10_000], chunk)
            settings = same or "\0".join(self.checker.settings_key(absolute) for absolute in chunk)
            # the paths joined once and the stat numbers as an array's bytes, not an f-string a
            # file: 10,000 files 0.008 s -> 0.003 s of the main process's CPU, before the check
            digest.update("\0".join(chunk).encode("utf-8", "surrogateescape") + b"\1")
            digest.update(stat_numbers(infos).tobytes())
            digest.update(settings.encode("utf-8") + b"\1")
        return digest.hexdigest()

    def _corpus_rules(self) -> list:
        """(rule, settings) of the enabled corpus rules."""
        return [(self.known_rules[rule_id], s) for rule_id, s in sorted(self.config.base_settings().items())
                if s.enabled and self.known_rules[rule_id].finalize]

    def reference_results(self, files: list[Path]) -> list[FileResult]:
        """Results of the repository's other articles, for the corpus-wide pass."""
        others = self.files.reference_files(files)
        return self._holders(self.results_for(others)) if others else []

    def focused_reference(self, results: list[FileResult]) -> tuple[list[FileResult], int] | None:
        """For a run checking a few articles (a pre-commit run): the results of the articles the
        focus index says they may share something with, and the repository's article count;
        None when it cannot say (`FocusIndex.around`)."""
        index = self._focus_index()
        if index is None:
            return None
        around = index.around(results, self._corpus_rules(), lambda: load_summaries(results, self.cache, self.checker))
        if around is None:
            return None
        paths, articles = around
        selected = [path for path in paths if self.config.selected(path, normalised=True)]
        return self._holders(self.results_for(selected, compared_only=True)) if selected else [], articles

    def _focus_index(self) -> FocusIndex | None:
        root = project_root(self.config) if self.compare_with_repository else None
        return FocusIndex(self.cache, str(root)) if root is not None and self.cache is not None else None

    @staticmethod
    def _holders(results: list[FileResult]) -> list[FileResult]:
        return [r for r in results if r.summaries or r.summary_rules]

    def results_for(self, files: list[Path] | list[str], absolutes: list[str] | None = None,
                    keep_summaries: bool = True, compared_only: bool = False) -> list[FileResult]:
        """The per-file pass: each file's result from the cache when it is unchanged, else
        checked (in worker processes where it pays) and kept in the cache. Without
        `keep_summaries` a result kept in the cache gives its summaries up: the corpus pass
        reads them back as it goes (a million of them are 1.7 GB). `compared_only`: articles
        the checked ones are only compared with: from the cache their summaries alone."""
        cache = self.cache
        self.checker.dates.prepare(files)  # before the workers fork: git is asked once
        results: list[FileResult | None] = [None] * len(files)
        todo = list(range(len(files)))
        if absolutes is None:
            absolutes = [os.path.abspath(path) for path in files] if cache is not None else []
        raws: dict[int, bytes] = {}  # files the cache read (and did not recognise): not read again
        infos: list = []
        same_key = self.checker.run_settings_key()
        settings_key = (lambda absolute: same_key) if same_key is not None else self.checker.settings_key
        if cache is not None:
            infos = [self.files.stat_of(path, absolute, keep=False) for path, absolute in zip(files, absolutes)]
            found = cache.lookup(list(zip(absolutes, infos)), settings_key, compared_only)
            unknown = {
                index: (absolutes[index], infos[index]) for index in todo
                if index not in found and infos[index] is not None and absolutes[index] not in self.workers.prefetched
                and cache.known_hash(absolutes[index], infos[index]) is None
            }
            if unknown:  # a fresh clone, a restored CI cache: recognised by content
                served, raws = cache.lookup_by_content(unknown, settings_key, self.config.max_file_size, self.workers.jobs)
                found.update(served)
            for index, (data, key) in found.items():
                absolute = absolutes[index]
                results[index] = FileResult.from_json(data, self.checker.shown(absolute), absolute)
                results[index].key = key
            todo = [index for index in todo if results[index] is None]
        done = len(files) - len(todo)
        items = [(files[i], raws.pop(i), infos[i]) if i in raws else (files[i], None, None) for i in todo]
        del infos  # a stat a file: 400 MB at a million articles, held through the check otherwise
        if cache is not None and self.sole_writer:
            cache.expect_rows(len(items))  # (many, into an empty cache: a bulk load)
        for index, (result, digest, info, rows) in zip(todo, self.workers.check_many(items)):
            results[index] = result
            done += 1
            if self.progress is not None:
                self.progress.files(done, len(files))
            if cache is not None and rows is not None:
                result.key = cache.keep(absolutes[index], info, digest, same_key or self.checker.settings_key(absolutes[index]), rows)
                if not keep_summaries and result.summaries:
                    result.summary_rules = tuple(sorted(result.summaries))
                    result.empty_summary_rules = tuple(rule for rule in result.summary_rules if result.summaries[rule] is None)
                    result.summaries = None
        if cache is not None and not keep_summaries:
            cache.flush()  # where the summaries given up are read back from
        return results  # type: ignore[return-value]

    def finish(self, results: list[FileResult], reference: list[FileResult] = (), release: bool = False,
               repository: int | None = None) -> Report:
        """The corpus-wide pass, then the filters: one sorted list of findings.

        `reference` holds results of articles that are not checked in this run but that the
        checked ones are compared with (the rest of the repository). `release`: the results
        give their summaries up to the corpus pass (see `CorpusPass.run`): a caller that keeps
        them for another pass (pytest, the language server) leaves it off. `repository`: the
        repository's article count when `reference` is what the focus index chose
        (`focused_reference`); else a pass over the whole repository is indexed.
        """
        by_path = {r.path: r for r in results}
        per_file: dict = {r.path: list(r.findings) for r in results}
        index = self._focus_index() if repository is None else None
        corpus = CorpusPass(self.config, self.known_rules, lambda: self.cache, self.checker, self.progress, index,
                            processes=self.workers.jobs)
        for path, finding in corpus.run(results, list(reference), release, repository):
            per_file.setdefault(path, []).append(finding)
        filters = Filters(self.config, self.report_unused_suppressions, self.baseline, self.changed_lines)
        findings = filters.apply(per_file, by_path)
        dates = [r.date for r in results if r.date]
        return Report([r.path for r in results], findings, filters.hidden_by_baseline, max(dates) if dates else None)

    def _unanswered(self, files: list[Path]) -> list[tuple]:
        """The check items (path, bytes or None, stat or None) of the files the cache cannot
        answer, for `prefetch`. A file it recognises by content gets its new stat remembered, so
        that `results_for` then finds it by stat; one it knows by stat is left to `results_for`."""
        cache = self.cache
        if cache is None:
            return [(path, None, None) for path in files]
        absolutes = [os.path.abspath(path) for path in files]
        infos = [self.files.stat_of(path, absolute) for path, absolute in zip(files, absolutes)]
        unknown = {index: (absolutes[index], info) for index, info in enumerate(infos)
                   if info is not None and cache.known_hash(absolutes[index], info) is None}
        served, raws = cache.lookup_by_content(unknown, self.checker.settings_key, self.config.max_file_size)
        return [(path, raws.get(index), infos[index] if index in raws else None)
                for index, path in enumerate(files) if (infos[index] is None or index in unknown) and index not in served]
