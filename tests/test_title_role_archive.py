"""Titles learned from the archive (issue #18): a dated archive of fictional people. The odd one
out is reported, naming two of the articles against it; a change of role over time, thin
evidence and split evidence are not; it also runs when only one new article is checked against
the repository (the corpus pass's focus, as under pre-commit)."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import git

SITTING = "Prime Minister Elena Marsh said on {day} that the port reforms would go ahead as planned."
FORMER = "Former Prime Minister Elena Marsh said on {day} that the port reforms would go ahead as planned."


def _article(folder, name, date, sentence):
    text = f"---\ndate: {date}\n---\n\nPort Reforms\n\n{sentence.format(day='Monday')} Officials gave no further details.\n"
    (folder / name).write_text(text, encoding="utf-8")


def _archive(folder):
    folder.mkdir(exist_ok=True)
    for day in (1, 4, 8, 15, 19, 22):  # Marsh sitting all month
        _article(folder, f"marsh-{day:02d}.md", f"2024-03-{day:02d}", SITTING)
    # a change of role: Reyes finance minister until mid-March, former after; never reported
    for day in (2, 5, 9):
        _article(folder, f"reyes-{day:02d}.md", f"2024-03-{day:02d}",
                 "Finance Minister Tom Reyes said on {day} that the budget was balanced.")
    for day in (13, 18, 25):
        _article(folder, f"reyes-{day:02d}.md", f"2024-03-{day:02d}",
                 "Former Finance Minister Tom Reyes said on {day} that the budget was balanced.")
    # thin: two articles against one
    for day in (3, 6):
        _article(folder, f"vid-{day:02d}.md", f"2024-03-{day:02d}", "Health Minister Ana Vid said on {day} that clinics were open.")
    _article(folder, "vid-07.md", "2024-03-07", "Former Health Minister Ana Vid said on {day} that clinics were open.")
    # split: sitting and former in the same days
    for day, former in ((3, False), (5, True), (7, False), (9, True), (11, False)):
        title = "Former Defence Minister" if former else "Defence Minister"
        _article(folder, f"kade-{day:02d}.md", f"2024-03-{day:02d}", title + " Ivo Kade said on {day} that troops were ready.")


def _findings(run_cli, cwd, *paths):
    completed = run_cli("--no-cache", "--format", "json", "--select", "title-role", *paths, cwd=cwd)
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)["findings"]


def test_the_odd_one_out_is_reported_and_a_change_over_time_is_not(tmp_path, run_cli):
    folder = tmp_path / "news"
    _archive(folder)
    assert _findings(run_cli, tmp_path, "news") == []
    _article(folder, "marsh-odd.md", "2024-03-10", FORMER)
    findings = _findings(run_cli, tmp_path, "news")
    assert [(f["path"], f["line"]) for f in findings] == [("news/marsh-odd.md", 7)], findings
    message = findings[0]["message"]
    assert message.startswith("line 7 calls Elena Marsh 'Former Prime Minister', but 6 other articles dated within 30 days of "
                              "2024-03-10 call Elena Marsh the sitting holder and none agrees: ")
    assert len(re.findall(r"news/marsh-\d\d\.md line 7", message)) == 2


def test_a_sitting_title_among_former_ones_is_reported_too(tmp_path, run_cli):
    folder = tmp_path / "news"
    folder.mkdir()
    for day in (1, 5, 20, 25):
        _article(folder, f"a{day:02d}.md", f"2023-05-{day:02d}", "Former Mayor Lena Holt said on {day} that the bridge was safe.")
    _article(folder, "odd.md", "2023-05-12", "Mayor Lena Holt said on {day} that the bridge was safe.")
    findings = _findings(run_cli, tmp_path, "news")
    assert [(f["path"], f["line"]) for f in findings] == [("news/odd.md", 7)], findings
    assert "call Lena Holt the former holder" in findings[0]["message"]


def test_undated_articles_and_other_windows_are_no_evidence(tmp_path, run_cli):
    folder = tmp_path / "news"
    folder.mkdir()
    for day in (1, 4, 8, 15):
        _article(folder, f"a{day:02d}.md", f"2024-03-{day:02d}", SITTING)
    (folder / "undated.md").write_text("Port Reforms\n\n" + FORMER.format(day="Monday") + "\n", encoding="utf-8")
    _article(folder, "later.md", "2024-06-10", FORMER)  # months later: she may have left
    assert _findings(run_cli, tmp_path, "news") == []
    config = tmp_path / ".newslint.yaml"
    config.write_text("rules:\n  title-role:\n    archive: false\n", encoding="utf-8")
    _article(folder, "odd.md", "2024-03-10", FORMER)
    assert _findings(run_cli, tmp_path, "news") == []


def test_a_new_article_checked_alone_against_the_repository(tmp_path, run_cli):
    """pre-commit names only the staged article: the corpus pass compares it with the rest."""
    repo = tmp_path
    folder = repo / "news"
    _archive(folder)
    for index in range(12):  # more of the archive: the checked article is under 10% of it
        _article(folder, f"other-{index:02d}.md", "2024-02-01", "The council met on {day} to discuss parking.")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "archive")
    _article(folder, "marsh-odd.md", "2024-03-10", FORMER)
    git(repo, "add", "news/marsh-odd.md")
    completed = run_cli("--format", "json", "news/marsh-odd.md", cwd=repo)
    findings = [f for f in json.loads(completed.stdout)["findings"] if f["rule"] == "title-role"]
    assert [(f["path"], f["line"]) for f in findings] == [("news/marsh-odd.md", 7)], completed.stdout
    again = run_cli("--format", "json", "news/marsh-odd.md", cwd=repo)  # from the cache
    assert [f["line"] for f in json.loads(again.stdout)["findings"] if f["rule"] == "title-role"] == [7]
