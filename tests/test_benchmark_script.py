"""benchmarks/run.py stays runnable: its help, and a quick run on 50 articles without the peers
(no PyPI or npm installs), its report written into a temporary folder, never into docs/."""
import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT, SHARED

SCRIPT = PROJECT / "benchmarks" / "run.py"


def run_script(*args, timeout=120):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          cwd=PROJECT)


def test_help_names_the_flags():
    result = run_script("--help")
    assert result.returncode == 0, result.stderr
    for flag in ("--sizes", "--repeat", "--workdir", "--quick", "--no-peers"):
        assert flag in result.stdout


def test_missing_shared_folder_is_a_clear_error(tmp_path):
    result = run_script("--quick", "--no-peers", "--workdir", tmp_path / "work", "--shared", tmp_path / "nowhere")
    assert result.returncode == 2
    assert "mkcorpus.py is missing" in result.stderr and "--shared" in result.stderr


def test_quick_run_without_peers(tmp_path):
    if not (SHARED / "tools" / "mkcorpus.py").exists():
        pytest.skip(f"{SHARED}/tools is not here (../shared is beside the checkout only in the project's workplace)")
    report = tmp_path / "benchmarks.md"
    result = run_script("--quick", "--no-peers", "--sizes", "50", "--workdir", tmp_path / "work", "--output", report,
                        "--python", sys.executable)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    for label in ("floor", "newslint cold", "newslint warm", "newslint one changed", "newslint one changed, named",
                  "pytest --newslint cold", "pytest --newslint -n 2 cold"):
        assert f"| {label} |" in text
    assert (tmp_path / "benchmarks.svg").read_text().startswith("<svg")
    # the injected defects are all found (one of each kind in 50 articles)
    results = json.loads(next((tmp_path / "work").glob("results-*.json")).read_text())
    recall = results["checks"]["50"]["recall"]
    assert all(hit == total for hit, total, _ in recall.values()), recall
