"""How long a browser takes to open a large `--format html` report.

usage: python3 benchmarks/html_report.py [ARTICLES]   (default 2,640 articles: about 10,000 findings)

Makes ARTICLES articles with ../shared/tools/mkcorpus.py, gives each four defects (a repeated
paragraph, a title conflict, a hashtag line, trailing padding), renders the report with the
`newslint` beside this Python, and opens it in headless Chromium. The page stamps
`data-ready-ms` on <html> when its script has run after a forced layout (performance.now(),
from navigation start); the script is the last thing in the page, so that is parse, style,
layout and the filter set-up. The wall-clock time of `chromium --dump-dom` is printed too (it
includes starting the browser: compare with the empty page's).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MKCORPUS = HERE.parent.parent / "shared" / "tools" / "mkcorpus.py"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


def defective(text: str, number: int) -> str:
    paragraphs = text.rstrip("\n").split("\n\n")
    name = f"Alex Morgan{number}"
    paragraphs.insert(1, f"Transport Minister {name} said the figures would be published on Monday.")
    paragraphs.append(f"Former Transport Minister {name} declined to comment on the report.")
    paragraphs.append(paragraphs[2])  # a paragraph pasted twice
    paragraphs.append("#News #Politics #Transport #Update #Breaking")
    return "\n\n".join(paragraphs) + "\n\n \n\t\n\n"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("no chromium here (apt-get install chromium)")


def open_in_browser(page: Path, profile: Path) -> tuple[float, int | None]:
    start = time.perf_counter()
    result = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                            capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - start
    ready = re.search(r'data-ready-ms="(\d+)"', result.stdout)
    return wall, int(ready.group(1)) if ready else None


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2640
    newslint = shutil.which("newslint", path=os.path.dirname(sys.executable)) or "newslint"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        subprocess.run([sys.executable, str(MKCORPUS), str(corpus), str(count)], check=True)
        for number, path in enumerate(sorted(corpus.rglob("*.txt"))):
            path.write_text(defective(path.read_text(encoding="utf-8"), number), encoding="utf-8")
        report = tmp / "report.html"
        start = time.perf_counter()
        findings = json.loads(subprocess.run([newslint, "--no-cache", "--exit-zero", "--format", "json", str(corpus)],
                                             check=True, capture_output=True, text=True).stdout)["findings"]
        check = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([newslint, "--no-cache", "--exit-zero", "--format", "html", "-o", str(report), str(corpus)], check=True)
        render = time.perf_counter() - start
        empty = tmp / "empty.html"
        empty.write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
        empty_wall, _ = open_in_browser(empty, tmp / "profile")
        runs = [open_in_browser(report, tmp / "profile") for _ in range(3)]
        print(f"articles: {count:,}; findings: {len(findings):,}; report: {report.stat().st_size / 1e6:.1f} MB")
        print(f"newslint --format json: {check:.2f} s; --format html: {render:.2f} s (the report: about {render - check:.2f} s)")
        print(f"chromium, empty page: {empty_wall:.2f} s wall")
        for wall, ready in runs:
            print(f"chromium, report: {wall:.2f} s wall, page ready after {ready} ms")


if __name__ == "__main__":
    main()
