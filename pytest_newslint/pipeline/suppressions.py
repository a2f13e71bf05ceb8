"""Inline suppressions, read once per document and applied by the engine (rules never see them).

Markdown articles use HTML comments, which do not render:

    <!-- newslint: disable=hashtag-stuffing -->        off from here (all rules without `=`)
    <!-- newslint: enable=hashtag-stuffing -->         on again (all rules without `=`)
    <!-- newslint: disable-next-line=title-role -->    off for the next line with text

Front matter (Markdown or text) can switch rules off for the whole file:

    newslint:
      disable: [hashtag-stuffing]

A plain-text article has no invisible comment syntax; it is silenced from the config
(`per-file-ignores`, or an `overrides:` entry).
"""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import regex

from ..document import Document, is_blank
from ..finding import BUILT_IN_FINDINGS, Finding

COMMENT = regex.compile(
    r"<!--\s*newslint\s*:\s*(?P<action>disable-next-line|disable|enable)\b\s*(?:=\s*(?P<rules>[\w,\s-]*?))?\s*-->",
    regex.I,
)
ALL = "*"


@dataclass
class Directive:
    line: int
    column: int
    action: str  # "disable", "enable", "disable-next-line", "front-matter"
    rules: list[str]  # rule ids, or [ALL]
    start: int = 0  # first line it covers
    end: int = 0  # last line it covers (inclusive)
    used: set[str] = field(default_factory=set)


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message)

    def silences(self, finding: Finding) -> bool:
        hit = False
        for directive in self.directives:
            if directive.action == "enable" or not directive.start <= finding.line <= directive.end:
                continue
            if ALL in directive.rules or finding.rule in directive.rules:
                directive.used.add(finding.rule)
                hit = True
        return hit

    def unused(self):
        for directive in self.directives:
            if directive.action == "enable":
                continue
            for rule in directive.rules:
                if rule == ALL and not directive.used or rule != ALL and rule not in directive.used:
                    yield directive, rule


def parse(document: Document, known_rules: AbstractSet[str]) -> Suppressions:
    found = Suppressions()
    _front_matter(document, known_rules, found)
    if document.is_markdown and "newslint" in document.text:
        _comments(document, known_rules, found)
    return found


FRONT_MATTER_SHAPE = {
    "yaml": "front matter `newslint:` must be a mapping like {disable: [rule-id, ...]}",
    "toml": 'front matter `[newslint]` must be a table like `disable = ["rule-id"]`',
    "json": 'front matter "newslint" must be an object like {"disable": ["rule-id"]}',
}


def _check_ids(ids, known, line, column, found) -> list[str]:
    good = []
    for rule in ids:
        if rule in known:
            good.append(rule)
        elif rule in BUILT_IN_FINDINGS:
            # a known id, but of a finding about the file or a suppression, not about the text
            found.errors.append((line, column, f"{rule!r} is newslint's own finding, not a rule: no suppression silences it "
                                               f"(exclude the file, or run with --ignore {rule})"))
        else:
            found.errors.append((line, column, f"unknown rule id {rule!r} in a suppression (known: {', '.join(sorted(known))})"))
    return good


def _front_matter(document: Document, known: AbstractSet[str], found: Suppressions) -> None:
    settings = (document.front_matter or {}).get("newslint")
    if settings is None:
        return
    line = document.front_matter_key_line("newslint") or 1  # YAML, TOML or JSON front matter
    disabled = settings.get("disable") if isinstance(settings, dict) else None
    if isinstance(disabled, str):
        disabled = [disabled]
    if not isinstance(disabled, list) or not all(isinstance(rule, str) for rule in disabled):
        found.errors.append((line, 1, FRONT_MATTER_SHAPE.get(document.front_matter_format, FRONT_MATTER_SHAPE["yaml"])))
        return
    rules = _check_ids(disabled, known, line, 1, found)
    if rules:
        found.directives.append(Directive(line, 1, "front-matter", rules, 1, len(document.lines)))


def _comments(document: Document, known: AbstractSet[str], found: Suppressions) -> None:
    open_ranges: dict[str, Directive] = {}
    for index, text in enumerate(document.lines):
        if "newslint" not in text:
            continue
        for match in COMMENT.finditer(text):
            line, column = index + 1, match.start() + 1
            action = match.group("action").lower()
            raw = [r.strip() for r in (match.group("rules") or "").split(",") if r.strip()]
            rules = _check_ids(raw, known, line, column, found) if raw else [ALL]
            if raw and not rules:
                continue
            directive = Directive(line, column, action, rules)
            if action == "disable-next-line":
                target = index + 1
                while target < len(document.lines) and is_blank(document.lines[target]):
                    target += 1
                directive.start = directive.end = target + 1
                found.directives.append(directive)
            elif action == "disable":
                directive.start, directive.end = line, len(document.lines)
                found.directives.append(directive)
                for rule in rules:
                    open_ranges[rule] = directive
            else:  # enable: close what is open
                for rule in list(open_ranges) if ALL in rules else rules:
                    opened = open_ranges.pop(rule, None)
                    if opened is not None and opened.end == len(document.lines):
                        opened.end = line


def to_json(table: Suppressions) -> dict:
    return {
        "directives": [[d.line, d.column, d.action, d.rules, d.start, d.end] for d in table.directives],
        "errors": [list(error) for error in table.errors],
    }


def from_json(data: dict) -> Suppressions:
    return Suppressions(
        [Directive(line, column, action, rules, start, end) for line, column, action, rules, start, end in data["directives"]],
        [tuple(error) for error in data["errors"]],
    )
