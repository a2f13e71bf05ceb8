"""Done-when of issue #18: seed 002 ("former US President Donald Trump", line 5) added to a git
repository as a new article, default config, on a day of Trump's second term after the built-in
registry's as-of (NEWSLINT_TODAY=2026-12-04): a title-role finding on line 5 from the CLI,
`pytest --newslint` and the real pre-commit hook; none once it is committed (no date then)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import git, shared_corpus
from tests.test_precommit import content_repo, run_pre_commit

TODAY = {"NEWSLINT_TODAY": "2026-12-04"}
NAME = "002_b2de33e6ac6e174c.txt"


@pytest.fixture
def seed_repo(tmp_path):
    repo = tmp_path / "news"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(shared_corpus("seeds", NAME), repo / NAME)
    return repo


def _title_role_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if " title-role " in line and not line.startswith("newslint: note")]


def test_cli_untracked_then_staged_then_committed(seed_repo, run_cli):
    untracked = run_cli(NAME, cwd=seed_repo, env=TODAY)
    (line,) = _title_role_lines(untracked.stdout)
    assert line.startswith(f"{NAME}:5:") and "'former US President'" in line and "on 2026-12-04 (today: a new article)" in line
    git(seed_repo, "add", NAME)
    (line,) = _title_role_lines(run_cli(NAME, cwd=seed_repo, env=TODAY).stdout)
    assert line.startswith(f"{NAME}:5:")
    git(seed_repo, "commit", "-qm", "seed")
    assert _title_role_lines(run_cli(NAME, cwd=seed_repo, env=TODAY).stdout) == []  # published before: undated


def test_undated_outside_git_no_finding(tmp_path, run_cli):
    shutil.copy(shared_corpus("seeds", NAME), tmp_path / NAME)
    assert _title_role_lines(run_cli("--no-cache", NAME, cwd=tmp_path, env=TODAY).stdout) == []


def test_pytest_newslint(seed_repo):
    git(seed_repo, "add", NAME)
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "--newslint", "-p", "no:cacheprovider", "-q", NAME], cwd=seed_repo,
        capture_output=True, text=True, timeout=300, env={**os.environ, **TODAY},
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert f"{NAME}:5:" in completed.stdout and "title-role" in completed.stdout
    assert "(today: a new article)" in completed.stdout
    assert "newslint: note: title-role: the built-in people registry is as of 2025-06-30" in completed.stdout


@pytest.mark.slow
def test_pre_commit_hook(tmp_path, hook_repo, pre_commit_home, monkeypatch):
    content = content_repo(tmp_path, hook_repo)
    shutil.copy(shared_corpus("seeds", NAME), content / NAME)
    git(content, "add", "-A")
    monkeypatch.setenv("NEWSLINT_TODAY", TODAY["NEWSLINT_TODAY"])  # run_pre_commit passes os.environ on
    result = run_pre_commit(content, pre_commit_home)  # the staged files, as on `git commit`
    assert result.returncode == 1, result.stdout + result.stderr
    (line,) = _title_role_lines(result.stdout)
    assert line.startswith(f"{NAME}:5:") and "(today: a new article)" in line
    assert "newslint: note: title-role: the built-in people registry is as of 2025-06-30" in result.stdout
