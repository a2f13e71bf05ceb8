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


def test_a_tree_sample_taken_while_a_process_forked_is_dropped(monkeypatch):
    """The processes of a tree are read one after another: a sample across a fork (a process
    read whole before it forked, its copy after) would count the shared pages one and a half
    times, so such a sample is dropped (None), and a steady tree's is its PSS."""
    import os
    import subprocess

    run = _load_run_module()
    child = subprocess.Popen(["sleep", "5"])
    try:
        steady = run._tree_rss_kb(os.getpid())
        assert steady is not None and steady > 0
        listings = iter([[os.getpid()], [os.getpid(), child.pid]])  # the copy appears between the two listings
        monkeypatch.setattr(run, "_tree_pids", lambda root: next(listings))
        assert run._tree_rss_kb(os.getpid()) is None
    finally:
        child.kill()
        child.wait()


def _load_run_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("benchmark_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up there)
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPT.parent))
    return module
