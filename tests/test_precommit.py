"""The real pre-commit, with newslint's .pre-commit-hooks.yaml, in a temporary git repository."""
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import git

pytestmark = pytest.mark.slow

CLEAN = "Council Approves Budget\n\nThe council approved the budget on Tuesday after a long debate.\n"
PADDED = CLEAN + "\n\n\n"


def pre_commit_bin():
    executable = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if not executable:
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    return executable


def content_repo(tmp_path, hook_repo, hook_id="newslint"):
    repo_path, rev = hook_repo
    content = tmp_path / "content"
    content.mkdir()
    git(content, "init", "-q")
    (content / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo_path}\n  rev: {rev}\n  hooks:\n  - id: {hook_id}\n", encoding="utf-8"
    )
    return content


def run_pre_commit(content, home, *args):
    return subprocess.run(
        [pre_commit_bin(), "run", *args], cwd=content, capture_output=True, text=True, timeout=900,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"},
    )


def test_hook_fails_on_a_defective_article_and_passes_on_a_clean_one(tmp_path, hook_repo, pre_commit_home):
    content = content_repo(tmp_path, hook_repo)
    (content / "clean.txt").write_text(CLEAN, encoding="utf-8")
    git(content, "add", "-A")
    passed = run_pre_commit(content, pre_commit_home, "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "newslint" in passed.stdout and "Passed" in passed.stdout

    (content / "padded.txt").write_text(PADDED, encoding="utf-8")
    git(content, "add", "-A")
    failed = run_pre_commit(content, pre_commit_home, "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "padded.txt:4:1: error trailing-padding" in failed.stdout
    assert "clean.txt" not in failed.stdout.replace("Failed", "")
    # a check never writes to a content file
    assert (content / "padded.txt").read_text(encoding="utf-8") == PADDED


def test_hook_on_the_labeled_examples(tmp_path, hook_repo, pre_commit_home):
    from tests.conftest import shared_corpus

    examples = shared_corpus("examples")
    content = content_repo(tmp_path, hook_repo)
    for path in examples.iterdir():
        shutil.copy(path, content / path.name)
    with open(content / ".pre-commit-config.yaml", "a", encoding="utf-8") as handle:
        handle.write("    args: [--config, newslint.yaml]\n")
    git(content, "add", "-A")
    result = run_pre_commit(content, pre_commit_home, "--all-files")
    assert result.returncode == 1
    import json

    expected = json.loads((examples / "expected.json").read_text())
    for name, rules in expected.items():
        if name.startswith(".."):
            continue
        for rule in rules:
            assert f"{name}:" in result.stdout and rule in result.stdout
        if not rules:
            assert f"{name}:" not in result.stdout


def test_fix_hook_fixes_then_passes(tmp_path, hook_repo, pre_commit_home):
    content = content_repo(tmp_path, hook_repo, hook_id="newslint-fix")
    (content / "padded.txt").write_text(PADDED, encoding="utf-8")
    (content / "clean.md").write_text(CLEAN, encoding="utf-8")
    git(content, "add", "-A")
    first = run_pre_commit(content, pre_commit_home, "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (content / "padded.txt").read_text(encoding="utf-8") == CLEAN
    git(content, "add", "-A")
    second = run_pre_commit(content, pre_commit_home, "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
