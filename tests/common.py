"""Rule tests that read like tables: source text in, expected problems out (as yamllint's
RuleTestCase does); and a repository of real articles for the cache's tests."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pytest_newslint.config import build_config
from pytest_newslint.engine import Engine


def lint(source: str | bytes, rules: dict | None = None, path: str = "article.txt", select: list[str] | None = None):
    """Findings for one in-memory article under a config built from `rules`."""
    config = build_config({"rules": rules or {}}, Path.cwd())
    if select:
        config.restrict(select, None)
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return sorted(Engine(config).check_document_bytes(raw, path, os.path.abspath(path)).findings)


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


def rule_findings(source, rule: str, path: str = "article.txt", options: dict | None = None):
    """The findings of one rule alone on one in-memory article."""
    return [f for f in lint(source, {rule: options or {}}, path, select=[rule]) if f.rule == rule]


def labeled_example_lines(rule: str, name: str, options: dict | None = None) -> tuple[list[int], list[int]]:
    """(lines the rule reports, lines expected_lines.json wants) for one labeled example."""
    import json

    from tests.conftest import shared_corpus

    folder = shared_corpus("examples")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    lines = json.loads((folder / "expected_lines.json").read_text(encoding="utf-8"))
    got = rule_findings((folder / name).read_bytes(), rule, name.rsplit("/", 1)[-1], options)
    want = [lines[name][rule]] if rule in expected[name] else []
    return [f.line for f in got], want


def published_article_findings(rule: str) -> list[tuple[str, int, str]]:
    """What the rule alone reports on the 291 real articles (it must be nothing)."""
    from tests.conftest import shared_corpus

    articles = sorted(shared_corpus("wikinews").glob("[0-9]*.txt"))
    assert articles
    return [(p.name, f.line, f.message) for p in articles for f in rule_findings(p.read_bytes(), rule, p.name)]


def wikinews_repo(folder: Path, count: int = 40) -> list[Path]:
    """A git work tree in `folder` holding the first `count` real articles of the shared corpus
    (untracked) and an empty config; the articles' paths in the shared corpus."""
    from tests.conftest import shared_corpus

    wiki = shared_corpus("wikinews")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    sources = sorted(wiki.glob("0*.txt"))[:count]
    for path in sources:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / ".newslint.yaml").write_text("{}\n")
    return sources
