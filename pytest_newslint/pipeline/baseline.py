"""Baselines: adopt newslint on an archive without fixing every old finding first.

`newslint --write-baseline FILE` records the current findings by rule, path (relative to the
project root) and a fingerprint of the offending text, not by line number: edits elsewhere in
the file do not resurrect them, and an entry only hides findings on the same text, so a stale
entry never hides a new finding of the same rule elsewhere in the file. With `baseline: FILE`
in the config (or `--baseline FILE`), findings in the baseline are not reported. Writing the
baseline again drops the findings that are gone. The file is sorted JSON, one entry per
finding kind, with an excerpt of the text, so it reviews well in a pull request.
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
from pathlib import Path

from ..finding import Finding

VERSION = 1


class BaselineError(Exception):
    pass


class Baseline:
    def __init__(self, entries: collections.Counter):
        self.entries = entries  # (path, rule, fingerprint) -> count

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (write one with --write-baseline)") from None
        except (OSError, ValueError) as exc:
            raise BaselineError(f"{path}: not a newslint baseline ({exc})") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not a newslint baseline (expected version {VERSION} and a findings list)")
        entries: collections.Counter = collections.Counter()
        for entry in data["findings"]:
            try:
                entries[(entry["path"], entry["rule"], entry["fingerprint"])] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: a baseline entry lacks path, rule or fingerprint: {entry!r}") from None
        return cls(entries)

    def digest(self) -> str:
        """What the baseline holds, as a hash (part of a cached report's key)."""
        return hashlib.blake2b(json.dumps(sorted(self.entries.items())).encode("utf-8"), digest_size=16).hexdigest()

    def filter(self, findings: list[Finding], relative) -> list[Finding]:
        """The findings not in the baseline; `relative(finding)` gives its baseline path."""
        remaining = collections.Counter(self.entries)
        kept = []
        for finding in findings:
            key = (relative(finding), finding.rule, finding.fingerprint)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(finding)
        return kept


def write(path: Path, findings: list[Finding], relative, excerpts: dict) -> int:
    """Write the baseline of `findings`; returns the number of findings recorded."""
    counts: collections.Counter = collections.Counter()
    for finding in findings:
        counts[(relative(finding), finding.rule, finding.fingerprint)] += 1
    entries = []
    for (file, rule, mark), count in sorted(counts.items()):
        entry = {"path": file, "rule": rule, "fingerprint": mark, "count": count}
        excerpt = excerpts.get((file, rule, mark))
        if excerpt:
            entry["excerpt"] = excerpt
        entries.append(entry)
    text = json.dumps({"version": VERSION, "findings": entries}, indent=1, ensure_ascii=False, sort_keys=True)
    temporary = Path(str(path) + ".tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return sum(counts.values())
