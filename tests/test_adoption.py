"""Adopting newslint on an archive: baselines, `newslint init`, --diff-base, quoted speech and
front matter fields."""
import json
import os
import random
import subprocess
import sys

import pytest
import yaml

from pytest_newslint.config import build_config
from tests.conftest import git
from tests.test_precommit import run_pre_commit

WORDS = ("council budget schools roads harbour bridge library tenants housing rail election vote minister "
         "report inquiry hospital weather harvest festival museum court ruling strike union contract").split()


def paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(18, 30))]
    return " ".join(words).capitalize() + "."


@pytest.fixture
def archive(tmp_path):
    """A git repository of 300 articles; every tenth padded, every fifteenth with a hashtag line."""
    rng = random.Random(7)
    git(tmp_path, "init", "-q")
    for index in range(300):
        body = "\n\n".join(paragraph(rng) for _ in range(4))
        text = f"Story number {index}\n\n{body}\n"
        if index % 15 == 0:
            text += "\n#Local #News #Council\n"
        if index % 10 == 0:
            text += "\n\n"
        folder = tmp_path / "articles" / f"{index // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:04d}.txt").write_text(text)
    (tmp_path / ".newslint.yaml").write_text("baseline: newslint-baseline.json\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "archive")
    return tmp_path


def rules_found(result):
    return sorted((f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"])


def test_baseline_hides_old_findings_only(archive, run_cli):
    written = run_cli("--write-baseline", "newslint-baseline.json", ".", cwd=archive)
    assert written.returncode == 0 and "wrote 50 findings" in written.stderr
    data = json.loads((archive / "newslint-baseline.json").read_text())
    assert data["version"] == 1 and len(data["findings"]) == 50
    assert data["findings"] == sorted(data["findings"], key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    assert run_cli(".", cwd=archive).returncode == 0  # everything old is in the baseline

    # edit lines above an old finding (it moves down), and add a new defect elsewhere
    old = archive / "articles" / "0" / "0030.txt"
    old.write_text("Updated: a correction was added.\n\n" + old.read_text())
    new = archive / "articles" / "1" / "0101.txt"
    new.write_text(new.read_text() + "\n#Breaking #Council #Vote\n")
    # a new finding of the same rule in a file whose old finding is baselined is still reported
    both = archive / "articles" / "0" / "0045.txt"
    lines = both.read_text().split("\n")
    both.write_text("\n".join(lines[:2] + ["#Extra #Hashtags #Here", ""] + lines[2:]))
    result = run_cli("--format", "json", ".", cwd=archive)
    assert rules_found(result) == [
        ("articles/0/0045.txt", 3, "hashtag-stuffing"),
        ("articles/1/0101.txt", 11, "hashtag-stuffing"),
    ]
    # the same through pytest --newslint
    tested = subprocess.run([sys.executable, "-m", "pytest", "--newslint", "-q", "-p", "no:cacheprovider", "-rf"],
                            cwd=archive, capture_output=True, text=True, timeout=300)
    assert "2 failed, 298 passed" in tested.stdout, tested.stdout[-2000:]
    # fixing the old finding and writing the baseline again drops it
    old.write_text(old.read_text().rstrip("\n") + "\n")
    run_cli("--write-baseline", "newslint-baseline.json", ".", cwd=archive)
    entries = json.loads((archive / "newslint-baseline.json").read_text())["findings"]
    assert not [e for e in entries if e["path"] == "articles/0/0030.txt" and e["rule"] == "trailing-padding"]
    assert [e for e in entries if e["path"] == "articles/1/0101.txt"]  # now recorded


def test_baseline_through_pre_commit(archive, run_cli, hook_repo, pre_commit_home, tmp_path):
    run_cli("--write-baseline", "newslint-baseline.json", ".", cwd=archive)
    repo_path, rev = hook_repo
    (archive / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo_path}\n  rev: {rev}\n  hooks:\n  - id: newslint\n")
    git(archive, "add", "-A")
    assert run_pre_commit(archive, pre_commit_home, "--all-files").returncode == 0
    new = archive / "articles" / "2" / "0222.txt"
    new.write_text(new.read_text() + "\n\n\n")
    git(archive, "add", "-A")
    result = run_pre_commit(archive, pre_commit_home)
    assert result.returncode == 1 and "articles/2/0222.txt" in result.stdout
    assert result.stdout.count("trailing-padding") == 1


def test_bad_baseline_file(archive, run_cli):
    assert "baseline file not found" in run_cli(".", cwd=archive).stderr
    (archive / "newslint-baseline.json").write_text("[1, 2]")
    result = run_cli(".", cwd=archive)
    assert result.returncode == 2 and "not a newslint baseline" in result.stderr


def test_init_writes_a_config_that_loads_and_finds_the_articles(archive, run_cli):
    os.unlink(archive / ".newslint.yaml")
    (archive / "README.md").write_text("# The archive\n")
    result = run_cli("init", cwd=archive)
    assert result.returncode == 0, result.stderr
    assert "repos:" in result.stdout and "id: newslint" in result.stdout
    text = (archive / ".newslint.yaml").read_text()
    assert text.startswith("# newslint configuration")
    data = yaml.safe_load(text)
    assert data["include"] == ["articles/**/*.txt"]
    config = build_config(data, archive)
    defaults = build_config({}, archive)
    assert config.as_dict()["rules"] == defaults.as_dict()["rules"]
    assert {k: v for k, v in config.as_dict().items() if k not in ("include", "rules")} == \
        {k: v for k, v in defaults.as_dict().items() if k not in ("include", "rules")}
    listed = json.loads(run_cli("--format", "json", "--ignore", "hashtag-stuffing,trailing-padding", ".", cwd=archive).stdout)
    assert listed["files"] == 300
    again = run_cli("init", cwd=archive)
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert (archive / ".newslint.yaml").read_text() == text
    toml = run_cli("init", "--pyproject", cwd=archive).stdout
    import tomllib

    table = tomllib.loads(toml)["tool"]["newslint"]
    assert table["include"] == ["articles/**/*.txt"]
    assert build_config(table, archive).as_dict()["rules"] == defaults.as_dict()["rules"]


def test_diff_base_reports_only_changed_lines(archive, run_cli):
    os.unlink(archive / ".newslint.yaml")
    git(archive, "commit", "-qam", "no baseline")
    assert run_cli("--diff-base", "HEAD", ".", cwd=archive).returncode == 0  # old findings are not on changed lines
    changed = archive / "articles" / "1" / "0120.txt"  # padded before: its padding did not change
    changed.write_text("New first line.\n\n" + changed.read_text())
    (archive / "articles" / "new.txt").write_text("A new story\n\nIt has a tail of blank lines.\n\n\n")
    tagged = archive / "articles" / "2" / "0201.txt"
    tagged.write_text(tagged.read_text() + "#Added #Tags #Here\n")
    result = run_cli("--format", "json", "--diff-base", "HEAD", ".", cwd=archive)
    assert rules_found(result) == [
        ("articles/2/0201.txt", 10, "hashtag-stuffing"),
        ("articles/new.txt", 4, "trailing-padding"),
    ]
    bad = run_cli("--diff-base", "no-such-ref", ".", cwd=archive)
    assert bad.returncode == 2 and "'no-such-ref' is not a git revision" in bad.stderr


def test_quoted_speech_options(tmp_path, run_cli):
    text = ('Title of the story\n\nThe mayor wrote: "We are very unique here. #Town #Pride #Home #Love"\n\n'
            "Critics called the plan very unique.\n")
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / ".newslint.yaml").write_text(
        "patterns:\n  - id: banned\n    words: [very unique]\n    check-quotes: false\n")
    assert rules_found(run_cli("--format", "json", ".", cwd=tmp_path)) == [
        ("a.txt", 3, "hashtag-stuffing"), ("a.txt", 5, "banned")]
    (tmp_path / ".newslint.yaml").write_text(
        "patterns:\n  - id: banned\n    words: [very unique]\n"
        "rules:\n  hashtag-stuffing:\n    check-quotes: false\n")
    assert rules_found(run_cli("--format", "json", ".", cwd=tmp_path)) == [
        ("a.txt", 3, "banned"), ("a.txt", 5, "banned")]


def test_front_matter_fields_are_checked_with_their_lines(tmp_path, run_cli):
    (tmp_path / "a.md").write_text(
        "---\ndate: 2026-01-02\ntitle: 'Budget passes #Budget #Vote #Council #Win'\n"
        "description: A very unique budget\n---\n\nThe council passed the budget on Tuesday.\n")
    (tmp_path / ".newslint.yaml").write_text("patterns:\n  - id: banned\n    words: [very unique]\n")
    result = json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)["findings"]
    assert [(f["line"], f["column"], f["rule"]) for f in result] == [(3, 23, "hashtag-stuffing"), (4, 16, "banned")]


def test_front_matter_title_role_against_the_body(tmp_path, run_cli):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Former finance minister Laura Benet warns on growth\n---\n\n"
        "Finance Minister Laura Benet defended the budget on Monday.\n")
    result = json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)["findings"]
    assert [(f["line"], f["rule"]) for f in result] == [(5, "title-role")]
    assert "line 2 calls Laura Benet 'Former finance minister'" in result[0]["message"]
