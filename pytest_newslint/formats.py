"""Output formats: how findings are written for people and for machines."""
from __future__ import annotations

import json
import os
import sys

from .finding import Finding

FORMATS = ("text", "json")


def use_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD, RESET = "\033[1m", "\033[0m"


def text_line(finding: Finding, colour: bool = False) -> str:
    if not colour:
        return finding.to_text()
    return (
        f"{BOLD}{finding.path}{RESET}:{finding.line}:{finding.column}: "
        f"{COLOURS.get(finding.severity, '')}{finding.rule}{RESET} {finding.message}"
    )


def render_text(findings: list[Finding], files: int, colour: bool = False) -> str:
    lines = [text_line(f, colour) for f in findings]
    if findings:
        noun = "finding" if len(findings) == 1 else "findings"
        fixable = sum(1 for f in findings if f.fix is not None)
        tail = f" ({fixable} fixable with --fix)" if fixable else ""
        lines.append(f"Found {len(findings)} {noun} in {files} file{'s' if files != 1 else ''}{tail}.")
    return "\n".join(lines) + ("\n" if lines else "")


def render_json(findings: list[Finding], files: int) -> str:
    return json.dumps({"files": files, "findings": [f.to_json() for f in findings]}, indent=2, ensure_ascii=False) + "\n"


def render(fmt: str, findings: list[Finding], files: int, stream=sys.stdout) -> str:
    if fmt == "json":
        return render_json(findings, files)
    return render_text(findings, files, use_colour(stream))
