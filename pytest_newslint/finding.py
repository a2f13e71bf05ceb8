"""Findings: what a rule reports, and what every front prints."""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


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
        return f"{self.path}:{self.line}:{self.column}: {self.rule} {self.message}"
