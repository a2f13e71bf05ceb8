#!/usr/bin/env python3
"""Issue 20's million-article figures, measured once: newslint on 1,000,000 unique articles in a
git repository (about 2.3 GB), one round of each run, as a newsroom's archive sees them.

    python3 benchmarks/million.py                  # builds the corpus first (about 40 minutes)
    python3 benchmarks/million.py --size 100000    # the same rows on a smaller corpus

Rows, in order (each a whole process, timed with its peak memory as benchmarks/run.py measures
it: the largest process and the process tree's proportional set size):

0. floor: `../shared/tools/floor.py` (read and decode every file, one regex over it), first, as
   each round of benchmarks/run.py begins: the cold run then finds the articles in the page
   cache as the 100,000-article cold run it is compared with does (the first million-article
   round read them from disk: 264 s, where the second took 186 s);
1. cold: no cache anywhere (the cache is written);
2. warm: nothing changed;
3. one changed article named: what a pre-commit hook runs (`newslint PATH`);
4. one changed article, whole repository (`newslint .`).

The floors (issue 20): cold at most 12x the 100,000-article cold run of benchmarks/run.py, a
process tree under 4 GB, warm under 30 s, the named article under 5 s. The rows are printed
and written as JSON beside the corpus (`million-results.json`); docs/speed.md quotes them.
This is a benchmark, not a test: it takes most of an hour and 10 GB of disk.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  the corpus recipe and the measuring, shared with the benchmark


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/million.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=bench.MILLION, help="articles (default: 1,000,000)")
    parser.add_argument("--newslint", default=str(bench.PROJECT / ".venv" / "bin" / "newslint"))
    parser.add_argument("--workdir", type=Path, default=bench.DEFAULT_WORKDIR)
    parser.add_argument("--shared", type=Path, default=bench.DEFAULT_SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / "tools" / "mkcorpus.py").exists():
        print(f"benchmarks/million.py: {args.shared}/tools/mkcorpus.py not found (--shared)", file=sys.stderr)
        return 2
    corpus, _ = bench.build_corpus(args.shared, args.workdir, args.size)
    logs = args.workdir / f"million-logs-{args.size}"
    logs.mkdir(exist_ok=True)
    folder = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))[len(list(corpus.glob("[0-9]*"))) // 2]
    target = sorted(folder.glob("*.txt"))[0]
    original = target.read_bytes()
    rows: dict[str, dict] = {}

    def measure(label: str, argv: list[str]) -> None:
        sample = bench.measure(argv, corpus, logs / f"{label}.log", 7200)
        rows[label] = {"seconds": round(sample.seconds, 2), "cpu_seconds": round(sample.cpu_seconds, 1),
                       "largest_process_mb": sample.max_rss_kb >> 10, "process_tree_mb": sample.tree_rss_kb >> 10,
                       "exit": sample.returncode}
        print(f"{label}: {rows[label]}", flush=True)

    shutil.rmtree(corpus / ".newslint_cache", ignore_errors=True)
    try:
        measure("floor", [sys.executable, str(args.shared / "tools" / "floor.py"), "."])
        measure("cold", [args.newslint, "--format", "json", "."])
        measure("warm", [args.newslint, "--format", "json", "."])
        target.write_bytes(original.rstrip(b"\n") + b" Updated in round 1.\n")
        measure("one changed, named", [args.newslint, "--format", "json", str(target.relative_to(corpus))])
        target.write_bytes(original.rstrip(b"\n") + b" Updated in round 2.\n")
        measure("one changed", [args.newslint, "--format", "json", "."])
    finally:
        target.write_bytes(original)
    out = args.workdir / f"million-results-{args.size}.json"
    out.write_text(json.dumps({"articles": args.size, "machine": bench.machine_notes(), "rows": rows}, indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
