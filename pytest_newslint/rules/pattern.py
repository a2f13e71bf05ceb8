"""Pattern rules written in the config: house rules without writing a plugin.

```yaml
patterns:
  - id: banned-phrases
    words: [very unique, at this point in time, literally]   # matched in one pass
    message: "house style: avoid '{match}'"
    severity: warning
    ignore-case: true
  - id: legal-review
    pattern: '\\b(alleged(ly)?|convicted)\\s+(murderer|fraudster)\\b'
    message: "needs legal review: '{match}'"
    files: ["news/**"]                  # only these files (globs relative to the config)
    timeout: 0.5                        # seconds per file (default 1)
    check-quotes: false                 # leave quoted speech alone (default: true)
```

Each entry is a rule with its own id, usable everywhere a built-in id is: `rules:` settings,
`overrides:`, `per-file-ignores`, suppressions, `--select`. `pattern` is a regular expression
of the `regex` module (Unicode-aware: `\\p{L}` for any letter); `words` is a list of words or
phrases matched whole. Matches are searched in the body's text blocks (code blocks and HTML are
skipped) and in the front matter fields readers see (title, description, summary, ...), with
their own line numbers. With `check-quotes: false`, matches inside quotation marks (straight or
curly, nested; an unmatched quote ends at its paragraph) are not reported. `message` may use `{match}`. A pattern that does not compile is a config error naming
the key. Every match runs with a timeout: a pattern that backtracks catastrophically gives one
`rule-timeout` finding naming the rule and the file, and the rule is switched off for the rest
of the run, so one bad pattern costs one timeout, not one per file.
"""
from __future__ import annotations

import regex

from ..finding import SEVERITIES, Problem
from ..text import quoted_spans
from . import Rule

KEYS = {"id", "pattern", "words", "message", "severity", "files", "ignore-case", "timeout", "description", "check-quotes"}
ID_SHAPE = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
DEFAULT_TIMEOUT = 1.0
SKIPPED_BLOCKS = ("code", "html")


class RuleTimeout(Exception):
    """A user pattern ran past its timeout on one file; the rule is now switched off."""


class RuleSwitchedOff(Exception):
    """The rule timed out earlier in this run and does not run any more."""


def build(entry, where: str) -> tuple[Rule, list[str]]:
    """A Rule from one `patterns:` entry, and the globs it is limited to; raises ValueError
    naming the key."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping with id, pattern or words, message")
    unknown = set(entry) - KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not ID_SHAPE.match(rule_id):
        raise ValueError(f"{where}.id: expected a rule id of lower-case words joined by hyphens, got {rule_id!r}")
    where = f"{where} ({rule_id})"
    flags = regex.V1 | (regex.IGNORECASE if entry.get("ignore-case") else 0)
    if ("pattern" in entry) == ("words" in entry):
        raise ValueError(f"{where}: give exactly one of `pattern` or `words`")
    if "pattern" in entry:
        if not isinstance(entry["pattern"], str) or not entry["pattern"]:
            raise ValueError(f"{where}.pattern: expected a regular expression")
        source = entry["pattern"]
    else:
        words = entry["words"]
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise ValueError(f"{where}.words: expected a list of words or phrases")
        alternatives = sorted({" ".join(w.split()) for w in words}, key=len, reverse=True)
        source = r"(?<!\w)(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in alternatives) + r")(?!\w)"
    try:
        compiled = regex.compile(source, flags)
    except (regex.error, TypeError, ValueError) as exc:
        raise ValueError(f"{where}.pattern: does not compile: {exc}") from None
    message = entry.get("message", "matches pattern rule {id}: '{match}'")
    if not isinstance(message, str):
        raise ValueError(f"{where}.message: expected a string")
    try:
        message.format(match="x", id=rule_id)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"{where}.message: only {{match}} and {{id}} may be used ({exc})") from None
    severity = entry.get("severity", "error")
    if severity not in SEVERITIES:
        raise ValueError(f"{where}.severity: expected one of {', '.join(SEVERITIES)}, got {severity!r}")
    timeout = entry.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 60:
        raise ValueError(f"{where}.timeout: expected seconds between 0 and 60, got {timeout!r}")
    files = entry.get("files", [])
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(g, str) and g for g in files):
        raise ValueError(f"{where}.files: expected a list of glob patterns")
    check_quotes = entry.get("check-quotes", True)
    if not isinstance(check_quotes, bool):
        raise ValueError(f"{where}.check-quotes: expected true or false")
    description = entry.get("description") or f"Pattern rule from the config: {source}"
    check = _checker(rule_id, compiled, message, float(timeout), check_quotes)
    rule = Rule(
        id=rule_id,
        severity=severity,
        options={},
        doc=f"{description}\n\nPattern: `{source}`\n\nMessage: {message}",
        check=check,
        source="config",
        summary=description.splitlines()[0],
    )
    return rule, files


def _checker(rule_id: str, compiled, message: str, timeout: float, check_quotes: bool):
    state = {"off": False}

    def check(document, options):
        if state["off"]:
            raise RuleSwitchedOff(rule_id)
        for block in document.front_matter_fields() + document.blocks:
            if block.kind in SKIPPED_BLOCKS:
                continue
            quotes = [] if check_quotes else quoted_spans(block.text)
            try:
                matches = list(compiled.finditer(block.text, timeout=timeout))
            except TimeoutError:
                state["off"] = True
                raise RuleTimeout(
                    f"pattern rule {rule_id!r} timed out after {timeout:g}s on this file "
                    "(catastrophic backtracking?): the rule is switched off for the rest of the run"
                ) from None
            for match in matches:
                if match.end() == match.start() or any(a <= match.start() < b for a, b in quotes):
                    continue
                line, column = document.position(block.start + match.start())
                end_line, end_column = document.position(block.start + match.end() - 1)
                yield Problem(
                    line=line, column=column, end_line=end_line, end_column=end_column + 1,
                    message=message.format(match=" ".join(match.group().split()), id=rule_id),
                )

    return check
