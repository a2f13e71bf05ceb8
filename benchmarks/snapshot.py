#!/usr/bin/env python3
"""What every front prints, on fixed corpora: take a snapshot before a change, another after, diff.

    python3 benchmarks/snapshot.py OUT_DIR [--newslint .venv/bin/newslint] [--size 2000]
    diff -r BEFORE_DIR AFTER_DIR            # empty: the change changed no output

A refactoring or a speed-up must leave every finding as it was. This records, without any cache
(and leaves none behind in the shared folders):

- `newslint --format json` and the text output on the labeled examples (with their config), the
  seeds, the 291 real Wikinews articles (all from ../shared/corpus) and a corpus of `--size`
  unique articles from ../shared/tools/mkcorpus.py with defects injected as benchmarks/run.py
  injects them (built once in the work folder, reused);
- `pytest --newslint` on the examples and the seeds: every node id, its outcome and failure text.

Paths in the outputs are relative to the folder each run is made in, so two checkouts compare.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  the corpus recipe and its defects, shared with the benchmark

PROJECT = Path(__file__).resolve().parent.parent


def newslint_outputs(newslint: str, cwd: Path, args: list[str], out: Path, name: str) -> None:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CI", None)
    for fmt in ("json", "text"):
        done = subprocess.run([newslint, "--no-cache", "--format", fmt, *args], cwd=cwd, capture_output=True,
                              text=True, env=env)
        (out / f"{name}.{fmt}").write_text(f"exit {done.returncode}\n{done.stdout}--- stderr\n{done.stderr}")


def pytest_outputs(pytest: str, cwd: Path, args: list[str], out: Path, name: str) -> None:
    report = out / f"{name}.junit.xml"
    # --newslint-no-cache: the runs are made in ../shared/corpus, where no cache may be left (newslint
    # keeps one in any folder; as root, the folders' read-only mode would not stop it)
    subprocess.run([pytest, "--newslint", "--newslint-no-cache", "-p", "no:cacheprovider", "-q", f"--junitxml={report}", "-o",
                    "junit_family=xunit1", *args], cwd=cwd, capture_output=True, text=True)
    lines = []
    for case in ET.parse(report).getroot().iter("testcase"):
        outcome, text = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome, text = child.tag, (child.text or "") + (child.get("message") or "")
        lines.append(f"{case.get('file')}::{case.get('name')} {outcome}\n{text}\n")
    report.unlink()
    (out / f"{name}.pytest").write_text("".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--newslint", default=str(PROJECT / ".venv" / "bin" / "newslint"))
    ap.add_argument("--shared", type=Path, default=bench.DEFAULT_SHARED)
    ap.add_argument("--workdir", type=Path, default=bench.DEFAULT_WORKDIR)
    ap.add_argument("--size", type=int, default=2000)
    a = ap.parse_args(argv)
    corpus = a.shared / "corpus"
    if not corpus.is_dir():
        sys.exit(f"snapshot: {corpus} is missing: give --shared")
    a.out.mkdir(parents=True, exist_ok=True)
    pytest = str(Path(a.newslint).with_name("pytest"))
    examples = corpus / "examples"
    names = sorted(json.loads((examples / "expected.json").read_text()))
    newslint_outputs(a.newslint, examples, ["--config", "newslint.yaml", *names], a.out, "examples")
    newslint_outputs(a.newslint, corpus / "seeds", ["."], a.out, "seeds")
    newslint_outputs(a.newslint, corpus / "wikinews", ["."], a.out, "wikinews")
    pytest_outputs(pytest, examples, ["--newslint-config", "newslint.yaml", *names], a.out, "examples")
    pytest_outputs(pytest, corpus / "seeds", ["."], a.out, "seeds")
    a.workdir.mkdir(parents=True, exist_ok=True)
    folder, _meta = bench.build_corpus(a.shared, a.workdir, a.size)
    newslint_outputs(a.newslint, folder, ["."], a.out, f"corpus-{a.size}")
    print(f"snapshot written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
