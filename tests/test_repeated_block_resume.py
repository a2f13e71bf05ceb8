"""A whole pass resumed from the last one (`rules/repeated_block/increment.py`) finds what a
whole pass over the same articles finds, in the same order, after any run of edits: pastes,
deletions, new, renamed and removed articles, templates reaching (and leaving) their threshold,
hubs, dates and story versions."""
from __future__ import annotations

import hashlib
import io
import random
import subprocess

import pytest

from pytest_newslint.document import parse
from pytest_newslint.rules import repeated_block
from pytest_newslint.rules.repeated_block import corpus as corpus_module
from pytest_newslint.rules.repeated_block import increment
from tests.conftest import newslint_command

OPTIONS = repeated_block.prepare({name: option.default for name, option in repeated_block.OPTIONS.items()})
COMMON = ["said in a statement on Monday that", "according to officials familiar with the matter",
          "the first time since the end of"]
BOX = ("About us: the Example Gazette is an independent newsroom founded in 1921 and read in forty countries "
       "every week by its subscribers and friends.")


class Store:
    """Where the engine's `PassState` keeps a pass: here, in memory."""

    def __init__(self):
        self.data: bytes | None = None


class State:
    """The engine's `PassState` for one pass, in memory: it notes which summaries were read."""

    def __init__(self, store: Store, entries: list, keys: list[str]):
        self.store, self.entries = store, entries
        self.paths, self.keys = [path for path, _ in entries], keys
        self.read: list[int] = []

    def open(self):
        return io.BytesIO(self.store.data) if self.store.data is not None else None

    def summaries(self, indices):
        self.read.extend(indices)
        return [self.entries[index][1] for index in indices]

    def keep(self, write):
        handle = io.BytesIO()
        write(handle)
        self.store.data = handle.getvalue()


class Archive:
    """Articles of made-up words (some phrases common to many), as paths and texts."""

    def __init__(self, rng: random.Random, count: int, common: float = 0.3):
        self.rng, self.common = rng, common  # the share of paragraphs holding a common phrase
        syllables = ["ka", "lo", "mi", "ren", "tor", "va", "sel", "dun", "pri", "go", "fe", "nar", "bis", "que"]
        self.vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(2500)})
        self.texts: dict[str, str] = {}
        for number in range(count):
            self.texts[f"a{number:03d}.md"] = self.article()
        self._summaries: dict[tuple[str, str], dict] = {}

    def paragraph(self) -> str:
        words = [self.rng.choice(self.vocabulary) for _ in range(self.rng.randint(25, 50))]
        if self.rng.random() < self.common:
            at = self.rng.randrange(len(words))
            words[at:at] = self.rng.choice(COMMON).split()
        return " ".join(words).capitalize() + "."

    def article(self) -> str:
        head = " ".join(self.rng.choice(self.vocabulary) for _ in range(6)).capitalize()
        return "\n\n".join([head, *(self.paragraph() for _ in range(self.rng.randint(4, 8)))]) + "\n"

    def paragraphs(self, path: str) -> list[str]:
        return self.texts[path].rstrip("\n").split("\n\n")

    def set(self, path: str, paragraphs: list[str]) -> None:
        self.texts[path] = "\n\n".join(paragraphs) + "\n"

    def new_path(self, stem: str = "") -> str:
        return f"{stem or 'n'}{self.rng.randrange(10**6):06d}.md"

    def entries(self) -> tuple[list, list[str]]:
        entries, keys = [], []
        for path in sorted(self.texts):
            text = self.texts[path]
            if (path, text) not in self._summaries:
                document = parse(path, text.encode())
                self._summaries[path, text] = repeated_block.collect(document, OPTIONS)
            entries.append((path, self._summaries[path, text]))
            keys.append(hashlib.blake2b(text.encode(), digest_size=16).hexdigest())
        return entries, keys

    def edit(self, kind: str) -> None:
        rng, paths = self.rng, sorted(self.texts)
        a, b = rng.sample(paths, 2)
        pa, pb = self.paragraphs(a), self.paragraphs(b)
        if kind == "paste-run":  # two to three paragraphs of one article into another: a copy
            start = rng.randrange(1, len(pa))
            at = rng.randrange(1, len(pb) + 1)
            pb[at:at] = pa[start : start + rng.randint(2, 3)]
            self.set(b, pb)
        elif kind == "append":
            pa[-1] += f" Updated {rng.randrange(1000)}."
            self.set(a, pa)
        elif kind == "delete-paragraph" and len(pa) > 3:
            del pa[rng.randrange(1, len(pa))]
            self.set(a, pa)
        elif kind == "delete-article":
            del self.texts[a]
        elif kind == "new-article":  # made of runs of others
            parts = [self.paragraph()]
            for source in rng.sample(paths, rng.randint(1, 3)):
                sp = self.paragraphs(source)
                start = rng.randrange(1, len(sp))
                parts += sp[start : start + rng.randint(1, 3)]
            self.set(self.new_path(), [self.article().split("\n\n")[0], *parts])
        elif kind == "duplicate":  # the whole text again: a hub of many pairs once a few exist
            self.texts[self.new_path()] = self.texts[a]
        elif kind == "template":  # the same box closing two to five articles: a template at three
            for path in rng.sample(paths, rng.randint(2, 5)):
                self.set(path, [*self.paragraphs(path), BOX])
        elif kind == "rename":
            self.texts[self.new_path()] = self.texts.pop(a)
        elif kind == "date":
            if not self.texts[a].startswith("---"):
                self.texts[a] = f"---\ndate: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n---\n" + self.texts[a]
        elif kind == "version":  # a new version of a story: stories change for an unchanged article
            self.set(a.removesuffix(".md") + "-update-2.md", [*pa[:-1], pa[-1] + " Corrected."])
        elif kind == "story":
            self.texts[a] = f"---\nstory: {rng.choice(['budget', 'storm'])}\n---\n" + self.texts[a].split("---\n")[-1]


KINDS = ["paste-run", "paste-run", "append", "delete-paragraph", "delete-article", "new-article", "duplicate",
         "template", "rename", "date", "version", "story"]


def _copies(entries, previous=None) -> list:
    return list(repeated_block.finalize(list(entries), OPTIONS, previous=previous))


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "pure-python"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_resumed_pass_finds_what_a_whole_pass_finds(monkeypatch, compiled, seed):
    if not compiled:
        monkeypatch.setattr(corpus_module, "FAST", None)
    rng = random.Random(seed)
    archive = Archive(rng, 40)
    for _ in range(6):  # a few copies to start from
        archive.edit("paste-run")
    store = Store()
    entries, keys = archive.entries()
    first = State(store, entries, keys)
    assert _copies(entries, first) == _copies(entries)
    assert store.data is not None, "a whole pass keeps what it found"
    resumed = reported = 0
    for step in range(70):
        before = dict(zip(first.paths, first.keys))
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            archive.edit(rng.choice(KINDS))
        entries, keys = archive.entries()
        first = State(store, entries, keys)
        whole = _copies(entries)
        assert _copies(entries, first) == whole, f"step {step}"
        reported += bool(whole)
        if first.read:
            resumed += 1
            assert all(before.get(entries[index][0]) != keys[index] for index in first.read), \
                "only the changed articles' summaries are read"
    assert resumed >= 60 and reported >= 60  # the test resumed, and had copies to find


def _kept(seed: int, count: int) -> tuple[Archive, Store]:
    """An archive holding a few copies, and its whole pass kept."""
    archive = Archive(random.Random(seed), count)
    for _ in range(4):
        archive.edit("paste-run")
    store = Store()
    entries, keys = archive.entries()
    _copies(entries, State(store, entries, keys))
    return archive, store


def test_a_pass_resumes_from_the_changed_articles_alone():
    archive, store = _kept(5, 40)
    archive.edit("append")
    entries, keys = archive.entries()
    state = State(store, entries, keys)
    assert _copies(entries, state) == _copies(entries)
    assert len(state.read) == 1  # the edited article's summary, no other


@pytest.mark.parametrize("damage", ["cut", "empty", "format", "garbage"])
def test_a_damaged_snapshot_means_a_whole_pass(damage):
    archive, store = _kept(7, 30)
    data = store.data
    store.data = {"cut": data[: len(data) * 2 // 3], "empty": b"", "format": data.replace(b'"format": 1', b'"format": 9', 1),
                  "garbage": b"\x00\xff" * 50}[damage]
    archive.edit("paste-run")
    entries, keys = archive.entries()
    state = State(store, entries, keys)
    assert _copies(entries, state) == _copies(entries)
    assert len(state.read) == 0 and store.data != data, "read as a whole pass (the entries themselves), kept anew"


def test_snapshot_round_trip_keeps_the_corpus():
    archive = Archive(random.Random(9), 20)
    entries, keys = archive.entries()
    corpus = corpus_module.Corpus(entries)
    corpus.stories = [None] * len(corpus.paths)
    handle = io.BytesIO()
    increment.write(handle, corpus, [path for path, _ in entries], keys, [])
    handle.seek(0)
    snapshot = increment.read(handle, corpus_module.Corpus)
    assert snapshot is not None and snapshot.keys == dict(zip((path for path, _ in entries), keys))
    for name in ("paths", "dates", "words", "head_words", "head_start", "first_paragraph", "table", "prints", "print_start"):
        assert getattr(snapshot.corpus, name) == getattr(corpus, name), name


def test_the_command_resumes_and_reports_as_a_run_without_cache(tmp_path):
    """End to end: a repository checked once, an article edited and one pasted into: the run
    resumed from the kept pass reports what a run without any cache reports."""
    rng = random.Random(11)
    archive = Archive(rng, 30)
    for _ in range(4):
        archive.edit("paste-run")
    for path, text in archive.texts.items():
        (tmp_path / path).write_text(text)
    newslint = newslint_command()
    subprocess.run([*newslint, "."], cwd=tmp_path, capture_output=True)
    assert (tmp_path / ".newslint_cache" / "pass-repeated-block.bin").is_file()
    archive.edit("paste-run")
    archive.edit("append")
    for path, text in archive.texts.items():
        (tmp_path / path).write_text(text)
    resumed = subprocess.run([*newslint, "--format", "json", "."], cwd=tmp_path, capture_output=True, text=True)
    fresh = subprocess.run([*newslint, "--no-cache", "--format", "json", "."], cwd=tmp_path, capture_output=True, text=True)
    assert resumed.stdout == fresh.stdout and "repeat" in resumed.stdout


def _resumed_and_whole(store: Store, archive: Archive) -> tuple[list, list, State]:
    entries, keys = archive.entries()
    state = State(store, entries, keys)
    return _copies(entries, state), _copies(entries), state


def test_a_change_reaches_the_pairs_of_the_articles_it_shared_text_with():
    """A box closing three articles is a template; once one of them drops it, the other two
    (unchanged, and sharing nothing with the edited article any more) hold a copy."""
    archive = Archive(random.Random(13), 12, common=0)
    box = [archive.paragraph(), archive.paragraph()]
    for path in ("a000.md", "a001.md", "a002.md"):
        archive.set(path, [*archive.paragraphs(path), *box])
    store = Store()
    resumed, whole, _ = _resumed_and_whole(store, archive)
    assert resumed == whole == []
    archive.set("a000.md", archive.paragraphs("a000.md")[:-2])
    resumed, whole, state = _resumed_and_whole(store, archive)
    assert state.read and [path for path, _ in whole] == ["a002.md"]
    assert resumed == whole


def test_a_new_version_of_a_story_reaches_unchanged_articles_of_that_story():
    """Two articles named as one story in two folders, one copying the other, are copies until
    a file names the story's versions: then versions of one story, never copies."""
    archive = Archive(random.Random(17), 12, common=0)
    shared = [archive.paragraph(), archive.paragraph(), archive.paragraph()]
    archive.texts["x/budget.md"] = archive.article().rstrip("\n") + "\n\n" + "\n\n".join(shared) + "\n"
    archive.texts["y/budget.md"] = archive.article().rstrip("\n") + "\n\n" + "\n\n".join(shared) + "\n"
    store = Store()
    resumed, whole, _ = _resumed_and_whole(store, archive)
    assert [path for path, _ in whole] == ["y/budget.md"] and resumed == whole
    archive.texts["z/budget-update-2.md"] = archive.article()
    resumed, whole, state = _resumed_and_whole(store, archive)
    assert whole == [] and resumed == whole



def test_a_kept_pass_is_read_only_under_the_settings_it_was_kept_under(tmp_path):
    from pytest_newslint.pipeline.corpus import PassState

    PassState(tmp_path, "repeated-block", "settings-a", [], lambda chosen: None).keep(lambda handle: handle.write(b"data"))
    with PassState(tmp_path, "repeated-block", "settings-a", [], lambda chosen: None).open() as handle:
        assert handle.read() == b"data"
    assert PassState(tmp_path, "repeated-block", "settings-b", [], lambda chosen: None).open() is None
    assert PassState(tmp_path, "other-rule", "settings-a", [], lambda chosen: None).open() is None


def test_a_pass_that_cannot_be_kept_leaves_the_one_before(tmp_path, capsys):
    from pytest_newslint.pipeline.corpus import PassState

    def state(folder):
        return PassState(folder, "repeated-block", "settings", [], lambda chosen: None)

    state(tmp_path / "missing").keep(lambda handle: handle.write(b"x"))
    assert "could not keep the corpus pass" in capsys.readouterr().err
    state(tmp_path).keep(lambda handle: handle.write(b"first"))

    def fails_half_way(handle):
        handle.write(b"half")
        raise RuntimeError("a bug in the rule")

    with pytest.raises(RuntimeError):
        state(tmp_path).keep(fails_half_way)
    with state(tmp_path).open() as handle:
        assert handle.read() == b"first"
    assert [path.name for path in tmp_path.iterdir()] == ["pass-repeated-block.bin"]
