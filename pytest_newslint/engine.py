"""Run the rules over documents: the one engine behind the CLI, the pytest items and the hooks.

A run has two passes. The per-document pass parses each file once and runs every enabled
rule's `check` on it, and each corpus rule's `collect` (a small summary: fingerprints, not
text). The corpus-wide pass then gives every corpus rule's `finalize` the summaries of all
documents of the run, for findings that need to see more than one file.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import suppressions
from .baseline import Baseline, fingerprint, fingerprint_of_message
from .cache import Cache, content_hash, settings_key
from .config import Config, RuleSettings, relative_to_folder
from .document import Document, FileError, parse, read
from .finding import Finding, Fix, Location, Problem
from .plugins import document_parsed
from .rules import Rule
from .rules.pattern import RuleSwitchedOff, RuleTimeout

FILE_ERROR = "file-error"
INTERNAL_ERROR = "internal-error"
INVALID_SUPPRESSION = "invalid-suppression"
RULE_TIMEOUT = "rule-timeout"
UNSILENCEABLE = (FILE_ERROR, INTERNAL_ERROR, RULE_TIMEOUT)
UNUSED_SUPPRESSION = "unused-suppression"
# A run that checks at most this share of the repository's articles (the rest only compared
# with) asks corpus rules for the problems of the checked ones alone (see `finish`).
FOCUS_SHARE = 0.1


@dataclass
class FileResult:
    """What the per-document pass learned about one file."""

    path: str  # as shown in findings
    config_path: str = ""  # the path the config's globs are matched against
    findings: list[Finding] = field(default_factory=list)
    # corpus rule id -> summary; None for a result from the cache whose summaries are still
    # there (`summary_rules` names them; `Engine.load_summaries` reads them when needed)
    summaries: dict[str, object] | None = field(default_factory=dict)
    suppressions: suppressions.Suppressions | None = None
    cacheable: bool = True  # False when a rule failed or was switched off: not a full result
    key: str | None = None  # content hash and settings key: what decides the result (None: unknown)
    summary_rules: tuple[str, ...] = ()

    def has_summary(self, rule_id: str) -> bool:
        return rule_id in (self.summaries if self.summaries is not None else self.summary_rules)

    def to_json(self) -> dict:
        """The result without its path (the cache keys it by content, not by path)."""
        assert self.summaries is not None, "load_summaries() first"
        return {
            "findings": [finding_to_json(f) for f in self.findings],
            "summaries": self.summaries,
            "suppressions": suppressions.to_json(self.suppressions) if self.suppressions else None,
        }

    @classmethod
    def from_json(cls, data: dict, path: str, config_path: str) -> "FileResult":
        """From `to_json()`'s dict, or from the cache's, which names the summaries' rules only."""
        return cls(
            path,
            config_path,
            [finding_from_json(item, path) for item in data["findings"]],
            data["summaries"] if "summaries" in data else None,
            suppressions.from_json(data["suppressions"]) if data["suppressions"] else None,
            summary_rules=tuple(data.get("summary_rules", ())),
        )


@dataclass
class Report:
    files: list[str]
    findings: list[Finding]



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
        self.base = Path(os.path.abspath(base or Path.cwd()))  # paths are shown relative to it
        self._base_prefix = os.path.join(str(self.base), "")
        self.report_unused_suppressions = report_unused_suppressions
        self.known_rules = config.known_rules()
        self.use_cache = use_cache
        self.jobs = max(1, jobs)
        self.compare_with_repository = compare_with_repository
        self._cache: Cache | None | bool = False  # False: not opened yet
        self.baseline: Baseline | None = None  # findings it holds are not reported
        self.changed_lines: dict | None = None  # --diff-base: {real path: [(first, last)] or "all"}
        self._settings_keys: dict[int, str] = {}
        self._walks: dict[str, list[str]] = {}
        self._stats: dict[str, os.stat_result] = {}  # absolute path -> its stat, from discovery
        self._prefetched: dict[str, tuple] = {}  # absolute path -> (future of a chunk, index in it)
        self.progress = None  # a progress.Progress, when a person watches the run
        self._prefetch_pool = None

    @property
    def cache(self) -> Cache | None:
        if self._cache is False:
            folder = self.cache_folder() if self.use_cache else None
            self._cache = Cache.open(folder) if folder is not None else None
        return self._cache

    def cache_folder(self) -> Path | None:
        """Where the cache lives: `cache-dir` under the project root. Without a cache-dir set in
        a config file, only inside a git work tree: a linter should not litter any folder it
        is pointed at."""
        if self.config.cache_dir_configured:
            return Path(self.config.root) / self.config.cache_dir
        toplevel = _git_toplevel(str(self.config.root))
        if toplevel is None:
            return None
        root = Path(self.config.root) if self.config.source is not None else Path(toplevel)
        return root / self.config.cache_dir

    def project_root(self) -> Path | None:
        """The repository whose articles the checked ones are compared with: the config file's
        folder, or without one the git work tree's top; only inside a git work tree. Outside git
        there is no repository to compare with, only the files named: a config file in /tmp
        must not make newslint walk all of /tmp."""
        toplevel = _git_toplevel(str(self.config.root))
        if toplevel is None:
            return None
        return Path(self.config.root) if self.config.source is not None else Path(toplevel)

    def rules_for(self, config_path: str | Path) -> list[tuple[Rule, RuleSettings]]:
        """The enabled rules and their settings for one file, in rule id order."""
        settings = self.config.settings_for(config_path)
        return [(self.known_rules[rule_id], s) for rule_id, s in sorted(settings.items()) if s.enabled]

    # -- which files ---------------------------------------------------------------------
    def discover(self, paths: list[str | Path]) -> list[Path]:
        """The files to check: named files as they are (unless excluded), and the selected files
        under named folders (honouring .gitignore inside a git work tree)."""
        found: dict[str, Path] = {}
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for absolute in self._walked(path):
                    if absolute not in found:
                        found[absolute] = Path(absolute)
            elif not self.config.excluded(path):
                found.setdefault(os.path.abspath(path), path)
        return [found[key] for key in sorted(found)]

    def _walked(self, folder: Path) -> list[str]:
        """The absolute paths of the selected files under a folder, listed once per run: the
        comparison with the rest of the repository walks the folder that was named again."""
        key = os.path.abspath(folder)
        if key not in self._walks:
            self._walks[key] = list(self._walk(folder))
        return self._walks[key]

    def selects(self, path: Path) -> bool:
        """Whether a file found in a folder is checked (include, exclude, .gitignore)."""
        if not self.config.selected(path):
            return False
        absolute = os.path.abspath(path)
        listed = _git_listing(os.path.dirname(absolute))
        return listed is None or absolute in listed

    def _walk(self, folder: Path) -> Iterator[str]:
        # absolute, normalised strings: no getcwd, no pathlib for each of 100,000 files
        folder_name = os.path.abspath(folder)
        listed = _git_files(folder_name)
        if listed is not None:
            for path in listed:
                if self.config.selected(path):
                    info = _lstat(path)
                    if info is None or stat.S_ISDIR(info.st_mode):
                        continue  # deleted but still in git's index, or a submodule
                    if stat.S_ISLNK(info.st_mode):
                        if os.path.isdir(path):
                            continue
                    else:
                        self._stats[path] = info  # results_for needs it: not a second stat
                    yield path
            return
        for root, dirs, files in os.walk(folder_name):
            dirs[:] = sorted(d for d in dirs if not self.config.excluded(os.path.join(root, d, "x")))
            for name in sorted(files):
                path = os.path.join(root, name)
                if self.config.selected(path):
                    yield path

    # -- running -------------------------------------------------------------------------
    def display(self, path: Path) -> str:
        """How a path is shown in findings (`config.display_path`, with the base worked out once)."""
        return relative_to_folder(os.path.abspath(path), self._base_prefix)

    def run(self, paths: list[str | Path]) -> Report:
        return self.run_files(self.discover(paths))

    def run_files(self, files: list[Path]) -> Report:
        """Check files (from the cache where they are unchanged, in parallel where it pays),
        compare them with the rest of the repository, and report."""
        with fewer_collections():
            results = self.results_for(files)
            reference: list[FileResult] = []
            if self.compare_with_repository and any(
                self.known_rules[rule_id].finalize for rule_id, s in self.config.base_settings().items() if s.enabled
            ):
                reference = self.reference_results(files)
            report = self.finish(results, reference)
        if self.cache is not None:
            self.cache.flush()
        return report

    def reference_results(self, files: list[Path]) -> list[FileResult]:
        """Results of the repository's other articles, for the corpus-wide pass."""
        root = self.project_root()
        if root is None:
            return []
        checked = {os.path.abspath(path) for path in files}
        others = sorted(path for path in self._walked(Path(root)) if path not in checked)
        return [r for r in self.results_for(others) if r.summaries or r.summary_rules]

    def load_summaries(self, results: list[FileResult]) -> None:
        """Read the summaries the cache keeps apart, for the results that came from it; a
        result whose summaries are no longer there (the cache deleted meanwhile) is checked
        again."""
        waiting = [r for r in results if r.summaries is None]
        if not waiting:
            return
        keys = [tuple(r.key.split(":", 1)) if r.key else ("", "") for r in waiting]
        found = self.cache.summaries(keys) if self.cache is not None else {}
        for result, key in zip(waiting, keys):
            data = found.get(key)
            if data is None and result.summary_rules:
                data = self.check_file_hashed(result.config_path)[0].summaries
            result.summaries = data or {}

    def settings_key(self, config_path: str) -> str:
        settings = self.config.settings_for(config_path)
        key = self._settings_keys.get(id(settings))
        if key is None:
            key = self._settings_keys[id(settings)] = settings_key(self.rules_for(config_path))
        return key

    def results_for(self, files: list[Path] | list[str]) -> list[FileResult]:
        cache = self.cache
        results: list[FileResult | None] = [None] * len(files)
        todo: list[int] = []
        if cache is None:
            todo = list(range(len(files)))
        else:
            wanted: dict[int, tuple[str, str]] = {}
            absolutes: dict[int, str] = {}
            for index, path in enumerate(files):
                absolute = absolutes[index] = os.path.abspath(path)
                info = self._file_stat(path, absolute)
                self._stats.pop(absolute, None)  # used: the next run of this engine stats again
                if info is None:
                    todo.append(index)
                    continue
                digest = cache.known_hash(absolute, info)
                if digest is None:
                    todo.append(index)
                else:
                    wanted[index] = (digest, self.settings_key(absolute))
            found = cache.results(list(wanted.values()))
            for index, key in wanted.items():
                data = found.get(key)
                if data is None:
                    todo.append(index)
                else:
                    absolute = absolutes[index]
                    results[index] = FileResult.from_json(data, relative_to_folder(absolute, self._base_prefix), absolute)
                    results[index].key = f"{key[0]}:{key[1]}"
            todo.sort()
        done = len(files) - len(todo)
        for index, (result, digest, info) in zip(todo, self._check_many([files[i] for i in todo])):
            results[index] = result
            done += 1
            if self.progress is not None:
                self.progress.files(done, len(files))
            if cache is not None and digest is not None and result.cacheable:
                absolute = absolutes[index]
                key = self.settings_key(absolute)
                cache.remember_file(absolute, info, digest)
                cache.store(digest, key, result.to_json())
                result.key = f"{digest}:{key}"
        return results  # type: ignore[return-value]

    def prefetch(self, files: list[Path]) -> None:
        """Start checking files (those the cache cannot answer) in worker processes now, while
        the caller does other work; `results_for` takes their results when it gets to them.

        The pytest plugin calls it before pytest collects: the per-file pass does not depend on
        which files are checked together, so it can start from newslint's own listing, and a
        file pytest does not collect in the end is simply not asked for.
        """
        if self.jobs < 2 or len(files) < PARALLEL_MIN_FILES or not _fork_available():
            return
        todo = [path for path in files if self._cached_key(path) is None]
        if len(todo) < PARALLEL_MIN_FILES:
            return
        pool = self._worker_pool()
        for chunk in self._chunks(todo):
            future = pool.submit(_check_chunk_in_worker, chunk)
            for offset, path in enumerate(chunk):
                self._prefetched[os.path.abspath(path)] = (future, offset)
        self._prefetch_pool = pool

    def stop_prefetch(self) -> None:
        """Drop what `prefetch` started and nobody asked for (files pytest did not collect)."""
        self._prefetched.clear()
        if self._prefetch_pool is not None:
            self._prefetch_pool.shutdown(wait=True, cancel_futures=True)
            self._prefetch_pool = None

    def _file_stat(self, path: Path, absolute: str) -> os.stat_result | None:
        """The file's stat: the one discovery took moments ago, or a new one (None: gone)."""
        info = self._stats.get(absolute)
        if info is not None:
            return info
        try:
            return os.stat(path)
        except OSError:
            return None

    def _cached_key(self, path: Path) -> tuple[str, str] | None:
        cache, absolute = self.cache, os.path.abspath(path)
        info = self._file_stat(path, absolute) if cache is not None else None
        digest = cache.known_hash(absolute, info) if info is not None else None
        return None if digest is None else (digest, self.settings_key(absolute))

    def _take_prefetched(self, path: Path):
        found = self._prefetched.pop(os.path.abspath(path), None)
        if found is None:
            return None
        future, offset = found
        try:
            return future.result()[offset]
        except Exception:
            return None  # a worker that died: check the file here instead
        finally:
            if not self._prefetched and self._prefetch_pool is not None:
                self._prefetch_pool.shutdown(wait=False, cancel_futures=True)
                self._prefetch_pool = None

    def _check_many(self, files: list[Path]):
        """(FileResult, content hash, stat) for each file, in order; in worker processes when
        there are enough files to pay for them (or already, see `prefetch`)."""
        if self._prefetched:
            started = [os.path.abspath(path) in self._prefetched for path in files]
            rest = self._check_many_now([path for path, yes in zip(files, started) if not yes])
            for path, yes in zip(files, started):
                taken = self._take_prefetched(path) if yes else next(rest)
                yield taken if taken is not None else self.check_file_hashed(path)
            return
        yield from self._check_many_now(files)

    def _check_many_now(self, files: list[Path]):
        if self.jobs > 1 and len(files) >= PARALLEL_MIN_FILES and _fork_available():
            with self._worker_pool() as pool:
                for checked in pool.map(_check_chunk_in_worker, self._chunks(files)):
                    yield from checked
            return
        for path in files:
            yield self.check_file_hashed(path)

    def _chunks(self, files: list) -> list[list]:
        """The files in runs for the worker processes: eight a worker, each of 16 files or more."""
        size = max(16, len(files) // (self.jobs * 8))
        return [files[start : start + size] for start in range(0, len(files), size)]

    def _worker_pool(self):
        """Forked processes for the per-file pass; each inherits this engine (no pickling)."""
        import concurrent.futures
        import multiprocessing

        global _WORKER_ENGINE
        _WORKER_ENGINE = self
        return concurrent.futures.ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                      initializer=_worker_started)

    def check_file_hashed(self, path: Path):
        shown, absolute = self.display(path), os.path.abspath(path)
        try:
            info = os.stat(path)  # before reading: a change after it makes the next run re-read
        except OSError:
            info = None  # read() says why
        try:
            document = read(path, shown, self.config.max_file_size)
        except FileError as exc:
            return FileResult(shown, absolute, [file_error(shown, str(exc))]), None, None
        digest = content_hash(document.raw) if info is not None else None
        return self.check_document(document, absolute), digest, info

    def check_text(self, text: str | bytes, path: str = "<stdin>") -> FileResult:
        """Check one article held in memory; `path` names it for the config's globs and messages."""
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return self.check_document_bytes(raw, path, os.path.abspath(path))

    def check_document_bytes(self, raw: bytes, path: str, config_path: str) -> FileResult:
        try:
            document = parse(path, raw)
        except FileError as exc:
            return FileResult(path, config_path, [file_error(path, str(exc))])
        return self.check_document(document, config_path)

    def check_document(self, document: Document, config_path: str | None = None) -> FileResult:
        config_path = config_path or os.path.abspath(document.path)
        result = FileResult(document.path, config_path)
        if document.front_matter_error:
            result.findings.append(file_error(document.path, document.front_matter_error))
        if not document.has_content:
            what = "empty file" if not document.text else "no text (only blank lines or white space)"
            result.findings.append(file_error(document.path, f"{what}: an article needs text; delete the file or write it"))
            return result
        table = suppressions.parse(document, set(self.known_rules))
        result.suppressions = table if table.directives or table.errors else None  # most articles: none to keep
        document_parsed(document)
        memo: dict = {}
        for rule, settings in self.rules_for(config_path):
            found = []
            try:
                if rule.check:
                    for problem in rule.check(document, settings.options) or ():
                        found.append(to_finding(document.path, rule.id, settings.severity, problem))
                if rule.collect:
                    result.summaries[rule.id] = rule.collect(document, settings.options)
            except RuleTimeout as exc:
                found = [Finding(document.path, 1, 1, RULE_TIMEOUT, str(exc), "error", 1, 1)]
                result.cacheable = False
            except RuleSwitchedOff:
                found = []
                result.cacheable = False
            except Exception as exc:  # a broken rule must not stop the others
                found = [internal_error(document.path, rule.id, exc)]
                result.cacheable = False
            result.findings.extend(with_fingerprint(f, document, memo) for f in found)
        return result

    def finish(self, results: list[FileResult], reference: list[FileResult] = ()) -> Report:
        """The corpus-wide pass, suppressions, then one sorted list of findings.

        `reference` holds results of articles that are not checked in this run but that the
        checked ones are compared with (the rest of the repository).
        """
        by_path = {r.path: r for r in results}
        per_file: dict[str, list[Finding]] = {r.path: list(r.findings) for r in results}
        corpus_rules = [rule for rule in self.known_rules.values() if rule.finalize]
        base_settings = self.config.base_settings()
        # checking a few articles against the rest (a pre-commit run): only their problems count.
        # A larger share gets the whole pass, which the cache keeps for the next run.
        focus = set(by_path) if reference and len(results) <= FOCUS_SHARE * (len(results) + len(reference)) else None
        for rule in sorted(corpus_rules, key=lambda r: r.id):
            holders = [r for r in [*results, *reference] if r.has_summary(rule.id)]
            if not holders:
                continue
            if self.progress is not None:
                self.progress.note(f"{rule.id}: comparing {len(holders):,} articles")
            try:
                problems = self._corpus_problems(rule, holders, base_settings[rule.id], focus)
            except Exception as exc:
                per_file.setdefault("<corpus>", []).append(internal_error("<corpus>", rule.id, exc))
                continue
            for path, problem in problems:
                result = by_path.get(path)
                if result is None:
                    continue  # reported on an article this run does not check
                settings = self.config.settings_for(result.config_path)[rule.id]
                if settings.enabled:
                    per_file[path].append(with_fingerprint(to_finding(path, rule.id, settings.severity, problem), None))
        findings: list[Finding] = []
        for path, items in per_file.items():
            findings.extend(self._apply_suppressions(by_path.get(path), items))
        findings = [f if f.fingerprint else replace(f, fingerprint=fingerprint_of_message(f.rule, f.message)) for f in findings]
        findings = _one_timeout_per_rule(sorted(set(findings)))
        if self.baseline is not None:
            findings = self.baseline.filter(findings, lambda f: self.baseline_path(f, by_path))
        if self.changed_lines is not None:
            findings = [f for f in findings if self._on_changed_lines(f, by_path)]
        return Report([r.path for r in results], findings)

    def _corpus_problems(self, rule: Rule, holders: list[FileResult], settings: RuleSettings,
                         focus: set[str] | None = None) -> list:
        """(path, Problem) for each problem the rule's corpus pass finds over the results that
        hold a summary for it; from the cache when every article and the options are what they
        were in the last run (then no summary is read). With `focus` (the paths of the checked
        articles, when the others are only compared with), a rule that can looks only at copies
        into or out of those; such a partial answer is not cached."""
        cache = self.cache
        inputs = None
        if cache is not None and all(r.key is not None for r in holders):
            digest = hashlib.blake2b(settings_key([(rule, settings)]).encode(), digest_size=16)
            for path, key in sorted((r.path, r.key) for r in holders):
                digest.update(f"\0{path}\0{key}".encode("utf-8", "surrogateescape"))
            inputs = digest.hexdigest()
            cached = cache.corpus_problems(rule.id, inputs)
            if cached is not None:
                return [(path, problem_from_json(item)) for path, item in cached]
        self.load_summaries(holders)
        entries = [(r.path, r.summaries[rule.id]) for r in holders if rule.id in r.summaries]
        if focus is not None and rule.finalize_takes_focus:
            return list(rule.finalize(entries, settings.options, focus=focus) or ())
        problems = list(rule.finalize(entries, settings.options) or ())
        if inputs is not None:
            cache.store_corpus_problems(rule.id, inputs, [[path, problem_to_json(p)] for path, p in problems])
        return problems

    def baseline_path(self, finding: Finding, by_path: dict) -> str:
        """A finding's path as baselines record it: relative to the project (config) root."""
        result = by_path.get(finding.path)
        return self.config.relative(Path(result.config_path)) if result else finding.path

    def _on_changed_lines(self, finding: Finding, by_path: dict) -> bool:
        result = by_path.get(finding.path)
        if result is None:
            return True
        ranges = self.changed_lines.get(os.path.realpath(result.config_path))
        if ranges is None:
            return False  # the file did not change since the base
        if ranges == "all":
            return True
        last = max(finding.end_line, finding.line)
        return any(start <= last and finding.line <= end for start, end in ranges)

    def _apply_suppressions(self, result: FileResult | None, findings: list[Finding]) -> list[Finding]:
        table = result.suppressions if result else None
        if table is None:
            return findings
        kept = [f for f in findings if f.rule in UNSILENCEABLE or not table.silences(f)]
        for line, column, message in table.errors:
            kept.append(Finding(result.path, line, column, INVALID_SUPPRESSION, message, "warning", line, column))
        if self.report_unused_suppressions:
            for directive, rule in table.unused():
                what = "all rules" if rule == suppressions.ALL else repr(rule)
                kept.append(Finding(result.path, directive.line, directive.column, UNUSED_SUPPRESSION,
                                    f"suppression of {what} silences nothing", "warning", directive.line, directive.column))
        return kept


def _one_timeout_per_rule(findings: list[Finding]) -> list[Finding]:
    """Parallel workers may each time out once on a bad pattern: report it once."""
    seen: set[str] = set()
    kept = []
    for finding in findings:
        if finding.rule == RULE_TIMEOUT:
            rule_id = finding.message.split("'")[1] if "'" in finding.message else finding.message
            if rule_id in seen:
                continue
            seen.add(rule_id)
        kept.append(finding)
    return kept


PARALLEL_MIN_FILES = 200
_WORKER_ENGINE: "Engine | None" = None
_THRESHOLDS_AT_IMPORT = gc.get_threshold()


def _worker_started() -> None:
    # a worker keeps little for long; what it makes and drops is best collected at the usual
    # pace (with the raised thresholds of `fewer_collections`, the process tree of a cold run
    # on 100,000 articles grew from 820 MB to 998 MB)
    gc.set_threshold(*_THRESHOLDS_AT_IMPORT)


@contextmanager
def fewer_collections():
    """Let the garbage collector run less often while a run builds its results (restored after).

    A run makes objects by the million and keeps them to the end (results, summaries, the
    corpus index), with no reference cycles among them; at CPython's default thresholds the
    collector's full passes walk them all again and again: 40% of a warm run on 100,000
    articles. The thresholds are mypy's, for the same reason."""
    before = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _check_chunk_in_worker(paths: list[Path]) -> list:
    return [_WORKER_ENGINE.check_file_hashed(path) for path in paths]


def _fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def to_finding(path: str, rule_id: str, severity: str, problem: Problem) -> Finding:
    return Finding(
        path=path,
        line=problem.line,
        column=problem.column,
        rule=rule_id,
        message=problem.message,
        severity=problem.severity or severity,
        end_line=problem.end_line or problem.line,
        end_column=problem.end_column or problem.column,
        fix=problem.fix,
        related=problem.related,
    )


def finding_to_json(f: Finding) -> list:
    fix = [f.fix.start, f.fix.end, f.fix.replacement] if f.fix else None
    return [f.line, f.column, f.rule, f.message, f.severity, f.end_line, f.end_column, fix, f.fingerprint,
            [r.to_json() for r in f.related]]


def problem_to_json(p: Problem) -> list:
    fix = [p.fix.start, p.fix.end, p.fix.replacement] if p.fix else None
    return [p.line, p.column, p.message, p.end_line, p.end_column, fix, p.severity, [r.to_json() for r in p.related]]


def problem_from_json(item: list) -> Problem:
    line, column, message, end_line, end_column, fix, severity, *rest = item
    related = tuple(Location.from_json(r) for r in rest[0]) if rest else ()
    return Problem(line, column, message, end_line, end_column, Fix(*fix) if fix else None, severity, related)


def finding_from_json(item: list, path: str) -> Finding:
    line, column, rule, message, severity, end_line, end_column, fix, mark, *rest = item
    related = tuple(Location.from_json(r) for r in rest[0]) if rest else ()
    return Finding(path, line, column, rule, message, severity, end_line, end_column, Fix(*fix) if fix else None, mark, related)


FINGERPRINT_TEXT_LIMIT = 4096  # characters of a finding's lines that its fingerprint reads


def with_fingerprint(finding: Finding, document: Document | None, memo: dict | None = None) -> Finding:
    """The finding with the fingerprint of its text (its lines in the document, the first few
    thousand characters), or of its message when it has no text of its own. `memo` shares the
    work between findings on the same lines (a long line may hold thousands of them)."""
    if document is not None and 1 <= finding.line <= len(document.lines):
        last = min(max(finding.end_line, finding.line), len(document.lines))
        key = (finding.rule, finding.line, last)
        mark = memo.get(key) if memo is not None else None
        if mark is None:
            start = document.line_starts[finding.line - 1]
            end = min(document.line_starts[last - 1] + len(document.lines[last - 1]), start + FINGERPRINT_TEXT_LIMIT)
            text = document.text[start:end]
            mark = fingerprint(finding.rule, text) if text.strip() else fingerprint_of_message(finding.rule, finding.message)
            if memo is not None:
                memo[key] = mark
    else:
        mark = fingerprint_of_message(finding.rule, finding.message)
    return replace(finding, fingerprint=mark)


def file_error(path: str, message: str) -> Finding:
    return Finding(path=path, line=1, column=1, rule=FILE_ERROR, message=message, severity="error", end_line=1, end_column=1)


def internal_error(path: str, rule_id: str, exc: Exception) -> Finding:
    message = f"rule {rule_id!r} failed: {type(exc).__name__}: {exc} (a bug in the rule; please report it)"
    return Finding(path=path, line=1, column=1, rule=INTERNAL_ERROR, message=message, severity="error", end_line=1, end_column=1)


# -- git -----------------------------------------------------------------------------------

def _git_files(folder: str) -> list[str] | None:
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
    return [os.path.join(folder, name) for name in sorted(set(names)) if name]


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


@functools.lru_cache(maxsize=None)
def _git_toplevel(folder: str) -> str | None:
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
def _git_listing_of(toplevel: str) -> frozenset[str] | None:
    listed = _git_files(toplevel)
    return None if listed is None else frozenset(listed)


def _git_listing(folder: str) -> frozenset[str] | None:
    """The files git tracks or would track in the work tree holding `folder` (None: no git)."""
    toplevel = _git_toplevel(folder)
    return None if toplevel is None else _git_listing_of(toplevel)
