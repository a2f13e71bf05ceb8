"""The incremental-run cache: right results after edits, moves, deletes and config changes;
a corrupt cache rebuilt; a read-only tree means no cache; parallel jobs agree with serial.
Where the cache lives (inside git or not): tests/test_cache_root.py."""
import collections
import json
import os
import sqlite3
import subprocess

import pytest

from tests.common import wikinews_repo

BODY = "Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about schools and roads.\n"


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for index in range(5):
        (tmp_path / f"a{index}.txt").write_text(BODY.replace("Tuesday", f"day {index}"))
    (tmp_path / "padded.txt").write_text(BODY + "\n\n")
    return tmp_path


def findings(run_cli, cwd, *args):
    result = run_cli("--format", "json", *args, ".", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return sorted((f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"])


def cached_rows(repo):
    with sqlite3.connect(repo / ".newslint_cache" / "newslint.sqlite3") as connection:
        return connection.execute("SELECT count(*) FROM results").fetchone()[0]


def test_warm_run_uses_the_cache_and_agrees(repo, run_cli):
    cold = findings(run_cli, repo)
    assert cold == [("padded.txt", 4, "trailing-padding")]
    assert (repo / ".newslint_cache" / ".gitignore").exists()
    rows = cached_rows(repo)
    assert rows == 6
    assert findings(run_cli, repo) == cold
    assert cached_rows(repo) == rows  # nothing recomputed
    # the cache folder itself is never checked, and git ignores it
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    assert ".newslint_cache" not in status


def test_edit_move_delete_leave_no_stale_finding(repo, run_cli):
    findings(run_cli, repo)
    (repo / "padded.txt").write_text(BODY)  # edited: fixed
    (repo / "a1.txt").write_text(BODY + "\n\n\n")  # edited: now padded
    assert findings(run_cli, repo) == [("a1.txt", 4, "trailing-padding")]
    os.rename(repo / "a1.txt", repo / "moved.txt")
    assert findings(run_cli, repo) == [("moved.txt", 4, "trailing-padding")]
    os.unlink(repo / "moved.txt")
    assert findings(run_cli, repo) == []


def test_same_size_same_second_edit_is_seen(repo, run_cli):
    findings(run_cli, repo)
    path = repo / "a2.txt"
    info = os.stat(path)
    path.write_text(BODY[:-3] + "\n\n\n")  # same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    assert findings(run_cli, repo) == [("a2.txt", 4, "trailing-padding"), ("padded.txt", 4, "trailing-padding")]


def test_config_change_is_never_served_stale(repo, run_cli):
    findings(run_cli, repo)
    (repo / ".newslint.yaml").write_text("rules:\n  trailing-padding:\n    severity: info\n")
    result = json.loads(run_cli("--format", "json", ".", cwd=repo).stdout)["findings"]
    assert [f["severity"] for f in result] == ["info"]
    (repo / ".newslint.yaml").write_text("rules:\n  trailing-padding: false\n")
    assert findings(run_cli, repo) == []


def test_corrupt_cache_is_rebuilt_with_a_warning(repo, run_cli):
    findings(run_cli, repo)
    database = repo / ".newslint_cache" / "newslint.sqlite3"
    for suffix in ("-wal", "-shm"):
        if os.path.exists(str(database) + suffix):
            os.unlink(str(database) + suffix)
    database.write_bytes(b"this is not a database" * 100)
    result = run_cli("--format", "json", ".", cwd=repo)
    assert "cache" in result.stderr and "rebuilt" in result.stderr
    assert sorted((f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]) == [("padded.txt", "trailing-padding")]
    assert cached_rows(repo) == 6


def test_foreign_database_is_rebuilt(repo, run_cli):
    (repo / ".newslint_cache").mkdir()
    with sqlite3.connect(repo / ".newslint_cache" / "newslint.sqlite3") as connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO meta VALUES ('schema', 'someone else')")
    result = run_cli(".", cwd=repo)
    assert result.returncode == 1 and "rebuilt" in result.stderr


def test_read_only_tree_means_no_cache(repo, run_cli):
    from pytest_newslint.pipeline.cache import Cache

    blocker = repo / "blocked"
    blocker.write_text("a file where the cache folder should be")
    assert Cache.open(blocker / "cache") is None
    (repo / ".newslint.yaml").write_text("cache-dir: blocked/cache\n")
    assert findings(run_cli, repo) == [("padded.txt", 4, "trailing-padding")]


def test_no_cache_writes_nothing(tmp_path, repo, run_cli):
    findings(run_cli, repo, "--no-cache")
    assert not (repo / ".newslint_cache").exists()
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.txt").write_text(BODY + "\n\n")
    assert findings(run_cli, plain, "--no-cache") == [("a.txt", 4, "trailing-padding")]
    assert os.listdir(plain) == ["a.txt"]  # outside git too (tests/test_cache_root.py: the cache there)


def test_a_new_cache_has_the_larger_pages_and_an_old_one_keeps_its_own(repo, run_cli):
    from pytest_newslint.pipeline.cache import PAGE_BYTES

    database = repo / ".newslint_cache" / "newslint.sqlite3"
    cold = findings(run_cli, repo)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA page_size").fetchone()[0] == PAGE_BYTES != 4096
    # a cache made with SQLite's default pages (before PAGE_BYTES) is used as it is
    import shutil

    shutil.rmtree(repo / ".newslint_cache")
    database.parent.mkdir()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA page_size = 4096")
        connection.execute("PRAGMA journal_mode = WAL")
    assert findings(run_cli, repo) == cold
    assert findings(run_cli, repo) == cold and cached_rows(repo) == 6
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA page_size").fetchone()[0] == 4096


def test_cache_folder_is_safe_to_delete(repo, run_cli):
    import shutil

    cold = findings(run_cli, repo)
    shutil.rmtree(repo / ".newslint_cache")
    assert findings(run_cli, repo) == cold


def test_parallel_jobs_agree_with_serial(tmp_path, run_cli):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for index in range(300):
        text = BODY.replace("Tuesday", f"day {index}") + ("\n\n" if index % 7 == 0 else "")
        (tmp_path / f"{index:04d}.txt").write_text(text)
    serial = run_cli("--no-cache", "--jobs", "1", ".", cwd=tmp_path).stdout
    parallel = run_cli("--no-cache", "--jobs", "2", ".", cwd=tmp_path).stdout
    assert serial == parallel and serial.count("trailing-padding") == 43
    assert run_cli("--jobs", "0", ".", cwd=tmp_path).returncode == 2


def test_two_processes_writing_at_once(tmp_path, run_cli):
    import concurrent.futures

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for index in range(200):
        (tmp_path / f"{index:04d}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + "\n" * (index % 3))
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        outputs = list(pool.map(lambda _: run_cli("--jobs", "1", ".", cwd=tmp_path), range(4)))
    assert len({o.stdout for o in outputs}) == 1 and all(o.returncode == 1 for o in outputs)
    assert all("warning" not in o.stderr for o in outputs)
    assert cached_rows(tmp_path) == 200


def _copy_two_paragraphs(source_text: str) -> str:
    paragraphs = [p for p in source_text.split("\n\n")[1:] if len(p.split()) > 25]
    return ("Borrowed story about something else\n\nA fresh opening paragraph written for this article alone, "
            "about a harbour and a bridge and the people who use them every day.\n\n"
            + "\n\n".join(paragraphs[:2]) + "\n")


def test_three_changed_files_find_a_copy_in_an_unchanged_article(tmp_path, monkeypatch):
    """What a pre-commit run does: check 3 changed files against the whole repository, with
    the unchanged articles' fingerprints from the cache, not read again."""
    from pytest_newslint import document as document_module
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline import cache as cache_module
    from pytest_newslint.pipeline import check

    sources = wikinews_repo(tmp_path)
    first = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True,
                                 compare_with_repository=True)
    assert first.run([tmp_path]).findings == []
    changed = [tmp_path / "new-copy.txt", tmp_path / "new-clean.txt", tmp_path / sources[3].name]
    changed[0].write_text(_copy_two_paragraphs((tmp_path / sources[10].name).read_text()), encoding="utf-8")
    changed[1].write_text("A new story\n\nNothing in it is copied from anywhere at all, as far as anyone can tell.\n")
    changed[2].write_text(changed[2].read_text() + "One more closing line for this story.\n")
    reads = []
    original_read = document_module.read

    def counting_read(path, *args, **kwargs):
        reads.append(os.path.basename(path))
        return original_read(path, *args, **kwargs)

    monkeypatch.setattr(check, "read", counting_read)
    # a file the cache does not know by stat is read by the cache, once, and checked from those bytes
    original_read_whole = cache_module.read_whole

    def counting_read_whole(path, *args, **kwargs):
        reads.append(os.path.basename(path))
        return original_read_whole(path, *args, **kwargs)

    monkeypatch.setattr(cache_module, "read_whole", counting_read_whole)
    second = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True,
                                  compare_with_repository=True)
    report = second.run_files(changed)
    assert sorted(reads) == sorted(p.name for p in changed)  # once each; the 40 others from the cache
    [finding] = report.findings
    assert finding.path == "new-copy.txt" and finding.rule == "repeated-block"
    assert sources[10].name in finding.message


def test_edited_copy_leaves_no_stale_cross_article_finding(tmp_path, run_cli):
    sources = wikinews_repo(tmp_path, count=20)
    copy = tmp_path / "zz-copy.txt"
    copy.write_text(_copy_two_paragraphs((tmp_path / sources[5].name).read_text()), encoding="utf-8")
    result = json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)["findings"]
    assert [(f["path"], f["rule"]) for f in result] == [("zz-copy.txt", "repeated-block")]
    os.unlink(tmp_path / sources[5].name)  # the original is deleted: nothing left to copy from
    assert json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)["findings"] == []
    (tmp_path / sources[5].name).write_text(sources[5].read_text(encoding="utf-8"), encoding="utf-8")
    copy.write_text("A rewritten story\n\nEverything in it is new now, and none of it was copied from another story.\n")
    assert json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)["findings"] == []


def test_corpus_pass_is_reused_only_when_nothing_it_reads_changed(tmp_path, monkeypatch):
    """A warm run takes the cross-article findings from the cache; an edit to any article (not
    only a checked one), a new article or another option runs the pass again."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.rules import repeated_block

    sources = wikinews_repo(tmp_path, count=20)
    (tmp_path / "zz-copy.txt").write_text(_copy_two_paragraphs((tmp_path / sources[5].name).read_text()), encoding="utf-8")
    calls = []
    original = repeated_block.find_copies
    monkeypatch.setattr(repeated_block, "find_copies", lambda *a, **k: calls.append(1) or original(*a, **k))

    def run(paths=None):
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True,
                                      compare_with_repository=True)
        report = engine.run(paths or [tmp_path]) if paths is None else engine.run_files(paths)
        return [(f.path, f.line, f.message) for f in report.findings if f.rule == "repeated-block"]

    cold = run()
    assert [path for path, _, _ in cold] == ["zz-copy.txt"] and len(calls) == 1
    assert run() == cold and len(calls) == 1  # warm: from the cache
    # one file named: a focused pass over the articles the focus index names (a few, not all)
    assert run([tmp_path / "zz-copy.txt"]) == cold and len(calls) == 2
    other = tmp_path / sources[12].name
    other.write_text(other.read_text(encoding="utf-8") + "A closing line added later.\n", encoding="utf-8")
    assert run() == cold and len(calls) == 3  # another article changed: the pass runs again
    assert run() == cold and len(calls) == 3
    os.unlink(tmp_path / sources[5].name)  # the original is gone: so is the finding
    assert run() == [] and len(calls) == 4
    (tmp_path / ".newslint.yaml").write_text("rules:\n  repeated-block:\n    min-words: 20\n", encoding="utf-8")
    run()
    assert len(calls) == 5  # another option


def test_a_pre_commit_run_asks_only_about_its_files_and_keeps_the_whole_answer(tmp_path, monkeypatch):
    """One changed article of many: the corpus pass looks only at copies into or out of it
    (the same findings), and that partial answer never replaces the cached whole one."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.rules import repeated_block

    sources = wikinews_repo(tmp_path, count=30)
    copy = tmp_path / "zz-copy.txt"
    copy.write_text(_copy_two_paragraphs((tmp_path / sources[5].name).read_text()), encoding="utf-8")
    focuses = []
    original = repeated_block.find_copies
    monkeypatch.setattr(repeated_block, "find_copies",
                        lambda entries, options, focus=None, processes=1, previous=None:
                        focuses.append(focus) or original(entries, options, focus, processes, previous))

    def run(paths=None):
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True,
                                      compare_with_repository=True)
        report = engine.run([tmp_path]) if paths is None else engine.run_files(paths)
        return [(f.path, f.line, f.message) for f in report.findings if f.rule == "repeated-block"]

    whole = run()
    assert [path for path, _, _ in whole] == ["zz-copy.txt"] and focuses == [None]
    copy.write_text(copy.read_text(encoding="utf-8") + "\nA line added to the copy before it was committed.\n",
                    encoding="utf-8")
    edited = run([copy])
    assert [path for path, _, _ in edited] == ["zz-copy.txt"] and focuses[1] == {"zz-copy.txt"}
    other = tmp_path / sources[20].name
    assert run([other]) == [] and focuses[2] == {other.name}
    assert run() == edited and focuses[3] is None  # the whole pass, run and kept
    assert run() == edited and len(focuses) == 4  # from the cache
    assert run([copy]) == edited and focuses[4] == {"zz-copy.txt"}  # focused, over what the index names


@pytest.mark.parametrize("given_up", [False, True])
def test_summaries_are_read_only_when_the_corpus_pass_runs(tmp_path, monkeypatch, given_up):
    """The fingerprints are most of a cached result: a warm run whose corpus answer is cached
    reads none of them; when the pass must run again it resumes from the last one and reads
    the changed article's alone; a whole pass reads them all, and a summary missing from the
    cache (deleted meanwhile) means its article is checked again, never a lost finding."""
    import sqlite3

    from pytest_newslint.pipeline import cache as cache_module
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config

    sources = wikinews_repo(tmp_path, count=20)
    (tmp_path / "zz-copy.txt").write_text(_copy_two_paragraphs((tmp_path / sources[5].name).read_text()), encoding="utf-8")
    read = []
    original = cache_module.Cache.summaries
    monkeypatch.setattr(cache_module.Cache, "summaries", lambda self, keys: read.append(len(keys)) or original(self, keys))

    def run():
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True,
                                      compare_with_repository=True)
        return [(f.path, f.line, f.message) for f in engine.run([tmp_path]).findings if f.rule == "repeated-block"]

    if given_up:  # a large run: each summary given up once the cache has it, read back as the pass goes
        monkeypatch.setattr(engine_module, "KEEP_SUMMARIES_UP_TO", 0)
    cold = run()
    assert [path for path, _, _ in cold] == ["zz-copy.txt"] and read == ([21] if given_up else [])  # else all checked: none read
    assert run() == cold and read == ([21] if given_up else [])  # warm: the corpus answer is cached
    other = tmp_path / sources[12].name
    other.write_text(other.read_text(encoding="utf-8") + "A closing line added later.\n", encoding="utf-8")
    # resumed: the changed article's summary alone, when given up (else it is in memory)
    assert run() == cold and read == ([21, 1] if given_up else [])
    other.write_text(other.read_text(encoding="utf-8") + "Another closing line.\n", encoding="utf-8")
    (tmp_path / ".newslint_cache" / "pass-repeated-block.bin").unlink()
    # a whole pass: the unchanged articles' summaries (and the changed one's, when given up)
    assert run() == cold and read == ([21, 1, 21] if given_up else [20])
    with sqlite3.connect(tmp_path / ".newslint_cache" / cache_module.DB_NAME) as connection:
        connection.execute("DELETE FROM summaries")
        connection.execute("DELETE FROM corpus")
    (tmp_path / ".newslint_cache" / "pass-repeated-block.bin").unlink()
    assert run() == cold  # every article checked again for its summary


def test_results_are_written_as_they_pile_up_not_held_to_the_end(tmp_path, monkeypatch):
    """A cold run of a million articles must not hold every result for writing until it ends
    (about 2 GB): past PENDING_LIMIT bytes the pending rows are written, and the cache then
    serves every article as one written at the end would."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline import cache as cache_module

    for index in range(30):
        (tmp_path / f"a{index:02d}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + "\n\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "PENDING_LIMIT", 500)
    flushes = []
    original = cache_module.RowWriter.flush
    monkeypatch.setattr(cache_module.RowWriter, "flush",
                        lambda self, commit=True: flushes.append(len(self.pending.results)) or original(self, commit))

    def run():
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True)
        return sorted((f.path, f.line, f.rule) for f in engine.run([tmp_path]).findings)

    cold = run()
    assert len(cold) == 30 and len([n for n in flushes if n]) > 3  # written in batches as the run went
    with sqlite3.connect(tmp_path / ".newslint_cache" / cache_module.DB_NAME) as connection:
        assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == 30
    flushes.clear()
    assert run() == cold and not any(flushes)  # warm: all served, nothing left to write


@pytest.mark.parametrize("commit_limit", [10**9, 500])
def test_batches_are_committed_together_up_to_commit_limit(tmp_path, monkeypatch, commit_limit):
    """The batches written as the run goes stay in one transaction until COMMIT_LIMIT bytes
    (each commit writes every index page it touched again): another process sees none of them
    until then. The run's end commits them all, and the next run is served every article."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline import cache as cache_module

    for index in range(30):
        (tmp_path / f"a{index:02d}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + "\n\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "PENDING_LIMIT", 500)
    monkeypatch.setattr(cache_module, "COMMIT_LIMIT", commit_limit)
    database = tmp_path / ".newslint_cache" / cache_module.DB_NAME
    seen_elsewhere = []  # the results another connection sees after each flush of the run

    def committed() -> int:
        with sqlite3.connect(database) as other:
            return other.execute("SELECT count(*) FROM results").fetchone()[0]

    original = cache_module.RowWriter.flush
    monkeypatch.setattr(cache_module.RowWriter, "flush",
                        lambda self, commit=True: original(self, commit) or seen_elsewhere.append(committed()))

    def run():
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True)
        return sorted((f.path, f.line, f.rule) for f in engine.run([tmp_path]).findings)

    cold = run()
    written_during_run = [n for n in seen_elsewhere[:-1] if 0 < n < 30]
    assert written_during_run if commit_limit == 500 else not written_during_run, seen_elsewhere
    assert seen_elsewhere[-1] == 30 and committed() == 30
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM summaries").fetchone()[0] == 30
    seen_elsewhere.clear()
    assert run() == cold and set(seen_elsewhere) <= {30}  # warm: all served


def test_workers_get_runs_of_bounded_size_in_order():
    """However many articles, a run sent to a worker holds at most CHUNK_MAX of them (its
    results come back as one message, held whole on both sides), and the runs keep the order."""
    from pytest_newslint.pipeline.workers import CHUNK_MAX, Workers

    for count, jobs in ((150, 2), (10_000, 2), (1_000_000, 2), (50_000, 8)):
        runs = Workers(checker=None, jobs=jobs)._chunks(list(range(count)))
        assert [item for run in runs for item in run] == list(range(count))
        assert max(map(len, runs)) <= CHUNK_MAX and min(map(len, runs[:-1]), default=16) >= 16
        sizes = [len(run) for run in runs]
        # shrinking toward the end, so that the workers finish together
        assert sizes[:-1] == sorted(sizes[:-1], reverse=True) and sizes[-1] <= 16


def test_what_a_worker_sends_back_is_the_check_items_answer(tmp_path):
    """A worker sends each result as a tuple of its fields and the stat as the four numbers the
    cache reads (`workers.sent`); the main process rebuilds the same answer (`received`):
    every field of the result (findings, suppressions, summaries, date), the hash, the rows (the
    summaries' row made again from the summaries sent in the result)."""
    import dataclasses
    import pickle

    from pytest_newslint.config import load_config
    from pytest_newslint.engine import Engine
    from pytest_newslint.pipeline.results import FileResult
    from pytest_newslint.pipeline.workers import check_item, received, sent

    (tmp_path / "plain.txt").write_text(BODY)
    (tmp_path / "padded.txt").write_text(BODY + "\n\n\n")
    (tmp_path / "suppressed.md").write_text("<!-- newslint: disable=hashtag-stuffing -->\n<!-- newslint: disable=no-such-rule -->\n" + BODY + "\n\n")
    (tmp_path / "dated.md").write_text("---\ndate: 2024-03-01\ntitle: Budget\n---\n" + BODY + "\n\n")
    (tmp_path / "empty.txt").write_text("")
    engine = Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True)
    items = [(str(tmp_path / name), None, None) for name in
             ("plain.txt", "padded.txt", "suppressed.md", "dated.md", "empty.txt", "missing.txt")]
    answers = [check_item(engine.checker, item) for item in items]
    assert answers[2][0].suppressions is not None and answers[3][0].date == "2024-03-01"
    assert [len(answer[0].findings) for answer in answers] == [0, 1, 1, 1, 1, 1]
    assert len(sent(answers[0])[0]) == len(dataclasses.fields(FileResult))  # every field of a result travels
    assert any(answer[3] is not None and answer[3][1] is not None for answer in answers)
    for item, answer in zip(items, answers):
        message = sent(check_item(engine.checker, item, with_summaries=False))  # as a worker sends it
        assert message[3] == (answer[3][0] if answer[3] is not None else None)  # not the summaries' row: they travel once
        result, digest, info, rows = received(pickle.loads(pickle.dumps(message)))
        assert result == answer[0] and digest == answer[1] and rows == answer[3]  # the rows made again alike
        if answer[2] is None:
            assert info is None
        else:
            assert (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino) == (
                answer[2].st_mode, answer[2].st_size, answer[2].st_mtime_ns, answer[2].st_ino)


def test_the_cache_rows_are_json_dumps_of_the_result():
    """`result_rows` builds its encoder once and a plain result's text once a process: the text
    is still `json.dumps(..., separators=(",", ":"))` of the result without its summaries, and
    of the summaries."""
    from pytest_newslint.pipeline.cache import result_rows

    def by_json_dumps(result):
        summaries = result.get("summaries") or {}
        rest = {name: value for name, value in result.items() if name != "summaries"}
        rest["summary_rules"] = sorted(summaries)
        if any(value is None for value in summaries.values()):
            rest["empty_summary_rules"] = sorted(rule for rule, value in summaries.items() if value is None)
        return (json.dumps(rest, separators=(",", ":")),
                json.dumps(summaries, separators=(",", ":")) if summaries else None)

    summary = {"version": 3, "words": 277, "headline_words": [839149736, 1], "paragraphs": "AwAA/+==",
               "ratio": 0.1 + 0.2, "text": "Caf\u00e9 \u201cquoted\u201d \U0001f600 \"\\\n", "nested": [[], {}, None, True]}
    for result in (
        {"findings": [], "summaries": {"repeated-block": summary, "title-role": None}, "suppressions": None},
        {"findings": [], "summaries": {}, "suppressions": None},
        {"findings": [], "summaries": {"b": 1, "a": 2}, "suppressions": None},  # the rules sorted
        {"findings": [[1, 1, "trailing-padding", "m\u00e9", "error", 2, 1, None, "ab", []]], "summaries": {"x": summary},
         "suppressions": None},
        {"findings": [], "summaries": {"x": summary}, "suppressions": {"directives": [1]}},
        {"findings": [], "summaries": {"x": 1}, "suppressions": None, "date": "2024-03-01"},
        {"findings": [], "suppressions": None, "date": "2024-03-01"},
    ):
        assert result_rows(result) == by_json_dumps(result)
        assert result_rows(result) == by_json_dumps(result)  # the plain text again, from the memo


def test_workers_fork_with_the_main_processs_objects_frozen_then_thawed(tmp_path, monkeypatch):
    """The objects the main process holds are frozen while the workers fork (so a collection in a
    worker does not copy their pages) and thawed after: the main process collects as before."""
    import gc

    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config

    for index in range(250):
        (tmp_path / f"{index:03d}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + ("\n\n" if index % 5 == 0 else ""))
    frozen_at_fork = []
    original = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: original() or frozen_at_fork.append(gc.get_freeze_count()))

    def run(jobs):
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, jobs=jobs)
        return [(f.path, f.line, f.rule) for f in engine.run([tmp_path]).findings]

    parallel = run(2)
    assert frozen_at_fork and frozen_at_fork[0] > 0 and gc.get_freeze_count() == 0
    assert parallel == run(1) and len(parallel) == 50


def test_a_whole_run_that_finds_every_file_as_the_last_one_left_it_reads_its_report(tmp_path, monkeypatch):
    """One row instead of a result per article; anything the report is made from changing (an
    article, the baseline, the dates given new articles, a flag, the working folder) makes the
    run check as before."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.baseline import Baseline

    sources = wikinews_repo(tmp_path, count=20)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.email=a@example.org", "-c", "user.name=a", "commit", "-qm", "x"], cwd=tmp_path,
                   check=True)
    (tmp_path / "zz-copy.txt").write_text(_copy_two_paragraphs((tmp_path / sources[5].name).read_text()), encoding="utf-8")
    (tmp_path / "padded.txt").write_text(BODY + "\n\n\n")
    padding = next(f.fingerprint for f in engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path).run([tmp_path]).findings
                   if f.rule == "trailing-padding")
    checked = []
    original = engine_module.Engine.results_for
    monkeypatch.setattr(engine_module.Engine, "results_for",
                        lambda self, files, *args, **kwargs: checked.append(len(files)) or original(self, files, *args, **kwargs))

    def run(base=tmp_path, baseline=None, unused=False, paths=None):
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=base, use_cache=True,
                                      compare_with_repository=True, report_unused_suppressions=unused)
        engine.baseline = baseline
        report = engine.run(paths or [tmp_path])
        return [(f.path, f.line, f.rule, f.message) for f in report.findings], report.files, report.hidden

    cold = run()
    assert {f[2] for f in cold[0]} == {"repeated-block", "trailing-padding"} and len(checked) == 1
    assert run() == cold and len(checked) == 1  # the report, read back
    assert run(base=tmp_path / "..") != cold and len(checked) == 2  # shown from elsewhere: another report
    assert run(unused=True) == cold and len(checked) == 3
    baseline = Baseline(collections.Counter({("padded.txt", "trailing-padding", padding): 1}))
    hidden = run(baseline=baseline)
    assert hidden[2] == 1 and len(checked) == 4
    assert run(baseline=baseline) == hidden and len(checked) == 4
    (tmp_path / "padded.txt").write_text(BODY)  # fixed
    fixed = run()
    assert [f[2] for f in fixed[0]] == ["repeated-block"] and len(checked) == 5
    assert run(paths=[tmp_path / "zz-copy.txt"])[0] == fixed[0] and len(checked) >= 6  # named: no report kept
    count = len(checked)
    assert run() == fixed and len(checked) == count  # the whole repository: from the report again
    # a new (untracked) undated article is dated today: another day, another report
    (tmp_path / "today.txt").write_text(BODY.replace("Tuesday", "Friday"), encoding="utf-8")
    monkeypatch.setenv("NEWSLINT_TODAY", "2025-01-01")
    first = run()
    count = len(checked)
    assert run() == first and len(checked) == count
    monkeypatch.setenv("NEWSLINT_TODAY", "2025-01-02")
    assert run() == first and len(checked) == count + 1


def test_rows_read_in_one_pass_or_looked_up_agree(tmp_path):
    """The cache's rows for a set of keys are the same whether they are looked up in batches (a
    few articles) or read in one pass over the table (half of it or more: a whole run), under
    two settings; results of the same text are one object, summaries never are."""
    from pytest_newslint.pipeline.cache import Cache, read_rows

    cache = Cache.open(tmp_path / "cache")
    texts = [json.dumps({"findings": [], "suppressions": None, "summary_rules": ["r"]}),
             json.dumps({"findings": [[1, 1, "r", "m", "error", 1, 2, None, "f", []]], "suppressions": None})]
    keys = [(f"{n:032x}", "s1") for n in range(2000)] + [(f"{n:032x}", "s2") for n in range(400)]
    for n, (digest, settings) in enumerate(keys):
        cache.store(digest, settings, (texts[n % 7 == 0], json.dumps({"r": {"n": n}})))
    cache.flush()
    expected = {key: json.loads(texts[n % 7 == 0]) for n, key in enumerate(keys)}
    # most rows of one settings key (read in one pass), and one not kept; a few (looked up)
    for wanted in (keys[:1300] + [("f" * 32, "s1")], keys[::97], keys[1995:2010]):
        found = cache.results(wanted)
        assert found == {key: expected[key] for key in wanted if key in expected}
        summaries = cache.summaries(wanted)
        assert summaries == {key: {"r": {"n": keys.index(key)}} for key in wanted if key in expected}
    found = cache.results(keys)
    assert found[keys[1]] is found[keys[2]] and found[keys[0]] is not found[keys[1]]
    summaries = cache.summaries(keys)
    assert summaries[keys[1]] is not summaries[keys[2]]
    # which way they were read: one pass for half the table or more, batches for fewer
    queries = []
    cache.connection.set_trace_callback(queries.append)
    read_rows(cache.connection, "results", "result", keys[:1300])
    assert any("IN (" not in q and "WHERE settings_key = ?" in q.replace("'s1'", "?") for q in queries)
    queries.clear()
    read_rows(cache.connection, "results", "result", keys[:100])
    assert all("MAX(rowid)" in q or "IN (" in q for q in queries)


def test_two_articles_of_one_text_from_the_cache_are_still_compared(tmp_path, run_cli):
    """Articles of the same text share a cache key, and so the summaries read for it; a whole
    run whose results came from the cache once gave the second of them no summary (the first
    had taken it), and the copy between them went unreported after any unrelated edit."""
    import random

    rng = random.Random(3)
    vocabulary = ["".join(rng.choice("bcdfglmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(2000)]

    def article() -> str:
        return "\n\n".join(" ".join(rng.choice(vocabulary) for _ in range(40)).capitalize() + "." for _ in range(5)) + "\n"

    texts = {f"a{number}.md": article() for number in range(5)}
    texts["b-copy.md"] = texts["a1.md"]
    for path, text in texts.items():
        (tmp_path / path).write_text(text)
    cold = run_cli("--format", "json", ".", cwd=tmp_path)
    assert "b-copy.md" in cold.stdout
    for edited in ("a3.md", "a4.md"):  # each run with every other article from the cache
        (tmp_path / edited).write_text(texts[edited] + "\nUpdated.\n")
        for kept in (tmp_path / ".newslint_cache").glob("pass-*.bin"):
            kept.unlink()  # a whole pass, not one resumed from the last
        assert run_cli("--format", "json", ".", cwd=tmp_path).stdout == cold.stdout


def test_the_run_key_holds_each_files_path_stat_and_settings(tmp_path, monkeypatch):
    """The whole run's key changes with any one file's path, size, mtime, inode or settings, and
    with a file gone: the stored report is read back for nothing less than the same run."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.discover import FileStat

    for index in range(3):
        (tmp_path / f"a{index}.txt").write_text(BODY)
    engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=True)
    files = engine.discover([tmp_path])
    absolutes = engine.files.absolutes(files)
    stats = {absolute: FileStat(0o100644, 100, 1_700_000_000_000_000_000, 42 + n) for n, absolute in enumerate(absolutes)}
    monkeypatch.setattr(engine.files, "stats_of", lambda paths, absolutes: [stats[a] for a in absolutes])
    key = engine._run_key(files, absolutes)
    assert key is not None and engine._run_key(files, absolutes) == key
    last = absolutes[-1]
    kept = stats[last]
    for changed in (kept._replace(st_size=101), kept._replace(st_mtime_ns=kept.st_mtime_ns + 1),
                    kept._replace(st_mtime_ns=-5), kept._replace(st_ino=2**64 - 1), None):
        stats[last] = changed
        assert engine._run_key(files, absolutes) != key, changed
    stats[last] = kept
    moved = absolutes[:-1] + [last + "x"]
    stats[moved[-1]] = kept
    assert engine._run_key(files, moved) != key
    # the settings of one file (with overrides each file has its own) or of every file
    monkeypatch.setattr(engine.config, "overrides", [object()])
    monkeypatch.setattr(engine.checker, "settings_key", lambda absolute: "s")
    each = engine._run_key(files, absolutes)
    monkeypatch.setattr(engine.checker, "settings_key", lambda absolute: "s" + ("x" if absolute == last else ""))
    assert engine._run_key(files, absolutes) != each
    monkeypatch.setattr(engine.config, "overrides", [])
    monkeypatch.setattr(engine.checker, "settings_key", lambda absolute: "other")
    assert engine._run_key(files, absolutes) != key
