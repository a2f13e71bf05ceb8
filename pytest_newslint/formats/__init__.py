"""Output formats: how findings are written for people and for the tools CI runs.

- text: `path:line:col: severity rule-id message`, colour only on a terminal (NO_COLOR respected);
- json: `{"files": N, "findings": [{path, rule, line, column, end_line, end_column, severity, message, fixable}]}`;
- github: workflow commands (`::error file=...`) that annotate a pull request;
- sarif: SARIF 2.1.0 for code scanning, with rule metadata and help;
- junit: JUnit XML (one test case per file) for CI test reports;
- gitlab: a GitLab code-quality report (JSON array) for merge request widgets;
- html: one self-contained page with a summary and every finding in its context
  (`formats/html.py`, a Jinja2 template).

And the rules themselves, for `--list-rules` and `--explain` (and the rule pages of docs/).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys

from .. import __version__
from ..finding import BUILT_IN_FINDINGS, BUILT_IN_SEVERITY, Finding, fingerprint_of_message
from ..plugins import available_rules, plugin_formats
from .articles import Articles

FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab", "html")
COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD, RESET = "\033[1m", "\033[0m"


def use_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def text_line(finding: Finding, colour: bool = False) -> str:
    if not colour:
        return finding.to_text()
    return (
        f"{BOLD}{finding.path}{RESET}:{finding.line}:{finding.column}: "
        f"{COLOURS.get(finding.severity, '')}{finding.severity} {finding.rule}{RESET} {finding.message}"
    )


def render_text(findings: list[Finding], files: list[str], colour: bool = False, summary: bool = True, hidden: int = 0) -> str:
    lines = [text_line(f, colour) for f in findings]
    if summary and (findings or files):
        # a clean run says so: silence cannot be told from a run that checked nothing
        where = f"in {len(files)} file{'s' if len(files) != 1 else ''}"
        baseline = f", {hidden} hidden by the baseline" if hidden else ""
        if findings:
            noun = "finding" if len(findings) == 1 else "findings"
            fixable = sum(1 for f in findings if f.fix is not None)
            tail = f" ({fixable} fixable with --fix)" if fixable else ""
            lines.append(f"Found {len(findings)} {noun} {where}{tail}{baseline}.")
        else:
            lines.append(f"No findings {where}{baseline}.")
    return "\n".join(lines) + ("\n" if lines else "")


def render_json(findings: list[Finding], files: list[str]) -> str:
    data = {"files": len(files), "findings": [f.to_json() for f in findings]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- GitHub workflow commands ----------------------------------------------------------------
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: list[Finding], files: list[str]) -> str:
    lines = []
    for f in findings:
        properties = ",".join(
            f"{key}={_github_property(str(value))}"
            for key, value in (
                ("file", f.path), ("line", f.line), ("col", f.column),
                ("endLine", f.end_line or f.line), ("endColumn", f.end_column or f.column),
                ("title", f"newslint {f.rule}"),
            )
        )
        lines.append(f"::{GITHUB_LEVEL[f.severity]} {properties}::{_github_data(f.message)}")
    return "".join(line + "\n" for line in lines)


# -- SARIF 2.1.0 -------------------------------------------------------------------------------
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(rule_id: str, rules: dict) -> dict:
    rule = rules.get(rule_id)
    if rule is None:
        text = BUILT_IN_FINDINGS.get(rule_id, rule_id)
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": text}, "fullDescription": {"text": text},
                "help": {"text": text, "markdown": text}, "defaultConfiguration": {"level": "error"}}
    descriptor = {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": rule.summary or rule_id},
        "fullDescription": {"text": rule.summary or rule_id},
        "help": {"text": rule.doc or rule.summary, "markdown": rule.doc or rule.summary},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["newslint", "content"], "source": rule.source},
    }
    docs_url = os.environ.get("NEWSLINT_DOCS_URL")
    if docs_url:
        descriptor["helpUri"] = f"{docs_url.rstrip('/')}/rules/{rule_id}.md"
    return descriptor


def _fingerprint(f: Finding) -> str:
    # stable across runs and line shifts elsewhere in the file: rule, path and the fingerprint of
    # the offending text (baseline.py), which reads no line number; the message without one
    mark = f.fingerprint or fingerprint_of_message(f.rule, f.message)
    return hashlib.sha256(f"{f.rule}\0{f.path}\0{mark}".encode("utf-8")).hexdigest()[:32]


def _region(articles: Articles, path: str, line: int, column: int, end_line: int, end_column: int) -> dict:
    """A SARIF region that spans the offending text: a finding on whole lines (end column 0 or
    1 on a later line) ends at the end of its last line."""
    end_line = max(end_line or line, line)
    region = {"startLine": line, "startColumn": max(column, 1), "endLine": end_line}
    if end_column <= 1 and (end_line > line or end_column == 0):
        end_column = articles.line_end(path, end_line) or 0
    if end_column:
        region["endColumn"] = max(end_column, region["startColumn"] if end_line == line else 1)
    return region  # no endColumn: to the end of endLine (SARIF 3.30.8)


def render_sarif(findings: list[Finding], files: list[str], rules: dict | None = None) -> str:
    if rules is None:
        rules = available_rules()
    rule_ids = sorted({f.rule for f in findings} | set(rules) | set(BUILT_IN_FINDINGS))
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    results = []
    articles = Articles()
    for f in findings:
        region = _region(articles, f.path, f.line, f.column, f.end_line, f.end_column)
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
            "partialFingerprints": {"newslintFindingHash/v1": _fingerprint(f)},
        }
        if f.related:
            result["relatedLocations"] = [
                {"id": number, "message": {"text": other.message or "the other place"},
                 "physicalLocation": {
                     "artifactLocation": {"uri": _uri(other.path or f.path), "uriBaseId": "%SRCROOT%"},
                     "region": _region(articles, other.path or f.path, other.line, other.column,
                                       other.end_line, other.end_column)}}
                for number, other in enumerate(f.related, 1)
            ]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "newslint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_descriptor(rule_id, rules) for rule_id in rule_ids],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _uri(os.getcwd()) + "/"}},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"}} for path in files],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    from urllib.parse import quote

    if os.path.isabs(path):
        return "file://" + quote(path.replace(os.sep, "/"))
    return quote(path.replace(os.sep, "/"))


# -- JUnit XML -------------------------------------------------------------------------------

def render_junit(findings: list[Finding], files: list[str]) -> str:
    # imported here: xml.sax.saxutils brings urllib, http.client, email and ssl (20 ms a run)
    from xml.sax.saxutils import escape, quoteattr

    by_path: dict[str, list[Finding]] = {path: [] for path in files}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    failures = sum(1 for items in by_path.values() if items)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="newslint" tests="{len(by_path)}" failures="{failures}" errors="0">',
        f'  <testsuite name="newslint" tests="{len(by_path)}" failures="{failures}" errors="0" skipped="0">',
    ]
    for path, items in by_path.items():
        lines.append(f"    <testcase classname=\"newslint\" name={quoteattr(path)} file={quoteattr(path)}>")
        if items:
            summary = f"{len(items)} finding{'s' if len(items) != 1 else ''}: " + ", ".join(sorted({f.rule for f in items}))
            body = "\n".join(f.to_text() for f in items)
            lines.append(f"      <failure message={quoteattr(summary)} type=\"newslint\">{escape(body)}</failure>")
        lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


# -- GitLab code quality -------------------------------------------------------------------------
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
GITLAB_CRITICAL = {"file-error", "internal-error"}  # the article was not checked at all


def render_gitlab(findings: list[Finding], files: list[str]) -> str:
    """GitLab's code-quality report: a JSON array of issues. The fingerprint is stable across runs
    and line shifts: rule, path and the fingerprint of the offending text (the baseline's); the
    same text reported twice in one file gets its occurrence number too, so none collide."""
    issues, seen = [], {}
    for f in findings:
        mark = f.fingerprint or fingerprint_of_message(f.rule, f.message)
        key = (f.rule, f.path, mark)
        occurrence = seen[key] = seen.get(key, -1) + 1
        basis = f"{f.rule}\0{f.path}\0{mark}" + (f"\0{occurrence}" if occurrence else "")
        issues.append({
            "description": f.message,
            "check_name": f.rule,
            "fingerprint": hashlib.sha256(basis.encode("utf-8")).hexdigest(),
            "severity": "critical" if f.rule in GITLAB_CRITICAL else GITLAB_SEVERITY[f.severity],
            "location": {"path": f.path.replace(os.sep, "/"), "lines": {"begin": f.line}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def available_formats() -> list[str]:
    return list(FORMATS) + sorted(set(plugin_formats()) - set(FORMATS))


def render(fmt: str, findings: list[Finding], files: list[str], stream=sys.stdout, summary: bool = True, rules=None,
           hidden: int = 0) -> str:
    if fmt == "json":
        return render_json(findings, files)
    if fmt == "github":
        return render_github(findings, files)
    if fmt == "sarif":
        return render_sarif(findings, files, rules)
    if fmt == "junit":
        return render_junit(findings, files)
    if fmt == "gitlab":
        return render_gitlab(findings, files)
    if fmt == "html":
        from .html import render_html

        return render_html(findings, files, rules)
    if fmt != "text":
        return plugin_formats()[fmt](findings, files)
    return render_text(findings, files, use_colour(stream), summary, hidden)


def list_rules(rules: dict) -> str:
    lines = []
    for rule_id, rule in sorted(rules.items()):
        fix = " [fixable]" if rule.fixable else ""
        lines.append(f"{rule_id} ({rule.source}, {rule.severity}){fix}: {rule.summary}")
        for name, option in rule.options.items():
            lines.append(f"    {name} = {option.default!r}: {option.help}")
    lines.append("")
    lines.append("Built-in findings (newslint's own, not rules; --select, --ignore and --explain take their ids):")
    for finding_id, text in sorted(BUILT_IN_FINDINGS.items()):
        lines.append(f"{finding_id} (built-in, {BUILT_IN_SEVERITY[finding_id]}): {text}")
    return "\n".join(lines) + "\n"


def explain_built_in(finding_id: str) -> str:
    """--explain for a finding newslint makes itself (file-error, ...)."""
    silenced = (
        "No suppression comment or front matter silences it; `--ignore " + finding_id + "` leaves it out of a run."
        if finding_id in ("file-error", "internal-error", "rule-timeout")
        else "`--ignore " + finding_id + "` leaves it out of a run."
    )
    return (
        f"# {finding_id}\n\nBuilt in: newslint reports it itself, not a rule. Severity: {BUILT_IN_SEVERITY[finding_id]}.\n\n"
        f"{BUILT_IN_FINDINGS[finding_id]}\n\n{silenced}\n"
    )


def explain(rule) -> str:
    header = f"# {rule.id}\n\nSource: {rule.source}. Default severity: {rule.severity}.\n\n"
    options = "".join(f"- `{name}` (default `{option.default!r}`): {option.help}\n" for name, option in rule.options.items())
    return header + rule.doc + ("\n\n## Options\n" + options if options else "\n")
