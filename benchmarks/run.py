#!/usr/bin/env python3
"""Benchmarks of newslint against the floor and the peer tools, in one reproducible run.

    python3 benchmarks/run.py                      # 1,000, 10,000 and 100,000 articles
    python3 benchmarks/run.py --sizes 1000,10000   # chosen sizes
    python3 benchmarks/run.py --quick --no-peers   # a smoke run: 200 articles, one round
    python3 benchmarks/run.py --rev HEAD --profile # a commit (not the working tree), profiled
    python3 benchmarks/run.py --pytest-max-size 10000  # pytest --newslint takes ~20 min on
                                                   # 100,000 articles: skip it there
    python3 benchmarks/run.py --render /tmp/newslint-bench/results-....json  # report again
    python3 benchmarks/run.py --million            # also 1,000,000 articles (newslint's rows
                                                   # only; building that corpus takes 20-30 min)

What it does, in order:

1. builds one corpus per size with `../shared/tools/mkcorpus.py OUTDIR N` (unique articles),
   injects a known, deterministic share of defects (2% trailing padding, 1% a line of only
   hashtags, 1% a repeated paragraph), and commits it in its own `git init` folder under the
   work folder (default /tmp/newslint-bench, never inside this repository), as a newsroom's
   repository; a corpus that is already there and clean is reused (the plain-folder rows use a
   copy without git, made for each run, and the fresh-clone row a `git clone`; both are deleted
   after their size);
2. installs the peers under the work folder, never into the project's venv: proselint and
   pre-commit-hooks (end-of-file-fixer) from PyPI into a venv; markdownlint-cli2, textlint,
   textlint-rule-write-good and jscpd (a copy/paste detector, the peer of repeated-block) from
   npm (pinned versions, below);
3. times, in rounds (each round runs every command once, so the ratios within a round see the
   same machine load), the median of `--repeat` rounds: the floor (`../shared/tools/floor.py`),
   `newslint` cold (cache deleted), warm (nothing changed) and with one article changed; a fresh
   `git clone` of the corpus with the cache copied in (what a CI job sees when it restores the
   cache); the same articles as a plain folder without git (an export: cold, warm, one changed);
   `newslint --jobs 1` cold, `pytest --newslint` cold (serial and `-n 2`) and warm, and the peers;
4. prints the tables and writes them, with the floors of issue 8, the machine notes and a plot
   of time against corpus size (an SVG written here: no plotting dependency), to
   docs/benchmarks.md and docs/benchmarks.svg (with --quick: into the work folder instead).

Wall time is measured around each process; peak memory is the largest process's maximum
resident set (from wait4's rusage, as /usr/bin/time reports it) and the sampled sum over the
process tree (workers included). Timings on a shared machine are noisy: compare ratios within
one run, not absolute seconds across runs.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = PROJECT.parent / "shared"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "newslint-bench"

# What is injected into every corpus: (kind, share of the articles, the rule that must find it).
DEFECTS = (("padded", 0.02, "trailing-padding"), ("hashtags", 0.01, "hashtag-stuffing"), ("repeated", 0.01, "repeated-block"))
RECIPE = 2  # bump when the corpus recipe changes: corpora built by an older recipe are rebuilt
HASHTAG_LINES = ("#News #Politics #Breaking #World", "#Economy #Markets #Business", "#Sport #Football #Results #Live")

PYPI_PEERS = {"proselint": "0.16.0", "pre-commit-hooks": "6.0.0"}
NPM_PEERS = {"markdownlint-cli2": "0.22.1", "textlint": "15.8.0", "textlint-rule-write-good": "2.0.0",
             # jscpd 5 runs a native binary from a per-platform package, named here so that npm installs it
             "jscpd": "5.3.3", "jscpd-linux-x64-gnu": "5.3.3"}
TEXTLINT_CONFIG = {"rules": {"write-good": True}}

FLOOR = "floor"
COLD, WARM, CHANGED, COLD_JOBS1 = "newslint cold", "newslint warm", "newslint one changed", "newslint cold --jobs 1"
NAMED = "newslint one changed, named"  # what a pre-commit hook runs: the changed file against the rest
FRESH = "newslint fresh clone, cache restored"  # a CI job: new checkout, .newslint_cache restored
PLAIN_COLD, PLAIN_WARM, PLAIN_CHANGED = "newslint plain folder cold", "newslint plain folder warm", "newslint plain folder, one changed"
PLAIN = (PLAIN_COLD, PLAIN_WARM, PLAIN_CHANGED)  # the corpus copied without .git (an export)
PYTEST, PYTEST_XDIST, PYTEST_WARM = "pytest --newslint cold", "pytest --newslint -n 2 cold", "pytest --newslint warm"
PROSELINT, MARKDOWNLINT, TEXTLINT, EOF_FIXER = "proselint", "markdownlint-cli2", "textlint (write-good)", "end-of-file-fixer"
JSCPD = "jscpd"
PEERS = (PROSELINT, MARKDOWNLINT, TEXTLINT, JSCPD, EOF_FIXER)
PROSE_PEERS = (PROSELINT, MARKDOWNLINT, TEXTLINT, JSCPD)  # peers that lint prose or Markdown, or find copies
ORDER = (FLOOR, COLD, WARM, CHANGED, NAMED, FRESH, *PLAIN, COLD_JOBS1, PYTEST, PYTEST_XDIST, PYTEST_WARM, *PEERS)
JOBS1_MAX_SIZE = 10_000  # `--jobs 1` (for the parallel speed-up) only up to this size: it is slow
MILLION = 1_000_000  # --million: newslint's own rows only (no pytest, no peers)


class BenchError(Exception):
    """A precondition is missing: the message says which and what to do."""


# -- measuring one process -------------------------------------------------------------------

@dataclass
class Sample:
    seconds: float
    max_rss_kb: int  # the largest single process (wait4's ru_maxrss, covers reaped descendants)
    tree_rss_kb: int  # the largest sampled sum over the process tree (of PSS: see _tree_rss_kb)
    cpu_seconds: float  # user + system, the process and its reaped descendants
    returncode: int | None  # None: timed out (killed)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def _tree_pids(root: int) -> list[int]:
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        stack.extend(_children(pid))
    return pids


def _tree_rss_kb(root: int) -> int | None:
    """The memory of a process tree: the sum of its processes' proportional set sizes (PSS:
    a page shared by n processes counts 1/n in each), which is what the tree holds. A sum of
    resident sets would count every page a forked worker still shares with the main process
    once per process: on 1,000,000 articles 5.2 GB where the processes held 2.8 GB. Where the
    kernel has no smaps_rollup, the resident sets are summed (an upper bound).

    None when the tree changed while it was read (a process forked or ended): the processes are
    read one after another, and a process of gigabytes read just before it forked counts its
    pages whole, and its copy, read after, half of them again (a cold run on 1,000,000 articles
    once showed 4,629 MB where its two processes held 1,593 + 1,585 MB)."""
    pids = _tree_pids(root)
    total, page_kb = 0, os.sysconf("SC_PAGE_SIZE") // 1024
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration, IndexError, ValueError):
            try:
                with open(f"/proc/{pid}/statm") as handle:
                    total += int(handle.read().split()[1]) * page_kb
            except (OSError, IndexError, ValueError):
                continue
    return total if sorted(_tree_pids(root)) == sorted(pids) else None


def measure(command: list[str], cwd: Path, log: Path, timeout: float, env: dict | None = None, stdin: Path | None = None) -> Sample:
    """Run `command` once: wall time, peak memory, CPU time; output goes to `log`."""
    with open(log, "wb") as out, open(stdin or os.devnull, "rb") as inp:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=inp,
                                   env=env, start_new_session=True)
        peak = [0]
        done = threading.Event()
        timed_out = [False]

        def sample():
            # every 0.1 s, or ten times as long as a sample takes: reading smaps_rollup of a
            # process of gigabytes costs the kernel a walk of its page tables, and a sampler
            # busy half a core (as it was at a million articles) slows what it measures
            pause = 0.1
            while not done.wait(pause):
                started = time.perf_counter()
                peak[0] = max(peak[0], _tree_rss_kb(process.pid) or 0)
                pause = max(0.1, 10 * (time.perf_counter() - started))

        def kill():
            timed_out[0] = True
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            done.set()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.join()
    rss = int(usage.ru_maxrss)
    return Sample(seconds, rss, max(peak[0], rss), usage.ru_utime + usage.ru_stime, None if timed_out[0] else process.returncode)


# -- the environments ------------------------------------------------------------------------

def run_quiet(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise BenchError(f"`{' '.join(map(str, command))}` failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result


@dataclass
class Newslint:
    python: Path
    bin: Path
    description: str  # which code: a commit, or the working tree

    @property
    def newslint(self) -> str:
        return str(self.bin / "newslint")

    @property
    def pytest(self) -> str:
        return str(self.bin / "pytest")


def newslint_under_test(args, work: Path) -> Newslint:
    """The newslint to measure: --rev REV (a snapshot installed into a venv under the work
    folder), --python PY, or the project's venv (the working tree)."""
    if args.rev:
        sha = run_quiet(["git", "-C", str(PROJECT), "rev-parse", args.rev]).stdout.strip()
        venv = work / f"newslint-{sha[:12]}"
        python = venv / "bin" / "python"
        if not (venv / "installed").exists():
            shutil.rmtree(venv, ignore_errors=True)
            source = venv / "src"
            source.mkdir(parents=True)
            archive = subprocess.run(["git", "-C", str(PROJECT), "archive", sha], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
            print(f"installing newslint {sha[:12]} into {venv} ...", flush=True)
            run_quiet([sys.executable, "-m", "venv", str(venv)])
            run_quiet([str(python), "-m", "pip", "install", "-q", str(source), "pytest-xdist"])
            (venv / "installed").write_text(sha + "\n")
        return Newslint(python, python.parent, f"commit {sha[:12]} (`--rev {args.rev}`)")
    if args.python:
        python = Path(args.python)
    else:
        python = PROJECT / ".venv" / "bin" / "python"
        if not python.exists():
            python = Path(sys.executable)
    python = Path(os.path.abspath(python))
    if not (python.parent / "newslint").exists():
        raise BenchError(f"no `newslint` beside {python}: install the project (pip install -e '.[test]') or pass --python / --rev")
    head = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--", "pytest_newslint"],
                           capture_output=True, text=True).stdout.strip()
    what = f"working tree at {head or 'unknown commit'}" + (" with uncommitted changes to pytest_newslint/" if dirty else "")
    return Newslint(python, python.parent, what)


def install_peers(work: Path) -> dict[str, str]:
    """The peers under the work folder (once): a venv for the PyPI ones, npm for the others.
    Returns {tool: command prefix} paths."""
    venv = work / "peers-venv"
    stamp = venv / "installed.json"
    if not stamp.exists() or json.loads(stamp.read_text()) != PYPI_PEERS:
        print(f"installing {', '.join(PYPI_PEERS)} into {venv} ...", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        run_quiet([sys.executable, "-m", "venv", str(venv)])
        run_quiet([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *[f"{k}=={v}" for k, v in PYPI_PEERS.items()]])
        stamp.write_text(json.dumps(PYPI_PEERS))
    node = work / "node"
    stamp = node / "installed.json"
    if not stamp.exists() or json.loads(stamp.read_text()) != NPM_PEERS:
        if shutil.which("npm") is None or shutil.which("node") is None:
            raise BenchError("node and npm are needed for markdownlint-cli2 and textlint (or pass --no-peers)")
        print(f"installing {', '.join(NPM_PEERS)} into {node} with npm ...", flush=True)
        shutil.rmtree(node, ignore_errors=True)
        node.mkdir(parents=True)
        (node / "package.json").write_text(json.dumps({"name": "newslint-bench-peers", "private": True}))
        run_quiet(["npm", "install", "--no-audit", "--no-fund", "--save-exact", *[f"{k}@{v}" for k, v in NPM_PEERS.items()]], cwd=node)
        stamp.write_text(json.dumps(NPM_PEERS))
    (node / ".textlintrc.json").write_text(json.dumps(TEXTLINT_CONFIG))
    return {"venv": str(venv / "bin"), "node": str(node)}


# -- corpora ---------------------------------------------------------------------------------

def git(folder: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return run_quiet(["git", "-c", "user.name=newslint-bench", "-c", "user.email=bench@localhost",
                      "-c", "commit.gpgsign=false", *args], cwd=folder, **kwargs)


SPEAKER_TAG = re.compile(r"\(\(|Q:|A:|\*\*")  # paragraphs of an interview transcript open so


def _plain(paragraph: str) -> bool:
    """A paragraph whose copy repeated-block must report: long, no question, no speaker tag."""
    return len(paragraph.split()) >= 20 and "?" not in paragraph and not SPEAKER_TAG.match(paragraph)


def inject(folder: Path, n: int) -> dict[str, list[str]]:
    """Add the known defects to a deterministic choice of articles; returns {kind: [paths]}.

    The generated text mixes interview transcripts (paragraphs opening with `((WN))`), where
    repeats are legitimate and not reported; a repeated paragraph is therefore pasted only into
    an article with fewer than three speaker-tagged paragraphs, and only a plain paragraph."""
    files = sorted(p.relative_to(folder).as_posix() for p in folder.glob("*/*.txt"))
    rng = random.Random(f"newslint-bench-{RECIPE}-{n}")
    counts = {kind: max(1, round(n * share)) for kind, share, _ in DEFECTS}
    eligible = []
    for name in files:
        paragraphs = (folder / name).read_text(encoding="utf-8").rstrip("\n").split("\n\n")
        if sum(1 for p in paragraphs if SPEAKER_TAG.match(p)) < 3 and any(_plain(p) for p in paragraphs[1:]):
            eligible.append(name)
    manifest: dict[str, list[str]] = {"repeated": sorted(rng.sample(eligible, min(counts["repeated"], len(eligible))))}
    rest = sorted(set(files) - set(manifest["repeated"]))
    chosen = rng.sample(rest, counts["padded"] + counts["hashtags"])
    manifest["padded"], manifest["hashtags"] = sorted(chosen[:counts["padded"]]), sorted(chosen[counts["padded"]:])
    for kind in ("padded", "hashtags", "repeated"):
        for name in manifest[kind]:
            path = folder / name
            text = path.read_text(encoding="utf-8")
            if kind == "padded":  # blank and white-space-only lines after the last line of text
                text = text + rng.choice(("\n\n", "\n \n\n", "\n\t\n \n\n"))
            elif kind == "hashtags":  # a closing line of only hashtags
                text = text.rstrip("\n") + "\n\n" + rng.choice(HASHTAG_LINES) + "\n"
            else:  # a plain paragraph pasted again at the end of the article
                paragraphs = text.rstrip("\n").split("\n\n")
                copy = rng.choice([p for p in paragraphs[1:] if _plain(p)])
                text = "\n\n".join(paragraphs + [copy]) + "\n"
            path.write_text(text, encoding="utf-8")
    return manifest


def build_corpus(shared: Path, work: Path, n: int) -> tuple[Path, dict]:
    folder = work / f"corpus-{n}"
    stamp = work / f"corpus-{n}.json"
    if stamp.exists() and (folder / ".git").exists():
        meta = json.loads(stamp.read_text())
        if meta.get("recipe") == RECIPE and meta.get("articles") == n:
            git(folder, "checkout", "-q", "--", ".")  # undo what an interrupted run left
            git(folder, "clean", "-fdq")
            return folder, meta
    print(f"building corpus of {n:,} articles in {folder} ...", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    run_quiet([sys.executable, str(shared / "tools" / "mkcorpus.py"), str(folder), str(n)])
    manifest = inject(folder, n)
    (folder / ".gitignore").write_text(".newslint_cache/\n.pytest_cache/\n__pycache__/\n")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"{n} articles")
    size = sum(p.stat().st_size for p in folder.glob("*/*.txt"))
    meta = {"recipe": RECIPE, "articles": n, "bytes": size, "defects": manifest,
            "build_seconds": round(time.perf_counter() - start, 1)}
    stamp.write_text(json.dumps(meta))
    return folder, meta


# -- the plan ---------------------------------------------------------------------------------

@dataclass
class Command:
    label: str
    argv: list[str]
    cwd: Path
    ok: tuple[int, ...]  # exit statuses that mean "ran" (findings are not failures)
    prepare: object = None  # callable(round) run before, untimed
    after: object = None  # callable(round) run after, untimed
    peer: bool = False
    stdin: Path | None = None


@dataclass
class Result:
    label: str
    size: int
    samples: list[dict] = field(default_factory=list)
    note: str = ""  # skipped, timed out, failed: why
    error: bool = False


def plan(size: int, corpus: Path, nl: Newslint, peers: dict | None, shared: Path, work: Path, env: dict, cores: int,
         pytest_max_size: int) -> list[Command]:
    cache = corpus / ".newslint_cache"

    def drop_cache(_round):
        shutil.rmtree(cache, ignore_errors=True)

    files = sorted(corpus.glob("*/*.txt"))
    target = files[len(files) // 2]
    original = target.read_bytes()

    def change_one(round_):  # a real edit: new content, so a new hash
        target.write_bytes(original.rstrip(b"\n") + f" Updated in round {round_ + 1}.\n".encode())

    def restore(_round):
        git(corpus, "checkout", "-q", "--", ".")

    clone, plain = work / f"clone-{size}", work / f"plain-{size}"

    def fresh_clone(_round):  # what CI sees: a new checkout (new mtimes, inodes), the cache restored
        shutil.rmtree(clone, ignore_errors=True)
        git(work, "clone", "-q", "--no-hardlinks", str(corpus), str(clone))
        shutil.copytree(cache, clone / ".newslint_cache")

    make_plain_folder(corpus, plain)
    plain_target = plain / target.relative_to(corpus)

    def drop_plain_cache(_round):
        shutil.rmtree(plain / ".newslint_cache", ignore_errors=True)

    def change_plain(round_):
        plain_target.write_bytes(original.rstrip(b"\n") + f" Updated in round {round_ + 1}.\n".encode())

    def restore_plain(_round):
        plain_target.write_bytes(original)

    commands = [
        Command(FLOOR, [str(nl.python), str(shared / "tools" / "floor.py"), "."], corpus, (0,)),
        Command(COLD, [nl.newslint, "."], corpus, (0, 1), prepare=drop_cache),
        Command(WARM, [nl.newslint, "."], corpus, (0, 1)),
        Command(FRESH, [nl.newslint, "."], clone, (0, 1), prepare=fresh_clone),  # the warm cache, copied
        Command(CHANGED, [nl.newslint, "."], corpus, (0, 1), prepare=change_one),
        Command(NAMED, [nl.newslint, str(target.relative_to(corpus))], corpus, (0, 1), prepare=change_one),
        Command(PLAIN_COLD, [nl.newslint, "."], plain, (0, 1), prepare=drop_plain_cache),
        Command(PLAIN_WARM, [nl.newslint, "."], plain, (0, 1)),
        Command(PLAIN_CHANGED, [nl.newslint, "."], plain, (0, 1), prepare=change_plain, after=restore_plain),
    ]
    if size <= JOBS1_MAX_SIZE:
        commands.append(Command(COLD_JOBS1, [nl.newslint, "--jobs", "1", "."], corpus, (0, 1), prepare=drop_cache))
    if size <= pytest_max_size and size < MILLION:
        commands += [
            Command(PYTEST, [nl.pytest, "--newslint"], corpus, (0, 1), prepare=drop_cache),
            Command(PYTEST_XDIST, [nl.pytest, "--newslint", "-n", "2"], corpus, (0, 1), prepare=drop_cache),
            Command(PYTEST_WARM, [nl.pytest, "--newslint"], corpus, (0, 1), after=restore),
        ]
    else:
        commands[-1].after = restore
    if peers is None:
        return commands
    venv, node = Path(peers["venv"]), Path(peers["node"])
    listing = work / f"files-{size}.list"
    listing.write_bytes(b"\0".join(str(p.relative_to(corpus)).encode() for p in files) + b"\0")
    batch = max(1, min(4000, -(-len(files) // cores)))  # as pre-commit runs a hook: batches on every core
    commands += [
        # proselint's README: `proselint check PATH` (a folder is searched for text files)
        Command(PROSELINT, [str(venv / "proselint"), "check", "."], corpus, (0, 1), peer=True),
        # markdownlint-cli2's README: `markdownlint-cli2 "**/*.md"`; the articles here are .txt
        Command(MARKDOWNLINT, [str(node / "node_modules" / ".bin" / "markdownlint-cli2"), "**/*.txt"], corpus, (0, 1), peer=True),
        # textlint's README: a .textlintrc.json naming the rules, then `npx textlint "docs/**"`;
        # run from the folder that holds node_modules and the config, as npx does
        Command(TEXTLINT, [str(node / "node_modules" / ".bin" / "textlint"), f"{corpus}/**/*.txt"], node, (0, 1), peer=True),
        # pre-commit runs the hook on the file list split into batches, in parallel; it fixes
        # the padded articles, so git restores them after each run (untimed)
        Command(EOF_FIXER, ["xargs", "-0", "-P", str(cores), "-n", str(batch), str(venv / "end-of-file-fixer")],
                corpus, (0, 1, 123), after=restore, peer=True, stdin=listing),
        # jscpd's README: `jscpd /path/to/source`; --min-lines 1 because an article's paragraph is
        # one line (its default, 5 lines, would find no copied paragraph); the console summary only
        Command(JSCPD, [str(node / "node_modules" / ".bin" / "jscpd"), "--min-lines", "1", "--reporters", "console",
                        "--silent", "."], corpus, (0, 1), peer=True),
    ]
    return commands


def make_plain_folder(corpus: Path, plain: Path) -> None:
    """The corpus's committed articles in a folder without git (an export, a folder of wire
    copy), made again for each run; it must not be inside a git work tree."""
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir(parents=True)
    if subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=plain, capture_output=True).returncode == 0:
        raise BenchError(f"{plain} is inside a git work tree: the plain-folder rows need a work folder outside git (--workdir)")
    # piped, not held in memory: at a million articles the archive is 2.5 GB
    archive = subprocess.Popen(["git", "archive", "HEAD"], cwd=corpus, stdout=subprocess.PIPE)
    extract = subprocess.run(["tar", "-x", "-C", str(plain)], stdin=archive.stdout)
    archive.stdout.close()
    if archive.wait() != 0 or extract.returncode != 0:
        raise BenchError(f"could not copy {corpus} into {plain} (git archive | tar -x)")


def run_size(size, corpus, commands, args, logs: Path, env, timed_out: dict[str, int]) -> dict[str, Result]:
    """Every command, `args.repeat` rounds; `timed_out` (label -> size) carries peers that ran
    out of time on a smaller corpus, which are not run on bigger ones."""
    results = {c.label: Result(c.label, size) for c in commands}
    gave_up: set[str] = set()
    for label, smaller in timed_out.items():
        if label in results:
            results[label].note = f"not run: timed out on {smaller:,} articles"
            gave_up.add(label)
    # untimed warm-up: the files in the page cache for every tool alike, byte code compiled
    subprocess.run([commands[0].argv[0], "-c", "pass"], cwd=corpus)
    measure(commands[0].argv, corpus, logs / "warmup.log", args.timeout, env)
    for round_ in range(args.repeat):
        for command in commands:
            result = results[command.label]
            if command.label in gave_up:
                continue
            if round_ > 0 and result.samples and result.samples[0]["seconds"] > args.max_repeat_seconds:
                result.note = result.note or f"run once: over {args.max_repeat_seconds:g} s"
                continue
            if command.prepare:
                command.prepare(round_)
            timeout = args.peer_timeout if command.peer else args.timeout
            log = logs / f"{size}-{re.sub(r'[^a-z0-9]+', '-', command.label.lower()).strip('-')}-{round_ + 1}.log"
            sample = measure(command.argv, command.cwd, log, timeout, env, command.stdin)
            if command.after:
                command.after(round_)
            if sample.returncode is None:
                result.note = f"timed out after {timeout:g} s"
                result.error = not command.peer
                gave_up.add(command.label)
                timed_out.setdefault(command.label, size)
            elif sample.returncode not in command.ok:
                tail = log.read_text(errors="replace")[-600:]
                result.note = f"failed: exit {sample.returncode}, see {log}"
                result.error = True
                gave_up.add(command.label)
                print(f"  {command.label}: exit {sample.returncode}\n{tail}", flush=True)
            else:
                result.samples.append(asdict(sample))
                print(f"  {size:>7,} round {round_ + 1}: {command.label:<30} {sample.seconds:8.2f} s  "
                      f"{sample.max_rss_kb / 1024:7.0f} MB", flush=True)
    return results


def findings_check(corpus, meta, nl, env) -> dict:
    """What newslint reports on the corpus, against what was injected (a correctness check)."""
    shutil.rmtree(corpus / ".newslint_cache", ignore_errors=True)
    out = subprocess.run([nl.newslint, "--no-cache", "--format", "json", "."], cwd=corpus, capture_output=True, env=env)
    if out.returncode not in (0, 1):
        return {"error": out.stderr.decode(errors="replace")[-500:]}
    found = json.loads(out.stdout)["findings"]
    _COLD_FINDINGS[str(corpus)] = found
    by_rule: dict[str, set] = {}
    for f in found:
        by_rule.setdefault(f["rule"], set()).add(f["path"])
    check = {"rules": {rule: len(paths) for rule, paths in sorted(by_rule.items())}, "findings": len(found), "recall": {}}
    for kind, _, rule in DEFECTS:
        injected = set(meta["defects"][kind])
        check["recall"][kind] = [len(injected & by_rule.get(rule, set())), len(injected), rule]
    return check


_COLD_FINDINGS: dict[str, list] = {}  # corpus folder -> the findings of a run without cache


def same_findings_check(corpus: Path, nl: Newslint, env: dict, work: Path, size: int) -> dict:
    """Whether a run served from the cache reports what a run without one does, in the fresh
    clone (its cache restored) and the plain folder, after their timed runs (untimed)."""
    cold = _COLD_FINDINGS.get(str(corpus))
    check = {}
    for name, folder in (("fresh clone", work / f"clone-{size}"), ("plain folder", work / f"plain-{size}")):
        if cold is None or not folder.exists():
            continue
        out = subprocess.run([nl.newslint, "--format", "json", "."], cwd=folder, capture_output=True, env=env)
        check[name] = out.returncode in (0, 1) and json.loads(out.stdout or b"{}").get("findings") == cold
    return check


# -- reports ---------------------------------------------------------------------------------

def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def fmt_mb(kb: int | None) -> str:
    return "—" if kb is None else f"{kb / 1024:,.0f}"


def table(rows: list[list[str]], head: list[str], align: str) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " if a == "r" else " --- " for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def summary_table(data: dict) -> str:
    sizes = data["sizes"]
    rows = []
    for label in ORDER:
        cells = []
        present = False
        for size in sizes:
            r = data["results"].get(str(size), {}).get(label)
            if r is None:
                cells.append("not run")
                continue
            present = True
            median = _median(r)
            floor = _median(data["results"][str(size)].get(FLOOR))
            if median is None:
                cells.append(r["note"] or "—")
            else:
                ratio = f" ({median / floor:.1f}×)" if floor and label != FLOOR else ""
                cells.append(f"{fmt_seconds(median)} s{ratio}")
        if present:
            rows.append([label, *cells])
    return table(rows, ["run", *[f"{s:,} articles" for s in sizes]], "l" + "r" * len(sizes))


def detail_table(data: dict, size: int) -> str:
    results = data["results"][str(size)]
    floor = _median(results.get(FLOOR))
    floor_cpu = _median(results.get(FLOOR), "cpu_seconds")
    cold = _median(results.get(COLD))
    rows = []
    for label in ORDER:
        r = results.get(label)
        if r is None:
            continue
        median = _median(r)
        secs = [s["seconds"] for s in r["samples"]]
        spread = f"{fmt_seconds(min(secs))}–{fmt_seconds(max(secs))}" if len(secs) > 1 else ""
        rows.append([
            label,
            str(len(secs)),
            fmt_seconds(median),
            spread,
            f"{size / median:,.0f}" if median else "—",
            f"{median / floor:.1f}" if median and floor and label != FLOOR else "",
            f"{median / cold:.2f}" if median and cold and label.startswith(("newslint", "pytest")) and label != COLD else "",
            fmt_mb(max((s["max_rss_kb"] for s in r["samples"]), default=None)),
            fmt_mb(max((s["tree_rss_kb"] for s in r["samples"]), default=None)),
            fmt_seconds(_median(r, "cpu_seconds")) if secs else "—",
            f"{_median(r, 'cpu_seconds') / floor_cpu:.1f}" if secs and floor_cpu and label != FLOOR else "",
            r["note"],
        ])
    return table(rows, ["run", "runs", "median s", "min–max s", "files/s", "× floor", "× cold", "peak MB (largest process)",
                        "peak MB (process tree)", "CPU s", "CPU × floor", "note"], "lrrrrrrrrrrl")


def _median(r: dict | None, key: str = "seconds") -> float | None:
    if not r or not r["samples"]:
        return None
    return statistics.median(s[key] for s in r["samples"])


def floors(data: dict) -> list[tuple[str, str, str, str]]:
    """The floors of the speed issues (8, then 20): (floor, target, measured, verdict)."""
    out = []
    res = data["results"]

    def m(size, label, key="seconds"):
        return _median(res.get(str(size), {}).get(label), key)

    def cpu(size, label, other, limit=None):
        a, b = m(size, label, "cpu_seconds"), m(size, other, "cpu_seconds")
        if not (a and b):
            return ""
        return f"; CPU time {a / b:.2f}×".replace(f"{a / b:.2f}", f"{a / b:.1f}" if a / b >= 10 else f"{a / b:.2f}") + ("" if limit is None else f" ({'within' if a <= limit * b else 'over'})")

    def verdict(ok):
        return "—" if ok is None else ("pass" if ok else "**FAIL**")

    ten, hundred = 10_000, 100_000
    cold, floor = m(ten, COLD), m(ten, FLOOR)
    if cold and floor:
        out.append(("cold, 10,000 articles, whole process", "≤ 4× floor", f"{cold / floor:.1f}× ({fmt_seconds(cold)} s vs {fmt_seconds(floor)} s){cpu(ten, COLD, FLOOR, 4)}", verdict(cold <= 4 * floor)))
    for size in (ten, hundred):
        base = m(size, COLD)
        for label, limit in ((WARM, 0.25), (CHANGED, 0.35)):
            value = m(size, label)
            if value and base:
                out.append((f"{label[len('newslint '):]}, {size:,} articles", f"≤ {limit}× cold",
                            f"{value / base:.2f}× ({fmt_seconds(value)} s){cpu(size, label, COLD, limit)}", verdict(value <= limit * base)))
    for size in data["sizes"]:  # the cache outside one work tree: a CI job's fresh clone, a plain folder
        base, value = m(size, COLD), m(size, FRESH)
        if value and base:
            out.append((f"fresh clone with the cache restored, {size:,} articles", "≤ 0.25× cold (as warm)",
                        f"{value / base:.2f}× ({fmt_seconds(value)} s)", verdict(value <= 0.25 * base)))
        base = m(size, PLAIN_COLD)
        for label, limit in ((PLAIN_WARM, 0.25), (PLAIN_CHANGED, 0.35)):
            value = m(size, label)
            if value and base:
                out.append((f"{label[len('newslint '):]}, {size:,} articles", f"≤ {limit}× plain folder cold",
                            f"{value / base:.2f}× ({fmt_seconds(value)} s)", verdict(value <= limit * base)))
    big = m(hundred, COLD)

    def cpu_growth():
        a, b = m(hundred, COLD, "cpu_seconds"), m(ten, COLD, "cpu_seconds")
        return f"; CPU time {a / b:.1f}×" if a and b else ""

    if big and cold:
        out.append(("cold, 100,000 vs 10,000 articles", "≤ 12× growth", f"{big / cold:.1f}× ({fmt_seconds(big)} s){cpu_growth()}", verdict(big <= 12 * cold)))
    if big:
        r = res[str(hundred)][COLD]
        largest = max(s["max_rss_kb"] for s in r["samples"])
        tree = max(s["tree_rss_kb"] for s in r["samples"])
        out.append(("peak memory, 100,000 articles, cold", "< 1 GB (1,024 MB)", f"{fmt_mb(largest)} MB largest process, {fmt_mb(tree)} MB process tree",
                    verdict(tree < 1024 * 1024)))
        for label in (WARM, CHANGED, NAMED, PYTEST, PYTEST_XDIST, PYTEST_WARM):
            r = res[str(hundred)].get(label)
            if r and r["samples"]:
                tree = max(s["tree_rss_kb"] for s in r["samples"])
                largest = max(s["max_rss_kb"] for s in r["samples"])
                name = label[len("newslint "):] if label.startswith("newslint ") else label
                out.append((f"peak memory, 100,000 articles, {name}", "< 1 GB (1,024 MB)",
                            f"{fmt_mb(largest)} MB largest process, {fmt_mb(tree)} MB process tree", verdict(tree < 1024 * 1024)))
    serial = m(ten, PYTEST)
    if serial and cold:
        out.append(("pytest --newslint serial, 10,000 articles", "≤ 2× CLI cold", f"{serial / cold:.2f}× ({fmt_seconds(serial)} s){cpu(ten, PYTEST, COLD, 2)}", verdict(serial <= 2 * cold)))
    xdist = m(ten, PYTEST_XDIST)
    if xdist and serial:  # the floor "faster than serial" was withdrawn by issue 20: reported only
        out.append(("pytest --newslint -n 2, 10,000 articles", "reported (floor withdrawn)", f"{xdist / serial:.2f}× serial ({fmt_seconds(xdist)} s){cpu(ten, PYTEST_XDIST, PYTEST)}", "(ratio)"))
    out += million_floors(data, m, verdict)
    for peer in PROSE_PEERS:
        for size in data["sizes"]:
            r = res.get(str(size), {}).get(peer)
            ours = m(size, COLD)
            if r is None or not ours:
                continue
            theirs = _median(r)
            if theirs:
                out.append((f"newslint cold vs {peer}, {size:,} articles", "newslint faster", f"{theirs / ours:.1f}× faster ({fmt_seconds(ours)} s vs {fmt_seconds(theirs)} s)" if theirs > ours else f"{ours / theirs:.1f}× slower ({fmt_seconds(ours)} s vs {fmt_seconds(theirs)} s)", verdict(ours < theirs)))
            elif "timed out" in r["note"]:
                out.append((f"newslint cold vs {peer}, {size:,} articles", "newslint faster", f"{peer} {r['note']}; newslint {fmt_seconds(ours)} s", "pass"))
    for size in data["sizes"]:
        r = res.get(str(size), {}).get(EOF_FIXER)
        ours = m(size, COLD)
        if r and _median(r) and ours:
            out.append((f"newslint cold vs end-of-file-fixer, {size:,} articles", "reported as a ratio", f"newslint takes {ours / _median(r):.1f}× its time", "(ratio)"))
    return out


def million_floors(data: dict, m, verdict) -> list[tuple[str, str, str, str]]:
    """Issue 20's floors for 1,000,000 articles in a git repository (--million)."""
    out = []
    rows = data["results"].get(str(MILLION))
    if not rows or not m(MILLION, COLD):
        return out
    cold, hundred = m(MILLION, COLD), m(100_000, COLD)
    if hundred:
        out.append(("cold, 1,000,000 vs 100,000 articles", "≤ 12× growth", f"{cold / hundred:.1f}× ({fmt_seconds(cold)} s)",
                    verdict(cold <= 12 * hundred)))
    tree = max(s["tree_rss_kb"] for s in rows[COLD]["samples"])
    out.append(("peak memory, 1,000,000 articles, cold", "< 4 GB (4,096 MB) process tree", f"{fmt_mb(tree)} MB process tree",
                verdict(tree < 4096 * 1024)))
    for label, limit in ((WARM, 30), (NAMED, 5)):
        value = m(MILLION, label)
        if value:
            out.append((f"{label[len('newslint '):]}, 1,000,000 articles", f"< {limit} s", f"{fmt_seconds(value)} s", verdict(value < limit)))
    return out


def headline(data: dict) -> str:
    """The paragraph the README quotes (its link is relative to the repository's root)."""
    res = data["results"]
    ten = 10_000 if "10000" in res else max(int(s) for s in res)
    r = res[str(ten)]
    cold, warm, changed, floor = (_median(r.get(k)) for k in (COLD, WARM, CHANGED, FLOOR))
    if not (cold and warm and changed and floor):
        return "(newslint did not run to the end: see the tables)"

    def s(value):
        return f"{value:.1f} s" if value >= 1 else f"{value:.2f} s"

    parts = [f"On {ten:,} articles ({data['corpora'][str(ten)]['bytes'] / 1e6:.0f} MB) on a {data['machine']['cores']}-core machine, "
             f"`newslint` with all four rules checks everything in {s(cold)} from a cold cache ({ten / cold:,.0f} articles a second, "
             f"{cold / floor:.0f}× the floor of reading the files and running one regex over them), in {s(warm)} when nothing "
             f"changed and in {s(changed)} after one article changed"
             + (f" ({s(_median(r[NAMED]))} when that article is named, as a pre-commit hook does)." if _median(r.get(NAMED)) else ".")]
    peers = [f"{peer} {s(_median(r.get(peer)))}" for peer in PROSE_PEERS if _median(r.get(peer))]
    if peers:
        parts.append("On the same files: " + ", ".join(peers) + ".")
    big = res.get("100000", {}).get(COLD)
    if big and big["samples"]:
        named = _median(res["100000"].get(NAMED))
        parts.append(f"100,000 articles: {s(_median(big))} cold, {s(_median(res['100000'].get(WARM)))} warm, "
                     + (f"{s(named)} for one changed article named, " if named else "")
                     + f"at most {fmt_mb(max(x['tree_rss_kb'] for x in big['samples']))} MB of memory.")
    parts.append("Method, all figures and the floors: [docs/benchmarks.md](docs/benchmarks.md).")
    return " ".join(parts)


def svg_plot(data: dict) -> str:
    """Time against corpus size, log-log, one line a run: a small SVG written by hand."""
    width, height, left, right, top, bottom = 780, 460, 84, 230, 20, 50
    series = []
    for label in ORDER:
        points = []
        for size in data["sizes"]:
            median = _median(data["results"].get(str(size), {}).get(label))
            if median:
                points.append((size, median))
        if points:
            series.append((label, points))
    if not series:
        return ""
    import math
    xs = [s for s in data["sizes"]]
    ys = [y for _, pts in series for _, y in pts]
    x0, x1 = math.log10(min(xs)), math.log10(max(xs))
    if x1 - x0 < 1e-9:
        x0, x1 = x0 - 0.5, x1 + 0.5
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1
    pw, ph = width - left - right, height - top - bottom

    def px(x):
        return left + (math.log10(x) - x0) / (x1 - x0) * pw

    def py(y):
        return top + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    colors = ["#000000", "#1f77b4", "#2ca02c", "#17becf", "#9467bd", "#ff7f0e", "#d62728", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#aec7e8"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           "<title>newslint benchmarks: median wall time against corpus size</title>",
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="16" y="{top + ph / 2:.1f}" text-anchor="middle" transform="rotate(-90 16 {top + ph / 2:.1f})">'
           "median wall time, seconds (log scale)</text>"]
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g} s</text>')
    for x in xs:
        out.append(f'<line x1="{px(x):.1f}" y1="{top}" x2="{px(x):.1f}" y2="{top + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{px(x):.1f}" y="{top + ph + 16}" text-anchor="middle">{x:,}</text>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 10}" text-anchor="middle">articles (log scale)</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    for index, (label, points) in enumerate(series):
        color = colors[index % len(colors)]
        dash = ' stroke-dasharray="5,3"' if label in PEERS else (' stroke-dasharray="1,3"' if label == FLOOR else "")
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for x, y in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
        ly = top + 14 + index * 18
        out.append(f'<line x1="{width - right + 12}" y1="{ly - 4}" x2="{width - right + 36}" y2="{ly - 4}" stroke="{color}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{width - right + 42}" y="{ly}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def machine_notes() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return {"cpu": cpu, "cores": cores, "ram": ram, "kernel": platform.release(), "os": platform.platform(terse=True),
            "load_at_start": os.getloadavg()}


def tool_versions(nl: Newslint, peers: dict | None) -> dict:
    def out(command, cwd=None):
        try:
            r = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)
            return (r.stdout + r.stderr).strip().splitlines()[0] if (r.stdout + r.stderr).strip() else "?"
        except (OSError, subprocess.SubprocessError):
            return "?"

    versions = {
        "newslint": f"{out([nl.newslint, '--version'])}, {nl.description}",
        "python (newslint's)": out([str(nl.python), "--version"]),
        "pytest": out([str(nl.python), "-c", "import pytest; print(pytest.__version__)"]),
        "pytest-xdist": out([str(nl.python), "-c", "import xdist; print(xdist.__version__)"]),
        "git": out(["git", "--version"]),
    }
    if peers:
        venv = Path(peers["venv"])
        versions["proselint"] = out([str(venv / "proselint"), "version"])
        versions["pre-commit-hooks"] = out([str(venv / "python"), "-c", "import importlib.metadata as m; print(m.version('pre-commit-hooks'))"])
        versions["node"] = out(["node", "--version"])
        node = Path(peers["node"])
        for package in NPM_PEERS:
            try:
                versions[package] = json.loads((node / "node_modules" / package / "package.json").read_text())["version"]
            except (OSError, ValueError, KeyError):
                versions[package] = "?"
    return versions


PROFILES = (  # (name, prepare: delete the cache?, command after the interpreter)
    ("newslint cold, --jobs 1", True, ["-m", "pytest_newslint.cli", "--jobs", "1", "-q", "."]),
    ("newslint warm", False, ["-m", "pytest_newslint.cli", "-q", "."]),
    ("pytest --newslint warm", False, ["-m", "pytest", "--newslint", "-p", "no:cacheprovider"]),
)


def install_py_spy(work: Path) -> Path | None:
    """py-spy (a sampling profiler: little overhead, and it samples what runs, which on a shared
    machine is steadier than cProfile's wall clock) in a venv under the work folder."""
    venv = work / "profile-venv"
    tool = venv / "bin" / "py-spy"
    if not tool.exists():
        try:
            run_quiet([sys.executable, "-m", "venv", str(venv)])
            run_quiet([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "py-spy"])
        except BenchError as exc:
            print(f"py-spy could not be installed ({exc}); profiling with cProfile", file=sys.stderr)
            return None
    return tool


def _frame_name(frame: str) -> str:
    match = re.match(r"(.*) \((.*?)(?::(\d+))?\)$", frame)
    if not match:
        return frame.strip() or "(unknown)"
    function, filename, _ = match.groups()
    return f"{function} ({_short(filename)})"


def _aggregate(stacks: list[tuple[list[str], float]]) -> dict:
    """Own and inclusive shares by function from (frames root first, weight) pairs."""
    own: dict[str, float] = {}
    inclusive: dict[str, float] = {}
    lines: dict[str, float] = {}
    total = sum(weight for _, weight in stacks) or 1.0
    for frames, weight in stacks:
        names = [_frame_name(f) for f in frames]
        own[names[-1]] = own.get(names[-1], 0) + weight
        leaf = re.sub(r"^(.*) \((.*?)\)$", lambda m: f"{m.group(1)} ({_short(m.group(2))})", frames[-1])
        lines[leaf] = lines.get(leaf, 0) + weight
        for name in set(names):
            inclusive[name] = inclusive.get(name, 0) + weight

    def top(table, n, minimum=0.0):
        return [[f"{100 * v / total:.1f}", k] for k, v in sorted(table.items(), key=lambda kv: -kv[1])[:n] if 100 * v / total >= minimum]

    return {"own": top(own, 15), "lines": top(lines, 10),
            "inclusive": [row for row in top(inclusive, 80, 1.0) if "pytest_newslint" in row[1] or "_pytest" in row[1]][:25]}


def profile(nl: Newslint, corpus: Path, size: int, env: dict, work: Path) -> dict:
    """Where the time goes: py-spy samples (or cProfile) of a cold `--jobs 1` run (the per-file
    pass in one process), a warm run and a warm `pytest --newslint`."""
    py_spy = install_py_spy(work)
    found = {}
    for name, cold, argv in PROFILES:
        if cold:
            shutil.rmtree(corpus / ".newslint_cache", ignore_errors=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        stacks: list[tuple[list[str], float]] = []
        started = time.perf_counter()
        if py_spy is not None:
            raw = work / f"profile-{size}-{slug}.txt"
            result = subprocess.run([str(py_spy), "record", "-r", "200", "-f", "raw", "-o", str(raw), "--", str(nl.python), *argv],
                                    cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if raw.exists() and raw.stat().st_size:
                for line in raw.read_text(errors="replace").splitlines():
                    stack, _, count = line.rpartition(" ")
                    if stack and count.isdigit():
                        stacks.append((stack.split(";"), float(count)))
                tool = "py-spy, 200 samples a second"
            else:
                print(f"py-spy failed ({result.stderr.strip()[-300:]}); profiling with cProfile", file=sys.stderr)
        if not stacks:
            stats_file = work / f"profile-{size}-{slug}.pstats"
            subprocess.run([str(nl.python), "-m", "cProfile", "-o", str(stats_file), *argv], cwd=corpus, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            stats = pstats.Stats(str(stats_file))
            # cProfile gives own time per function and cumulative time, not stacks: one
            # pseudo-stack per function for the own-time table
            for (filename, line, function), (_, _, own_time, _, _) in stats.stats.items():
                stacks.append(([f"{function} ({filename}:{line})"], own_time))
            tool = "cProfile (wall clock)"
        found[name] = {"tool": tool, "seconds": time.perf_counter() - started, **_aggregate(stacks)}
    return found


def _short(filename: str) -> str:
    if "pytest_newslint" in filename:
        return filename[filename.index("pytest_newslint"):]
    if "site-packages" in filename:
        return filename[filename.index("site-packages") + len("site-packages/"):]
    if "/lib/python" in filename:
        return filename.split("/lib/python", 1)[1].split("/", 1)[-1]
    return filename


def render(data: dict) -> str:
    m = data["machine"]
    sizes = data["sizes"]
    out = ["# Benchmarks", "",
           f"Generated by `python3 benchmarks/run.py {data['argv']}` on {data['date']} (do not edit by hand: run it again).", "",
           "## Headline", "", "The README quotes this paragraph (its link is relative to the repository's root).", "",
           headline(data) if data["results"] else "(no results)", "",
           "## Time against corpus size", "",
           "Median wall time of the whole process, in seconds, and in brackets its ratio to the floor on the same corpus "
           "(the floor: read and decode every file and run one regex `findall` over it, "
           "`../shared/tools/floor.py`).", "",
           summary_table(data), "", "![time against corpus size](benchmarks.svg)", ""]
    out += ["## Floors of the speed issues (8, then 20)", "", "Ratios of median wall times within this run (the verdict); the CPU-time ratio "
            "(user + system, all processes) beside it is steadier when other work shares the machine.", "",
            table([list(row) for row in floors(data)], ["floor", "target", "measured", "verdict"], "llll"), ""]
    for size in sizes:
        if str(size) not in data["results"]:
            continue
        meta = data["corpora"][str(size)]
        check = data["checks"].get(str(size), {})
        out += [f"## {size:,} articles", "",
                f"{size:,} unique articles, {meta['bytes'] / 1e6:,.1f} MB, in {1000 if size >= 1000 else size}-article folders; injected: "
                + ", ".join(f"{len(meta['defects'][kind])} {kind}" for kind, _, _ in DEFECTS) + ".", ""]
        if "recall" in check:
            recall = "; ".join(f"{rule} on {hit} of {total} {kind} articles" for kind, (hit, total, rule) in check["recall"].items())
            per_rule = ", ".join(f"{rule} {n}" for rule, n in check["rules"].items())
            out += [f"newslint found {recall} (articles with a finding, by rule: {per_rule}; {check['findings']} findings in all: "
                    "the generated text has defects of its own).", ""]
        elif "error" in check:
            out += [f"newslint's findings could not be read: {check['error']}", ""]
        if check.get("same_findings"):
            out += ["Served from the cache, newslint reports what it does without one (its JSON compared after the "
                    "timed runs): " + ", ".join(f"{name} {'yes' if ok else '**NO**'}" for name, ok in check["same_findings"].items())
                    + ".", ""]
        out += [detail_table(data, size), ""]
    out += ["## What is run", "",
            f"Each corpus is a git work tree of its own (committed, as a newsroom's repository; the plain-folder rows use a copy without git) under the "
            f"work folder. Every command runs in the corpus folder; its output goes to a log file, not a terminal (so no progress display). "
            f"One round runs every command once; the table shows the median of {data['repeat']} rounds"
            f" (a command whose first run took over {data['max_repeat_seconds']:g} s runs once: see the runs column). "
            "An untimed read of every file comes first, so every tool finds the files in the page cache.", "",
            "| run | command (in the corpus folder) |", "| --- | --- |",
            f"| {FLOOR} | `python floor.py .` (with newslint's Python) |",
            f"| {COLD} | cache folder deleted, then `newslint .` (default `--jobs`: every core) |",
            f"| {WARM} | `newslint .` again, nothing changed |",
            f"| {CHANGED} | one article edited (a sentence appended), then `newslint .` |",
            f"| {NAMED} | one article edited again, then `newslint PATH` with its path, as a pre-commit hook runs: "
            "it is compared with every other article of the repository, their fingerprints from the cache |",
            f"| {FRESH} | a new `git clone` of the corpus (new mtimes and inodes) with the warm run's `.newslint_cache` copied in "
            "(untimed), then `newslint .` in it: what a CI job sees when it restores the cache |",
            f"| {PLAIN_COLD} | the committed articles extracted into a folder without git (`git archive`, untimed), cache "
            "deleted, then `newslint .` there (the cache lives in the working folder) |",
            f"| {PLAIN_WARM} | `newslint .` again in the plain folder |",
            f"| {PLAIN_CHANGED} | one article of the plain folder edited, then `newslint .` there |",
            f"| {COLD_JOBS1} | cache deleted, `newslint --jobs 1 .` (only up to {JOBS1_MAX_SIZE:,} articles) |",
            f"| {PYTEST} | cache deleted, `pytest --newslint` (pytest's own parallelism off; newslint's per-file pass still uses every core) |",
            f"| {PYTEST_XDIST} | cache deleted, `pytest --newslint -n 2` (pytest-xdist) |",
            f"| {PYTEST_WARM} | `pytest --newslint`, cache kept |",
            f"| {PROSELINT} | `proselint check .` (its README's invocation; all its default checks) |",
            f"| {MARKDOWNLINT} | `markdownlint-cli2 \"**/*.txt\"` (its README's glob form; default rules) |",
            f"| {TEXTLINT} | `textlint \"CORPUS/**/*.txt\"` from the folder with `node_modules` and `.textlintrc.json` = `{json.dumps(TEXTLINT_CONFIG)}`: "
            "textlint has no rules of its own; write-good (passive voice, weasel words, wordiness) is its common English prose rule |",
            f"| {JSCPD} | `jscpd --min-lines 1 --reporters console --silent .` (its README's invocation; one line is one "
            "paragraph here, so at least one line; exact clones across and within files, the peer of repeated-block) |",
            f"| {EOF_FIXER} | the file list through `xargs -0 -P <cores> -n <batch> end-of-file-fixer`, as pre-commit runs a hook "
            "(batches on every core); it rewrites the padded articles, which git restores after each run (untimed) |", "",
            "Peak memory: *largest process* is the maximum resident set of the biggest single process (wait4's rusage, as "
            "`/usr/bin/time -v` reports); *process tree* is the largest sum of proportional set sizes (PSS, from "
            "/proc/PID/smaps_rollup: a page shared by n processes counts 1/n in each) over the process and all its children, "
            "sampled every 0.1 s: the memory the tree holds (a sum of resident sets would count the pages forked workers "
            "share with the main process once per process). "
            "CPU s is user + system time of the process and its children: above the wall time means several cores worked.", "",
            f"Peers run on corpora of up to {data['peer_max_size']:,} articles, each run with a time limit of {data['peer_timeout']:g} s; "
            "a peer that ran out of time is shown as such, never dropped.", ""]
    if data.get("profile"):
        out += [f"## Where the time goes ({data['profile']['size']:,} articles)", "",
                "Shares of the samples (a sampling profiler sees what runs; under load a process that waits for a core "
                "is charged where it waits, often a system call). *Own*: in the function itself; *inclusive*: in it "
                "and what it calls.", ""]
        for mode, prof in data["profile"]["modes"].items():
            out += [f"### {mode} ({prof['tool']}; {prof['seconds']:.1f} s under the profiler)", "",
                    table(prof["own"], ["own %", "function"], "rl"), "",
                    table(prof["lines"], ["own %", "line"], "rl"), "",
                    table(prof["inclusive"], ["inclusive %", "function"], "rl") if prof["inclusive"] else "", ""]
    out += ["## Machine", "",
            f"- CPU: {m['cpu']}, {m['cores']} cores available; RAM {m['ram']}; {m['os']}",
            f"- load average (1, 5, 15 min) at the start: {', '.join(f'{x:.2f}' for x in m['load_at_start'])}; at the end: "
            f"{', '.join(f'{x:.2f}' for x in m.get('load_at_end', ()))}. The machine is shared: timings are noisy, so compare ratios within one run.",
            f"- benchmark run took {data.get('elapsed_minutes', 0):.0f} minutes", ""]
    out += [f"- {tool}: {version}" for tool, version in data["versions"].items()]
    out += [""]
    return "\n".join(out)


# -- main ------------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Time newslint (CLI cold, warm, one file changed; pytest --newslint serial and with -n 2) against the "
                    "floor and the peer tools on generated corpora, and write docs/benchmarks.md.")
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default: 1000,10000,100000; with --quick: 200)")
    parser.add_argument("--repeat", type=int, help="rounds; each time is the median over them (default: 3; with --quick: 1)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help=f"where corpora, venvs and logs go (default: {DEFAULT_WORKDIR})")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help=f"the shared folder with tools/mkcorpus.py and tools/floor.py (default: {DEFAULT_SHARED})")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: 200 articles, one round, report into the work folder")
    parser.add_argument("--no-peers", action="store_true", help="time newslint and the floor only (no PyPI or npm installs)")
    parser.add_argument("--peer-max-size", type=int, default=10_000, help="run the peers only on corpora up to this size (default: 10000)")
    parser.add_argument("--pytest-max-size", type=int, default=10**9, help="run pytest --newslint only on corpora up to this size (default: all)")
    parser.add_argument("--peer-timeout", type=float, default=900, help="seconds before a peer's run is stopped and reported as timed out (default: 900)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a newslint or pytest run is stopped (default: 3600)")
    parser.add_argument("--max-repeat-seconds", type=float, default=600, help="a command whose first run took longer runs once (default: 600)")
    parser.add_argument("--python", help="the Python of the environment whose newslint is timed (default: the project's .venv)")
    parser.add_argument("--rev", help="time this git revision of the project instead, installed into a venv under the work folder")
    parser.add_argument("--million", action="store_true",
                        help=f"also {MILLION:,} articles: newslint's rows only (no pytest, --jobs 1 or peers); building "
                             "the corpus takes 20-30 minutes and about 2.5 GB, its clone and plain copy as much again")
    parser.add_argument("--profile", action="store_true", help="also profile (cProfile) a cold and a warm `--jobs 1` run on the largest size up to 10,000")
    parser.add_argument("--output", type=Path, help="the report (default: docs/benchmarks.md; with --quick: WORKDIR/benchmarks.md); the plot goes beside it")
    parser.add_argument("--render", type=Path, metavar="RESULTS_JSON", help="only write the report again from a results file of an earlier run")
    args = parser.parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    for flag in ("--output", "--render"):  # where this run wrote is no part of how to repeat it
        while flag in shown and shown.index(flag) + 1 < len(shown):
            del shown[shown.index(flag) : shown.index(flag) + 2]
    args.argv_text = " ".join(shown)
    if args.sizes:
        try:
            args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
        except ValueError:
            parser.error("--sizes: expected comma-separated numbers, e.g. 1000,10000")
        if not args.sizes or min(args.sizes) < 1:
            parser.error("--sizes: sizes must be 1 or more")
    else:
        args.sizes = [200] if args.quick else [1_000, 10_000, 100_000]
    if args.million and MILLION not in args.sizes:
        args.sizes.append(MILLION)
    args.repeat = args.repeat or (1 if args.quick else 3)
    if args.repeat < 1:
        parser.error("--repeat: 1 or more")
    if args.rev and args.python:
        parser.error("--rev and --python: choose one")
    args.workdir = Path(os.path.abspath(args.workdir))
    if args.output is None:
        args.output = args.workdir / "benchmarks.md" if args.quick else PROJECT / "docs" / "benchmarks.md"
    return args


def add_profile(data: dict, args, nl: Newslint) -> None:
    sizes = [int(s) for s in data["sizes"]]
    size = max([s for s in sizes if s <= 10_000] or [min(sizes)])
    corpus = args.workdir / f"corpus-{size}"
    if not (corpus / ".git").exists():
        raise BenchError(f"{corpus} is missing: run the benchmark first")
    print(f"profiling newslint on {size:,} articles ...", flush=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NEWSLINT")) and k != "CI"}
    data["profile"] = {"size": size, "modes": profile(nl, corpus, size, env, args.workdir)}
    git(corpus, "checkout", "-q", "--", ".")


def write_report(data: dict, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(data), encoding="utf-8")
    svg = svg_plot(data)
    if svg:
        output.with_suffix(".svg").write_text(svg, encoding="utf-8")


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.render:
        data = json.loads(args.render.read_text())
        if args.profile:
            try:
                add_profile(data, args, newslint_under_test(args, args.workdir))
            except BenchError as exc:
                print(f"benchmarks/run.py: {exc}", file=sys.stderr)
                return 2
            args.render.write_text(json.dumps(data, indent=1))
        write_report(data, args.output)
        print(f"wrote {args.output}")
        return 0
    try:
        return benchmark(args)
    except BenchError as exc:
        print(f"benchmarks/run.py: {exc}", file=sys.stderr)
        return 2


def benchmark(args) -> int:
    shared = Path(os.path.abspath(args.shared))
    for tool in ("mkcorpus.py", "floor.py"):
        if not (shared / "tools" / tool).exists():
            raise BenchError(f"{shared / 'tools' / tool} is missing: the corpus generator and the floor live in the "
                             f"workplace's shared folder beside the checkout (../shared); pass --shared DIR if it is elsewhere")
    if shutil.which("git") is None:
        raise BenchError("git is needed: each corpus is a git work tree, as newslint's cache expects")
    work = args.workdir
    try:
        work.relative_to(PROJECT)
        raise BenchError(f"--workdir {work} is inside the repository: choose a folder outside it")
    except ValueError:
        pass
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    machine = machine_notes()
    nl = newslint_under_test(args, work)
    peers = None if args.no_peers else install_peers(work)
    cores = machine["cores"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NEWSLINT")) and k not in ("CI", "COV_CORE_SOURCE")}
    env["NO_COLOR"] = "1"
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    logs = work / f"logs-{stamp}"
    logs.mkdir()
    data = {"argv": args.argv_text, "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "sizes": args.sizes, "repeat": args.repeat, "max_repeat_seconds": args.max_repeat_seconds,
            "peer_max_size": args.peer_max_size, "peer_timeout": args.peer_timeout, "machine": machine,
            "versions": tool_versions(nl, peers), "corpora": {}, "checks": {}, "results": {}}
    results_file = work / f"results-{stamp}.json"
    print(f"newslint: {data['versions']['newslint']}\nwork folder: {work}; logs: {logs}", flush=True)
    failed = False
    timed_out: dict[str, int] = {}
    for size in args.sizes:
        corpus, meta = build_corpus(shared, work, size)
        data["corpora"][str(size)] = meta
        data["checks"][str(size)] = findings_check(corpus, meta, nl, env)
        print(f"{size:,} articles: {json.dumps(data['checks'][str(size)])}", flush=True)
        commands = plan(size, corpus, nl, peers if size <= args.peer_max_size and size < MILLION else None, shared, work, env, cores,
                        args.pytest_max_size)
        results = run_size(size, corpus, commands, args, logs, env, timed_out)
        if size > args.pytest_max_size or size >= MILLION:
            for label in (PYTEST, PYTEST_XDIST, PYTEST_WARM):
                results[label] = Result(label, size, note=f"not run: over --pytest-max-size {args.pytest_max_size:,}"
                                        if size > args.pytest_max_size else "not run at a million articles")
        if peers is not None and size > args.peer_max_size:
            for label in PEERS:
                results[label] = Result(label, size, note=f"not run: over --peer-max-size {args.peer_max_size:,}")
        data["results"][str(size)] = {label: asdict(r) for label, r in results.items()}
        failed = failed or any(r.error for r in results.values())
        git(corpus, "checkout", "-q", "--", ".")
        same = same_findings_check(corpus, nl, env, work, size)
        data["checks"][str(size)]["same_findings"] = same
        print(f"{size:,} articles: served from the cache, the same findings as without it: {json.dumps(same)}", flush=True)
        failed = failed or not all(same.values())
        for folder in (work / f"clone-{size}", work / f"plain-{size}"):  # copies of the corpus: disk
            shutil.rmtree(folder, ignore_errors=True)
        results_file.write_text(json.dumps(data, indent=1))
    if args.profile:
        add_profile(data, args, nl)
    machine["load_at_end"] = os.getloadavg()
    data["elapsed_minutes"] = (time.perf_counter() - started) / 60
    results_file.write_text(json.dumps(data, indent=1))
    write_report(data, args.output)
    print()
    print(summary_table(data))
    print()
    print(table([list(row) for row in floors(data)], ["floor", "target", "measured", "verdict"], "llll"))
    for size in args.sizes:
        print(f"\n{size:,} articles\n")
        print(detail_table(data, size))
    print(f"\nwrote {args.output} and {args.output.with_suffix('.svg')}; raw results in {results_file}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
