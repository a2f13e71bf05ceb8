import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
# PyYAML imported before any test runs: newslint imports it only when it first reads YAML, and
# when that first import happened inside pytester's in-process run (`runpytest`, `inline_run`),
# pytester's restore of sys.modules dropped it; the next import made new Python classes while
# its C part (`yaml._yaml`, which cannot be loaded twice) kept building the old ones, and
# PyYAML's constructor knew none of its nodes ("could not determine a constructor for the tag
# None"): title-role's internal errors seen now and then under `-n 2`
import yaml  # noqa: F401

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus"


def shared_corpus(*parts) -> Path:
    """A folder of ../shared/corpus, or skip the test when it is not there."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is beside the checkout only in the project's workplace)")
    return path


def newslint_command() -> list[str]:
    executable = shutil.which("newslint", path=os.path.dirname(sys.executable))
    return [executable] if executable else [sys.executable, "-m", "pytest_newslint.cli"]


@pytest.fixture
def run_cli():
    """Run the real `newslint` command; returns the CompletedProcess (text)."""

    def run(*args, cwd=None, input=None, env=None):
        return subprocess.run(
            newslint_command() + [str(a) for a in args],
            cwd=cwd,
            capture_output=True,
            text=True,
            input=input,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
            timeout=300,
        )

    return run


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


# The pre-commit fixtures live here so that every test module shares one hook install.
@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory):
    """A git repository holding this checkout's package and .pre-commit-hooks.yaml."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(PROJECT / name, repo / name)
    shutil.copytree(PROJECT / "pytest_newslint", repo / "pytest_newslint",
                    ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hook")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    return repo, rev


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


