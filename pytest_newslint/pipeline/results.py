"""What the stages hand each other: a file's result and the run's report, and their one
serialised form (the cache keeps it, pytest-xdist workers pass it through files)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..finding import Finding, Fix, Location, Problem
from . import suppressions


@dataclass(slots=True)  # no __dict__ per result: a run of a million articles holds a million
class FileResult:
    """What the per-document pass learned about one file."""

    path: str  # as shown in findings
    config_path: str = ""  # the path the config's globs are matched against
    findings: list[Finding] = field(default_factory=list)
    # corpus rule id -> summary; None for a result from the cache whose summaries are still
    # there (`summary_rules` names them; `corpus.load_summaries` reads them when needed)
    summaries: dict[str, object] | None = field(default_factory=dict)
    suppressions: suppressions.Suppressions | None = None
    cacheable: bool = True  # False when a rule failed or was switched off: not a full result
    key: str | None = None  # content hash and settings key: what decides the result (None: unknown)
    summary_rules: tuple[str, ...] = ()
    empty_summary_rules: tuple[str, ...] = ()  # of `summary_rules`, those whose summary is None: none to read
    date: str | None = None  # the article's day (YYYY-MM-DD) as the rules read it, if it has one

    def has_summary(self, rule_id: str) -> bool:
        return rule_id in (self.summaries if self.summaries is not None else self.summary_rules)

    def to_json(self) -> dict:
        """The result without its path (the cache keys it by content, not by path)."""
        assert self.summaries is not None, "load_summaries() first"
        data = {
            "findings": [finding_to_json(f) for f in self.findings],
            "summaries": self.summaries,
            "suppressions": suppressions.to_json(self.suppressions) if self.suppressions else None,
        }
        if self.date:
            data["date"] = self.date
        return data

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
            empty_summary_rules=tuple(data.get("empty_summary_rules", ())),
            date=data.get("date"),
        )

    def to_record(self) -> list:
        """The whole result, path and key included (`to_json()` with what the cache keys it by)."""
        return [self.path, self.config_path, self.to_json(), self.key]

    @classmethod
    def from_record(cls, record: list) -> "FileResult":
        path, config_path, data, key = record
        result = cls.from_json(data, path, config_path)
        result.key = key
        return result


@dataclass
class Report:
    files: list[str]
    findings: list[Finding]
    hidden: int = 0  # findings the baseline accepted, left out of `findings`
    latest_date: str | None = None  # the latest day of the checked articles (for notes on dated data)

    def to_json(self) -> dict:
        return {"files": self.files, "findings": [[f.path, finding_to_json(f)] for f in self.findings],
                "hidden": self.hidden, "latest_date": self.latest_date}

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        return cls(data["files"], [finding_from_json(item, path) for path, item in data["findings"]], data["hidden"],
                   data["latest_date"])


def finding_to_json(f: Finding) -> list:
    fix = [f.fix.start, f.fix.end, f.fix.replacement] if f.fix else None
    return [f.line, f.column, f.rule, f.message, f.severity, f.end_line, f.end_column, fix, f.fingerprint,
            [r.to_json() for r in f.related]]


def finding_from_json(item: list, path: str) -> Finding:
    line, column, rule, message, severity, end_line, end_column, fix, mark, *rest = item
    related = tuple(Location.from_json(r) for r in rest[0]) if rest else ()
    return Finding(path, line, column, rule, message, severity, end_line, end_column, Fix(*fix) if fix else None, mark,
                   related)


def problem_to_json(p: Problem) -> list:
    fix = [p.fix.start, p.fix.end, p.fix.replacement] if p.fix else None
    return [p.line, p.column, p.message, p.end_line, p.end_column, fix, p.severity, [r.to_json() for r in p.related]]


def problem_from_json(item: list) -> Problem:
    line, column, message, end_line, end_column, fix, severity, *rest = item
    related = tuple(Location.from_json(r) for r in rest[0]) if rest else ()
    return Problem(line, column, message, end_line, end_column, Fix(*fix) if fix else None, severity, related)
