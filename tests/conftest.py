import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
