"""Regenerate docs/img/report.png: the HTML report of examples/ in headless Chromium.

usage: python3 docs/img/make_screenshot.py   (from the repository, with newslint installed)
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
newslint = shutil.which("newslint", path=os.path.dirname(sys.executable)) or "newslint"
chromium = shutil.which("chromium") or shutil.which("chromium-browser") or sys.exit("no chromium (apt-get install chromium)")
with tempfile.TemporaryDirectory() as tmp:
    page = Path(tmp) / "report.html"
    subprocess.run([newslint, "--no-cache", "--exit-zero", "--format", "html", "-o", str(page), "examples/"], cwd=ROOT, check=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
                    f"--user-data-dir={tmp}/profile", "--window-size=1200,1400",
                    f"--screenshot={ROOT / 'docs/img/report.png'}", page.as_uri()],
                   check=True, capture_output=True)
print("wrote docs/img/report.png")
