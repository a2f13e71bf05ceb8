"""repeated-block on labeled sets built from the real articles (tests/repeat_sets.py).

Every set is checked in one run, as a repository is, so the corpus-wide pass sees all of its
articles together. File-level scores, per defect kind: precision >= 0.99 and recall >= 0.95,
the finding on the later copy; no hard negative reported. Bigger sets: benchmarks/.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests import repeat_sets
from tests.conftest import shared_corpus

SEEDS = (1, 2)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    shared_corpus("wikinews")
    found = []
    for seed in SEEDS:
        folder = tmp_path_factory.mktemp(f"set{seed}")
        labels = repeat_sets.build_set(seed, folder)
        found.append((folder, labels, repeat_sets.evaluate(folder, labels)))
    return found


def totals(results) -> dict:
    summed: dict = {}
    for _folder, _labels, result in results:
        for kind, counts in result.items():
            if kind.startswith("_"):
                continue
            for key, value in counts.items():
                summed.setdefault(kind, {}).setdefault(key, 0)
                summed[kind][key] += value
    return summed


def wrong(results) -> list[str]:
    """Every file the rule got wrong, for the failure message."""
    lines = []
    for folder, labels, result in results:
        for label in labels:
            hits = result["_findings"].get(label.path, [])
            if label.positive and not hits:
                lines.append(f"missed {label.kind}: {folder / label.path} (copy on lines {label.lines})")
            elif not label.positive and hits:
                lines.append(f"false alarm on {label.kind}: {folder / label.path}: {[f.message for f in hits]}")
    return lines


def test_every_kind_is_in_the_sets(results):
    summed = totals(results)
    for kind in repeat_sets.DEFECT_KINDS:
        assert summed.get(kind, {}).get("files", 0) >= 20, kind
    for kind in repeat_sets.NEGATIVE_KINDS:
        assert summed.get(kind, {}).get("files", 0) >= 8, kind


@pytest.mark.parametrize("kind", repeat_sets.DEFECT_KINDS)
def test_precision_and_recall_per_kind(results, kind):
    summed = totals(results)
    scores = repeat_sets.scores(summed)[kind]
    problems = "\n".join(wrong(results))
    assert scores["recall"] >= 0.95, f"{kind}: {scores}\n{problems}"
    assert scores["precision"] >= 0.99, f"{kind}: {scores}\n{problems}"
    # the finding is on the later copy, not just somewhere in the file
    assert summed[kind]["on_copy"] >= 0.95 * summed[kind]["files"], f"{kind}: {summed[kind]}\n{problems}"


@pytest.mark.parametrize("kind", repeat_sets.NEGATIVE_KINDS)
def test_hard_negatives_stay_clean(results, kind):
    summed = totals(results)
    assert summed[kind]["flagged"] == 0, "\n".join(line for line in wrong(results) if f" {kind}:" in line)


def test_cross_article_finding_names_the_earlier_article(results):
    for _folder, labels, result in results:
        for label in labels:
            if label.kind == "cross" and result["_findings"].get(label.path):
                messages = [f.message for f in result["_findings"][label.path]]
                assert any(label.other in message for message in messages), (label, messages)


def test_sets_are_deterministic(tmp_path):
    shared_corpus("wikinews")
    counts = {"exact": 2, "near": 2, "cross": 2, "template": 1, "boilerplate": 1}

    def digest(folder: Path) -> str:
        h = hashlib.sha256()
        for path in sorted(folder.iterdir()):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    repeat_sets.build_set(7, tmp_path / "a", counts)
    repeat_sets.build_set(7, tmp_path / "b", counts)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_all_published_articles_in_one_run_are_clean():
    """The corpus-wide pass over the 291 real articles at once: series that reuse their
    background, interviews, the same questions to several candidates: no finding."""
    folder = shared_corpus("wikinews")
    from pytest_newslint.config import build_config
    from pytest_newslint.engine import Engine

    config = build_config({}, folder)
    config.restrict(["repeated-block"], None)
    report = Engine(config, folder).run_files(sorted(folder.glob("[0-9]*.txt")))
    assert [(f.path, f.line, f.message) for f in report.findings] == []


# -- the corpus pass on its own: summaries in, findings out -----------------------------------

def _articles():
    shared_corpus("wikinews")
    return [a for a in repeat_sets.load_articles() if len(a.paragraphs) >= 6]


def _summaries(texts: dict[str, str], options: dict | None = None):
    import json

    from pytest_newslint.document import parse
    from pytest_newslint.rules import repeated_block

    opts = {name: option.default for name, option in repeated_block.OPTIONS.items()} | (options or {})
    # through JSON, as the cache keeps them
    entries = [
        (path, json.loads(json.dumps(repeated_block.collect(parse(path, text.encode()), opts))))
        for path, text in texts.items()
    ]
    return entries, opts


def _finalize(texts: dict[str, str], options: dict | None = None):
    from pytest_newslint.rules import repeated_block

    entries, opts = _summaries(texts, options)
    return sorted((path, problem.line, problem.message) for path, problem in repeated_block.finalize(entries, opts))


def _text(article, extra=(), at=1, date=None) -> str:
    paragraphs = list(article.paragraphs)
    paragraphs[at:at] = list(extra)
    head = f"---\ntitle: {article.headline!r}\ndate: {date}\n---\n\n" if date else article.headline + "\n\n"
    return head + "\n\n".join(paragraphs) + "\n"


def test_summary_is_small_and_holds_no_text():
    import json

    article = max(_articles(), key=lambda a: sum(map(len, a.paragraphs)))
    entries, _ = _summaries({"a.txt": _text(article)})
    data = json.dumps(entries[0][1])
    assert len(data) < 0.5 * len(_text(article))
    assert not any(word in data for word in article.paragraphs[0].split() if len(word) > 6)


def test_a_run_copied_into_a_later_article_is_reported_on_it_by_date():
    a, b = _articles()[10], _articles()[60]
    run = [p for p in a.paragraphs if repeat_sets.is_plain(p)][:2]
    texts = {
        "z-first.md": _text(a, date="2021-01-01"),  # the earlier article has the later path
        "a-second.md": _text(b, run, at=2, date="2021-02-01"),
    }
    found = _finalize(texts)
    assert [(path, line) for path, line, _ in found] == [("a-second.md", 10)], found
    assert "z-first.md" in found[0][2]
    # without dates, the later path gets it
    texts = {"z-first.txt": _text(a), "a-second.txt": _text(b, run, at=2)}
    assert [path for path, _, _ in _finalize(texts)] == ["z-first.txt"]


def test_entry_order_does_not_matter():
    import random

    from pytest_newslint.rules import repeated_block

    a, b = _articles()[10], _articles()[60]
    run = [p for p in a.paragraphs if repeat_sets.is_plain(p)][:2]
    entries, opts = _summaries({"a.txt": _text(a), "b.txt": _text(b, run, at=2), "c.txt": _text(_articles()[90])})
    want = sorted((p, x.line, x.message) for p, x in repeated_block.finalize(entries, opts))
    assert want
    for seed in range(3):
        random.Random(seed).shuffle(entries)
        assert sorted((p, x.line, x.message) for p, x in repeated_block.finalize(entries, opts)) == want


def test_single_shared_paragraph_only_with_the_option():
    a, b = _articles()[10], _articles()[60]
    paragraph = [p for p in a.paragraphs if repeat_sets.is_plain(p)][0]
    texts = {"a.txt": _text(a), "b.txt": _text(b, [paragraph], at=2)}
    assert _finalize(texts) == []
    assert [path for path, _, _ in _finalize(texts, {"single-paragraph": True})] == ["b.txt"]


def test_adding_a_copy_never_hides_a_copy():
    """A run pasted into the middle of other articles is reported in each of them, however
    many hold it (this replaces the template that three articles made: a third copy hid the
    first two)."""
    arts = _articles()
    a = arts[10]
    run = [p for p in a.paragraphs if repeat_sets.is_plain(p)][:2]
    texts = {"a.txt": _text(a), "b.txt": _text(arts[60], run, at=2)}
    assert [path for path, _, _ in _finalize(texts)] == ["b.txt"]
    for n, donor in enumerate(arts[61:70]):
        texts[f"c{n}.txt"] = _text(donor, run, at=1 + n % 3)
        found = _finalize(texts)
        assert sorted(path for path, _, _ in found) == sorted(path for path in texts if path != "a.txt"), found
        # each names the earliest article, once
        assert all("repeat a.txt lines" in message for _, _, message in found), found
    # inside one article it is a repeat as well
    from tests.common import lint

    twice = _text(arts[60], run + run, at=2)
    assert [f.rule for f in lint(twice, {"repeated-block": {}}, "b.txt", select=["repeated-block"])] == ["repeated-block"]


def _closing(article, box, tail=()):
    return _text(article, [*box, *tail], at=len(article.paragraphs))


SIGN_OFF = [
    "About the Harbour Courier: the Courier is an independent, reader-funded newsroom covering the towns of the "
    "northern coast since 1921, owned by its staff and the trust that publishes it.",
    "Support our journalism: every story we publish is free to read because readers like you give what they can, "
    "each month or once, at harbourcourier.example/support.",
]


@pytest.mark.parametrize("box", [SIGN_OFF, SIGN_OFF[:1]])
def test_a_passage_closing_every_article_that_holds_it_is_a_template(box):
    arts = _articles()
    texts = {f"{n}.txt": _closing(article, box, ("Read more",) if n % 2 else ()) for n, article in enumerate(arts[20:24])}
    assert _finalize(texts, {"single-paragraph": True}) == []
    # ... when enough articles hold it: two articles sharing their closing lines copy them
    two = dict(list(texts.items())[:2])
    assert [path for path, _, _ in _finalize(two, {"single-paragraph": True})] == ["1.txt"]
    assert {path for path, _, _ in _finalize(texts, {"template-articles": 5, "single-paragraph": True})} == {"1.txt", "2.txt", "3.txt"}
    # the same passage in the middle of one of them: a copy there; the three it closes keep it
    texts["2.txt"] = _text(arts[22], box, at=2)
    assert [path for path, _, _ in _finalize(texts, {"single-paragraph": True})] == ["2.txt"]
    # in the middle of two: it closes only two articles, which no longer makes a template
    texts["3.txt"] = _text(arts[23], box, at=2)
    assert {path for path, _, _ in _finalize(texts, {"single-paragraph": True})} == {"1.txt", "2.txt", "3.txt"}


def test_a_series_intro_opening_every_article_is_a_template():
    arts = _articles()
    intro = [
        "This is the third part of our series on the cost of living, in which reporters across the region "
        "follow six families through a year of rising prices, wages that lag and bills that do not wait.",
        "The series is supported by a grant from the Regional Press Fund, which has no say over what we publish "
        "or how, and is edited by the newsroom alone.",
    ]
    texts = {f"{n}.txt": _text(article, intro, at=0) for n, article in enumerate(arts[30:34])}
    assert _finalize(texts) == []
    texts["3.txt"] = _text(arts[33], intro, at=3)
    assert [path for path, _, _ in _finalize(texts)] == ["3.txt"]


def test_foreign_or_corrupt_summaries_are_ignored():
    from pytest_newslint.rules import repeated_block
    from pytest_newslint.rules.repeated_block.corpus import VERSION

    a, b = _articles()[10], _articles()[60]
    run = [p for p in a.paragraphs if repeat_sets.is_plain(p)][:2]
    entries, opts = _summaries({"a.txt": _text(a), "b.txt": _text(b, run, at=2)})
    old_form = {"v": 2, "p": entries[0][1]["paragraphs"], "f": entries[0][1]["fingerprints"]}  # before VERSION 3
    junk = [
        ("x.txt", None), ("y.txt", {"version": 99}), ("o.txt", old_form),
        ("z.txt", {"version": VERSION, "paragraphs": "!!", "fingerprints": ""}),
        ("w.txt", {"version": VERSION, "paragraphs": "AAAA", "fingerprints": ""}),
    ]
    assert [p for p, _ in repeated_block.finalize(entries + junk, opts)] == ["b.txt"]


def test_across_articles_off():
    a, b = _articles()[10], _articles()[60]
    run = [p for p in a.paragraphs if repeat_sets.is_plain(p)][:2]
    assert _finalize({"a.txt": _text(a), "b.txt": _text(b, run, at=2)}, {"across-articles": False}) == []


def test_the_quick_test_never_drops_a_repeat(results):
    """`long_chains` lets most articles skip sentences altogether: on every file of the sets
    (copies, near copies, negatives, the published articles), its words are `stream`'s and it
    says yes wherever `find_repeats`, given every chain, finds a repeat."""
    from pytest_newslint.document import parse
    from pytest_newslint.rules.repeated_block.local import _chains, _seed_pairs, find_repeats, long_chains, prose_words, stream

    checked = skipped = 0
    for folder, labels, _result in results:
        for label in labels:
            document = parse(label.path, (folder / label.path).read_bytes())
            blocks = [found for _, found in prose_words(document)]
            words = [word for found in blocks for word in found]
            s = stream(document, 3)
            assert words == s.words, label.path
            every_chain = _chains(_seed_pairs(s.words))
            for min_words in (6, 15, 40):
                if find_repeats(s, 0.8, min_words, 4, chains=every_chain):
                    assert long_chains(blocks, min_words), (label.path, min_words)
                    assert find_repeats(s, 0.8, min_words, 4), (label.path, min_words)  # its own chains
                    checked += 1
                else:
                    skipped += not long_chains(blocks, min_words)
    assert checked >= 100 and skipped >= 100, (checked, skipped)



def test_a_focused_pass_finds_what_the_whole_pass_finds_for_its_articles(results):
    """A pre-commit run checks a few articles against the rest of the repository and asks the
    corpus pass only about those: for every article of the labeled sets (copies, templates,
    backgrounds, series), alone and in threes, the same copies as the whole pass, and so the
    same findings on it."""
    import random

    from pytest_newslint.rules.repeated_block.corpus import find_copies

    checked = 0
    for folder, _labels, _result in results:
        texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()) if path.suffix in (".txt", ".md")}
        entries, opts = _summaries(texts)
        whole = sorted(find_copies(entries, opts))
        assert any(copy.later != copy.earlier for copy in whole)
        paths = sorted(texts)
        groups = [{path} for path in paths] + [set(random.Random(n).sample(paths, 3)) for n in range(20)]
        for focus in groups:
            want = [copy for copy in whole if copy.later in focus or copy.earlier in focus]
            assert sorted(find_copies(entries, opts, focus)) == want, focus
            checked += bool(want)
    assert checked >= 20


# -- which article is the copy: dates -------------------------------------------------------------

def _pasted_paragraph(dates: tuple, names=("z-first.md", "a-second.md")):
    a, b = _articles()[10], _articles()[60]
    paragraph = [p for p in a.paragraphs if repeat_sets.is_plain(p)][0]
    return {names[0]: _text(a, date=dates[0]), names[1]: _text(b, [paragraph], at=2, date=dates[1])}


@pytest.mark.parametrize("dates, later, written", [
    (("2024-02-01", "2024-03-01"), "a-second.md", "2024-02-01"),
    (("2024-03-01", "2024-02-01"), "z-first.md", "2024-02-01"),
    # a time zone: 23:30 at UTC-5 is 04:30 UTC on the 2nd, after 01:00 UTC
    (("'2024-02-01T23:30:00-05:00'", "'2024-02-02T01:00:00Z'"), "z-first.md", "2024-02-02T01:00:00Z"),
    (("'February 1, 2024'", "'2024-01-15'"), "z-first.md", "2024-01-15"),
    (("'1 Feb 2024'", "'2024/02/03'"), "a-second.md", "1 Feb 2024"),
])
def test_a_single_pasted_paragraph_goes_on_the_later_dated_article(dates, later, written):
    found = _finalize(_pasted_paragraph(dates), {"single-paragraph": True})
    assert [path for path, _, _ in found] == [later], found
    assert found[0][2].endswith(f"(exact copy from the earlier article, dated {written})"), found


@pytest.mark.parametrize("dates", [
    (None, None),  # undated
    ("2024-02-01", None),  # one date only
    ("2024-02-01", "2024-02-01"),  # the same day
    ("2024-02-01", "'2024-02-01T10:00:00'"),  # a day and a time that day
    ("'01/02/2024'", "'2024-03-01'"),  # day or month first? not guessed
])
def test_without_dates_that_decide_the_later_path_is_the_copy(dates):
    found = _finalize(_pasted_paragraph(dates), {"single-paragraph": True})
    assert [path for path, _, _ in found] == ["z-first.md"], found
    assert found[0][2].endswith("(exact copy from another article)"), found


def test_the_date_is_the_documents_wherever_its_front_matter_writes_it(monkeypatch):
    """The summary keeps `Document.date` (the document reads `date`, `publishDate`, ... from any
    front matter): here a stand-in that reads `published`."""
    from pytest_newslint.document import Document

    monkeypatch.setattr(Document, "date", property(lambda d: (d.front_matter or {}).get("published")))
    a, b = _articles()[10], _articles()[60]
    paragraph = [p for p in a.paragraphs if repeat_sets.is_plain(p)][0]
    texts = {
        "z-first.md": f"---\ntitle: x\npublished: '2024-01-01'\n---\n\n" + "\n\n".join(a.paragraphs) + "\n",
        "a-second.md": f"---\ntitle: y\npublished: '2024-05-01'\n---\n\n" + "\n\n".join([b.paragraphs[0], paragraph, *b.paragraphs[1:]]) + "\n",
    }
    found = _finalize(texts, {"single-paragraph": True})
    assert [path for path, _, _ in found] == ["a-second.md"] and "dated 2024-01-01" in found[0][2], found


def test_date_key():
    from pytest_newslint.rules.repeated_block.corpus import date_key

    assert date_key("2024-02-01") == "2024-02-01"
    assert date_key("2024-02-01T10:00:00+02:00") == "2024-02-01T08:00:00"
    assert date_key("2024-02-01 10:00:00Z") == "2024-02-01T10:00:00"
    assert date_key("Feb. 1, 2024") == date_key("1 February 2024") == "2024-02-01"
    assert date_key("2024/2/1") == "2024-02-01"
    assert date_key("01/02/2024") is None and date_key("next week") is None and date_key("2024-02-30") is None


# -- versions of one story ------------------------------------------------------------------------

def _wire(names, run_from=10, other=60, front=None):
    """The first name holds a real article; every other name is a later version: the same
    article with a paragraph added at the top (as UPDATE 1, UPDATE 2 of a wire story)."""
    a = _articles()[run_from]
    texts = {}
    extra = []
    for n, name in enumerate(names):
        head = f"---\ntitle: {a.headline!r}\n{front}\n---\n\n" if front else (a.headline + "\n\n")
        texts[name] = head + "\n\n".join(extra + a.paragraphs) + "\n"
        extra = [_articles()[other + n].paragraphs[0]] + extra
    return texts


def test_versions_of_one_wire_story_are_not_copies_of_each_other():
    names = ["wire/ecb-rates.md", "wire/ecb-rates-update-1.md", "wire/ecb-rates-update-2.md", "wire/ecb-rates_v3.md",
             "wire/ecb-rates-update-3-corrected.md"]
    texts = _wire(names)
    assert _finalize(texts) == []
    # with the option off, each later version (undated: by path) is an exact copy of the first
    assert {path for path, _, _ in _finalize(texts, {"story-versions": ""})} == set(names) - {min(names)}


def test_a_version_still_reports_a_copy_from_another_story():
    texts = _wire(["ecb-rates.md", "ecb-rates-update-1.md"])
    b = _articles()[90]
    run = [p for p in _articles()[10].paragraphs if repeat_sets.is_plain(p)][:2]
    texts["zz-other.md"] = _text(b, run, at=2)
    assert [path for path, _, _ in _finalize(texts)] == ["zz-other.md"]


def test_a_slug_alone_makes_no_story():
    """Articles of the same name in different folders are versions of nothing, unless a
    version's name ties them (`budget-update-1`)."""
    a, b = _articles()[10], _articles()[60]
    run = [p for p in a.paragraphs if repeat_sets.is_plain(p)][:2]
    texts = {"2023/budget.md": _text(a), "2024/budget.md": _text(b, run, at=2)}
    assert [path for path, _, _ in _finalize(texts)] == ["2024/budget.md"]
    texts["2024/budget-update-1.md"] = _text(_articles()[90])
    assert _finalize(texts) == []


def test_front_matter_story_marks_versions():
    texts = _wire(["a.md", "b.md", "c.md"], front="story: reuters-12345")
    assert _finalize(texts) == []
    texts = _wire(["a.md", "b.md", "c.md"], front="story: 12345")
    assert _finalize(texts) == []
    assert {path for path, _, _ in _finalize(_wire(["a.md", "b.md", "c.md"], front="desk: world"))} == {"b.md", "c.md"}


def test_story_versions_option_takes_a_group():
    names = ["STORY-991_a.md", "STORY-991_b.md"]
    texts = _wire(names)
    assert len(_finalize(texts)) == 1
    assert _finalize(texts, {"story-versions": r"^(STORY-\d+)_[a-z]$"}) == []
    assert _finalize(texts, {"story-versions": r"^(?P<story>STORY-\d+)_"}) == []
    assert _finalize(texts, {"story-versions": r"_[a-z]$"}) == []  # no group: the name without the match


def test_story_versions_must_be_a_regular_expression(tmp_path):
    from pytest_newslint.config import ConfigError, build_config

    with pytest.raises(ConfigError, match=r"repeated-block.*story-versions: not a valid regular expression"):
        build_config({"rules": {"repeated-block": {"story-versions": "(unclosed"}}}, tmp_path)
    build_config({"rules": {"repeated-block": {"story-versions": ""}}}, tmp_path)


def test_boilerplate_is_never_a_copy_across_articles():
    arts = _articles()
    box = [
        "About the Harbour Courier: the Courier is an independent, reader-funded newsroom covering the towns of the "
        "northern coast since 1921, owned by its staff.",
        "Support our journalism: every story we publish is free to read because readers like you give what they can, "
        "each month or once, at harbourcourier.example/support.",
    ]
    texts = {"a.txt": _text(arts[40], box, at=2), "b.txt": _text(arts[41], box, at=3)}
    assert [path for path, _, _ in _finalize(texts)] == ["b.txt"]
    assert _finalize(texts, {"boilerplate": box}) == []
    # a real copy next to the boilerplate is still one
    run = [p for p in arts[40].paragraphs if repeat_sets.is_plain(p)][:2]
    texts["c.txt"] = _text(arts[42], [*box, *run], at=2)
    assert [path for path, _, _ in _finalize(texts, {"boilerplate": box})] == ["c.txt"]


def test_the_later_half_of_the_pairs_tried_in_a_forked_process_finds_the_same(monkeypatch):
    """With more than one process allowed, the later half of the candidate pairs is tried in a
    forked copy of the process: the same findings, in the same order, as one process finds."""
    from pytest_newslint.rules import repeated_block
    from pytest_newslint.rules import forked
    from pytest_newslint.rules.repeated_block import corpus

    articles = _articles()
    texts = {}
    for n in range(12):
        source, target = articles[n], articles[40 + n]
        run = [p for p in source.paragraphs if repeat_sets.is_plain(p)][:2]
        texts[f"s{n:02d}.txt"] = _text(source)
        texts[f"t{n:02d}.txt"] = _text(target, run if n % 3 else run[:1], at=1 + n % 2)
    entries, opts = _summaries(texts)
    alone = list(repeated_block.finalize(list(entries), opts))
    forks = []
    monkeypatch.setattr(corpus, "SPLIT_PAIRS", 2)
    original = forked._fork
    monkeypatch.setattr(forked, "_fork", lambda work: forks.append(1) or original(work))
    together = list(repeated_block.finalize(list(entries), opts, processes=2))
    assert forks and len(alone) >= 6
    assert [(path, p.line, p.message) for path, p in together] == [(path, p.line, p.message) for path, p in alone]


def test_work_whose_forked_process_fails_is_done_here():
    import os

    from pytest_newslint.rules.forked import InFork

    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("the forked copy fails")
        return ["done here"]

    assert InFork(lambda: [os.getpid() != parent]).result() == [True]  # forked, and answered from there
    assert InFork(work).result() == ["done here"]
    abandoned = InFork(lambda: [1])
    abandoned.abandon()
    assert abandoned.started is None
