#!/usr/bin/env python3
"""Does a whole run resumed from the last pass find what a whole pass finds? The command on a
repository, edited at random step after step.

    python3 benchmarks/resume_check.py [--size 2000] [--steps 100] [--seed 3]

`repeated-block`'s whole pass resumes from the snapshot the last one kept
(`.newslint_cache/pass-repeated-block.bin`, see rules/repeated_block/increment.py). This takes
the benchmark corpus (`--size` articles from ../shared/tools/mkcorpus.py with defects injected,
as benchmarks/run.py builds it), clones it, and at each step makes one to four random edits:
a run of paragraphs pasted into another article, a paragraph pasted, text appended, a
paragraph or an article deleted, an article made of others' paragraphs, an article copied or
renamed, a box closing several articles (a template once three hold it), a date added in
front matter, a new version of a story. Then it runs `newslint --format json .` twice from the
same cache: as it is (resumed), and with the kept pass deleted (a whole pass); the next step
goes on from the resumed run's cache, so that resumed passes build on each other. Every step must
give the same findings; the script prints each step and a tally, and exits 1 at the first
difference (with `--keep-going`, at the end). tests/test_repeated_block_resume.py checks the
same at the rule's level; this checks the command, the cache and the engine with it.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  the corpus recipe, shared with the benchmark

# run the command with `increment.start` noting whether it resumed (on stderr)
RUNNER = """
import sys
from pytest_newslint.rules.repeated_block import increment
started = increment.start
def start(*args):
    resumed = started(*args)
    print("resumed" if resumed is not None else "whole pass", file=sys.stderr)
    return resumed
increment.start = start
from pytest_newslint import cli
cli.main(sys.argv[1:])
"""
EDITS = ["paste-run", "paste-run", "paste", "append", "delete-paragraph", "delete-article", "new-article",
         "duplicate", "template", "rename", "date", "version", "several"]


class Repository:
    def __init__(self, folder: Path, rng: random.Random):
        self.folder, self.rng = folder, rng

    def files(self) -> list[Path]:
        return sorted(path for path in self.folder.rglob("*.txt") if ".newslint_cache" not in path.parts)

    @staticmethod
    def paragraphs(path: Path) -> list[str]:
        return [part for part in path.read_text(encoding="utf-8").split("\n\n") if part.strip()]

    @staticmethod
    def write(path: Path, paragraphs: list[str]) -> None:
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")

    def new_path(self) -> Path:
        folders = [entry for entry in self.folder.iterdir() if entry.is_dir() and not entry.name.startswith(".")]
        return self.rng.choice(folders) / f"n{self.rng.randrange(10**6):06d}.txt"

    def edit(self, kind: str) -> None:
        rng, files = self.rng, self.files()
        a, b = rng.sample(files, 2)
        pa, pb = self.paragraphs(a), self.paragraphs(b)
        if kind == "paste-run":
            start, at = rng.randrange(len(pa)), rng.randrange(len(pb) + 1)
            pb[at:at] = pa[start : start + rng.randint(2, 4)]
            self.write(b, pb)
        elif kind == "paste":
            pb.insert(rng.randrange(len(pb) + 1), rng.choice(pa))
            self.write(b, pb)
        elif kind == "append":
            pa[-1] += f" Updated {rng.randrange(1000)}."
            self.write(a, pa)
        elif kind == "delete-paragraph" and len(pa) > 2:
            del pa[rng.randrange(1, len(pa))]
            self.write(a, pa)
        elif kind == "delete-article":
            a.unlink()
        elif kind == "new-article":
            parts = [pa[0]]
            for source in rng.sample(files, rng.randint(2, 3)):
                sp = self.paragraphs(source)
                start = rng.randrange(len(sp))
                parts += sp[start : start + rng.randint(1, 3)]
            self.write(self.new_path(), parts)
        elif kind == "duplicate":
            shutil.copy(a, self.new_path())
        elif kind == "template":
            box = (f"About us: the Example Gazette is an independent newsroom founded in {rng.randrange(1900, 2000)} "
                   "and read in forty countries each week by subscribers.")
            for path in rng.sample(files, rng.randint(2, 6)):
                self.write(path, [*self.paragraphs(path), box])
        elif kind == "rename":
            a.rename(self.new_path())
        elif kind == "date" and not a.read_text(encoding="utf-8").startswith("---"):
            a.write_text(f"---\ndate: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n---\n" + a.read_text(encoding="utf-8"),
                         encoding="utf-8")
        elif kind == "version":
            self.write(a.with_name(a.stem + "-update-2.txt"), [*pa[:-1], pa[-1] + " Corrected."])
        elif kind == "several":
            for _ in range(rng.randint(2, 4)):
                self.edit(rng.choice(["paste-run", "paste", "append", "delete-paragraph", "new-article"]))


def run(python: str, folder: Path) -> tuple[list, str]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CI", None)
    done = subprocess.run([python, "-c", RUNNER, "--format", "json", "."], cwd=folder, capture_output=True, text=True,
                          env=env)
    if done.returncode not in (0, 1):
        sys.exit(f"resume_check: newslint failed:\n{done.stderr}")
    how = "resumed" if "resumed" in done.stderr.splitlines() else "whole pass"
    return sorted(json.dumps(finding, sort_keys=True) for finding in json.loads(done.stdout)["findings"]), how


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--python", default=str(bench.PROJECT / ".venv" / "bin" / "python"),
                    help="the Python with newslint installed")
    ap.add_argument("--shared", type=Path, default=bench.DEFAULT_SHARED)
    ap.add_argument("--workdir", type=Path, default=bench.DEFAULT_WORKDIR)
    ap.add_argument("--keep-going", action="store_true")
    a = ap.parse_args(argv)
    if not (a.shared / "corpus").is_dir():
        sys.exit(f"resume_check: {a.shared / 'corpus'} is missing: give --shared")
    a.workdir.mkdir(parents=True, exist_ok=True)
    source, _meta = bench.build_corpus(a.shared, a.workdir, a.size)
    folder = a.workdir / f"resume-{a.size}"
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(source), str(folder)], check=True)
    cache, aside = folder / ".newslint_cache", a.workdir / f"resume-{a.size}.cache"
    resumed_cache = a.workdir / f"resume-{a.size}.resumed-cache"
    repository = Repository(folder, random.Random(a.seed))
    run(a.python, folder)
    differing, resumed = 0, 0
    for step in range(a.steps):
        kind = repository.rng.choice(EDITS)
        repository.edit(kind)
        shutil.rmtree(aside, ignore_errors=True)
        shutil.copytree(cache, aside)
        found, how = run(a.python, folder)
        resumed += how == "resumed"
        # the same step from the same cache, without the kept pass: a whole pass; then the
        # resumed run's cache again, so that the next step resumes from a resumed pass
        shutil.rmtree(resumed_cache, ignore_errors=True)
        cache.rename(resumed_cache)
        aside.rename(cache)
        for kept in cache.glob("pass-*.bin"):
            kept.unlink()
        whole, _ = run(a.python, folder)
        shutil.rmtree(cache)
        resumed_cache.rename(cache)
        same = found == whole
        differing += not same
        print(f"step {step + 1}: {kind}, {how}: {'same' if same else 'DIFFERENT'} ({len(whole)} findings)", flush=True)
        if not same:
            for line in sorted(set(found) - set(whole))[:5]:
                print(f"  resumed only: {line}")
            for line in sorted(set(whole) - set(found))[:5]:
                print(f"  whole only: {line}")
            if not a.keep_going:
                return 1
    print(f"{a.steps} steps, {resumed} resumed, {differing} with different findings")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
