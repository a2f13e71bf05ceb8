"""A cold run on many articles loads the cache in bulk: its results and summaries go into
tables without their key indexes, made again at the run's end (`RowWriter._begin_bulk`). The
tests lower `BULK_MIN_ROWS` so that a few articles stand for an archive."""
import sqlite3

import pytest

from tests.test_cache import BODY

ARTICLES = 30


@pytest.fixture
def archive(tmp_path):
    for index in range(ARTICLES):
        (tmp_path / f"a{index:02d}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + "\n\n", encoding="utf-8")
    # two articles of the same bytes as a00.txt: one row for the three of them
    for name in ("copy1.txt", "copy2.txt"):
        (tmp_path / name).write_bytes((tmp_path / "a00.txt").read_bytes())
    return tmp_path


@pytest.fixture
def cache_module(monkeypatch):
    from pytest_newslint.pipeline import cache

    monkeypatch.setattr(cache, "PENDING_LIMIT", 500)  # written in many batches, as an archive is
    monkeypatch.setattr(cache, "COMMIT_LIMIT", 1000)  # (which a bulk load does not commit at)
    return cache


def run(folder):
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config

    engine = engine_module.Engine(load_config(None, start=folder), base=folder, use_cache=True)
    try:
        return sorted((f.path, f.line, f.rule, f.message) for f in engine.run([folder]).findings)
    finally:
        engine.close()


def database(folder):
    return sqlite3.connect(folder / ".newslint_cache" / "newslint.sqlite3")


def rows(folder) -> dict[str, list]:
    with database(folder) as connection:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall()) for table in ("files", "results", "summaries")}


def key_indexes(folder) -> dict[str, list]:
    with database(folder) as connection:
        return {table: [(row[1], row[2]) for row in connection.execute(f"PRAGMA index_list({table})")]
                for table in ("results", "summaries")}


def watch_flushes(monkeypatch, cache_module, folder) -> list:
    """The rows another process sees in results after each flush of the run, and whether that
    flush wrote in bulk."""
    seen = []
    original = cache_module.RowWriter.flush

    def flush(self, commit=True):
        original(self, commit)
        with database(folder) as other:
            seen.append((other.execute("SELECT count(*) FROM results").fetchone()[0], self._bulk))

    monkeypatch.setattr(cache_module.RowWriter, "flush", flush)
    return seen


def test_a_bulk_load_keeps_what_row_by_row_writing_keeps(archive, tmp_path_factory, monkeypatch, cache_module):
    """The same findings, and the same rows in every table, as a run that writes row by row;
    the key indexes are there again (unique), and the next run is served every article."""
    plain = tmp_path_factory.mktemp("plain")
    for path in archive.iterdir():
        (plain / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", 10**9)
    expected = run(plain)
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", ARTICLES)
    seen = watch_flushes(monkeypatch, cache_module, archive)
    assert run(archive) == expected
    assert any(bulk for _, bulk in seen[:-1])
    assert rows(archive)["results"] == rows(plain)["results"] and len(rows(archive)["results"]) == ARTICLES
    assert rows(archive)["summaries"] == rows(plain)["summaries"]
    assert [row[0].rsplit("/", 1)[1] for row in rows(archive)["files"]] == [row[0].rsplit("/", 1)[1] for row in rows(plain)["files"]]
    assert key_indexes(archive) == key_indexes(plain) == {"results": [("results_key", 1)], "summaries": [("summaries_key", 1)]}
    seen.clear()
    assert run(archive) == expected and not any(count != ARTICLES for count, _ in seen)  # warm: all served


def test_no_other_process_sees_the_tables_without_their_indexes(archive, monkeypatch, cache_module):
    """The bulk load is one transaction, whatever COMMIT_LIMIT says: another connection sees
    no row, and the indexes, until the run's committing flush."""
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", ARTICLES)
    seen = watch_flushes(monkeypatch, cache_module, archive)
    indexes_seen = []
    original_write = cache_module.PendingRows.write

    def write(self, connection, bulk=False):
        original_write(self, connection, bulk)
        indexes_seen.append(key_indexes(archive))

    monkeypatch.setattr(cache_module.PendingRows, "write", write)
    run(archive)
    during = [count for count, bulk in seen if bulk]  # flushes that left the load open
    assert len(during) > 3 and set(during) == {0}, seen
    assert seen[len(during)] == (ARTICLES, False), seen  # the committing flush ended it
    assert indexes_seen and all(seen_then == {"results": [("results_key", 1)], "summaries": [("summaries_key", 1)]}
                                for seen_then in indexes_seen)


def test_a_cache_that_holds_results_is_written_row_by_row(archive, monkeypatch, cache_module):
    """A bulk load only into a cache that holds no result: an archive's second run, with most
    articles edited, replaces rows through the indexes and commits as COMMIT_LIMIT says."""
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", ARTICLES)
    run(archive)
    for index in range(ARTICLES):
        path = archive / f"a{index:02d}.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("debate", "long debate"), encoding="utf-8")
    seen = watch_flushes(monkeypatch, cache_module, archive)
    run(archive)
    assert not any(bulk for _, bulk in seen)
    assert any(ARTICLES < count < 2 * ARTICLES for count, _ in seen[:-1])  # committed as it went
    assert len(rows(archive)["results"]) == 2 * ARTICLES


def test_few_articles_are_not_a_bulk_load(archive, monkeypatch, cache_module):
    seen = watch_flushes(monkeypatch, cache_module, archive)
    run(archive)  # 33 articles, against BULK_MIN_ROWS
    assert seen and not any(bulk for _, bulk in seen)


def test_a_failed_bulk_load_leaves_the_cache_whole(archive, monkeypatch, cache_module, capsys):
    """A write that fails midway rolls the load back, the dropped indexes with it: a warning,
    the findings all the same, the later batches written row by row, and the next run served
    what they wrote."""
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", ARTICLES)
    expected = run(archive)
    import shutil
    shutil.rmtree(archive / ".newslint_cache")
    original_write = cache_module.PendingRows.write
    writes = []

    def write(self, connection, bulk=False):
        writes.append(bulk)
        if len(writes) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        original_write(self, connection, bulk)

    monkeypatch.setattr(cache_module.PendingRows, "write", write)
    assert run(archive) == expected
    assert "could not write the cache" in capsys.readouterr().err
    assert writes[:3] == [True, True, True] and writes[3:] and not any(writes[3:])
    assert key_indexes(archive) == {"results": [("results_key", 1)], "summaries": [("summaries_key", 1)]}
    monkeypatch.setattr(cache_module.PendingRows, "write", original_write)
    assert 0 < len(rows(archive)["results"]) < ARTICLES
    assert run(archive) == expected


def test_an_earlier_newslints_cache_is_made_anew_without_a_warning(archive, run_cli):
    """A cache of schema 2 (its keys as primary keys) is replaced, not reported as foreign."""
    folder = archive / ".newslint_cache"
    folder.mkdir()
    with sqlite3.connect(folder / "newslint.sqlite3") as connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("INSERT INTO meta VALUES ('schema', '2')")
        connection.execute("CREATE TABLE results (content_hash TEXT NOT NULL, settings_key TEXT NOT NULL, "
                           "result TEXT NOT NULL, PRIMARY KEY (content_hash, settings_key))")
        connection.execute("INSERT INTO results VALUES ('x', 'y', '{}')")
    result = run_cli("--format", "json", ".", cwd=archive)
    assert result.returncode == 1 and result.stderr == ""
    assert len(rows(archive)["results"]) == ARTICLES
    assert key_indexes(archive) == {"results": [("results_key", 1)], "summaries": [("summaries_key", 1)]}


BULK_SEEN = """
import os
from pytest_newslint.pipeline import cache

cache.BULK_MIN_ROWS = 5
original = cache.RowWriter._begin_bulk

def begin_bulk(self):
    original(self)
    with open(os.environ["NEWSLINT_BULK_FILE"], "a") as handle:
        handle.write(f"{self._bulk}\\n")

cache.RowWriter._begin_bulk = begin_bulk
"""


@pytest.mark.parametrize("xdist", [False, True])
def test_pytest_loads_in_bulk_alone_and_never_under_xdist(pytester, monkeypatch, tmp_path, xdist):
    """A serial `pytest --newslint` is a cold run as the command's; xdist's workers write their
    parts of the cache at once, and a bulk load would hold the lock for a whole part."""
    if xdist:
        pytest.importorskip("xdist")
    seen = tmp_path / "bulk"
    monkeypatch.setenv("NEWSLINT_BULK_FILE", str(seen))
    pytester.makeconftest(BULK_SEEN)
    for index in range(ARTICLES):
        (pytester.path / f"a{index:02d}.txt").write_text(BODY.replace("Tuesday", f"day {index}") + "\n\n", encoding="utf-8")
    result = pytester.runpytest_subprocess("--newslint", *(["-n", "2"] if xdist else []))
    result.assert_outcomes(failed=ARTICLES)
    assert seen.read_text().split() == (["False", "False"] if xdist else ["True"])
    with sqlite3.connect(pytester.path / ".newslint_cache" / "newslint.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == ARTICLES


def test_an_interrupted_bulk_load_keeps_what_it_wrote(archive, monkeypatch, cache_module):
    """Ctrl-C midway: closing the engine commits the rows written so far, with the indexes
    made again, and the next run checks only what is missing."""
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", ARTICLES)
    original_store = cache_module.Cache.store
    stored = []

    def store(self, digest, key, rows):
        stored.append(digest)
        if len(stored) == 20:
            raise KeyboardInterrupt
        original_store(self, digest, key, rows)

    monkeypatch.setattr(cache_module.Cache, "store", store)
    with pytest.raises(KeyboardInterrupt):
        run(archive)
    monkeypatch.setattr(cache_module.Cache, "store", original_store)
    assert 0 < len(rows(archive)["results"]) < ARTICLES
    assert key_indexes(archive) == {"results": [("results_key", 1)], "summaries": [("summaries_key", 1)]}
    kept = len(rows(archive)["results"])
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", 10**9)
    expected = run(archive)
    assert len(rows(archive)["results"]) == ARTICLES > kept
    assert run(archive) == expected


def test_summaries_asked_in_the_order_written_are_read_as_a_range(tmp_path, monkeypatch):
    """Many summaries asked for at once are first looked for in the rows after the first
    one's (a cold run's rows lie in the order its corpus pass asks for them); whatever the
    order asked, the answer is the key look-ups' own."""
    import json
    import random

    from pytest_newslint.pipeline import cache as cache_module

    cache = cache_module.Cache.open(tmp_path)
    written = [(f"{index:032x}", "settings") for index in range(60)]
    for digest, key in written:
        cache.store(digest, key, ('{"findings":[]}', json.dumps({"repeated-block": [digest]})))
    cache.store(written[7][0], "other settings", ('{"findings":[]}', json.dumps({"repeated-block": ["other"]})))
    cache.flush()
    looked_up = []
    original_read_rows = cache_module.read_rows

    def read_rows(connection, table, column, keys, shared=False):
        looked_up.extend(keys)
        return original_read_rows(connection, table, column, keys, shared)

    monkeypatch.setattr(cache_module, "read_rows", read_rows)
    monkeypatch.setattr(cache_module, "IN_ORDER_MIN_KEYS", 5)
    shuffled = written[:]
    random.Random(7).shuffle(shuffled)
    asked_for = {
        "in order": written[10:40],
        "a few missing, one twice, one under other settings": [*written[:5], ("f" * 32, "settings"), written[3],
                                                                (written[7][0], "other settings"), *written[5:20]],
        "shuffled": shuffled,
        "the first one missing": [("", ""), *written[:30]],
        "too few for a range": written[:4],
    }
    for case, keys in asked_for.items():
        looked_up.clear()
        expected = original_read_rows(cache.connection, "summaries", "summaries", keys)
        assert cache.summaries(keys) == expected, case
        if case == "in order":
            assert looked_up == [], case  # all of them in one range
        if case == "a few missing, one twice, one under other settings":
            assert set(looked_up) <= {("f" * 32, "settings"), (written[7][0], "other settings")}, case
    cache.close()


def test_a_streamed_whole_pass_reads_its_summaries_in_ranges_with_the_same_findings(tmp_path, monkeypatch):
    """A cold run of many articles (its summaries given up, read back a chunk at a time) finds
    what a run without a cache finds, and reads its rows back as ranges, not by key."""
    from pytest_newslint import engine as engine_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline import cache as cache_module
    from pytest_newslint.pipeline import corpus as corpus_module
    from tests.common import wikinews_repo
    from tests.test_cache import _copy_two_paragraphs

    sources = wikinews_repo(tmp_path, count=30)
    (tmp_path / "zz-copy.txt").write_text(_copy_two_paragraphs((tmp_path / sources[5].name).read_text()), encoding="utf-8")
    monkeypatch.setattr(engine_module, "KEEP_SUMMARIES_UP_TO", 0)  # as a run of a million articles
    monkeypatch.setattr(corpus_module.StreamedEntries, "CHUNK", 8)
    monkeypatch.setattr(cache_module, "IN_ORDER_MIN_KEYS", 2)
    monkeypatch.setattr(cache_module, "BULK_MIN_ROWS", 10)
    looked_up = []
    original_read_rows = cache_module.read_rows
    monkeypatch.setattr(cache_module, "read_rows",
                        lambda connection, table, column, keys, shared=False: looked_up.extend(keys) or original_read_rows(connection, table, column, keys, shared))

    def run(use_cache):
        engine = engine_module.Engine(load_config(None, start=tmp_path), base=tmp_path, use_cache=use_cache,
                                      compare_with_repository=True)
        try:
            return sorted((f.path, f.line, f.rule, f.message) for f in engine.run([tmp_path]).findings)
        finally:
            engine.close()

    expected = run(use_cache=False)
    assert [f for f in expected if f[2] == "repeated-block"]
    assert run(use_cache=True) == expected
    assert looked_up == []  # every chunk in one range
