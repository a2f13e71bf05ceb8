"""Check one document: read and parse it once, run every enabled rule's `check` (and each corpus
rule's `collect`) on it, and fingerprint its findings. Suppressions are read here and applied
later (`filters`): rules never see them."""
from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from ..config import Config, RuleSettings, relative_to_folder
from ..document import Document, FileError, parse, read
from ..finding import Finding, file_error, fingerprint, fingerprint_of_message, internal_error, rule_timeout, to_finding
from ..plugins import document_parsed
from ..rules import Rule
from ..rules.pattern import RuleSwitchedOff, RuleTimeout
from . import suppressions
from .cache import content_hash, settings_key
from .dating import ArticleDates
from .results import FileResult

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
FINGERPRINT_TEXT_LIMIT = 4096  # characters of a finding's lines that its fingerprint reads


class Checker:
    """The per-document pass for one config; worker processes inherit it (see `workers`)."""

    def __init__(self, config: Config, known_rules: dict[str, Rule], base: Path | None = None):
        self.config = config
        self.known_rules = known_rules
        self.base = Path(os.path.abspath(base or Path.cwd()))  # paths are shown relative to it
        self._base_prefix = os.path.join(str(self.base), "")
        self._settings_keys: dict[int, str] = {}
        # id of a settings dict -> (the dict, its enabled rules): worked out once, not per file
        self._rules_by_settings: dict[int, tuple[dict, tuple]] = {}
        self._known_ids = frozenset(known_rules)  # what a suppression may name
        self.dates = ArticleDates(config)  # the date of an article that gives none
        self.hashes = True  # whether check_file hashes what it reads (for the cache: not without one)

    def display(self, path: Path | str) -> str:
        """How a path is shown in findings (`config.display_path`, with the base worked out once)."""
        return relative_to_folder(os.path.abspath(path), self._base_prefix)

    def shown(self, absolute: str) -> str:
        """`display` of a path already absolute and normalised."""
        return relative_to_folder(absolute, self._base_prefix)

    def rules_for(self, config_path: str | Path) -> tuple[tuple[Rule, RuleSettings], ...]:
        """The enabled rules and their settings for one file, in rule id order."""
        settings = self.config.settings_for(config_path)
        known = self._rules_by_settings.get(id(settings))
        if known is None or known[0] is not settings:  # the dict itself kept: its id is never reused
            rules = tuple((self.known_rules[rule_id], s) for rule_id, s in sorted(settings.items()) if s.enabled)
            known = self._rules_by_settings[id(settings)] = (settings, rules)
        return known[1]

    def settings_key(self, config_path: str) -> str:
        """The cache's key for the settings in force for a file (one hash a set of settings and
        an encoding: the same bytes read in another encoding are another article)."""
        settings = self.config.settings_for(config_path)
        encoding = self.config.encoding_for(config_path)
        key = self._settings_keys.get((id(settings), encoding))
        if key is None:
            key = settings_key(self.rules_for(config_path))
            if encoding != "utf-8":  # UTF-8 keys stay as they were: an upgrade keeps the cache
                key = content_hash(f"{key}\0{encoding}".encode("utf-8"))
            self._settings_keys[(id(settings), encoding)] = key
        hint = self.dates.hint(config_path)
        if hint is not None:  # the date the article is judged by: a result of today's is not tomorrow's
            key = content_hash(f"{key}\0{hint[0]}\0{hint[1]}".encode("utf-8"))
        return key

    def run_settings_key(self) -> str | None:
        """The settings key every file of the run has, when they share one: no overrides (one set
        of settings, one encoding), no `default-date`, and no new article (git asked already:
        `ArticleDates.prepare`); else None, and each file has its own (`settings_key`). Once a
        run, not once a file: a date hint a file (two config look-ups and a test of the new
        articles) was 0.02 s of the main process's CPU on 10,000 articles, while the workers
        checked."""
        if self.config.overrides or self.config.default_date or not self.dates.none_new():
            return None
        return self.settings_key(str(self.base))

    def check_file(self, path: Path | str, raw: bytes | None = None, info: os.stat_result | None = None):
        """(FileResult, content hash, stat) of a file on disk (hash and stat None: unreadable).
        `raw` and `info`: its bytes and the stat taken before they were read, when the cache
        has read it already (`Cache.lookup_by_content`): it is not read again. `info` alone:
        the stat a worker took for it moments ago (`workers.read_ahead`), its bytes not read yet."""
        absolute = os.path.abspath(path)
        shown = self.shown(absolute)
        if raw is not None and info is not None:
            try:
                document = parse(shown, raw, self.config.encoding_for(absolute))
            except FileError as exc:
                return FileResult(shown, absolute, [file_error(shown, str(exc))]), None, None
            return self.check_document(document, absolute), content_hash(raw), info
        if info is None:
            try:
                info = os.stat(path)  # before reading: a change after it makes the next run re-read
            except OSError:
                info = None  # read() says why
        try:
            document = read(path, shown, self.config.max_file_size, self.config.encoding_for(absolute), info)
        except FileError as exc:
            return FileResult(shown, absolute, [file_error(shown, str(exc))]), None, None
        digest = content_hash(document.raw) if info is not None and self.hashes else None
        return self.check_document(document, absolute), digest, info

    def check_bytes(self, raw: bytes, path: str, config_path: str, encoding: str | None = None) -> FileResult:
        """Check an article held in memory; `path` names it in findings, `config_path` for globs.
        `encoding`: what the bytes are in (default: the config's encoding for `config_path`; an
        editor's text, re-encoded, is UTF-8)."""
        try:
            document = parse(path, raw, encoding or self.config.encoding_for(config_path))
        except FileError as exc:
            return FileResult(path, config_path, [file_error(path, str(exc))])
        return self.check_document(document, config_path)

    def check_document(self, document: Document, config_path: str | None = None) -> FileResult:
        config_path = config_path or os.path.abspath(document.path)
        result = FileResult(document.path, config_path)
        if document.front_matter_error:
            result.findings.append(file_error(document.path, document.front_matter_error, document.front_matter_error_line))
        if not document.has_content:
            what = "empty file" if not document.text else "no text (only blank lines or white space)"
            result.findings.append(file_error(document.path, f"{what}: an article needs text; delete the file or write it"))
            return result
        table = suppressions.parse(document, self._known_ids)
        result.suppressions = table if table.directives or table.errors else None  # most articles: none to keep
        document.date_hint = self.dates.hint(config_path)
        written = document.article_date()[0]
        if written and ISO_DAY.match(written):
            result.date = written[:10]  # the run's latest article date: the fronts' notes
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
                found = [rule_timeout(document.path, str(exc))]
                result.cacheable = False
            except RuleSwitchedOff:
                found = []
                result.cacheable = False
            except Exception as exc:  # a broken rule must not stop the others
                found = [internal_error(document.path, rule.id, exc)]
                result.cacheable = False
            if found:
                result.findings.extend(with_fingerprint(f, document, memo) for f in found)
        return result


def with_fingerprint(finding: Finding, document: Document, memo: dict | None = None) -> Finding:
    """The finding with the fingerprint of its text (its lines in the document, the first few
    thousand characters), or of its message when it has no text of its own. `memo` shares the
    work between findings on the same lines (a long line may hold thousands of them)."""
    if 1 <= finding.line <= len(document.lines):
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
