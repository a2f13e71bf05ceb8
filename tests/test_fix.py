"""--fix, --diff and the fixer's promises: only whole defects removed, idempotent, line endings
and encoding kept, atomic writes."""
import os
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_newslint.config import build_config
from pytest_newslint.engine import Engine
from pytest_newslint.fix import fix_bytes, remove_stale_temporary_files, write_atomically, WriteRefused
from tests.conftest import shared_corpus

ENGINE = None


def engine():
    global ENGINE
    if ENGINE is None:
        ENGINE = Engine(build_config({}, Path.cwd()))
    return ENGINE


def fixed(text: str, path="a.txt") -> str:
    result = fix_bytes(engine(), text.encode("utf-8"), path)
    assert result.error is None
    return result.fixed.decode("utf-8")


BODY = "Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about schools and roads.\n"


@pytest.mark.parametrize("before, after", [
    (BODY + "\n\n\n", BODY),
    (BODY.replace("\n", "\r\n") + "\r\n \r\n", BODY.replace("\n", "\r\n")),
    (BODY.replace("\n", "\r") + "\r\r", BODY.replace("\n", "\r")),
    (BODY + "\n#Budget #Council #Schools\n", BODY),
    (BODY + "\n#Budget #Council #Schools\n\n\n", BODY),
    (BODY + "#Budget #Council #Schools", BODY),
    (BODY[:-1], BODY[:-1]),  # no final newline: left as it is
    (BODY, BODY),
])
def test_fixes(before, after):
    assert fixed(before) == after


def test_exact_repeated_block_removed_near_duplicate_kept():
    first = "The programme, introduced during the pandemic, has cost more than expected, and the committee wants a review."
    other = "Tenant groups welcomed the vote but said the extension did little for the shortage of homes."
    text = f"Title\n\n{first}\n\n{other}\n\n{first}\n"
    assert fixed(text) == f"Title\n\n{first}\n\n{other}\n"
    near = first.replace("more than", "far more than").replace("a review", "a full review")
    text = f"Title\n\n{first}\n\n{other}\n\n{near}\n"
    assert fixed(text) == text


def test_bom_kept():
    raw = b"\xef\xbb\xbf" + (BODY + "\n\n").encode()
    assert fix_bytes(engine(), raw, "a.txt").fixed == b"\xef\xbb\xbf" + BODY.encode()


def test_hashtags_in_prose_and_title_conflicts_are_not_fixed():
    text = ("Title\n\nThe vote passed. #a #b #c #d\n\nFinance Minister Laura Benet spoke.\n\n"
            "Former Finance Minister Laura Benet left.\n")
    assert fixed(text) == text


def test_fix_refused_when_front_matter_would_break(monkeypatch):
    from pytest_newslint import fix as fix_module
    from pytest_newslint.finding import Fix

    text = "---\ntitle: A\n---\n\nBody text here.\n\n\n"
    original_apply = fix_module.apply_fixes
    monkeypatch.setattr(fix_module, "apply_fixes", lambda t, fixes: original_apply(t, [Fix(0, 4, "")]))
    result = fix_bytes(engine(), text.encode(), "a.md")
    assert result.error and "front matter" in result.error


WORDS = st.sampled_from(["budget", "council", "vote", "Monday", "#Tag", "#News", "schools", "the", "a", "said"])
LINE = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)
SPACE = st.sampled_from(["", " ", "\t", "\u00a0", "\u3000", "\u200b", "\x0c"])


@st.composite
def articles(draw):
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = draw(st.lists(LINE, min_size=1, max_size=12))
    tail = draw(st.lists(SPACE, max_size=4))
    text = newline.join(lines + tail)
    if draw(st.booleans()):
        text += newline
    return text, newline


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_fixer_properties(article):
    text, newline = article
    once = fixed(text)
    assert fixed(once) == once  # idempotent
    # only whole lines are removed: the fixed lines are a subsequence of the original lines
    def lines(value):
        parts = value.split(newline)
        return parts[:-1] if parts and parts[-1] == "" else parts

    remaining = iter(lines(text))
    for line in lines(once):
        assert any(line == candidate for candidate in remaining), (text, once)
    # the file's own line ending survives, and no other kind of line break is added
    assert once.count("\r") - once.count("\r\n") <= text.count("\r") - text.count("\r\n")
    assert once.count("\r\n") <= text.count("\r\n")
    if text.endswith(newline) or once != text:
        assert once == "" or once.endswith(newline) or not text.endswith(newline)


def test_cli_fix_and_diff(tmp_path, run_cli):
    path = tmp_path / "a.txt"
    path.write_text(BODY + "\n\n")
    os.chmod(path, 0o640)
    diff = run_cli("--diff", path)
    assert diff.returncode == 1 and "@@" in diff.stdout and path.read_text() == BODY + "\n\n"
    result = run_cli("--fix", path)
    assert result.returncode == 1  # a file was changed: the pre-commit convention
    assert path.read_text() == BODY
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert run_cli("--fix", path).returncode == 0
    assert run_cli("--diff", path).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left


def test_read_only_file_is_left_alone_even_for_root(tmp_path, run_cli):
    path = tmp_path / "a.txt"
    path.write_text(BODY + "\n\n")
    os.chmod(path, 0o444)
    result = run_cli("--fix", path)
    assert "read-only file: not fixed" in result.stderr
    assert path.read_text() == BODY + "\n\n"


def test_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("new text\n")
    with pytest.raises(WriteRefused, match="changed on disk"):
        write_atomically(path, b"old text\n", b"fixed\n")
    assert path.read_text() == "new text\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_failing_write_keeps_the_original(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n\n")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomically(path, b"old\n\n", b"old\n")
    assert path.read_bytes() == b"old\n\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_stale_temporary_files_are_removed(tmp_path):
    dead = subprocess.run(["true"]).args and 999999  # a pid that is not running
    stale = tmp_path / f".a.txt.newslint-{dead}-abcd.tmp"
    stale.write_text("half")
    alive = tmp_path / f".b.txt.newslint-{os.getppid()}-abcd.tmp"
    alive.write_text("being written")
    removed = remove_stale_temporary_files(tmp_path)
    assert removed == [stale] and alive.exists()


def test_symlinked_article_stays_a_link(tmp_path, run_cli):
    target = tmp_path / "real.txt"
    target.write_text(BODY + "\n\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    run_cli("--fix", link)
    assert link.is_symlink() and target.read_text() == BODY


def test_fix_on_labeled_examples_leaves_only_unfixable(tmp_path, run_cli):
    import json
    import shutil

    examples, seeds = shared_corpus("examples"), shared_corpus("seeds")
    for path in list(examples.iterdir()) + list(seeds.iterdir()):
        shutil.copy(path, tmp_path / path.name)
        os.chmod(tmp_path / path.name, 0o644)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    run_cli("--config", "newslint.yaml", "--fix", ".", cwd=tmp_path)
    after = json.loads(run_cli("--config", "newslint.yaml", "--format", "json", ".", cwd=tmp_path).stdout)
    assert all(not f["fixable"] for f in after["findings"])
    assert {f["rule"] for f in after["findings"]} <= {"title-role", "repeated-block", "hashtag-stuffing"}
    # git diff shows only whole defect lines removed, never a changed or added line
    diff = subprocess.run(["git", "diff", "--unified=0"], cwd=tmp_path, capture_output=True, text=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed and all(line.startswith("-") for line in changed)
