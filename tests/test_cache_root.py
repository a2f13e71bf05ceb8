"""Where the cache lives: the project root (the config file's folder, else the git work tree's
top, else the working folder, as ruff keeps .ruff_cache), inside git or not; a folder that
cannot be written means no cache and no error; comparing with the repository stays git's."""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile

import pytest

from pytest_newslint.config import build_config, load_config
from pytest_newslint.pipeline.cache import cache_folder
from pytest_newslint.pipeline.discover import cache_root, project_root

BODY = "Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about schools and roads.\n"


def findings(result):
    assert result.returncode in (0, 1), result.stderr
    return sorted((f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"])


def cached_rows(folder):
    with sqlite3.connect(folder / ".newslint_cache" / "newslint.sqlite3") as connection:
        return connection.execute("SELECT count(*) FROM results").fetchone()[0]


@pytest.fixture
def plain(tmp_path):
    """A plain folder of articles (wire copy, a CI export): no git, no config file."""
    folder = tmp_path / "plain"
    folder.mkdir()
    for index in range(4):
        (folder / f"a{index}.txt").write_text(BODY.replace("Tuesday", f"day {index}"))
    (folder / "padded.txt").write_text(BODY + "\n\n")
    return folder


def test_the_two_roots(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    config = load_config(None, start=plain)
    assert cache_root(config) == plain and cache_folder(config) == plain / ".newslint_cache"
    assert project_root(config) is None  # nothing to compare with outside git
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    config = load_config(None, start=repo / "sub")
    assert cache_root(config) == repo and project_root(config) == repo  # the work tree's top
    (repo / "sub" / ".newslint.yaml").write_text("{}\n")
    config = load_config(None, start=repo / "sub")
    assert cache_root(config) == repo / "sub" and project_root(config) == repo / "sub"  # the config's folder
    (plain / ".newslint.yaml").write_text("cache-dir: ../elsewhere\n")
    config = load_config(None, start=plain)
    assert cache_folder(config) == plain / ".." / "elsewhere" and project_root(config) is None
    assert cache_folder(build_config({"cache-dir": "c"}, tmp_path)) == tmp_path / "c"


def test_a_plain_folder_gets_a_cache_that_git_would_ignore(plain, run_cli):
    cold = run_cli("--format", "json", ".", cwd=plain)
    assert findings(cold) == [("padded.txt", 4, "trailing-padding")] and cold.stderr == ""
    assert (plain / ".newslint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert cached_rows(plain) == 5
    (plain / "a1.txt").write_text(BODY + "\n\n\n")
    warm = run_cli("--format", "json", ".", cwd=plain)
    assert findings(warm) == [("a1.txt", 4, "trailing-padding"), ("padded.txt", 4, "trailing-padding")]
    assert cached_rows(plain) == 6  # only the edited article checked again
    # had the folder been committed, the cache would not be
    subprocess.run(["git", "init", "-q"], cwd=plain, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=plain,
                            capture_output=True, text=True).stdout
    assert ".newslint_cache" not in status and "a1.txt" in status


def test_a_file_named_from_elsewhere_caches_in_the_working_folder(plain, tmp_path, run_cli):
    """As ruff does (`.ruff_cache` in the working folder when no config is found); documented."""
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("--format", "json", plain / "padded.txt", cwd=work)
    assert [rule for _, _, rule in findings(result)] == ["trailing-padding"]
    assert sorted(os.listdir(work)) == [".newslint_cache"]
    assert sorted(os.listdir(plain)) == ["a0.txt", "a1.txt", "a2.txt", "a3.txt", "padded.txt"]


def test_a_config_file_puts_the_cache_beside_it(plain, run_cli):
    (plain / ".newslint.yaml").write_text("{}\n")
    (plain / "desk").mkdir()
    (plain / "desk" / "b.txt").write_text(BODY + "\n\n")
    run_cli("--format", "json", ".", cwd=plain / "desk")
    assert (plain / ".newslint_cache").is_dir() and not (plain / "desk" / ".newslint_cache").exists()


def test_a_cache_that_cannot_be_created_is_no_cache_and_no_error(plain, run_cli):
    (plain / "blocker").write_text("a file where the cache folder's parent should be\n")
    (plain / ".newslint.yaml").write_text("cache-dir: blocker/cache\n")
    result = run_cli("--format", "json", ".", cwd=plain)
    assert findings(result) == [("padded.txt", 4, "trailing-padding")]
    assert result.stderr == ""


def _as_nobody():
    """A command prefix that runs as an unprivileged user (root ignores folder permissions)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot test a read-only folder")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def _run_as_nobody(prefix, folder):
    from tests.conftest import newslint_command

    result = subprocess.run(prefix + newslint_command() + ["--format", "json", "."], cwd=folder,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "HOME": folder, "NO_COLOR": "1"})
    if prefix and result.returncode not in (0, 1) and "Permission denied" in result.stderr:
        pytest.skip(f"the unprivileged user cannot run this checkout's Python: {result.stderr[-200:]}")
    return result


def _read_only(path):
    for root, dirs, files in os.walk(path):
        for name in files:
            os.chmod(os.path.join(root, name), 0o444)
        os.chmod(root, 0o555)


def test_a_read_only_folder_is_no_cache_and_no_error(run_cli):
    prefix = _as_nobody()
    # not under pytest's tmp_path: its parent is private to root, and the user must reach it
    folder = tempfile.mkdtemp(prefix="newslint-read-only-")
    try:
        os.chmod(folder, 0o755)
        with open(os.path.join(folder, "padded.txt"), "w") as handle:
            handle.write(BODY + "\n\n")
        _read_only(folder)
        result = _run_as_nobody(prefix, folder)
        assert findings(result) == [("padded.txt", 4, "trailing-padding")]
        assert result.stderr == ""
        assert os.listdir(folder) == ["padded.txt"]
        # a cache someone else wrote, that this user may only read: no warning either
        os.chmod(folder, 0o755)
        assert findings(run_cli("--format", "json", ".", cwd=folder)) == [("padded.txt", 4, "trailing-padding")]
        with open(os.path.join(folder, "more.txt"), "w") as handle:
            handle.write(BODY + "\n\n\n")
        _read_only(folder)
        result = _run_as_nobody(prefix, folder)
        assert findings(result) == [("more.txt", 4, "trailing-padding"), ("padded.txt", 4, "trailing-padding")]
        assert result.stderr == ""
    finally:
        for root, dirs, files in os.walk(folder):
            os.chmod(root, stat.S_IRWXU)
        shutil.rmtree(folder)


def test_a_folder_laid_read_only_gets_no_cache_even_for_root(plain, run_cli):
    """Root may write anywhere, but a folder whose owner took every write bit away (a shared corpus
    laid read-only, a mounted export) is left as it is: no cache, no error."""
    os.chmod(plain, 0o555)
    try:
        result = run_cli("--format", "json", ".", cwd=plain)
        assert findings(result) == [("padded.txt", 4, "trailing-padding")] and result.stderr == ""
        assert not (plain / ".newslint_cache").exists()
    finally:
        os.chmod(plain, 0o755)
