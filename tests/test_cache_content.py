"""A restored cache serves files it does not know by stat (a fresh clone in CI, a re-extracted
export: new mtimes and inodes) by their content hash; each file is read once."""
import os
import shutil
import subprocess

import pytest

from pytest_newslint.config import load_config
from pytest_newslint.engine import Engine
from pytest_newslint.pipeline import cache as cache_module
from pytest_newslint.pipeline import check, workers
from tests.conftest import git

BODY = "Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about schools and roads.\n"


@pytest.fixture
def repo(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir()
    for index in range(30):
        text = BODY.replace("Tuesday", f"day {index}") + ("\n\n" if index % 5 == 0 else "")
        (folder / f"a{index:02d}.txt").write_text(text)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "articles")
    return folder


@pytest.fixture
def counted(monkeypatch):
    """{'checked': [names], 'read': [names read by the check], 'read_by_cache': [names]}"""
    seen = {"checked": [], "read": [], "read_by_cache": []}
    original_check, original_read, original_whole = check.Checker.check_document, check.read, cache_module.read_whole

    def check_document(self, document, config_path=None):
        seen["checked"].append(os.path.basename(document.path))
        return original_check(self, document, config_path)

    def read(path, *args, **kwargs):
        seen["read"].append(os.path.basename(path))
        return original_read(path, *args, **kwargs)

    def read_whole(path, *args, **kwargs):
        seen["read_by_cache"].append(os.path.basename(path))
        return original_whole(path, *args, **kwargs)

    monkeypatch.setattr(check.Checker, "check_document", check_document)
    monkeypatch.setattr(check, "read", read)
    monkeypatch.setattr(cache_module, "read_whole", read_whole)
    return seen


def run(folder, **kwargs):
    engine = Engine(load_config(None, start=folder), base=folder, use_cache=True, compare_with_repository=True, **kwargs)
    return [(f.path, f.line, f.rule, f.fingerprint) for f in engine.run([folder]).findings]


def clone_with_cache(repo, where):
    subprocess.run(["git", "clone", "-q", str(repo), str(where)], check=True)
    shutil.copytree(repo / ".newslint_cache", where / ".newslint_cache")
    return where


def test_a_fresh_clone_is_served_from_the_restored_cache(repo, tmp_path, counted):
    cold = run(repo)
    assert len(cold) == 6 and len(counted["checked"]) == 30
    clone = clone_with_cache(repo, tmp_path / "clone")
    for values in counted.values():
        values.clear()
    assert run(clone) == cold
    assert counted["checked"] == [] and counted["read"] == []  # nothing checked again
    assert sorted(counted["read_by_cache"]) == sorted(f"a{index:02d}.txt" for index in range(30))  # read once
    counted["read_by_cache"].clear()
    assert run(clone) == cold  # the new stats were remembered: nothing read at all
    assert counted == {"checked": [], "read": [], "read_by_cache": []}


def test_one_article_changed_in_the_clone_is_read_once_and_checked(repo, tmp_path, counted):
    cold = run(repo)
    clone = clone_with_cache(repo, tmp_path / "clone")
    (clone / "a03.txt").write_text(BODY + "\n\n\n")
    for values in counted.values():
        values.clear()
    found = run(clone)
    assert [f for f in found if f[0] != "a03.txt"] == cold
    assert [f[:3] for f in found if f[0] == "a03.txt"] == [("a03.txt", 4, "trailing-padding")]
    assert counted["checked"] == ["a03.txt"] and counted["read"] == []  # checked from the bytes read
    assert counted["read_by_cache"].count("a03.txt") == 1


def test_a_touched_or_copied_folder_is_recognised(repo, tmp_path, counted):
    cold = run(repo)
    for path in repo.glob("*.txt"):
        os.utime(path, ns=(1, 1))  # new mtimes, same content
    for values in counted.values():
        values.clear()
    assert run(repo) == cold and counted["checked"] == []
    # the same articles as a plain folder (an export), with the cache copied in
    plain = tmp_path / "plain"
    plain.mkdir()
    for path in repo.glob("*.txt"):
        shutil.copy(path, plain / path.name)
    shutil.copytree(repo / ".newslint_cache", plain / ".newslint_cache")
    assert run(plain) == cold and counted["checked"] == []


def test_a_cold_run_reads_each_file_once_in_the_check(repo, counted):
    run(repo)
    assert counted["read_by_cache"] == []  # no result under these settings: nothing to look up
    assert sorted(counted["read"]) == sorted(counted["checked"]) and len(counted["read"]) == 30


def test_other_settings_are_not_served(repo, tmp_path, counted):
    run(repo)
    clone = clone_with_cache(repo, tmp_path / "clone")
    (clone / ".newslint.yaml").write_text("rules:\n  trailing-padding:\n    severity: warning\n")
    findings = run(clone)
    assert len(counted["checked"]) == 60 and counted["read_by_cache"] == []
    assert len(findings) == 6


def test_files_the_cache_does_not_read(tmp_path):
    """Only regular files within max-file-size that are still the size their stat said."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    info = os.stat(path)
    assert cache_module.read_whole(str(path), info, 100) == b"x" * 100
    assert cache_module.read_whole(str(path), info, 99) is None  # too large: the check says so
    path.write_bytes(b"x" * 101)
    assert cache_module.read_whole(str(path), info, 1000) is None  # grew since the stat
    assert cache_module.read_whole(str(tmp_path), os.stat(tmp_path), 1000) is None  # a folder
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert cache_module.read_whole(str(fifo), os.stat(fifo), 1000) is None  # never opened: it would block


def test_prefetch_starts_nothing_the_restored_cache_answers(repo, tmp_path, monkeypatch):
    """pytest's early start: a fresh clone with the cache copied in has nothing to check."""
    if not workers._fork_available():
        pytest.skip("no fork")
    monkeypatch.setattr(workers, "PARALLEL_MIN_FILES", 2)
    cold = run(repo)
    clone = clone_with_cache(repo, tmp_path / "clone")
    (clone / "a07.txt").write_text(BODY + "\n\n\n")

    def engine():
        return Engine(load_config(None, start=clone), base=clone, use_cache=True, jobs=2, compare_with_repository=True)

    first = engine()
    files = first.discover([clone])
    pool = workers.Workers._pool
    monkeypatch.setattr(workers.Workers, "_pool", lambda self: pytest.fail("no worker wanted"))
    first.prefetch(files)
    assert first.workers.prefetched == {}  # one file to check: below the threshold
    assert len(first.run_files(files).findings) == len(cold) + 1
    # three new articles: started early in workers, from the bytes the cache read
    monkeypatch.setattr(workers.Workers, "_pool", pool)
    for name in ("b1.txt", "b2.txt", "b3.txt"):
        (clone / name).write_text(BODY.replace("Tuesday", name) + "\n\n")
    second = engine()
    files = second.discover([clone])
    second.prefetch(files)
    assert sorted(os.path.basename(path) for path in second.workers.prefetched) == ["b1.txt", "b2.txt", "b3.txt"]
    findings = [(f.path, f.rule) for f in second.run_files(files).findings]
    assert len(findings) == len(cold) + 4 and ("b2.txt", "trailing-padding") in findings


def test_a_file_it_cannot_read_is_reported_not_served(repo, tmp_path, monkeypatch):
    """A file that cannot be read is the check's file-error, even when its last content is in
    the cache. (Tests may run as root, where chmod does not stop a read: Path.open and os.open,
    which the cache and the check read with, both refuse it here.)"""
    import pathlib

    cold = run(repo)
    clone = clone_with_cache(repo, tmp_path / "clone")
    original_open, original_os_open = pathlib.Path.open, os.open

    def refusing_open(self, mode="r", *args, **kwargs):
        if self.name == "a04.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original_open(self, mode, *args, **kwargs)

    def refusing_os_open(path, *args, **kwargs):
        if os.path.basename(path) == "a04.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return original_os_open(path, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refusing_open)
    monkeypatch.setattr(os, "open", refusing_os_open)
    found = run(clone)
    assert [f[:3] for f in found if f[0] == "a04.txt"] == [("a04.txt", 1, "file-error")]
    assert [f for f in found if f[0] != "a04.txt"] == cold


@pytest.fixture
def forks(monkeypatch):
    """The copies forked (`hashed_contents` shares from two files on)."""
    from pytest_newslint.rules import forked

    made = []
    original = forked._fork
    monkeypatch.setattr(forked, "_fork", lambda work: made.append(1) or original(work))
    monkeypatch.setattr(cache_module, "HASH_IN_FORK_MIN_FILES", 2)
    return made


@pytest.fixture
def readers(tmp_path, monkeypatch):
    """The process that read each file `read_whole` read, as the processes write them down
    (a forked copy's memory is its own): a list of (pid, name)."""
    log = tmp_path / "readers.log"
    original = cache_module.read_whole

    def read_whole(path, *args, **kwargs):
        with open(log, "a") as out:
            out.write(f"{os.getpid()} {os.path.basename(path)}\n")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(cache_module, "read_whole", read_whole)
    return lambda: [tuple(line.split()) for line in log.read_text().splitlines()] if log.exists() else []


def test_a_fresh_clone_read_by_two_processes_is_served_the_same(repo, tmp_path, forks, readers):
    run(repo)
    clone = clone_with_cache(repo, tmp_path / "clone")
    for name in ("a03.txt", "a27.txt"):  # one in each half of the files read
        (clone / name).write_text(BODY.replace("Tuesday", "Friday") + "\n\n\n")
    found = run(clone, jobs=2)
    read = readers()
    assert forks and len(read) == 30
    assert {name for pid, name in read if pid != str(os.getpid())} == {f"a{index:02d}.txt" for index in range(15, 30)}
    shutil.rmtree(clone / ".newslint_cache")
    assert found == run(clone, jobs=1)
    assert {f[0] for f in found if f[2] == "trailing-padding"} >= {"a03.txt", "a27.txt"}


def test_one_job_reads_in_one_process(repo, tmp_path, forks, readers):
    run(repo)
    clone = clone_with_cache(repo, tmp_path / "clone")
    run(clone, jobs=1)
    assert not forks and {pid for pid, _ in readers()} == {str(os.getpid())}


def test_the_contents_hashed_apart_are_those_hashed_here(tmp_path, forks, readers):
    files = []
    for index in range(12):
        path = tmp_path / f"f{index:02d}"
        if index == 4:
            path.mkdir()  # not a regular file: not read
        else:
            path.write_bytes(f"article {index}\n".encode() * (index + 1))
        files.append((str(path), os.stat(path)))
    big = files[9][1].st_size - 1  # f09 and later: over the size limit, not read
    apart = cache_module.hashed_contents(files, big, processes=2)
    assert forks and {name for pid, name in readers() if pid != str(os.getpid())} == {"f06", "f07", "f08", "f09", "f10", "f11"}
    here = cache_module.hashed_contents(files, big, processes=1)
    assert [digest for digest, _ in apart] == [digest for digest, _ in here]
    assert [raw for _, raw in apart[:6]] == [raw for _, raw in here[:6]]  # the first half's bytes
    assert [raw for _, raw in apart[6:]] == [None] * 6  # the copy's half: hashes alone
    assert here[4] == (None, None) and here[9] == (None, None) and here[0][0] is not None


def test_a_copy_that_fails_to_hash_leaves_the_work_here(tmp_path, forks, monkeypatch):
    files = []
    for index in range(6):
        path = tmp_path / f"f{index}"
        path.write_bytes(b"text %d\n" % index)
        files.append((str(path), os.stat(path)))
    parent = os.getpid()
    original = cache_module.read_whole

    def read_whole(path, info, max_size):
        if os.getpid() != parent:
            raise OSError("the copy cannot read")
        return original(path, info, max_size)

    monkeypatch.setattr(cache_module, "read_whole", read_whole)
    found = cache_module.hashed_contents(files, 1000, processes=2)
    assert forks and [digest for digest, _ in found] == [cache_module.content_hash(b"text %d\n" % index) for index in range(6)]


def test_read_ahead_opens_regular_files_alone_and_hands_their_stat_on(tmp_path, monkeypatch):
    """A worker asks the kernel to read the next files of its run (`workers.read_ahead`): it
    opens a regular file with text and nothing else (a FIFO would block or wake its writer, a
    device would act, a file over the size its check accepts would be read for nothing), and
    the stat it took goes with the item, so that the check does not stat the file again; what it cannot stat is left to the check, which says why."""
    import stat as stat_module

    from pytest_newslint.pipeline import workers

    (tmp_path / "article.txt").write_text(BODY)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "large.txt").write_text(BODY * 4)
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    names = ("article.txt", "empty.txt", "folder.txt", "pipe.txt", "gone.txt", "large.txt")
    items = [(str(tmp_path / name), None, None) for name in names]
    items.append((str(tmp_path / "article.txt"), b"held", os.stat(tmp_path / "article.txt")))  # read by the cache already
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args: opened.append(os.path.basename(path)) or real_open(path, *args))
    hinted = workers.read_ahead(items, len(BODY) * 2)  # large.txt: over the size its check accepts
    if workers._ADVISE is None:
        assert hinted == items and opened == []
        return
    assert opened == ["article.txt"]
    assert [item[0] for item in hinted] == [item[0] for item in items]
    assert stat_module.S_ISREG(hinted[0][2].st_mode) and hinted[0][2].st_size == len(BODY)
    assert stat_module.S_ISFIFO(hinted[3][2].st_mode) and hinted[4] == items[4] and hinted[6] == items[6]
    assert hinted[5][2].st_size == 4 * len(BODY)  # not opened, but its stat goes on


def test_a_worker_checks_each_file_once_with_the_stat_read_ahead_took(repo, monkeypatch):
    """`_check_chunk` over more files than one read-ahead window: the same results as each
    file's own check, and one stat a file (the read-ahead's), not two."""
    from pytest_newslint.pipeline import workers

    for index in range(5):
        (repo / f"a{index}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + ("\n\n" if index % 2 else ""))
    (repo / "pipe.txt").unlink(missing_ok=True)
    os.mkfifo(repo / "pipe.txt")
    paths = sorted(str(path) for path in repo.glob("*.txt"))
    engine = Engine(load_config(None, start=repo), base=repo)
    monkeypatch.setattr(workers, "READ_AHEAD", 2)
    monkeypatch.setattr(workers, "_CHECKER", engine.checker)
    alone = [workers.check_item(engine.checker, (path, None, None)) for path in paths]
    stats = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: stats.append(path) or real_stat(path, *args, **kwargs))
    checked = [workers.received(message) for message in workers._check_chunk([(path, None, None) for path in paths], frozenset())]
    assert [(r.path, [f.to_json() for f in r.findings], digest) for r, digest, _, _ in checked] == \
        [(r.path, [f.to_json() for f in r.findings], digest) for r, digest, _, _ in alone]
    assert sorted(stats) == paths  # one stat a file
