"""Findings: what a rule reports, and what every front prints.

Also the findings newslint reports itself (about a file, a rule or a suppression, not about the
text): their ids are defined here once, with what each means.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

FILE_ERROR = "file-error"
INTERNAL_ERROR = "internal-error"
INVALID_SUPPRESSION = "invalid-suppression"
UNUSED_SUPPRESSION = "unused-suppression"
RULE_TIMEOUT = "rule-timeout"
BUILT_IN_FINDINGS = {
    FILE_ERROR: "A file newslint could not read as an article (binary, not valid in its encoding (UTF-8 unless `encoding:` says otherwise), unreadable, too large, empty, broken front matter).",
    INTERNAL_ERROR: "A rule failed on this file; the other rules still ran.",
    INVALID_SUPPRESSION: "A suppression names a rule id that does not exist.",
    UNUSED_SUPPRESSION: "A suppression that silences nothing.",
    RULE_TIMEOUT: "A pattern rule from the config ran past its timeout and was switched off for the rest of the run.",
}
BUILT_IN_SEVERITY = {
    FILE_ERROR: "error", INTERNAL_ERROR: "error", INVALID_SUPPRESSION: "warning", UNUSED_SUPPRESSION: "warning",
    RULE_TIMEOUT: "error",
}
# about the file or a rule, not about the text: no suppression silences them, no excerpt shows them
UNSILENCEABLE = (FILE_ERROR, INTERNAL_ERROR, RULE_TIMEOUT)
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Fix:
    """Replace the text between two character offsets of the decoded text with `replacement`.

    Offsets, not lines, so a fix never depends on how the file splits its lines.
    """

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Location:
    """Another place a finding is about: the earlier copy of a repeated block, the other mention
    of a title conflict. `path` None: the same article. 1-based lines and columns; the end
    column is exclusive; `end_column` 0: to the end of `end_line`."""

    line: int
    column: int
    end_line: int
    end_column: int = 0
    path: str | None = None
    message: str = ""

    def to_json(self) -> list:
        return [self.line, self.column, self.end_line, self.end_column, self.path, self.message]

    @classmethod
    def from_json(cls, item: list) -> "Location":
        return cls(*item)


@dataclass(frozen=True)
class Problem:
    """What a rule yields: the engine adds the rule id, the path and the severity."""

    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None
    severity: str | None = None  # overrides the rule's severity for this one problem
    related: tuple[Location, ...] = ()  # the other copy, the other mention (reports show them)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = "error"
    end_line: int = 0
    end_column: int = 0
    fix: Fix | None = field(default=None, compare=False)
    fingerprint: str = field(default="", compare=False)  # rule + offending text, for baselines
    related: tuple[Location, ...] = field(default=(), compare=False)  # see Location

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "rule": self.rule,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fix is not None,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Finding":
        return cls(
            path=data["path"],
            line=data["line"],
            column=data["column"],
            rule=data["rule"],
            message=data["message"],
            severity=data["severity"],
            end_line=data["end_line"],
            end_column=data["end_column"],
        )

    def to_text(self) -> str:
        """`path:line:col: severity rule-id message`: every part before the message is one word
        from a fixed set, so the line splits on its first spaces (as flake8's and ruff's do)."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.rule} {self.message}"


def to_finding(path: str, rule_id: str, severity: str, problem: Problem) -> Finding:
    """A rule's problem as a finding: the engine adds the path, the rule id and the severity."""
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


def file_error(path: str, message: str, line: int = 1) -> Finding:
    """A file-error finding, at the line the cause names (a front matter parser's error), else 1."""
    return Finding(path=path, line=line, column=1, rule=FILE_ERROR, message=message, severity="error", end_line=line, end_column=1)


def internal_error(path: str, rule_id: str, exc: Exception) -> Finding:
    message = f"rule {rule_id!r} failed: {type(exc).__name__}: {exc} (a bug in the rule; please report it)"
    return Finding(path=path, line=1, column=1, rule=INTERNAL_ERROR, message=message, severity="error", end_line=1, end_column=1)


def rule_timeout(path: str, message: str) -> Finding:
    return Finding(path, 1, 1, RULE_TIMEOUT, message, "error", 1, 1)


def fingerprint(rule: str, text: str) -> str:
    """A fingerprint of what a finding is about: its rule and its text, white space folded."""
    folded = " ".join(text.split())
    return hashlib.blake2b(f"{rule}\0{folded}".encode("utf-8"), digest_size=8).hexdigest()


def fingerprint_of_message(rule: str, message: str) -> str:
    """For findings that span files (no text of their own): the message without its numbers."""
    return fingerprint(rule, DIGITS.sub("#", message))


def with_message_fingerprint(finding: Finding) -> Finding:
    """The finding, fingerprinted by its message (for findings with no text of their own)."""
    return replace(finding, fingerprint=fingerprint_of_message(finding.rule, finding.message))
