"""The progress line: only where a person watches, only after a couple of seconds, erased."""
from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from pytest_newslint.pipeline import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_wanted_only_on_a_terminal_for_text_without_ci_or_quiet():
    terminal, pipe = Terminal(), io.StringIO()
    assert progress.wanted(terminal, "text", False, environ={})
    assert not progress.wanted(pipe, "text", False, environ={})
    assert not progress.wanted(terminal, "json", False, environ={})
    assert not progress.wanted(terminal, "sarif", False, environ={})
    assert not progress.wanted(terminal, "text", True, environ={})
    assert not progress.wanted(terminal, "text", False, environ={"CI": "true"})
    assert not progress.wanted(terminal, "text", False, environ={"NEWSLINT_NO_PROGRESS": "1"})


def test_silent_for_a_short_run_then_counts_then_erases_itself():
    now = [0.0]
    stream = Terminal()
    line = progress.Progress(stream, delay=2.0, interval=0.1, clock=lambda: now[0])
    line.files(10, 100)
    assert stream.getvalue() == ""  # under two seconds: nothing
    now[0] = 2.5
    line.files(50, 100)
    now[0] = 2.55
    line.files(51, 100)  # too soon after the last update
    now[0] = 2.7
    line.files(100, 100)
    line.note("repeated-block: comparing 100 articles")
    assert stream.getvalue().count("\r") == 3
    assert "checked 50 of 100 files (50%)" in stream.getvalue() and "51 of" not in stream.getvalue()
    line.close()
    assert stream.getvalue().endswith("\r")
    assert stream.getvalue().rsplit("\r", 2)[-2].strip() == ""  # the line is blanked


def _articles(folder, count):
    for index in range(count):
        (folder / f"a{index}.txt").write_text(f"Headline {index}\n\nThe council met on day {index} and approved the budget.\n")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_the_command_shows_it_on_a_terminal_and_never_in_a_pipe(tmp_path):
    _articles(tmp_path, 30)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NEWSLINT_NO_PROGRESS")}
    script = "from pytest_newslint.pipeline import progress; progress.DELAY = 0; from pytest_newslint.cli import main; main(['--no-cache', '.'])"
    leader, follower = pty.openpty()
    completed = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=follower, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert completed.returncode == 0
    assert b"checked 30 of 30 files (100%)" in shown
    assert b"checked" not in completed.stdout  # findings and summary only on standard output
    piped = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert piped.returncode == 0 and b"checked" not in piped.stderr
