import json

import pytest

from tests.conftest import shared_corpus

CLEAN = "Council Approves Budget\n\nThe council approved the budget on Tuesday after a long debate.\n"
PADDED = CLEAN + "\n"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN)
    (tmp_path / "padded.md").write_text(PADDED)
    return tmp_path


def test_exit_codes(tree, run_cli):
    assert run_cli(tree / "clean.txt").returncode == 0
    result = run_cli(tree)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].endswith("padded.md:4:1: error trailing-padding 1 blank line after the last line of text (line 4)")
    assert run_cli("--exit-zero", tree).returncode == 0
    assert run_cli("--no-such-option").returncode == 2


def test_paths_are_relative_to_the_working_folder(tree, run_cli):
    result = run_cli(".", cwd=tree)
    assert result.stdout.startswith("padded.md:4:1: error trailing-padding ")


def test_default_path_is_the_current_folder(tree, run_cli):
    assert run_cli(cwd=tree).returncode == 1


def test_json_output_shape(tree, run_cli):
    result = run_cli("--format", "json", tree)
    data = json.loads(result.stdout)
    [finding] = data["findings"]
    assert set(finding) >= {"path", "rule", "line", "column", "end_line", "end_column", "severity", "message"}
    assert (finding["rule"], finding["line"], finding["severity"]) == ("trailing-padding", 4, "error")


def test_select_ignore_and_fail_level(tree, run_cli):
    assert run_cli("--select", "repeated-block", tree).returncode == 0
    assert run_cli("--ignore", "trailing-padding", tree).returncode == 0
    result = run_cli("--select", "no-such-rule", tree)
    assert result.returncode == 2 and "unknown rule 'no-such-rule'" in result.stderr
    (tree / ".newslint.yaml").write_text("rules:\n  trailing-padding:\n    severity: info\n")
    assert run_cli(".", cwd=tree).returncode == 0  # info is below the default fail level
    assert run_cli("--fail-level", "info", ".", cwd=tree).returncode == 1


CONFIG_ERRORS = [
    ("rules:\n  no-such-rule: {}\n", "rules: unknown rule 'no-such-rule'"),
    ("rules:\n  hashtag-stuffing:\n    paragraph-maximum: 2\n", "rules.hashtag-stuffing: unknown option 'paragraph-maximum'"),
    ("rules:\n  hashtag-stuffing:\n    paragraph-max: lots\n", "rules.hashtag-stuffing.paragraph-max: expected an integer, got 'lots'"),
    ("rules:\n  repeated-block:\n    similarity: 2\n", "rules.repeated-block.similarity: must be at most 1"),
    ("rules:\n  trailing-padding:\n    severity: fatal\n", "rules.trailing-padding.severity: expected one of error, warning, info"),
    ("includes: ['*.txt']\n", "unknown key 'includes'"),
    ("rules: [\n", "not valid YAML"),
    ("- just\n- a list\n", "must be a mapping"),
    ("max-file-size: huge\n", "max-file-size: expected a size"),
    ("a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "\n".join(f"c{i}: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]" for i in range(12)) + "\n", "YAML bomb"),
    ("x: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ("rules:\n  title-role:\n    people:\n      Jane Doe:\n        current: Grand Poobah\n", "is not an office newslint knows"),
    ("rules:\n  title-role:\n    registry-file: missing.yaml\n", "registry-file: cannot read"),
]


@pytest.mark.parametrize("text, message", CONFIG_ERRORS)
def test_config_errors_are_one_line_naming_the_key(tree, run_cli, text, message):
    (tree / ".newslint.yaml").write_text(text)
    result = run_cli(".", cwd=tree)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("newslint: error: .newslint.yaml")
    assert "Traceback" not in result.stderr


def test_config_in_pyproject_and_walking_up(tree, run_cli):
    (tree / "pyproject.toml").write_text('[tool.newslint.rules]\ntrailing-padding = false\n')
    sub = tree / "sub"
    sub.mkdir()
    (sub / "more.txt").write_text(PADDED)
    assert run_cli(".", cwd=sub).returncode == 0
    assert run_cli(".", cwd=tree).returncode == 0
    (tree / "pyproject.toml").write_text('[tool.newslint.rules.trailing-padding]\nseverity = "bogus"\n')
    result = run_cli(".", cwd=sub)
    assert result.returncode == 2 and "pyproject.toml: rules.trailing-padding.severity" in result.stderr


def test_explicit_config_file(tree, run_cli):
    (tree / "strict.yaml").write_text("rules:\n  trailing-padding: false\n")
    assert run_cli("--config", tree / "strict.yaml", tree).returncode == 0
    result = run_cli("--config", tree / "missing.yaml", tree)
    assert result.returncode == 2 and "config file not found" in result.stderr


def test_show_config_list_rules_explain_version(tree, run_cli):
    shown = run_cli("--show-config", "padded.md", cwd=tree)
    assert shown.returncode == 0 and "trailing-padding:" in shown.stdout and "min-words: 15" in shown.stdout
    listed = run_cli("--list-rules")
    for rule in ("repeated-block", "trailing-padding", "hashtag-stuffing", "title-role"):
        assert rule in listed.stdout
    explained = run_cli("--explain", "trailing-padding")
    assert "## What it does" in explained.stdout and "## Why is this bad?" in explained.stdout
    assert run_cli("--explain", "nope").returncode == 2
    assert run_cli("--version").stdout.startswith("newslint ")


def test_file_selection(tmp_path, run_cli):
    for name in ("a.txt", "b.md", "README.md", "LICENSE.txt", "requirements.txt", "notes.rst",
                 ".hidden/c.txt", "venv/d.txt", "node_modules/e.md", "sub/f.markdown", "ignored/g.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PADDED)
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    assert sorted(f["path"] for f in json.loads(result.stdout)["findings"]) == [
        "a.txt", "b.md", "ignored/g.txt", "sub/f.markdown"]
    # inside a git work tree, .gitignore is honoured
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("ignored/\n")
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    assert sorted(f["path"] for f in json.loads(result.stdout)["findings"]) == ["a.txt", "b.md", "sub/f.markdown"]
    # a file named explicitly is checked unless the config excludes it
    assert run_cli("notes.rst", cwd=tmp_path).returncode == 1
    assert run_cli("README.md", cwd=tmp_path).returncode == 0


def test_no_files_found(tmp_path, run_cli):
    result = run_cli(".", cwd=tmp_path)
    assert result.returncode == 0 and "no files to check" in result.stderr


def test_check_examples_agrees(run_cli):
    """The shared tool that compares newslint with the labeled examples and 291 real articles.
    It runs newslint in the shared folders, where a cache must not be left (as root, their
    read-only mode would not stop one): --no-cache."""
    import subprocess
    import sys

    from tests.conftest import SHARED, newslint_command

    shared_corpus("examples")
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "check_examples.py"),
                             "--newslint", " ".join(newslint_command() + ["--no-cache"])], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("0 disagreements")


def test_wikinews_has_no_findings_in_process():
    from pathlib import Path

    from pytest_newslint.config import build_config
    from pytest_newslint.engine import Engine

    wiki = shared_corpus("wikinews")
    report = Engine(build_config({}, Path.cwd())).run(sorted(wiki.glob("*.txt")))
    assert len(report.files) == 291
    assert report.findings == []


def test_fewer_collections_restores_the_thresholds():
    import gc

    from pytest_newslint.pipeline.workers import fewer_collections

    before = gc.get_threshold()
    with pytest.raises(KeyError):
        with fewer_collections():
            assert gc.get_threshold()[0] > before[0]
            raise KeyError("a run that fails")
    assert gc.get_threshold() == before


def test_the_command_ends_without_freeing_yet_leaves_everything_written(tmp_path, run_cli):
    """`newslint` ends with os._exit (as mypy's hard_exit), so nothing is freed at exit: the
    report is whole, the exit code kept, the cache closed (its write-ahead log folded into the
    database file) and served to the next run; a reader that stops early is no traceback."""
    import sqlite3
    import subprocess

    from tests.conftest import newslint_command

    for index in range(40):
        (tmp_path / f"a{index:02d}.txt").write_text(f"Story {index} of the day.\n\nThe council met on day {index}.\n\n\n\n",
                                                    encoding="utf-8")
    first = run_cli("--format", "json", ".", cwd=tmp_path)
    assert first.returncode == 1 and len(json.loads(first.stdout)["findings"]) == 40
    database = tmp_path / ".newslint_cache" / "newslint.sqlite3"
    assert not (tmp_path / ".newslint_cache" / "newslint.sqlite3-wal").exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == 40
    assert run_cli("--format", "json", ".", cwd=tmp_path).stdout == first.stdout
    head = subprocess.run(" ".join(newslint_command()) + " --no-cache . | head -1", shell=True, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert head.stdout.count("\n") == 1 and "Traceback" not in head.stderr, head.stderr
