"""The corpus pass's second core (pipeline/corpus.Beside): with more than one process allowed, a
forked copy does the other rules' passes and writes the focus indexes while the process finds
the first rule's problems. Whichever does the work, a run's findings, the cache's rows and the
index files are the same; where the copy fails, the work is done in the process itself."""
import os
import sqlite3
import subprocess

import pytest

from pytest_newslint import engine as engine_module
from pytest_newslint.config import load_config
from pytest_newslint.pipeline import corpus as corpus_module
from pytest_newslint.pipeline import focus as focus_module
from tests.common import wikinews_repo

GIT = ["git", "-c", "user.email=desk@example.org", "-c", "user.name=Desk"]


@pytest.fixture
def archive(tmp_path, monkeypatch):
    """A repository with a pasted passage (repeated-block) and an archive of dated titles that
    one article contradicts (title-role); the copy is used however few the articles."""
    sources = wikinews_repo(tmp_path, 30)
    paragraphs = [p for p in sources[6].read_text(encoding="utf-8").split("\n\n")[1:] if len(p.split()) > 25][:2]
    (tmp_path / "zz-copy.txt").write_text("A story of its own\n\nA fresh opening paragraph about a harbour and a "
                                          "bridge and the people who use them every day.\n\n" + "\n\n".join(paragraphs)
                                          + "\n", encoding="utf-8")
    for name, day, title in (("harbour-0.md", 3, "Fisheries Minister"), ("harbour-1.md", 6, "Fisheries Minister"),
                             ("harbour-2.md", 20, "Fisheries Minister"), ("harbour-3.md", 24, "Fisheries Minister"),
                             ("harbour-4.md", 12, "Former Fisheries Minister")):
        (tmp_path / name).write_text(
            f"---\ndate: 2024-05-{day:02d}\n---\nHarbour works\n\n{title} Ilse Varnholt opened the new harbour wall on "
            f"Monday, saying the works had finished ahead of time and under budget for the town.\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "articles"], cwd=tmp_path, check=True)
    monkeypatch.setattr(corpus_module, "BESIDE_MIN_ARTICLES", 0)
    return tmp_path


def _run(folder, jobs, prepare=None):
    """(the findings, the cache's corpus rows, its focus notes, the index files' bytes) of a
    cold run with `jobs` (`prepare(engine)` first); the cache is removed first."""
    cache = folder / ".newslint_cache"
    if cache.exists():
        for path in cache.iterdir():
            path.unlink()
    engine = engine_module.Engine(load_config(None, start=folder), base=folder, use_cache=True, jobs=jobs,
                                  compare_with_repository=True)
    if prepare is not None:
        prepare(engine)
    findings = sorted((f.path, f.rule, f.line, f.message) for f in engine.run([folder]).findings)
    notes = engine.cache.focus_notes()
    engine.cache.close()
    connection = sqlite3.connect(f"file:{cache / 'newslint.sqlite3'}?mode=ro", uri=True)
    try:
        corpus = sorted(connection.execute("SELECT * FROM corpus").fetchall())
    finally:
        connection.close()
    indexes = {path.name: path.read_bytes() for path in cache.glob("focus-*")}
    return findings, corpus, notes, indexes


@pytest.fixture
def forks(monkeypatch):
    """The pids of the copies forked, as they are made."""
    from pytest_newslint.rules import forked

    made = []
    original = forked._fork

    def fork(work):
        started = original(work)
        made.append(started[0] if started else None)
        return started

    monkeypatch.setattr(forked, "_fork", fork)
    return made


@pytest.fixture
def workers(tmp_path, monkeypatch):
    """The processes that did Beside's work, as they write them down (a copy's memory is its
    own): a function giving their pids."""
    log = tmp_path / "beside.log"
    original = corpus_module.Beside._work

    def work(*args):
        with open(log, "a") as out:
            out.write(f"{os.getpid()}\n")
        return original(*args)

    monkeypatch.setattr(corpus_module.Beside, "_work", staticmethod(work))
    return lambda: [int(line) for line in log.read_text().split()] if log.exists() else []


def test_the_other_rules_and_the_indexes_done_in_a_forked_copy_are_the_same(archive, forks, workers):
    alone = _run(archive, jobs=1)
    assert not forks and not workers()
    beside = _run(archive, jobs=2)
    assert workers() == forks[:1] and forks[0] not in (None, os.getpid())  # done by the copy alone
    assert beside == alone
    findings, corpus, notes, indexes = beside
    assert {rule for _, rule, _, _ in findings} >= {"repeated-block", "title-role"}
    assert {row[0] for row in corpus} == {"repeated-block", "title-role"}
    assert set(notes) == {"repeated-block", "title-role"} and set(indexes) == {"focus-repeated-block.bin", "focus-title-role.bin"}


def _leftovers(folder):
    return [path.name for path in (folder / ".newslint_cache").iterdir() if path.name.endswith(".tmp")]


def test_a_copy_that_fails_leaves_the_work_to_the_process_and_no_file_behind(archive, forks, monkeypatch):
    alone = _run(archive, jobs=1)
    parent = os.getpid()
    original = corpus_module.Beside._work

    def failing(corpus_pass, others, indexes):
        if os.getpid() != parent:  # the copy: half an index written, then it dies
            writer = corpus_pass.index.writer(indexes[0].rule, quiet=True)
            writer.add(indexes[0].holders[0], indexes[0].holders[0].summaries[indexes[0].rule.id])
            os._exit(3)
        return original(corpus_pass, others, indexes)

    monkeypatch.setattr(corpus_module.Beside, "_work", staticmethod(failing))
    findings, corpus, notes, indexes = _run(archive, jobs=2)
    assert forks and _leftovers(archive) == []
    assert (findings, corpus) == alone[:2]
    # the process's own pass let repeated-block's summaries go as it read them: its index is
    # left to the next whole pass, unnoted (a pre-commit run meanwhile reads the whole repository)
    assert notes == {"title-role": alone[2]["title-role"]} and indexes == {"focus-title-role.bin": alone[3]["focus-title-role.bin"]}
    monkeypatch.setattr(corpus_module.Beside, "_work", staticmethod(original))
    engine = engine_module.Engine(load_config(None, start=archive), base=archive, use_cache=True, jobs=2,
                                  compare_with_repository=True)
    named = [(f.path, f.rule, f.line, f.message) for f in engine.run_files([str(archive / "zz-copy.txt")]).findings]
    assert named == [finding for finding in findings if finding[0] == "zz-copy.txt"] and named


def _alone_and_beside_with_failing(archive, monkeypatch, part: str, failing):
    """(a run with --jobs 1, one with --jobs 2) where title-role's `part` is `failing`."""
    def prepare(engine):
        monkeypatch.setattr(engine.known_rules["title-role"], part, failing)

    return _run(archive, jobs=1, prepare=prepare), _run(archive, jobs=2, prepare=prepare)


def test_a_rule_that_fails_in_the_copy_is_reported_as_in_the_process(archive, forks, monkeypatch):
    def failing(entries, options, focus=None):
        raise RuntimeError("the archive could not be read")

    alone, beside = _alone_and_beside_with_failing(archive, monkeypatch, "finalize", failing)
    assert any(rule == "internal-error" and "the archive could not be read" in message for _, rule, _, message in alone[0])
    assert beside == alone
    assert forks


def test_an_index_the_copy_cannot_write_is_a_warning_given_once(archive, forks, monkeypatch, capsys):
    def failing(self, path, keys):
        raise OSError("no space left on device")

    monkeypatch.setattr(focus_module.IndexWriter, "add", failing)
    alone = _run(archive, jobs=1)
    warned_alone = capsys.readouterr().err
    beside = _run(archive, jobs=2)
    warned_beside = capsys.readouterr().err
    assert forks
    assert beside == alone and alone[2] == {} and alone[3] == {}  # no index, and none noted
    assert warned_beside == warned_alone
    assert warned_beside.count("could not write the focus index of repeated-block") == 1
    assert warned_beside.count("could not write the focus index of title-role") == 1


def test_focus_keys_that_fail_are_the_rule_s_internal_error_as_in_the_process(archive, forks, workers, monkeypatch):
    def failing(summary):
        raise KeyError("a summary of another version")

    alone, beside = _alone_and_beside_with_failing(archive, monkeypatch, "focus_keys", failing)
    assert any(rule == "internal-error" and "a summary of another version" in message for _, rule, _, message in alone[0])
    assert beside == alone
    assert workers() == forks[:1] and _leftovers(archive) == []


def test_an_interrupt_while_the_copy_works_leaves_no_copy_and_no_file(archive, forks, workers, monkeypatch):
    def interrupted(entries, options, **more):
        raise KeyboardInterrupt

    def prepare(engine):
        monkeypatch.setattr(engine.known_rules["repeated-block"], "finalize", interrupted)

    with pytest.raises(KeyboardInterrupt):
        _run(archive, jobs=2, prepare=prepare)
    assert forks and forks[0] is not None
    assert not os.path.exists(f"/proc/{forks[0]}")  # stopped and reaped
    assert _leftovers(archive) == []


def test_an_interrupt_in_the_work_done_here_leaves_no_file(archive, forks, monkeypatch):
    """The copy dies; the process does its work and is interrupted half-way through an index."""
    parent = os.getpid()
    original = corpus_module.Beside._work

    def dying(corpus_pass, others, indexes):
        if os.getpid() != parent:
            os._exit(3)
        return original(corpus_pass, others, indexes)

    def interrupted(summary):
        raise KeyboardInterrupt

    def prepare(engine):
        monkeypatch.setattr(engine.known_rules["title-role"], "focus_keys", interrupted)

    monkeypatch.setattr(corpus_module.Beside, "_work", staticmethod(dying))
    with pytest.raises(KeyboardInterrupt):
        _run(archive, jobs=2, prepare=prepare)
    assert forks and _leftovers(archive) == []
