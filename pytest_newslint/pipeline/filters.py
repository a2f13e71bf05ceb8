"""What decides which findings are reported: inline suppressions (and the findings about them),
one rule-timeout a rule, the baseline, and the lines changed since `--diff-base`."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..finding import (
    INVALID_SUPPRESSION, RULE_TIMEOUT, UNSILENCEABLE, UNUSED_SUPPRESSION, Finding, with_message_fingerprint,
)
from . import suppressions
from .baseline import Baseline
from .results import FileResult


@dataclass
class Filters:
    config: Config
    report_unused_suppressions: bool = False
    baseline: Baseline | None = None  # findings it holds are not reported
    changed_lines: dict | None = None  # --diff-base: {real path: [(first, last)] or "all"}
    hidden_by_baseline: int = 0  # findings the last `apply` left out because the baseline holds them

    def apply(self, per_file: dict[str, list[Finding]], by_path: dict[str, FileResult]) -> list[Finding]:
        """One sorted list of the findings to report, from every file's findings."""
        findings: list[Finding] = []
        for path, items in per_file.items():
            findings.extend(self.unsuppressed(by_path.get(path), items))
        findings = [f if f.fingerprint else with_message_fingerprint(f) for f in findings]
        findings = one_timeout_per_rule(sorted(set(findings)))
        findings = [f for f in findings if self.config.reports(f.rule)]  # --select/--ignore of built-in ids
        if self.baseline is not None:
            before = len(findings)
            findings = self.baseline.filter(findings, lambda f: baseline_path(self.config, f, by_path))
            self.hidden_by_baseline = before - len(findings)
        if self.changed_lines is not None:
            findings = [f for f in findings if self.on_changed_lines(f, by_path)]
        return findings

    def unsuppressed(self, result: FileResult | None, findings: list[Finding]) -> list[Finding]:
        """A file's findings its suppressions do not silence, and the findings about them."""
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

    def on_changed_lines(self, finding: Finding, by_path: dict[str, FileResult]) -> bool:
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


def baseline_path(config: Config, finding: Finding, by_path: dict[str, FileResult]) -> str:
    """A finding's path as baselines record it: relative to the project (config) root."""
    result = by_path.get(finding.path)
    return config.relative(Path(result.config_path)) if result else finding.path


def one_timeout_per_rule(findings: list[Finding]) -> list[Finding]:
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
