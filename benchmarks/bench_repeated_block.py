"""Benchmark `repeated-block`: the labeled sets, and the corpus-wide pass at archive scale.

usage: python benchmarks/bench_repeated_block.py [--sizes 10000,100000] [--sets 10]
                                                 [--workdir DIR] [--jobs N] [--engine]

1. Labeled sets (tests/repeat_sets.py, seeds 1..--sets): file-level precision and recall per
   defect kind, false alarms per hard-negative kind.
2. For each size N: N unique articles from ../shared/tools/mkcorpus.py (made once under
   --workdir), with copies injected (deterministic): runs of two or three paragraphs copied
   into a later article (to find), and single shared paragraphs and templates closing three to
   five articles (not to find). Then
   - collect: parse + `collect` of every article on --jobs processes (the per-file pass of the
     rule, without the cache); summaries are written as JSON lines, as the cache keeps them;
   - finalize alone, in a fresh process: load the JSON summaries, run `finalize`, report the
     time, the peak memory (ru_maxrss) and the memory the loaded summaries took before it;
   - which injected copies it found, and any other finding.
3. With --engine: the whole `newslint` command on the largest corpus, cold (empty cache), then
   warm after one file changed (the engine's cache; `--jobs` processes).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MKCORPUS = ROOT.parent / "shared" / "tools" / "mkcorpus.py"  # ../shared beside the checkout


def options() -> dict:
    from pytest_newslint.rules import repeated_block

    return {name: option.default for name, option in repeated_block.OPTIONS.items()}


# -- labeled sets ---------------------------------------------------------------------------

def labeled(sets: int, workdir: Path) -> None:
    from tests.repeat_sets import DEFECT_KINDS, NEGATIVE_KINDS, build_set, evaluate

    totals: dict = {}
    started = time.perf_counter()
    for seed in range(1, sets + 1):
        folder = workdir / "labeled" / f"set{seed}"
        shutil.rmtree(folder, ignore_errors=True)
        labels = build_set(seed, folder)
        result = evaluate(folder, labels)
        for kind, counts in result.items():
            if kind.startswith("_"):
                continue
            for key, value in counts.items():
                totals.setdefault(kind, {}).setdefault(key, 0)
                totals[kind][key] += value
    elapsed = time.perf_counter() - started
    false_positives = sum(totals.get(k, {}).get("flagged", 0) for k in NEGATIVE_KINDS)
    print(f"labeled sets: {sets} sets, {elapsed:.1f} s")
    print(f"  {'kind':<12} {'files':>6} {'found':>6} {'on copy':>8} {'precision':>10} {'recall':>7}")
    for kind in DEFECT_KINDS:
        c = totals.get(kind)
        if not c:
            continue
        precision = c["flagged"] / (c["flagged"] + false_positives) if c["flagged"] + false_positives else 1.0
        recall = c["flagged"] / c["files"]
        print(f"  {kind:<12} {c['files']:>6} {c['flagged']:>6} {c['on_copy']:>8} {precision:>10.3f} {recall:>7.3f}")
    for kind in NEGATIVE_KINDS:
        c = totals.get(kind)
        if c:
            print(f"  {kind:<12} {c['files']:>6} negatives, {c['flagged']} flagged")


# -- corpus at scale ------------------------------------------------------------------------

def make_corpus(n: int, workdir: Path) -> tuple[Path, dict]:
    folder = workdir / f"unique-{n}"
    marker = folder / "injected-3.json"  # 3: templates close the articles that hold them
    if marker.exists():
        return folder, json.loads(marker.read_text())
    if sum(1 for _ in folder.rglob("*.txt")) != n if folder.is_dir() else True:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(MKCORPUS), str(folder), str(n)], check=True, stdout=subprocess.DEVNULL)
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.txt"))
    rng = random.Random(n)
    used: set[str] = set()

    def fresh() -> str:
        while True:
            name = rng.choice(files)
            if name not in used:
                used.add(name)
                return name

    def paragraphs(name: str) -> list[str]:
        return (folder / name).read_text(encoding="utf-8").rstrip("\n").split("\n\n")

    def write(name: str, parts: list[str]) -> None:
        (folder / name).write_text("\n\n".join(parts) + "\n", encoding="utf-8")

    def prose(paragraph: str) -> bool:  # not a question (never compared across articles)
        return len(paragraph.split()) >= 20 and not paragraph.startswith("((") and not paragraph.rstrip().endswith("?")

    copies, singles, templates = [], [], []
    count = max(10, n // 1000)
    while len(copies) < count:  # runs of two or three paragraphs, copied into a later article
        a, b = sorted((fresh(), fresh()))
        source = paragraphs(a)
        size = rng.choice((2, 3))
        starts = [i for i in range(1, len(source) - size + 1) if all(map(prose, source[i : i + size]))]
        if not starts:
            continue
        start = rng.choice(starts)
        target = paragraphs(b)
        at = rng.randint(1, len(target))
        target[at:at] = source[start : start + size]
        write(b, target)
        copies.append({"later": b, "earlier": a})
    for _ in range(count // 2):  # one shared paragraph: not reported
        a, b = fresh(), fresh()
        target = paragraphs(b)
        target.insert(rng.randint(1, len(target)), rng.choice(paragraphs(a)[1:]))
        write(b, target)
        singles.append([a, b])
    attempts = 0
    while len(templates) < max(2, count // 5) and attempts < 200:  # a passage closing 3-5 articles: a template
        attempts += 1
        donor_name = fresh()
        donor = paragraphs(donor_name)
        if len(donor) < 4 or not all(map(prose, donor[-2:])):
            continue
        passage = donor[-2:]
        holders = [donor_name] + [fresh() for _ in range(rng.randint(2, 4))]
        for name in holders[1:]:
            write(name, paragraphs(name) + passage)
        templates.append(holders)
    injected = {"copies": copies, "singles": singles, "templates": templates}
    marker.write_text(json.dumps(injected, indent=1))
    return folder, injected


def _collect_one(args):
    from pytest_newslint.document import parse
    from pytest_newslint.rules import repeated_block

    folder, name, opts = args
    document = parse(name, (Path(folder) / name).read_bytes())
    return name, json.dumps(repeated_block.collect(document, opts))


def collect(folder: Path, jobs: int, out: Path) -> float:
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.txt"))
    opts = options()
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        if jobs > 1:
            with multiprocessing.Pool(jobs) as pool:
                for name, data in pool.imap(_collect_one, [(str(folder), n, opts) for n in names], chunksize=200):
                    sink.write(json.dumps(name) + "\t" + data + "\n")
        else:
            for name in names:
                name, data = _collect_one((str(folder), name, opts))
                sink.write(json.dumps(name) + "\t" + data + "\n")
    return time.perf_counter() - started


def finalize_only(summaries: Path, injected: dict | None = None) -> dict:
    """Run in a fresh process: load the summaries, then finalize; times and memory."""
    from pytest_newslint.rules import repeated_block

    started = time.perf_counter()
    entries = []
    with summaries.open(encoding="utf-8") as source:
        for line in source:
            name, data = line.split("\t", 1)
            entries.append((json.loads(name), json.loads(data)))
    loaded = time.perf_counter()
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    found = [(path, problem.line, problem.message) for path, problem in repeated_block.finalize(entries, options())]
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    misses = []
    if injected:
        misses = _diagnose(entries, injected, {path for path, _, _ in found})
    return {
        "articles": len(entries),
        "load_s": loaded - started,
        "finalize_s": done - loaded,
        "finalize_cpu_s": cpu,
        "rss_after_load_mb": rss_loaded / 1024,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "findings": found,
        "misses": misses,
    }


def _diagnose(entries, injected: dict, found: set) -> list[str]:
    """Why an injected copy was not reported: how many of its copied paragraphs are, by the
    rule's own test, a template in the later article (at the same edge of three articles)."""
    from pytest_newslint.rules.repeated_block.corpus import Corpus, _is_template

    corpus = Corpus(entries)
    corpus.build_index()
    notes = []
    for copy in injected["copies"]:
        if copy["later"] in found:
            continue
        a, b = corpus.paths.index(copy["earlier"]), corpus.paths.index(copy["later"])
        copied = templates = 0
        for p in corpus.paragraphs(a):
            fp = set(corpus.prints_of(p))
            for q in corpus.paragraphs(b):
                shared = fp & set(corpus.prints_of(q))
                if len(shared) >= 0.8 * len(fp):
                    copied += 1
                    templates += _is_template(corpus, shared, a, b, 3)
        notes.append(
            f"{copy['later']} <- {copy['earlier']}: {templates} of its {copied} copied paragraphs are a template there"
        )
    return notes


def scale(n: int, workdir: Path, jobs: int) -> None:
    folder, injected = make_corpus(n, workdir)
    summaries = workdir / f"summaries-{n}.jsonl"
    collect_s = collect(folder, jobs, summaries)
    size_mb = summaries.stat().st_size / 1e6
    completed = subprocess.run(
        [sys.executable, __file__, "--finalize-only", str(summaries), "--injected", str(folder / "injected-3.json")],
        check=True, capture_output=True, text=True,
    )
    result = json.loads(completed.stdout)
    found = {path for path, _, _ in result["findings"]}
    wanted = {copy["later"] for copy in injected["copies"]}
    hits = len(found & wanted)
    extra = sorted(found - wanted)
    print(
        f"{n:>7} articles: collect {collect_s:6.1f} s on {jobs} processes ({size_mb:.0f} MB of JSON summaries); "
        f"finalize {result['finalize_s']:5.1f} s ({result['finalize_cpu_s']:.1f} s CPU), "
        f"peak memory {result['peak_rss_mb']:.0f} MB "
        f"({result['rss_after_load_mb']:.0f} MB after loading the summaries in {result['load_s']:.1f} s)"
    )
    print(
        f"         injected runs found {hits}/{len(wanted)}; single shared paragraphs "
        f"{len(injected['singles'])} and templates {len(injected['templates'])} (not to report); "
        f"other findings: {len(extra)}"
    )
    for path in extra[:10]:
        print("           ", path, [m for p, _, m in result["findings"] if p == path][:1])
    for note in result["misses"]:
        print("           missed:", note)


def engine_runs(n: int, workdir: Path, jobs: int) -> None:
    folder, _ = make_corpus(n, workdir)
    config = folder / ".newslint.yaml"
    cache = workdir / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    config.write_text(f"cache-dir: {cache}\nrules:\n  repeated-block: {{}}\n", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "newslint"), "--format", "json", "--jobs", str(jobs)]
    command += ["--select", "repeated-block", "."]
    victim = sorted(folder.rglob("*.txt"))[n // 2]
    original = victim.read_text(encoding="utf-8")
    try:
        for label in ("cold", "warm, one file changed"):
            if label.startswith("warm"):
                victim.write_text(original + "\nOne more line of text, added for the warm run.\n", encoding="utf-8")
            started = time.perf_counter()
            completed = subprocess.run(command, cwd=folder, capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            try:
                count = len(json.loads(completed.stdout)["findings"])
            except ValueError:
                count = f"? (exit {completed.returncode}: {completed.stderr[-300:]})"
            print(f"  newslint on {n} articles, {label}: {elapsed:.1f} s, {count} findings")
    finally:
        victim.write_text(original, encoding="utf-8")
        config.unlink()
        shutil.rmtree(cache, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sets", type=int, default=10)
    parser.add_argument("--workdir", default=os.environ.get("TMPDIR", "/tmp") + "/newslint-bench")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engine", action="store_true")
    parser.add_argument("--finalize-only")
    parser.add_argument("--injected")
    args = parser.parse_args()
    if args.finalize_only:
        injected = json.loads(Path(args.injected).read_text()) if args.injected else None
        print(json.dumps(finalize_only(Path(args.finalize_only), injected)))
        return 0
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if not MKCORPUS.exists() and args.sizes:
        print(f"bench_repeated_block: {MKCORPUS} is missing (../shared beside the checkout)", file=sys.stderr)
        return 2
    if args.sets:
        labeled(args.sets, workdir)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for n in sizes:
        scale(n, workdir, args.jobs)
    if args.engine and sizes:
        engine_runs(max(sizes), workdir, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
