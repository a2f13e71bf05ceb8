"""The focus index (pipeline/focus.py): a pre-commit run finds the articles it must compare its
own with from the index a whole run wrote, and reports exactly what a run reading the whole
repository reports for them: after edits seen by earlier pre-commit runs, after commits newslint
never saw (a pull), with the index missing or damaged, for both corpus rules."""
import random
import subprocess
from array import array

import pytest

from pytest_newslint import engine as engine_module
from pytest_newslint.config import load_config
from pytest_newslint.pipeline import focus as focus_module
from tests.common import wikinews_repo

GIT = ["git", "-c", "user.email=desk@example.org", "-c", "user.name=Desk"]


def _repo(tmp_path, count=30):
    sources = wikinews_repo(tmp_path, count)
    _commit(tmp_path)
    return [tmp_path / path.name for path in sources]


def _commit(folder):
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "articles"], cwd=folder, check=True)


def _fresh_paragraphs(start, count=2):
    """Long paragraphs of real articles that are not in the repository (from the 200th on, every
    seventh: neighbours can be versions of one story)."""
    from tests.conftest import shared_corpus

    found = []
    for path in sorted(shared_corpus("wikinews").glob("*.txt"))[200 + start :: 7]:
        found.extend(_paragraphs(path, 1))
        if len(found) == count:
            return found
    raise AssertionError("not enough articles")


def _own_story(path, start) -> None:
    path.write_text("A story of its own\n\n" + "\n\n".join(_fresh_paragraphs(start)) + "\n", encoding="utf-8")


def _paragraphs(path, count=2):
    return [p for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if len(p.split()) > 25][:count]


def _borrowing(path, *sources) -> None:
    """An article of its own words, with two paragraphs of each source pasted in."""
    pasted = [p for source in sources for p in _paragraphs(source)]
    path.write_text("A story of its own\n\nA fresh opening paragraph written for this article alone, about a harbour "
                    "and a bridge and the people who use them every day.\n\n" + "\n\n".join(pasted) + "\n",
                    encoding="utf-8")


def _findings(report):
    return sorted((f.path, f.rule, f.line, f.message) for f in report.findings)


def _engine(folder, use_cache=True):
    return engine_module.Engine(load_config(None, start=folder), base=folder, use_cache=use_cache, jobs=1,
                                compare_with_repository=True)


def _named(folder, *paths, spy=None):
    """(the findings of a pre-commit run naming `paths`, those of a run that reads the whole
    repository without a cache), and how many articles the first compared its own with."""
    engine = _engine(folder)
    compared = []
    if spy is not None:
        original = engine.focused_reference
        engine.focused_reference = lambda results: spy(original(results), compared)
    indexed = _findings(engine.run_files([str(p) for p in paths]))
    full = _findings(_engine(folder, use_cache=False).run_files([str(p) for p in paths]))
    return indexed, full, compared


def _spy(answer, compared):
    compared.append(None if answer is None else len(answer[0]))
    return answer


def test_a_pre_commit_run_compares_with_what_the_index_names_and_finds_the_same(tmp_path):
    sources = _repo(tmp_path)
    _engine(tmp_path).run([tmp_path])  # the whole run writes the index
    assert (tmp_path / ".newslint_cache" / "focus-repeated-block.bin").exists()
    copy = tmp_path / "zz-copy.txt"
    _borrowing(copy, sources[5])
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and [f[0] for f in indexed] == ["zz-copy.txt"]
    assert compared and compared[0] is not None and 1 <= compared[0] < len(sources) // 2  # not the whole repository

    # an article a pre-commit run checked is compared with in the next ones (the index does not
    # hold it: the cache notes it as touched)
    own = tmp_path / "aa-own.txt"
    _own_story(own, 0)
    assert _named(tmp_path, own)[0] == []
    second = tmp_path / "zz-second.txt"
    _borrowing(second, own)
    indexed, full, compared = _named(tmp_path, second, spy=_spy)
    assert indexed == full and {f[0] for f in indexed} == {"zz-second.txt"} and any("aa-own.txt" in f[3] for f in indexed)
    assert compared[0] is not None


def test_articles_a_commit_brought_are_compared_with(tmp_path):
    """A pull brings articles no newslint run has seen: git names them."""
    sources = _repo(tmp_path)
    _engine(tmp_path).run([tmp_path])
    pulled = tmp_path / "pulled.txt"
    _own_story(pulled, 5)
    _commit(tmp_path)
    copy = tmp_path / "zz-copy.txt"
    _borrowing(copy, pulled)
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and {f[0] for f in indexed} == {"zz-copy.txt"} and any("pulled.txt" in f[3] for f in indexed)
    assert compared[0] is not None and len(sources) > 10



def test_a_whole_run_after_an_edit_leaves_the_index_and_notes_the_article(tmp_path):
    """A whole run with one article edited leaves the index as it was (rewriting it took 6 s at
    a million articles) and notes the article as touched: a pre-commit run then compares with
    it as it is now, and finds what a run reading the whole repository finds. Once more than
    REWRITE_SHARE of the repository was checked since, the whole run writes the index again."""
    sources = _repo(tmp_path)
    _engine(tmp_path).run([tmp_path])
    index = tmp_path / ".newslint_cache" / "focus-repeated-block.bin"
    written = (index.stat().st_ino, index.stat().st_mtime_ns)
    edited = sources[3]
    _own_story(edited, 0)
    _engine(tmp_path).run([tmp_path])
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == written  # left as it was
    copy = tmp_path / "zz-copy.txt"
    _borrowing(copy, edited)
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and any(edited.name in f[3] for f in indexed)
    assert compared[0] is not None

    _own_story(sources[4], 3)  # with the copy, three articles checked since: past the share of 30
    engine = _engine(tmp_path)
    engine.run([tmp_path])
    assert (index.stat().st_ino, index.stat().st_mtime_ns) != written
    assert engine.cache.touched() == []  # the index holds them now

def test_a_missing_or_damaged_index_means_the_whole_repository(tmp_path):
    sources = _repo(tmp_path)
    _engine(tmp_path).run([tmp_path])
    copy = tmp_path / "zz-copy.txt"
    _borrowing(copy, sources[7])
    index = tmp_path / ".newslint_cache" / "focus-repeated-block.bin"
    index.write_bytes(index.read_bytes()[:-6])  # cut short
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and indexed and compared == [None]
    index.unlink()
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and indexed and compared == [None]
    _engine(tmp_path).run([tmp_path])  # a whole run writes it again
    assert index.exists()
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and compared[0] is not None


def test_other_settings_mean_the_whole_repository(tmp_path):
    sources = _repo(tmp_path)
    _engine(tmp_path).run([tmp_path])
    (tmp_path / ".newslint.yaml").write_text("rules:\n  repeated-block:\n    min-words: 20\n")
    copy = tmp_path / "zz-copy.txt"
    _borrowing(copy, sources[2])
    indexed, full, compared = _named(tmp_path, copy, spy=_spy)
    assert indexed == full and indexed and compared == [None]


def test_title_role_finds_the_same_contradictions_through_the_index(tmp_path):
    """The archive's evidence: four dated articles call a person the sitting minister; a fifth
    named one, dated between them, calls her former."""
    sources = _repo(tmp_path)

    def article(name, day, title):
        (tmp_path / name).write_text(
            f"---\ndate: 2024-05-{day:02d}\n---\nHarbour works\n\n{title} Ilse Varnholt opened the new harbour wall on "
            f"Monday, saying the works had finished ahead of time and under budget for the town.\n", encoding="utf-8")

    for index, day in enumerate((3, 6, 20, 24)):
        article(f"harbour-{index}.md", day, "Fisheries Minister")
    _commit(tmp_path)
    _engine(tmp_path).run([tmp_path])
    article("zz-harbour.md", 12, "Former Fisheries Minister")
    indexed, full, compared = _named(tmp_path, tmp_path / "zz-harbour.md", spy=_spy)
    assert indexed == full and [f[1] for f in indexed] == ["title-role"]
    assert compared[0] is not None and compared[0] >= 4 and len(sources) > 10


def test_the_compiled_scan_and_its_twin_agree(tmp_path):
    from pytest_newslint.text import FAST

    if FAST is None:
        pytest.skip("the compiled module is not built")
    rng = random.Random(7)
    writer = focus_module.IndexWriter(tmp_path, "rule")
    for number in range(300):
        keys = array("I", (rng.getrandbits(32) if rng.random() < 0.5 else rng.randrange(50) for _ in range(rng.randrange(0, 40))))
        writer.add(f"folder/ärticle-{number}" + "x" * rng.randrange(4), keys)
    writer.commit()
    data = focus_module.index_file(tmp_path, "rule").read_bytes()
    for wanted in ([], [3], [0, 1, 2, 49], sorted({rng.getrandbits(32) for _ in range(500)}), list(range(50))):
        keys = array("I", sorted(set(wanted)))
        assert FAST.focus_scan(data, keys) == focus_module.scan_records(data, keys)
    for broken in (data[:-1], data[:5], data + b"\1\0\0\0"):
        with pytest.raises(ValueError):
            FAST.focus_scan(broken, array("I", [1]))
        with pytest.raises(ValueError):
            focus_module.scan_records(broken, array("I", [1]))
    wanted = {3, 17}
    rng = random.Random(7)
    expected = []
    for number in range(300):
        keys = [rng.getrandbits(32) if rng.random() < 0.5 else rng.randrange(50) for _ in range(rng.randrange(0, 40))]
        name = f"folder/ärticle-{number}" + "x" * rng.randrange(4)
        if wanted & set(keys):
            expected.append(name)
    assert focus_module.holders(tmp_path, "rule", wanted) == expected


def test_a_whole_pass_reads_the_summaries_back_a_chunk_at_a_time_with_the_same_findings(tmp_path, monkeypatch):
    """The command's whole pass reads each summary from the cache as the rule reads it (a
    million of them are not held at once): the findings of a run without a cache, and the index
    written from them serves the next pre-commit run."""
    from pytest_newslint.pipeline import corpus as corpus_module

    sources = _repo(tmp_path)
    _borrowing(tmp_path / "zz-copy.txt", sources[4], sources[9])
    monkeypatch.setattr(corpus_module.StreamedEntries, "CHUNK", 4)
    monkeypatch.setattr(engine_module, "KEEP_SUMMARIES_UP_TO", 0)  # as a run of a million articles
    whole = _findings(_engine(tmp_path).run([tmp_path]))
    assert whole == _findings(_engine(tmp_path, use_cache=False).run([tmp_path])) and whole
    second = tmp_path / "zz-second.txt"
    _borrowing(second, sources[11])
    indexed, full, compared = _named(tmp_path, second, spy=_spy)
    assert indexed == full and indexed and compared[0] is not None


def test_streamed_entries_read_as_far_as_they_are_read():
    from pytest_newslint.pipeline.corpus import StreamedEntries
    from pytest_newslint.pipeline.results import FileResult
    from pytest_newslint.rules import taken

    holders = [FileResult(f"a{n}.txt", summaries=None, summary_rules=("rule",)) for n in range(10)]
    loads, given = [], []

    def load(chunk):
        loads.append(len(chunk))
        for result in chunk:
            result.summaries = {"rule": {"n": result.path}, "other": 1}

    StreamedEntries.CHUNK = 3
    try:
        entries = StreamedEntries(holders, "rule", load, lambda result, summary: given.append(result.path))
        assert len(entries) == 10 and loads == []
        assert entries[1] == ("a1.txt", {"n": "a1.txt"}) and loads == [3]
        assert entries[-1][0] == "a9.txt" and loads == [3, 3, 3, 1]
        assert [path for path, _ in entries] == [f"a{n}.txt" for n in range(10)]
        assert [path for path, _ in taken(entries)][:2] == ["a0.txt", "a1.txt"] and entries[0] is None
        assert given == [f"a{n}.txt" for n in range(10)] and holders[0].summaries == {"other": 1}
        loads.clear()  # iterated from the start: a chunk read as the iteration reaches it
        fresh = [FileResult(f"b{n}.txt", summaries=None, summary_rules=("rule",)) for n in range(7)]
        walked = StreamedEntries(fresh, "rule", load)
        seen = []
        for path, summary in walked:
            seen.append((path, summary["n"], list(loads)))
        assert seen[0] == ("b0.txt", "b0.txt", [3]) and seen[3][2] == [3, 3] and seen[-1] == ("b6.txt", "b6.txt", [3, 3, 1])
    finally:
        StreamedEntries.CHUNK = 10_000
