"""Benchmark `newslint server`: how long after the debounce ends an edited article's diagnostics
arrive, through a real LSP client (pygls' LanguageClient) talking to `python -m
pytest_newslint.server` over standard input and output.

usage: python benchmarks/bench_server.py [--words 2000] [--edits 20] [--debounce 0.3]
                                         [--workdir DIR]

The article: about --words words of Wikinews text from ../shared/corpus/wikinews (or generated
sentences when it is not there), with two paragraphs copied from another article of the
repository, so that both stages publish something. The repository: the other Wikinews articles
(those the article is not made of) in a git work tree, checked once by the `newslint` command first (the cache a user already has).

Each edit is a didChange (one word changed); the client times
- per-file: from the end of the debounce (the change sent + --debounce) to the first
  publishDiagnostics of that version (the per-file findings);
- cross-article: from the end of the debounce to the publication that adds the copy from the
  other article (the comparison with the saved articles, from the cache, in the server's thread).
The client waits for both before the next edit. Figures: median, 90th percentile, maximum.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

PROJECT = Path(__file__).resolve().parent.parent


def find_wikinews() -> Path | None:
    for folder in PROJECT.parents:
        candidate = folder / "shared" / "corpus" / "wikinews"
        if candidate.is_dir():
            return candidate
    return None


def make_repository(workdir: Path) -> tuple[Path, str]:
    """The repository (a git work tree) and the text of the new article to open."""
    repo = workdir / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    source = find_wikinews()
    if source is not None:
        texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(source.glob("*.txt"))}
    else:  # generated articles, deterministic
        texts = {
            f"{number:04d}.txt": "\n".join(
                " ".join(f"word{(number * 31 + p * 7 + w) % 997}" for w in range(40)) + "." for p in range(8)
            ) + "\n"
            for number in range(200)
        }
    names = sorted(texts)
    copied = [p for p in texts[names[0]].splitlines() if len(p.split()) >= 12][:2]  # from an article of the repository
    wanted = ARGS.words - sum(len(p.split()) for p in copied)
    kept, words, used = [], 0, set()
    for name in reversed(names[1:]):  # the body: articles kept out of the repository
        used.add(name)
        for paragraph in (p for p in texts[name].splitlines() if len(p.split()) >= 12):
            kept.append(paragraph)
            words += len(paragraph.split())
            if words >= wanted:
                break
        if words >= wanted:
            break
    for name in names:
        if name not in used:
            (repo / name).write_text(texts[name], encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    middle = len(kept) // 2
    article = "\n".join(kept[:middle] + copied + kept[middle:]) + "\n"
    return repo, article


async def bench(repo: Path, article: str) -> dict:
    client = LanguageClient("bench", "1")
    published: list[tuple[float, types.PublishDiagnosticsParams]] = []
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(ls, params):
        published.append((time.perf_counter(), params))
        event.set()

    await client.start_io(sys.executable, "-m", "pytest_newslint.server", "--debounce", str(ARGS.debounce), cwd=str(repo))
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(repo)),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(repo)), name="repo")]))
    client.initialized(types.InitializedParams())
    path = repo / "zz-new-article.txt"  # unsaved: never written
    uri = from_fs_path(str(path))

    async def until(predicate, timeout=60.0):
        deadline = time.perf_counter() + timeout
        while True:
            found = predicate()
            if found is not None:
                return found
            event.clear()
            await asyncio.wait_for(event.wait(), max(0.01, deadline - time.perf_counter()))

    def publication(version: int, cross: bool):
        for when, params in published:
            if params.uri == uri and params.version == version:
                has_copy = any("another article" in d.message for d in params.diagnostics)
                if has_copy == cross:
                    return when, params
        return None

    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=article)))
    await until(lambda: publication(1, True), timeout=300)  # the first comparison may fill the cache
    per_file, cross, findings = [], [], 0
    text = article
    for version in range(2, ARGS.edits + 2):
        first_line, rest = text.split("\n", 1)
        text = (first_line.rsplit(" ", 1)[0] + f" edit{version}.") + "\n" + rest
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        debounce_end = sent + ARGS.debounce
        when, params = await until(lambda: publication(version, False))
        per_file.append(when - debounce_end)
        when, params = await until(lambda: publication(version, True))
        cross.append(when - debounce_end)
        findings = len(params.diagnostics)
    await client.shutdown_async(None)
    client.exit(None)
    status = await client._server.wait()
    await client.stop()
    return {"per_file": per_file, "cross": cross, "findings": findings, "status": status,
            "words": len(article.split())}


def describe(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def main() -> int:
    workdir = Path(ARGS.workdir) if ARGS.workdir else Path(tempfile.mkdtemp(prefix="newslint-bench-server-"))
    repo, article = make_repository(workdir)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest_newslint.cli", "-q", "--exit-zero", "."], cwd=repo,
                   check=True, stdout=subprocess.DEVNULL)
    print(f"repository: {len(list(repo.glob('*.txt')))} articles (cache filled by `newslint .` in {time.perf_counter() - started:.1f} s)")
    result = asyncio.run(bench(repo, article))
    print(f"article: {result['words']} words, {ARGS.edits} edits, debounce {ARGS.debounce * 1000:.0f} ms, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"per-file diagnostics after the debounce: {describe(result['per_file'])}")
    print(f"with the cross-article comparison:       {describe(result['cross'])}")
    print(f"findings on the last edit: {result['findings']}; server exit status {result['status']}")
    if not ARGS.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--debounce", type=float, default=0.3)
    parser.add_argument("--workdir")
    ARGS = parser.parse_args()
    sys.exit(main())
