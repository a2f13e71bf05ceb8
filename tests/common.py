"""Rule tests that read like tables: source text in, expected problems out (as yamllint's
RuleTestCase does)."""
from __future__ import annotations

from pathlib import Path

from pytest_newslint.config import build_config
from pytest_newslint.engine import Engine


def lint(source: str | bytes, rules: dict | None = None, path: str = "article.txt", select: list[str] | None = None):
    """Findings for one in-memory article under a config built from `rules`."""
    config = build_config({"rules": rules or {}}, Path.cwd())
    if select:
        config.restrict(select, None)
    return sorted(Engine(config).check_text(source, path).findings)


def check(source: str | bytes, rule: str, *expected, path: str = "article.txt", options: dict | None = None):
    """Assert that `rule` reports exactly the given (line, column) positions, or (line, column,
    message-fragment) triples; other rules are switched off."""
    findings = lint(source, {rule: options or {}}, path, select=[rule])
    got = [(f.line, f.column) for f in findings if f.rule == rule]
    want = [tuple(e[:2]) for e in expected]
    assert got == want, f"{rule}: expected {want}, got {[(f.line, f.column, f.message) for f in findings]}"
    for finding, item in zip(findings, expected):
        if len(item) > 2:
            assert item[2] in finding.message, f"{item[2]!r} not in {finding.message!r}"
    assert not [f for f in findings if f.rule != rule], findings
    return findings
