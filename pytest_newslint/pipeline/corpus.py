"""The corpus-wide pass: each corpus rule's `finalize` gets the summaries (`collect`) of every
article of the run, and of the repository's other articles it is compared with, for findings
that need to see more than one file. Its answer is cached while none of its inputs change."""
from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..config import Config, RuleSettings
from ..finding import Finding, internal_error, to_finding, with_message_fingerprint
from ..rules import Entries, Rule
from ..rules.forked import InFork, can_fork
from .cache import Cache, settings_key
from .check import Checker
from .focus import FOCUS_SHARE, FocusIndex, place_written_index, temporary_file
from .results import FileResult, problem_from_json, problem_to_json

STATE_FORMAT = 1  # of a `PassState` file's head
CORPUS = "<corpus>"  # the path of a finding about the pass itself (a corpus rule that failed)
# a pass over fewer articles does its work itself: forking costs a few milliseconds, what the
# copy takes (`Beside`) about 4 us an article
BESIDE_MIN_ARTICLES = 2_000


class CorpusPass:
    def __init__(self, config: Config, known_rules: dict[str, Rule], open_cache: Callable[[], Cache | None],
                 checker: Checker, progress=None, index: FocusIndex | None = None, processes: int = 1):
        self.config = config
        self.processes = processes  # how many a rule's pass may use (`--jobs`), where it takes them
        self.index = index  # given when the pass may cover the whole repository: it is indexed then
        self.known_rules = known_rules
        self.open_cache = open_cache  # the cache is opened only when a corpus rule has work
        self.checker = checker
        self.progress = progress  # a progress.Progress, or None

    def run(self, results: list[FileResult], reference: list[FileResult], release: bool = False,
            repository: int | None = None) -> list[tuple[str, Finding]]:
        """(path, finding) for each problem the corpus rules find in the checked articles.

        `reference` holds results of articles that are not checked in this run but that the
        checked ones are compared with (the rest of the repository, or with `repository` (its
        article count) the articles the focus index says they may share something with). With
        `release` (a run whose results are not used again: the command's), each summary leaves
        its result as the rule is handed it, so that a rule reading them into arrays frees them
        as it goes.
        """
        by_path = {r.path: r for r in results}
        base_settings = self.config.base_settings()
        # checking a few articles against the rest (a pre-commit run): only their problems count.
        # A larger share gets the whole pass, which the cache keeps for the next run.
        articles = repository if repository is not None else len(results) + len(reference)
        focus = set(by_path) if (reference or repository is not None) and len(results) <= FOCUS_SHARE * articles else None
        self._indexed: dict[str, str | None] = {}  # rule id -> the inputs of its index, in a whole pass
        self._articles = articles
        passes: list[RulePass] = []
        answers: dict[str, list | Finding] = {}  # rule id -> its (path, problem) pairs, or the internal error
        for rule in sorted((rule for rule in self.known_rules.values() if rule.finalize), key=lambda r: r.id):
            holders = [r for r in [*results, *reference] if r.has_summary(rule.id)]
            if holders:
                try:
                    passes.append(self._plan(rule, holders, base_settings[rule.id], focus))
                except Exception as exc:
                    answers[rule.id] = internal_error(CORPUS, rule.id, exc)
        beside = None
        try:
            beside = self._beside(passes, focus)
            for rule_pass in passes:
                rule = rule_pass.rule
                if rule_pass.cached is not None:
                    answers[rule.id] = rule_pass.cached
                    continue
                if beside is not None and rule.id in beside.rules:
                    continue  # its answer comes from the forked copy, below
                if self.progress is not None:
                    self.progress.note(f"{rule.id}: comparing {len(rule_pass.holders):,} articles")
                try:  # (where the copy writes the rule's index, `_settle` keeps the answer once that is done)
                    answers[rule.id] = self._problems(rule_pass, focus, release,
                                                      settle=beside is None or rule.id not in beside.indexes)
                except Exception as exc:
                    answers[rule.id] = internal_error(CORPUS, rule.id, exc)
            if beside is not None:
                self._answers_beside(beside, passes, answers)
        finally:
            if beside is not None:
                beside.abandon()
        found: list[tuple[str, Finding]] = []
        for rule_id, answer in sorted(answers.items()):
            if isinstance(answer, Finding):
                found.append((CORPUS, answer))
                continue
            for path, problem in answer:
                result = by_path.get(path)
                if result is None:
                    continue  # reported on an article this run does not check
                settings = self.config.settings_for(result.config_path)[rule_id]
                if settings.enabled:
                    found.append((path, with_message_fingerprint(to_finding(path, rule_id, settings.severity, problem))))
        if self.index is not None and focus is None and self._indexed and None not in self._indexed.values():
            self.index.current(self._indexed)
        return found

    def _plan(self, rule: Rule, holders: list[FileResult], settings: RuleSettings, focus: set[str] | None) -> "RulePass":
        """A rule's part of the pass: its answer from the cache when every article and the
        options are what they were in the last run (then no summary is read), and whether it
        writes the rule's focus index (a whole pass, an index no longer current)."""
        planned = RulePass(rule, holders, settings)
        cache = self.open_cache()
        if cache is not None and all(r.key is not None for r in holders):
            digest = hashlib.blake2b(settings_key([(rule, settings)]).encode(), digest_size=16)
            for path, key in sorted((r.path, r.key) for r in holders):
                digest.update(f"\0{path}\0{key}".encode("utf-8", "surrogateescape"))
            planned.inputs = digest.hexdigest()
            cached = cache.corpus_problems(rule.id, planned.inputs)
            if cached is not None:
                if self.index is not None and focus is None and rule.focus_keys is not None:
                    self._indexed[rule.id] = planned.inputs  # indexed when that pass ran (else its note says not)
                planned.cached = [(path, problem_from_json(item)) for path, item in cached]
                return planned
        if self.index is not None and focus is None and rule.focus_keys is not None:
            self._indexed[rule.id] = planned.inputs
            planned.indexed = planned.inputs is not None and not self.index.still_current(rule, settings, self._articles)
        return planned

    def _problems(self, planned: "RulePass", focus: set[str] | None = None, release: bool = False,
                  settle: bool = True) -> list:
        """(path, Problem) for each problem the rule's corpus pass finds over the results that
        hold a summary for it (`settle`: and its focus index written, where planned, and the
        answer kept in the cache, where its inputs are known; else `_settle` does both). With
        `focus` (the paths of the checked articles, when the others are only compared with), a
        rule that can looks only at copies into or out of those; such a partial answer is not
        cached."""
        rule, holders, settings, inputs = planned.rule, planned.holders, planned.settings, planned.inputs
        cache = self.open_cache()
        writer = self.index.writer(rule) if settle and planned.indexed and self.index is not None else None
        if release and cache is not None and focus is None:
            # a whole pass whose results are not used again: each summary read from the cache as
            # the rule reads it, so that a million of them (1.7 GB) are never in memory at once
            entries: Entries = StreamedEntries(holders, rule.id, lambda chunk: load_summaries(chunk, cache, self.checker, rule.id),
                                               writer.add if writer is not None else None)
        else:
            load_summaries(holders, cache, self.checker, rule.id)
            for result in holders if writer is not None else ():
                writer.add(result, summary_of(result, rule.id))
            entries = Entries((r.path, summary_of(r, rule.id, release)) for r in holders)
        more = {"processes": self.processes} if rule.finalize_takes_processes and self.processes > 1 else {}
        if inputs is not None and focus is None and rule.finalize_takes_previous:
            more["previous"] = PassState(cache.folder, rule.id, settings_key([(rule, settings)]), holders,
                                         lambda chosen: load_summaries(chosen, cache, self.checker, rule.id))
        if focus is not None and rule.finalize_takes_focus:
            return list(rule.finalize(entries, settings.options, focus=focus, **more) or ())
        try:
            problems = list(rule.finalize(entries, settings.options, **more) or ())
        except BaseException:
            if writer is not None:
                writer.abandon()
            raise
        if writer is not None:
            if isinstance(entries, StreamedEntries):
                entries.read_all()  # what the rule did not read (a rule switched off by its options)
            writer.commit(settings, inputs, self._articles)
        if inputs is not None and settle:
            cache.store_corpus_problems(rule.id, inputs, [[path, problem_to_json(p)] for path, p in problems])
        return problems

    # -- the second core ---------------------------------------------------------------------
    def _beside(self, passes: list["RulePass"], focus: set[str] | None) -> "Beside | None":
        """The part of a whole pass a forked copy does meanwhile (`Beside`): the pass of every
        rule but the first to be found (and but one that resumes its last pass: it keeps a file
        and reads the cache), and every focus index to be written. Only with `--jobs` above 1
        where a bare fork is safe, and only when every summary that work reads is in memory (a
        cold run of up to `KEEP_SUMMARIES_UP_TO` articles): the copy must not read the cache,
        whose connection it shares."""
        if self.processes < 2 or focus is not None or self._articles < BESIDE_MIN_ARTICLES or not can_fork():
            return None
        to_find = [p for p in passes if p.cached is None]
        if not to_find:
            return None
        others = [p for p in to_find[1:] if not p.rule.finalize_takes_previous]
        indexes = [p for p in to_find if p.indexed and self.index is not None]
        if not others and not indexes:
            return None
        if any(r.summaries is None or p.rule.id not in r.summaries for p in [*others, *indexes] for r in p.holders):
            return None
        return Beside(self, others, indexes)

    def _answers_beside(self, beside: "Beside", passes: list["RulePass"], answers: dict[str, list | Finding]) -> None:
        """Take the forked copy's answers into `answers`; then, for each rule whose pass or
        index it did, what the process's own pass does after the rule's `finalize`."""
        done = beside.result()
        answers.update(done.answers)
        answers.update(done.failed)  # a rule's focus keys that failed: its internal error, as in the process's own pass
        for planned in passes:
            rule_id = planned.rule.id
            if rule_id in beside.rules or rule_id in beside.indexes:
                try:
                    self._settle(planned, answers[rule_id], done)
                except Exception as exc:
                    answers[rule_id] = internal_error(CORPUS, rule_id, exc)

    def _settle(self, planned: "RulePass", answer: list | Finding, done: "BesideWork") -> None:
        """Keep a rule's answer in the cache and put the index the copy wrote for it in place
        (and note it); a rule whose pass failed leaves the index there was, and nothing kept."""
        rule_id = planned.rule.id
        written = done.written.get(rule_id)
        if isinstance(answer, Finding):
            if written is not None:
                written.unlink(missing_ok=True)
            return
        if rule_id in done.warnings:
            print(done.warnings[rule_id], file=sys.stderr)
        cache = self.open_cache()
        if written is not None:
            warning = place_written_index(cache.folder, rule_id, written)
            if warning is not None:
                print(warning, file=sys.stderr)
            else:
                self.index.note(planned.rule, planned.settings, planned.inputs, self._articles)
        if planned.inputs is not None:
            cache.store_corpus_problems(rule_id, planned.inputs, [[path, problem_to_json(p)] for path, p in answer])


@dataclass
class RulePass:
    """One corpus rule's part of a pass: its holders and settings, the digest of its inputs
    (None without a cache), its answer from the cache (None: to be found), and whether it
    writes the rule's focus index."""

    rule: Rule
    holders: list[FileResult]
    settings: RuleSettings
    inputs: str | None = None
    cached: list | None = None
    indexed: bool = False


@dataclass
class BesideWork:
    """What the forked copy hands back, per rule id: the answers of the passes it did (their
    (path, problem) pairs, or the rule's internal error); the indexes it wrote (each a
    temporary file, closed, not yet in place: `RuleIndex.written`); the warnings of those it
    could not write; the internal errors of rules whose focus keys failed."""

    answers: dict[str, list | Finding] = field(default_factory=dict)
    written: dict[str, Path] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    failed: dict[str, Finding] = field(default_factory=dict)


class Beside:
    """The corpus pass's work for the second core: in a forked copy of the process (which shares
    the summaries copy-on-write), the passes of `others` and the focus indexes of `indexes`,
    while this process finds the first rule's problems (a cold run on 10,000 articles:
    title-role's pass and both rules' indexes, about 0.044 s alongside the process's 0.21 s).
    The copy touches neither the cache nor the terminal: what it did comes back to this process
    (`BesideWork`). Where the copy fails, the work is done here (`InFork`)."""

    def __init__(self, corpus_pass: CorpusPass, others: list[RulePass], indexes: list[RulePass]):
        self.rules = {p.rule.id for p in others}
        self.indexes = {p.rule.id for p in indexes}
        self._fork = InFork(lambda: [self._work(corpus_pass, others, indexes)])
        # the files the indexes are written to (`IndexWriter`, named after its process): the
        # copy's, or this process's where the work falls back to it
        folder = corpus_pass.index.cache.folder if corpus_pass.index is not None else None
        writers = [pid for pid in (self._fork.pid, os.getpid()) if pid is not None]
        self._temporaries = {temporary_file(folder, rule_id, pid) for rule_id in self.indexes for pid in writers} \
            if folder is not None else set()

    @staticmethod
    def _work(corpus_pass: CorpusPass, others: list[RulePass], indexes: list[RulePass]) -> BesideWork:
        done = BesideWork()
        for planned in indexes:
            rule_id = planned.rule.id
            if any(rule_id not in r.summaries for r in planned.holders):
                # done here after the copy failed, past the process's own pass, which let its
                # summaries go: the index is left unwritten and unnoted (the next whole pass writes it)
                continue
            writer = corpus_pass.index.writer(planned.rule, quiet=True)
            try:
                for result in planned.holders:
                    writer.add(result, result.summaries[rule_id])
            except Exception as exc:  # a rule's own failure (`focus_keys`), not the file's
                writer.abandon()
                done.failed[rule_id] = internal_error(CORPUS, rule_id, exc)
                continue
            written = writer.written()
            if written is not None:
                done.written[rule_id] = written
            else:
                done.warnings[rule_id] = writer.warning
        for planned in others:
            entries = Entries((r.path, r.summaries[planned.rule.id]) for r in planned.holders)
            try:
                done.answers[planned.rule.id] = list(planned.rule.finalize(entries, planned.settings.options) or ())
            except Exception as exc:
                done.answers[planned.rule.id] = internal_error(CORPUS, planned.rule.id, exc)
        return done

    def result(self) -> BesideWork:
        """What `_work` did, in the copy or, where it failed, here (an index file it left
        half-written is removed by `abandon`)."""
        return self._fork.result()[0]

    def abandon(self) -> None:
        """Stop the copy if it still works, and remove every index file written and not put in
        place (none once `CorpusPass._answers_beside` is through)."""
        self._fork.abandon()
        for index in self._temporaries:
            index.unlink(missing_ok=True)


class PassState:
    """What a rule's last whole pass over the repository kept for the next (a `finalize` with
    a `previous` parameter, see `rules`): one file a rule in the cache folder,
    `pass-<rule id>.bin`, headed by the settings it was written under and written whole or not
    at all (a temporary file renamed into place). Also the entries' paths and cache keys, and
    the summaries of chosen entries alone: a pass resumed from the last one reads only those
    of the articles that changed since."""

    def __init__(self, folder, rule_id: str, settings: str, holders: list[FileResult], load: Callable):
        self.path = Path(folder) / f"pass-{rule_id}.bin"
        self.paths = [r.path for r in holders]
        self.keys = [r.key for r in holders]
        self._holders, self._load, self._rule_id = holders, load, rule_id
        self._head = (json.dumps({"state": STATE_FORMAT, "settings": settings}) + "\n").encode()

    def open(self) -> BinaryIO | None:
        """The last whole pass's file, read past its head; None when there is none, or it was
        written under other settings."""
        try:
            handle = open(self.path, "rb")
        except OSError:
            return None
        if handle.readline() != self._head:
            handle.close()
            return None
        return handle

    def summaries(self, indices: list[int]) -> list:
        """The rule's summaries of the entries at `indices` (read from the cache for those alone)."""
        chosen = [self._holders[index] for index in indices]
        self._load(chosen)
        return [summary_of(r, self._rule_id) for r in chosen]

    def keep(self, write: Callable[[BinaryIO], None]) -> None:
        """Keep what `write(handle)` writes for the next whole pass. A failure to write is a
        warning and leaves the file there was: a pass kept whole is right for the articles it
        names, whatever came after it."""
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as handle:
                handle.write(self._head)
                write(handle)
            os.replace(temporary, self.path)
        except BaseException as exc:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            if not isinstance(exc, OSError):
                raise
            print(f"newslint: warning: could not keep the corpus pass in {self.path}: {exc}", file=sys.stderr)


class StreamedEntries(Entries):
    """The entries of a whole corpus pass whose summaries are in the cache, not in memory: read
    a chunk at a time (`load`) as the rule reads the list, each then given to `on_entry` (the
    focus index). Indexing, slicing and iterating read as far as they reach."""

    CHUNK = 10_000

    def __init__(self, holders: list[FileResult], rule_id: str, load: Callable, on_entry: Callable | None = None):
        super().__init__([None] * len(holders))
        self._holders, self._rule_id, self._load, self._on_entry = holders, rule_id, load, on_entry
        self._read = 0

    def read_all(self) -> None:
        """Read the entries the rule left (each given to `on_entry`)."""
        self._through(len(self) - 1)

    def _through(self, index: int) -> None:
        while self._read <= index:
            chunk = self._holders[self._read : self._read + self.CHUNK]
            self._load(chunk)
            for offset, result in enumerate(chunk):
                summary = summary_of(result, self._rule_id, release=True)
                if self._on_entry is not None:
                    self._on_entry(result, summary)
                list.__setitem__(self, self._read + offset, (result.path, summary))
            self._read += len(chunk)

    def __getitem__(self, index):
        if isinstance(index, slice):
            self._through(len(self) - 1)
        elif not 0 <= index < self._read:  # read already: most calls (one a chunk reads)
            self._through(index if index >= 0 else len(self) + index)
        return super().__getitem__(index)

    def __iter__(self):
        for index in range(len(self)):
            if index >= self._read:
                self._through(index)
            yield list.__getitem__(self, index)


def summary_of(result: FileResult, rule_id: str, release: bool = False):
    """A result's summary for a rule (`load_summaries` read it), or None; with `release`, the
    result lets it go."""
    if result.summaries is None:
        return None  # a summary of None, not read (`empty_summary_rules`)
    return result.summaries.pop(rule_id, None) if release else result.summaries.get(rule_id)


def load_summaries(results: list[FileResult], cache: Cache | None, checker: Checker, rule_id: str | None = None) -> None:
    """Read the summaries the cache keeps apart, for the results that came from it (with
    `rule_id`, those whose summary for that rule is not None: the others' are not read); a
    result whose summaries are no longer there (the cache deleted meanwhile) is checked
    again."""
    waiting = [r for r in results if r.summaries is None and (rule_id is None or rule_id not in r.empty_summary_rules)]
    if not waiting:
        return
    keys = [tuple(r.key.split(":", 1)) if r.key else ("", "") for r in waiting]
    found = cache.summaries(keys) if cache is not None else {}
    for result, key in zip(waiting, keys):
        data = found.get(key)
        if data is None and result.summary_rules:
            data = checker.check_file(result.config_path)[0].summaries
        # a dict of its own: articles of the same text share a key, and so the dict read, which
        # a pass that releases the summaries it reads empties for the first
        result.summaries = dict(data) if data else {}
