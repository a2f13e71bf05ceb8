"""Fuzzing (hypothesis) over the document parser and every rule, through the engine.

Arbitrary text and bytes never raise; every finding points inside the file (a real line, a
column on that line, an end not before the start, a fix inside the text); the same input gives
the same findings, in one process and across processes with different hash seeds.

The figures in docs/reliability.md come from the `max_examples` below.
"""
from __future__ import annotations

import faulthandler
import json
import os
import random
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pytest_newslint import document
from pytest_newslint.config import build_config
from pytest_newslint.document import FileError, parse
from pytest_newslint.engine import Engine
from pytest_newslint.fix import fix_bytes
from pytest_newslint.plugins import available_rules
from tests.common import lint
from tests.conftest import newslint_command

# Examples per test (docs/reliability.md adds them up). NEWSLINT_FUZZ_SCALE=25 runs 25 times
# as many, for a longer hunt than CI has time for.
SCALE = max(1, int(os.environ.get("NEWSLINT_FUZZ_SCALE", "1")))
TEXT_EXAMPLES = 400
BYTES_EXAMPLES = 300
PARSER_EXAMPLES = 400
FIX_EXAMPLES = 150
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples * SCALE)

# -- strategies ------------------------------------------------------------------------------

# Pieces of articles, so that the rules' interesting paths are reached (and not only the
# "no text" and "not UTF-8" exits that purely random input mostly takes).
FRAGMENTS = [
    "Council", "approves", "budget", "the", "said", "on", "Monday", ".", ",", " ", "  ", "\t",
    "#Budget", "#News", "#a", "#", "##", "# Heading", "## Sub", ">", "> quoted", "- ", "* ", "1. ",
    "|", "| a | b |", "```", "~~~", "    code", "---", "...", "***", "===", "<!--", "-->", "<div>",
    "Finance Minister Laura Benet", "Former Finance Minister Laura Benet", "former", "then-",
    "President Donald Trump", "Former US President Donald Trump", "Ms Benet", "Ana Ferreira, the country's finance minister,",
    "chief executive", "Alphabet chief executive Sundar Pichai", "\"", "\u201c", "\u201d", "'",
    "title: A", "date: 2024-01-01", "tags: [a, b]", "x: &a [1]", "y: *a", ": :", "{", "[",
    "<!-- newslint: disable=repeated-block -->", "<!-- newslint: disable -->",
    "<!-- newslint: enable -->", "<!-- newslint: disable-next-line=hashtag-stuffing -->",
    "<!-- newslint: disable=no-such-rule -->", "newslint-disable: [trailing-padding]",
    "\u00a0", "\u3000", "\u200b", "\ufeff", "\u00ad", "\u2800", "\u0301", "\U0001f600", "\u05d0", "\u0627",
    "The programme, introduced during the pandemic, has cost more than expected, and the committee wants a review.",
    "Tenant groups welcomed the vote but said the extension did little for the shortage of homes.",
]
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\x0c", "\u2028", "\x85", "\x0b", "\n\n\n"]

# Front matter lines, the dangerous ones included: a date that is no date, an integer past
# Python's 4,300-digit limit, a lone surrogate, tags that would build objects, aliases, and a
# "billion laughs" just under yamlsafe's cap of 100 aliases (cheap to hold, exponential to walk).
SMALL_BOMB = "\n".join(
    ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12)]
)
FM_LINES = [
    "title: Council Approves Budget", "title: '#Budget #Council #Schools'", "description: The council approved the budget.",
    "date: 2024-01-01", "date: 2024-13-45", "date: 99999-01-01", "date: [2024]", "x: " + "9" * 5000,
    'title: "\\ud800 budget"', "newslint: {disable: [trailing-padding]}", "newslint: {disable: nope}", "newslint: 3",
    "newslint: {disable: *a}", "a: &a [x, x]", "b: [*a, *a]", "tags: !!python/object/apply:os.system ['true']",
    "- a list item", "key: [unclosed", "...", "  indented: 1", "\tbad: tab", "? complex", SMALL_BOMB,
]
FRONT = st.lists(st.sampled_from(FM_LINES), max_size=8).map(lambda lines: "---\n" + "\n".join(lines) + "\n---\n")

PIECE = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(BREAKS), st.text(max_size=6))
LINES = st.tuples(
    st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=14).map(" ".join), max_size=25),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n"]),
).map(lambda t: t[1].join(t[0]))
ARTICLE_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(PIECE, max_size=80).map("".join),
    LINES,
    st.tuples(FRONT, st.sampled_from(["", "\n"]), LINES).map("".join),
    # a passage written twice, so repeated-block and the fixer have something to do
    st.tuples(st.lists(PIECE, max_size=30).map("".join), st.sampled_from(BREAKS), st.lists(PIECE, max_size=10).map("".join))
    .map(lambda t: t[0] + t[1] + t[2] + t[1] + t[0] + t[1]),
)


@st.composite
def article_bytes(draw):
    """Arbitrary bytes, or an article encoded then damaged (a BOM, a stray byte, a NUL...)."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    raw = bytearray(draw(ARTICLE_TEXT).encode("utf-8", "surrogatepass"))
    prefix = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x89PNG", b"---\n"]))
    for _ in range(draw(st.integers(0, 3))):
        if raw:
            index = draw(st.integers(0, len(raw) - 1))
            raw[index] = draw(st.integers(0, 255))
    return prefix + bytes(raw)


PATHS = st.sampled_from(["article.txt", "article.md", "notes.markdown", "politics/draft.MD"])

# Rule settings: the defaults, and tight ones that make every rule report more.
RICH_RULES = {
    "hashtag-stuffing": {"line-min": 1, "cluster-min": 2, "paragraph-max": 1, "article-min": 1, "article-density": 0.0},
    "repeated-block": {"min-words": 1, "min-sentence-words": 1, "interview-tags": 1, "similarity": 0.5},
    "title-role": {
        "check-quotes": True, "chief-executive-severity": "error", "offices": {"Treasurer": "Finance Minister"},
        "people": {
            "Laura Benet": {"aliases": ["Benet"], "roles": [{"office": "Finance Minister", "since": "2020-01-01"}]},
            "Donald Trump": {"roles": [
                {"office": "President of the United States", "since": "2017-01-20", "until": "2021-01-20"},
                {"office": "President of the United States", "since": "2025-01-20"},
            ]},
        },
    },
}
# Pattern rules written in the config are rules too.
PATTERNS = [
    {"id": "house-words", "words": ["budget", "very unique", "the council"], "message": "house style: '{match}'",
     "ignore-case": True},
    {"id": "house-regex", "pattern": r"\b(?:former|then-)\s+\p{Lu}\w+", "message": "check '{match}'",
     "check-quotes": False, "severity": "info"},
]
CONFIGS = {"default": {}, "rich": {"rules": RICH_RULES, "patterns": PATTERNS}}
_ENGINES: dict[str, Engine] = {}


def engine(name: str) -> Engine:
    if name not in _ENGINES:
        data = CONFIGS[name] if name in CONFIGS else {"rules": {name: RICH_RULES.get(name, {})}, "patterns": PATTERNS}
        config = build_config(data, Path.cwd())
        if name not in CONFIGS:  # one rule alone
            config.restrict([name], None)
        _ENGINES[name] = Engine(config, report_unused_suppressions=name in CONFIGS)
    return _ENGINES[name]


def run_engine(name: str, raw: bytes, path: str):
    """Both passes of the engine over one in-memory article, as the command runs them."""
    eng = engine(name)
    result = eng.check_document_bytes(raw, path, os.path.abspath(path))
    return eng.finish([result]).findings


# -- the checks --------------------------------------------------------------------------------

EXAMPLE_SECONDS = 20  # one small example taking this long is a hang, not slowness
_hang_log = None  # where faulthandler writes the stacks of a hang (in pytest's basetemp)


@pytest.fixture(autouse=True, scope="module")
def hang_log(tmp_path_factory):
    global _hang_log
    with open(tmp_path_factory.getbasetemp() / "fuzz-hang.txt", "w", encoding="utf-8") as log:
        _hang_log = log
        yield
        _hang_log = None


@contextmanager
def within(seconds: float = EXAMPLE_SECONDS):
    """Fail (TimeoutError) instead of hanging: a fuzz input that never returns is a bug too.
    A hang inside C code (a deep `==`, a regex) does not see the alarm: faulthandler then writes
    the stacks to fuzz-hang.txt in pytest's basetemp and ends the run, so CI stops instead of
    waiting forever (in_child below is the exact guard, used where a hang was found)."""
    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True, file=_hang_log or sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_inside(findings, raw: bytes, path: str) -> None:
    """Every finding points at a real place in the file."""
    try:
        doc = parse(path, raw)
    except FileError:
        doc = None
    for f in findings:
        assert f.path == path, f
        if doc is None:  # not an article at all: one file-error on line 1
            assert (f.rule, f.line, f.column, f.end_line, f.end_column) == ("file-error", 1, 1, 1, 1), f
            continue
        count = len(doc.lines)
        assert 1 <= f.line <= count, (f, count)
        assert 1 <= f.column <= len(doc.lines[f.line - 1]) + 1, (f, doc.lines[f.line - 1])
        assert f.line <= f.end_line <= count, (f, count)
        assert 1 <= f.end_column <= len(doc.lines[f.end_line - 1]) + 1, (f, doc.lines[f.end_line - 1])
        assert (f.end_line, f.end_column) >= (f.line, f.column), f
        assert f.severity in ("error", "warning", "info"), f
        assert f.message and "\n" not in f.message and "\r" not in f.message, f
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(doc.text), (f, len(doc.text))


def check_all(raw: bytes, path: str) -> None:
    for name in CONFIGS:
        first = run_engine(name, raw, path)
        assert not [f for f in first if f.rule == "internal-error"], first
        assert_inside(first, raw, path)
        again = run_engine(name, raw, path)
        assert [(f, f.fix) for f in again] == [(f, f.fix) for f in first]  # deterministic


@fuzz(TEXT_EXAMPLES)
@given(text=ARTICLE_TEXT, path=PATHS)
@example(text=f"---\ndate: 2024-13-45\n{SMALL_BOMB}\n---\n\nBudget.\n\n\n", path="a.md")
def test_every_rule_on_arbitrary_text(text, path):
    with within():
        check_all(text.encode("utf-8", "surrogatepass"), path)


@fuzz(BYTES_EXAMPLES)
@given(raw=article_bytes(), path=PATHS)
def test_every_rule_on_arbitrary_bytes(raw, path):
    with within():
        check_all(raw, path)


@fuzz(PARSER_EXAMPLES)
@given(raw=st.one_of(article_bytes(), ARTICLE_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))), path=PATHS)
@example(raw=b"---\ndate: 2024-13-45\n---\n\nText.\n", path="a.md")
@example(raw=("---\nx: " + "9" * 5000 + "\n---\n\nText.\n").encode(), path="a.md")
def test_parser_is_total_and_its_positions_are_true(raw, path):
    try:
        with within():
            doc = parse(path, raw)
    except FileError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    # the lines and their endings give back the text, character for character
    assert "".join(line + ending for line, ending in zip(doc.lines, doc.line_endings)) == doc.text
    assert doc.line_starts[0] == 0 and doc.line_starts == sorted(doc.line_starts)
    for number, start in enumerate(doc.line_starts, 1):
        assert doc.position(start) == (number, 1)
    assert (doc.bom, doc.text) == (raw.startswith(document.UTF8_BOM), raw[3 if doc.bom else 0:].decode("utf-8"))
    previous_end = 0
    for block in doc.blocks:
        assert 1 <= block.start_line <= block.end_line <= len(doc.lines), block
        assert previous_end <= block.start <= block.end <= len(doc.text), block
        assert doc.text[block.start:block.end] == block.text
        assert doc.line_of(block.start) == block.start_line
        assert block.start_line > doc.front_matter_end_line
        previous_end = block.end
    if doc.headline_line is not None:
        assert 1 <= doc.headline_line <= len(doc.lines)
    assert isinstance(doc.front_matter, (dict, type(None)))


def in_child(function, *args, seconds: float = EXAMPLE_SECONDS):
    """`function(*args)` in a forked child, so that a hang anywhere (C code included) is a
    TimeoutError here, not a CI job that never ends; an exception in the child is re-raised."""
    import pickle
    import select
    import traceback

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        try:
            payload = pickle.dumps(("ok", function(*args)))
        except BaseException:
            payload = pickle.dumps(("error", traceback.format_exc()))
        with os.fdopen(writer, "wb") as handle:
            handle.write(payload)
        os._exit(0)
    os.close(writer)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([reader], [], [], seconds)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError(f"no answer within {seconds} s")
            chunk = os.read(reader, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        os.waitpid(pid, 0)
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        raise AssertionError(f"in the child:\n{value}")
    return value


def fix_twice(raw: bytes, path: str):
    first = fix_bytes(engine("rich"), raw, path)
    second = fix_bytes(engine("rich"), first.fixed, path) if first.error is None else None
    return first.fixed, first.error, None if second is None else second.fixed


@fuzz(FIX_EXAMPLES)
@given(raw=article_bytes(), path=PATHS)
@example(raw=f"---\ntitle: Budget\n{SMALL_BOMB}\n---\n\nThe council met.\n\n\n".encode(), path="a.md")
def test_fixer_never_raises_and_keeps_what_it_cannot_fix(raw, path):
    fixed, error, again = in_child(fix_twice, raw, path)
    if error is not None:
        assert fixed == raw or error.startswith("fix refused")
        return
    assert again == fixed  # idempotent
    assert fixed.startswith(document.UTF8_BOM) == raw.startswith(document.UTF8_BOM)
    assert len(fixed) <= len(raw)  # a fix only removes


@pytest.mark.parametrize("rule_id", sorted(available_rules()) + [p["id"] for p in PATTERNS])
@fuzz(60)
@given(text=ARTICLE_TEXT)
def test_each_rule_alone(rule_id, text):
    """One rule at a time (no other rule's findings to hide behind)."""
    raw = text.encode("utf-8", "surrogatepass")
    for path in ("a.txt", "a.md"):
        with within():
            findings = run_engine(rule_id, raw, path)
        assert not [f for f in findings if f.rule == "internal-error"], findings
        assert {f.rule for f in findings} <= {rule_id, "file-error", "invalid-suppression"}, findings
        assert_inside(findings, raw, path)
        assert run_engine(rule_id, raw, path) == findings


def test_each_rule_alone_through_tests_common_lint():
    """The same properties through tests/common.py's lint(), the rule tests' own helper."""
    for rule_id in sorted(available_rules()):
        for text in ("", "Title\n\n" + FRAGMENTS[-2] + "\n\n" + FRAGMENTS[-2] + "\n\n\n", SMALL_BOMB):
            findings = lint(text, {rule_id: RICH_RULES.get(rule_id, {})}, "a.md", select=[rule_id])
            assert_inside(findings, text.encode(), "a.md")


def test_output_is_the_same_across_processes_and_hash_seeds(tmp_path):
    """Set or dict order must not leak into the output: two runs of the command, with
    different PYTHONHASHSEEDs, over a folder of generated articles print the same bytes."""
    rng = random.Random(9)
    for index in range(60):
        pieces = rng.choices(FRAGMENTS + BREAKS, k=rng.randint(0, 80))
        if index % 3 == 0:  # a passage written twice
            pieces = pieces + ["\n\n"] + pieces[: len(pieces) // 2]
        suffix = ".md" if index % 2 else ".txt"
        (tmp_path / f"a{index:03d}{suffix}").write_bytes("".join(pieces).encode("utf-8"))
    (tmp_path / ".newslint.yaml").write_text(json.dumps(CONFIGS["rich"]), encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        completed = subprocess.run(
            newslint_command() + ["--no-cache", "--jobs", "1", "--format", "json", "."],
            cwd=tmp_path, capture_output=True, timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert completed.returncode in (0, 1), completed.stderr
        assert b"Traceback" not in completed.stderr
        outputs.append(completed.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["findings"]
