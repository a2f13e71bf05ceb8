"""The compiled hot paths (pytest_newslint/_speedups.c) give what their pure-Python twins give.

Both paths run here: the functions side by side on varied text (every script of
tests/data/scripts, random text of many scripts, words UTF-8 cannot encode), and the whole
command on the examples and the script samples with and without NEWSLINT_PURE_PYTHON=1."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_newslint import text
from pytest_newslint.rules.repeated_block import corpus, local, paraphrase, prose

PROJECT = Path(__file__).resolve().parent.parent
SCRIPTS = PROJECT / "tests" / "data" / "scripts"

compiled = pytest.mark.skipif(text.FAST is None, reason="the C extension is not built here (no compiler): only the Python path runs")


def pure(module, function, *args):
    """`function` with the compiled path switched off in `module`."""
    saved = module.FAST
    module.FAST = None
    try:
        return function(*args)
    finally:
        module.FAST = saved


FAST_MODULES = (text, local, paraphrase, corpus, prose)


def everything_pure(function, *args):
    """`function` with the compiled paths switched off in every module that has them."""
    saved = [module.FAST for module in FAST_MODULES]
    for module in FAST_MODULES:
        module.FAST = None
    try:
        return function(*args)
    finally:
        for module, fast in zip(FAST_MODULES, saved):
            module.FAST = fast


def samples() -> list[str]:
    found = [path.read_text(encoding="utf-8") for path in sorted(SCRIPTS.iterdir()) if path.is_file()]
    found += [path.read_text(encoding="utf-8") for path in sorted((PROJECT / "examples").glob("*.*"))]
    return found


# text of many scripts, marks, digits, punctuation, white space and the odd lone surrogate
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abc ABC xyz_ 09 .,;'’-\n\t Straße ǅ İ K ſ ﬁ"),
        st.characters(min_codepoint=0x370, max_codepoint=0x3FF),  # Greek
        st.characters(min_codepoint=0x400, max_codepoint=0x4FF),  # Cyrillic
        st.characters(min_codepoint=0x590, max_codepoint=0x6FF),  # Hebrew, Arabic
        st.characters(min_codepoint=0x900, max_codepoint=0x97F),  # Devanagari
        st.characters(min_codepoint=0xE00, max_codepoint=0xE7F),  # Thai
        st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # kana
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),  # CJK
        st.characters(min_codepoint=0xAC00, max_codepoint=0xAC80),  # Hangul
        st.characters(),
    ),
    max_size=300,
)
WORD_LISTS = st.lists(st.sampled_from(["the", "a", "of", "minister", "said", "Ana", "straße", "δ", "город", "東京", "é", "", "x y"]), max_size=80)


def check_all(sample: str) -> None:
    words = text.words(sample)
    assert words == pure(text, text.words, sample)
    for chunk in (words, words[:7], words[3:40], words + words[::-1] + words):
        assert corpus.fingerprints(chunk) == pure(corpus, corpus.fingerprints, chunk)
        assert corpus.exact_hash(chunk) == pure(corpus, corpus.exact_hash, chunk)
        assert local._seed_pairs(chunk) == pure(local, local._seed_pairs, chunk)
        check_paragraph_prints(chunk)
    check_paragraphs(words)
    from pytest_newslint.document import FileError, parse

    raw = sample.encode("utf-8", "surrogatepass")
    try:
        document = parse("a.txt", raw)
    except FileError:
        return  # not text: no summary
    try:
        expected = everything_pure(corpus.summary, parse("a.txt", raw), 15)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            corpus.summary(document, 15)  # the Python twin's error
        return
    assert corpus.summary(document, 15) == expected
    for min_words in (1, 6, 15):
        check_prose(raw, min_words)


def check_prose(raw: bytes, min_words: int) -> None:
    """An article's words read once, compiled (`prose.read`), are what its twin reads, or the
    compiled pass declines for a word of a script with word units or one UTF-8 cannot encode."""
    from pytest_newslint.document import parse

    document = parse("a.txt", raw)
    found = prose.read(document, min_words)
    words = [word for block in local.compared_blocks(document) for word in text.words(block.text)]
    if found is None:
        assert not all(map(plain_word, words))
        return
    assert all(map(plain_word, words))
    assert found == everything_pure(prose.read_in_python, parse("a.txt", raw), min_words)


def plain_word(word: str) -> bool:
    """No letter of a script with word units (nor any other from U+0E00 on, but Latin and Greek
    extended), and UTF-8 can encode it."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return all(ord(c) < 0x0E00 or 0x1E00 <= ord(c) < 0x2070 for c in word)


def test_no_word_unit_where_an_article_read_once_takes_a_word_for_a_word():
    """The compiled `prose_pass` takes words of characters below U+0E00 or in U+1E00-U+206F only
    (the joiners U+200C and U+200D among them): there `word_equivalents` counts each word as one."""
    codes = array("I", range(0, 0x0E00))
    codes.extend(range(0x1E00, 0x2070))
    every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be", "surrogatepass")
    assert all(not base.search(every) for base, _weight in text._UNIT_BASES)
    joined = ["m\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "a\u200db"]
    assert text.words(" ".join(joined)) == joined and text.word_equivalents(joined) == 2


def check_paragraph_prints(words: list[str]) -> None:
    found = text.FAST.paragraph_prints(words, corpus.SHINGLE, corpus.SAMPLE)
    if not words:
        assert found is None
        return
    ascii, prints = found
    assert prints == pure(corpus, corpus.fingerprints, words) + [pure(corpus, corpus.exact_hash, words)]
    assert ascii == "".join(words).isascii()
    if ascii:
        assert text.word_equivalents(words) == len(words)


def check_paragraphs(words: list[str]) -> None:
    """The gates of a check inside one article, on these words cut into paragraphs."""
    paragraphs = [words[k : k + 25] for k in range(0, len(words), 25)]
    for lists in (paragraphs, paragraphs + paragraphs[1:3], [words, [], words[::-1], words], [words[:9]] * 45):
        for min_words in (1, 6, 15):
            assert local.long_chains(lists, min_words) == pure(local, local.long_chains, lists, min_words)
            assert paraphrase.may_paraphrase(lists, min_words) == pure(paraphrase, paraphrase.may_paraphrase, lists, min_words)


@compiled
@pytest.mark.parametrize("index", range(len(samples())))
def test_compiled_and_pure_agree_on_every_script_sample(index):
    sample = samples()[index]
    check_all(sample)
    check_all(sample + "\n" + sample)  # a pasted paragraph: seeds and shared fingerprints


@compiled
@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_compiled_and_pure_agree_on_any_text(sample):
    check_all(sample)
    check_all(sample * 3)


@compiled
@settings(max_examples=300, deadline=None)
@given(WORD_LISTS)
def test_compiled_and_pure_agree_on_word_lists(words):
    check_all(" ".join(words))
    for chunk in (words, words * 4):
        assert corpus.fingerprints(chunk) == pure(corpus, corpus.fingerprints, chunk)
        assert corpus.exact_hash(chunk) == pure(corpus, corpus.exact_hash, chunk)
        assert local._seed_pairs(chunk) == pure(local, local._seed_pairs, chunk)
        check_paragraph_prints(chunk)
    check_paragraphs(words * 3)


@compiled
def test_words_utf8_cannot_encode_are_left_to_python():
    words = ["one", "lone\ud800surrogate", "two", "three", "four", "five"]
    assert text.FAST.fingerprints(words, corpus.SHINGLE, corpus.SAMPLE) is None
    assert text.FAST.exact_hash(words) is None
    assert text.FAST.paragraph_prints(words, corpus.SHINGLE, corpus.SAMPLE) is None
    with pytest.raises(UnicodeEncodeError):
        corpus.fingerprints(words)  # the Python twin's error, message and all


@compiled
def test_a_paragraph_pasted_many_times_pairs_each_copy_with_a_few_before():
    words = ("the minister said the bridge will reopen in spring " * 50).split()
    assert local._seed_pairs(words) == pure(local, local._seed_pairs, words)
    check_paragraphs(words)


@compiled
def test_the_gates_of_one_article_agree_on_paragraphs_of_one_small_vocabulary():
    import random

    rng = random.Random(7)
    vocabulary = "the a of minister said bridge will reopen in spring city council vote budget plan".split()
    for _ in range(2000):
        lists = [[rng.choice(vocabulary) for _ in range(rng.randrange(30))] for _ in range(rng.randrange(50))]
        for min_words in (1, 6, 15):
            assert local.long_chains(lists, min_words) == pure(local, local.long_chains, lists, min_words)
            assert paraphrase.may_paraphrase(lists, min_words) == pure(paraphrase, paraphrase.may_paraphrase, lists, min_words)


def test_no_word_unit_where_the_compiled_chains_take_a_word_for_a_word():
    """The compiled `long_chains` takes gaps unscaled for words of characters below U+0E00 or in
    U+1E00-U+1FFF only: there `word_equivalents` counts each word as one."""
    codes = array("I", range(0, 0x0E00))
    codes.extend(range(0x1E00, 0x2000))
    every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    assert all(not base.search(every) for base, _weight in text._UNIT_BASES)
    assert text.word_equivalents(text.words(every)) == len(text.words(every))


def test_pure_python_is_forced_by_the_environment():
    code = "from pytest_newslint import text; print(text.FAST is None)"
    env = {**os.environ, "NEWSLINT_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


@pytest.mark.parametrize("folder", [PROJECT / "examples", SCRIPTS])
def test_the_command_finds_the_same_with_and_without_the_compiled_paths(run_cli, folder, tmp_path):
    runs = []
    for pure_python in ("0", "1"):
        result = run_cli("--no-cache", "--format", "json", ".", cwd=folder, env={"NEWSLINT_PURE_PYTHON": pure_python})
        assert result.returncode in (0, 1), result.stderr
        runs.append(json.loads(result.stdout))
    assert runs[0] == runs[1]
    assert runs[0]  # something was checked


def corpus_of(texts: list[str]) -> "corpus.Corpus":
    from pytest_newslint.document import parse

    entries = [(f"a{n}.txt", corpus.summary(parse(f"a{n}.txt", t.encode("utf-8")), 40)) for n, t in enumerate(texts)]
    return corpus.Corpus(entries)


@compiled
@pytest.mark.parametrize("holders", [2, corpus.PAIR_HOLDERS])
@pytest.mark.parametrize("needed", [2, 4])
def test_compiled_and_pure_corpus_index_agree(holders, needed):
    texts = samples()
    # copies: each sample again, pasted into the next, and three times over (a template)
    texts = texts + [a + "\n\n" + b for a, b in zip(texts, texts[1:])] + texts[:3] * 2
    fast, slow = corpus_of(texts), corpus_of(texts)
    found = fast.build_index(holders)
    kept = fast.passages(needed)
    saved = corpus.FAST
    corpus.FAST = None
    try:
        expected = slow.build_index(holders)
        expected_kept = slow.passages(needed)
    finally:
        corpus.FAST = saved
    assert found and found.tolist() == expected.tolist()
    assert fast.pair_alone.tolist() == slow.pair_alone.tolist()
    assert kept and kept.tolist() == expected_kept.tolist()
    assert fast.postings.tolist() == slow.postings.tolist()
    assert all(fast.holders(fp) == slow.holders(fp) for fp in fast.prints)



@compiled
def test_compiled_and_pure_pair_comparisons_agree(monkeypatch):
    """What `match_paragraphs` asks of a candidate pair, compiled and in Python: the pairs of
    paragraphs that may match (at several thresholds), and the paragraph of each article that
    holds the fingerprints two paragraphs share, on copies, near copies (every other sentence
    kept), pastes into the middle and articles holding a passage twice (two paragraphs of one
    article holding as many: the first is taken)."""
    texts = samples()
    near = ["\n\n".join(" ".join(p.split(". ")[::2]) for p in t.split("\n\n")) for t in texts]
    twice = [t + "\n\n" + t for t in texts[:4]]
    middle = [a + "\n\n" + b + "\n\n" + a for a, b in zip(texts, texts[1:])]
    found = corpus_of(texts + near + twice + middle + texts[:3] * 2)
    found.build_index(corpus.PAIR_HOLDERS)
    compared = held = partial = 0
    for key in found.passages(2):
        a, b = key >> 32, key & corpus.LOW
        pa, pb = found.paragraphs(a), found.paragraphs(b)
        sets_a = [set(found.prints_of(p)) for p in pa]
        sets_b = [set(found.prints_of(q)) for q in pb]
        exact_a = [found.field(p, corpus.EXACT_HASH) for p in pa]
        exact_b = [found.field(q, corpus.EXACT_HASH) for q in pb]
        for threshold in (0.2, 0.4, 0.8):
            fast = text.FAST.corpus_first_candidates(found.prints, found.print_start, found.table, corpus.FIELDS,
                                                     corpus.EXACT_HASH, pa.start, pa.stop, pb.start, pb.stop, threshold)
            assert fast == corpus.first_candidates(sets_a, sets_b, exact_a, exact_b, threshold)
            compared += bool(fast)
        for fp in sets_a:
            for fq in sets_b:
                shared = frozenset(fp & fq)
                if shared:
                    where = corpus._held_at_uncached(found, shared)
                    assert where == pure(corpus, corpus._held_at_uncached, found, shared)
                    for cap in (corpus.POSTINGS_CAP, 2):  # 2: most fingerprints are common phrases
                        monkeypatch.setattr(corpus, "POSTINGS_CAP", cap)
                        found.__dict__.pop("_evidence", None)
                        evidence = text.FAST.corpus_evidence(found.postings, found.doc_of, shared,
                                                             corpus.TEMPLATE_SHARE * len(shared), cap)
                        assert evidence == len(pure(corpus, corpus._evidence, found, shared))
                        partial += 0 < evidence < len(shared)
                    assert list(where) == sorted(where)
                    held += len(where) > 2
    # pairs that match, text more than two articles hold, and evidence short of all they share
    assert compared and held and partial


CORPUS_ARRAYS = ("paths", "dates", "words", "head_words", "head_start", "story_keys", "first_paragraph", "table",
                 "prints", "print_start", "doc_of")


def corpus_or_error(entries):
    try:
        found = corpus.Corpus(list(entries))
    except Exception as exc:  # the Python path raises for a few (words that are no int): both must
        return type(exc)
    return [getattr(found, name).tolist() if isinstance(getattr(found, name), array) else getattr(found, name)
            for name in CORPUS_ARRAYS]


def unusual_summary(rng, n: int):
    """A summary as the rule writes it, or bent the ways a summary from elsewhere might be:
    another version, base64 with a character a2b_base64 drops or refuses, counts that disagree,
    words and headline words of other types, a missing key, a list for an entry."""
    import base64

    k = rng.randrange(0, 4)
    row = b"".join(rng.randrange(0, 99).to_bytes(4, "little") for _ in range(corpus.FIELDS - 1))
    row += (k if rng.random() < 0.9 else k + 1).to_bytes(4, "little")  # the print count: PRINT_COUNT, last
    texts = [base64.b64encode(row * rng.randrange(1, 3) if k == 0 else row).decode(),
             base64.b64encode(bytes(rng.randrange(256) for _ in range(4 * k))).decode()]
    if rng.random() < 0.4:
        which = rng.randrange(2)
        if texts[which]:
            at = rng.randrange(len(texts[which]))
            texts[which] = texts[which][:at] + rng.choice("A=/+*\n -_Qé") + texts[which][at + 1 :]
        else:
            texts[which] = rng.choice(["=", "A", "\n", "QQ==", "QUJDRA==\n\n\n\n"])
    data = {"version": rng.choice([corpus.VERSION] * 4 + [corpus.VERSION - 1, float(corpus.VERSION), True]),
            "paragraphs": texts[0], "fingerprints": texts[1],
            "words": rng.choice([5, 5, 0, -1, 2**33, "7", None, 7.5]),
            "headline_words": rng.choice([[1, 2], [], None, [-1], [2**32], (1,), [True], 0])}
    if rng.random() < 0.2:
        data["date"] = rng.choice(["2024-01-01", 5])
    if rng.random() < 0.2:
        data["story"] = rng.choice(["a story", 5, None])
    if rng.random() < 0.1:
        del data[rng.choice(["paragraphs", "fingerprints", "version", "words", "headline_words"])]
    path = f"a{n}.txt"
    return rng.choice([(path, data)] * 18 + [[path, data], (path, "not a dict")])


@compiled
def test_compiled_and_pure_corpus_reading_agree():
    """`Corpus` reads its entries in runs (`corpus_take`, compiled) or one by one (Python): the
    same arrays, or the same exception, for real summaries and bent ones (a run with one the
    compiled pass declines is read in Python whole)."""
    import random

    from pytest_newslint.document import parse

    texts = samples()

    summaries = [(f"r{n}.txt", corpus.summary(parse(f"r{n}.txt", t.encode("utf-8")), 40)) for n, t in enumerate(texts)]
    assert text.FAST.corpus_take(summaries, corpus.VERSION, corpus.FIELDS, corpus.PRINT_COUNT) is not None
    assert corpus_or_error(summaries) == pure(corpus, corpus_or_error, summaries)
    rng = random.Random(20)
    declined = 0
    for n in range(1500):
        entries = [summaries[n % len(summaries)], unusual_summary(rng, n)]
        declined += text.FAST.corpus_take(entries, corpus.VERSION, corpus.FIELDS, corpus.PRINT_COUNT) is None
        assert corpus_or_error(entries) == pure(corpus, corpus_or_error, entries), entries
    assert 0 < declined < 1500
    # runs longer than one call reads (TAKE_RUN), with a declined entry in the middle of one
    long = [summaries[n % len(summaries)] for n in range(2 * corpus.TAKE_RUN + 5)]
    long[corpus.TAKE_RUN + 7] = ("bent.txt", dict(summaries[0][1], words="7"))
    assert corpus_or_error(long) == pure(corpus, corpus_or_error, long)


@compiled
def test_canonical_base64_is_what_a2b_base64_gives_or_declined():
    import base64
    import binascii
    import random

    rng = random.Random(7)
    taken = declined = 0
    for _ in range(5000):
        encoded = base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 30)))).decode()
        if rng.random() < 0.5 and encoded:  # a character a2b_base64 drops, refuses or reads otherwise
            at = rng.randrange(len(encoded))
            encoded = encoded[:at] + rng.choice("A=/+*\n -_Qé") + encoded[at + 1 :]
        found = text.FAST.canonical_base64(encoded)
        if found is None:
            declined += 1
            continue
        taken += 1
        assert found == binascii.a2b_base64(encoded), encoded
    assert taken > 2000 and declined > 500
    assert corpus._decoded("QUJD") == b"ABC" == pure(corpus, corpus._decoded, "QUJD")
    assert corpus._decoded("QU JD\n") == binascii.a2b_base64("QU JD\n")  # declined: a2b_base64 reads it


def test_of_two_paragraphs_of_one_article_holding_a_passage_the_first_is_taken():
    found = corpus_of(["Intro line of the article.", "Other words entirely here."])
    found.postings = array("Q", sorted([(7 << 32) | 1, (7 << 32) | 0, (9 << 32) | 0, (9 << 32) | 1]))
    found.doc_of = array("I", [0, 0])
    for module_fast in (text.FAST, None):
        saved = corpus.FAST
        corpus.FAST = module_fast
        try:
            assert corpus._held_at_uncached(found, frozenset({7, 9})) == {0: 0}
        finally:
            corpus.FAST = saved

# -- the office-word scan ------------------------------------------------------------------

from pytest_newslint.rules.title_role import offices, titles  # noqa: E402

OFFICE_WORDS = sorted(offices.BUILT_IN.words)[:200:3] + ["prime minister", "minister", "president", "ceo"]
OFFICE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(OFFICE_WORDS),
        st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "-", "-elect", "-designate", "_", "x", "É", "é", "İ", "Σ", "'s", ".", "2024", "½", "ǅ"]),
        st.text(max_size=3),
    ),
    max_size=40,
).map("".join)


def scans_agree(table, sample: str) -> None:
    assert table.spans(sample) == pure(offices, table.spans, sample) == [m.span() for m in table.finditer(sample)]


@compiled
@settings(max_examples=500, deadline=None)
@given(OFFICE_TEXT)
def test_compiled_and_pure_office_scans_agree(sample):
    scans_agree(offices.BUILT_IN, sample)
    scans_agree(offices.BUILT_IN, sample.upper())
    scans_agree(offices.BUILT_IN, sample.title())


@compiled
def test_compiled_and_pure_office_scans_agree_on_samples_and_aliases():
    aliased = titles.office_table({"Chief Whip": "whip", "head  of\tstate": "president", "ceo-x": "ceo", "Στρατηγός": "general"})
    for sample in samples() + ["The Chief  Whip, the head of\nstate and the CEO-x and στρατηγός."]:
        for table in (offices.BUILT_IN, aliased):
            scans_agree(table, sample)
            scans_agree(table, sample.upper())


PUNCTUATED = titles.office_table({"-chief": "ceo", ".gov": "governor", "é-boss": "ceo", "whip": "whip"})


@compiled
@settings(max_examples=300, deadline=None)
@given(OFFICE_TEXT.map(lambda text: text.replace("x", "-chief ").replace("_", ".gov").replace("é", "é-boss")))
def test_compiled_and_pure_office_scans_agree_on_words_starting_with_punctuation(sample):
    """A word starting with a character that is no word character: no match right after a word."""
    scans_agree(PUNCTUATED, sample)


def matches_of(table, sample: str) -> list:
    return [(m.span(), m.group(1), m.group(2)) for m in table.finditer(sample)]


@compiled
@settings(max_examples=300, deadline=None)
@given(OFFICE_TEXT)
def test_office_matches_from_the_compiled_scan_are_the_patterns(sample):
    """`finditer` rereads each word the compiled scan found with the pattern: the same matches,
    groups included, as the pattern's own `finditer`."""
    for table in (offices.BUILT_IN, PUNCTUATED):
        lowered = sample.lower()
        expected = table._lower.finditer(lowered) if len(lowered) == len(sample) else table.pattern.finditer(sample)
        assert matches_of(table, sample) == [(m.span(), m.group(1), m.group(2)) for m in expected]
        assert matches_of(table, sample) == pure(offices, matches_of, table, sample)


@compiled
def test_the_office_scan_lower_cases_every_character_as_str_lower_does():
    """`office_spans(text, ..., fold=True)` reads each character lower-cased (simple case
    mapping) instead of scanning `text.lower()`: the same spans for every code point around and
    inside office words; None for the two characters str.lower() maps otherwise: U+0130 (to two
    characters) and the capital sigma (to σ or ς, by its place in the word)."""
    aliased = titles.office_table({"Στρατηγός": "general"})
    assert [c for c in range(0x110000) if len(chr(c).lower()) != 1] == [0x130]
    for trie in (offices.BUILT_IN._trie(), aliased._trie()):
        for first in range(0, 0x110000, 512):
            chunk = [chr(c) for c in range(first, first + 512) if not 0xD800 <= c < 0xE000] or ["x"]
            sample = "".join(f"{c}President {c}Prime{c}minister ki{c}ng {c}CEO{c}-elect{c} ΣΤΡΑΤΗΓΌ{c} " for c in chunk)
            assert text.FAST.office_spans(sample, *trie, True) is None  # it holds Σ
            sample = sample.replace("Σ", "σ")
            if "\u0130" in sample:
                assert text.FAST.office_spans(sample, *trie, True) is None
                sample = sample.replace("\u0130", "I")
            assert text.FAST.office_spans(sample, *trie, True) == text.FAST.office_spans(sample.lower(), *trie)
    trie = offices.BUILT_IN._trie()
    assert text.FAST.office_spans("the \u212aING said", *trie, True) == [(4, 8)]  # the Kelvin sign lower-cases to k


@compiled
@settings(max_examples=500, deadline=None)
@given(OFFICE_TEXT)
def test_the_office_scan_over_a_trie_checked_once_is_the_scan_over_its_arrays(sample):
    """`office_scan(text, office_trie(*arrays), fold)` (the trie checked and its tables made once
    a table) gives what `office_spans(text, *arrays, fold)` gives, in every string kind."""
    for table in (offices.BUILT_IN, PUNCTUATED):
        trie = table._trie()
        prepared = text.FAST.office_trie(*trie)
        for variant in (sample, sample.upper(), sample.title(), sample + "\U0001f600", "Président " + sample):
            assert text.FAST.office_scan(variant, prepared, True) == text.FAST.office_spans(variant, *trie, True)
            lowered = variant.lower()
            assert text.FAST.office_scan(lowered, prepared, False) == text.FAST.office_spans(lowered, *trie)


@compiled
def test_the_office_scan_over_a_checked_trie_reads_every_code_point_as_the_scan_over_arrays():
    """The word characters of one- and two-byte text come from a table made once (lower-cased or
    not): every code point, inside and around office words, read as `office_spans` reads it."""
    trie = offices.BUILT_IN._trie()
    prepared = text.FAST.office_trie(*trie)
    for first in range(0, 0x110000, 512):
        chunk = [chr(c) for c in range(first, first + 512) if not 0xD800 <= c < 0xE000] or ["x"]
        sample = "".join(f"{c}President {c}Prime{c}minister ki{c}ng {c}CEO{c}-elect{c} ab{c}cd{c} " for c in chunk)
        for variant in (sample, sample.lower()):
            for fold in (True, False):
                assert text.FAST.office_scan(variant, prepared, fold) == text.FAST.office_spans(variant, *trie, fold)


@compiled
@settings(max_examples=500, deadline=None)
@given(st.lists(OFFICE_TEXT, min_size=1, max_size=6).map(" ".join), st.integers(0, 17))
def test_the_office_scan_by_word_starts_is_the_office_scan(sample, shift):
    """`office_scan_words` (the word starts found 16 characters at a time) gives what
    `office_scan` gives, in every string kind, with office words on either side of the edge of
    16 characters (`shift`), and leaves to it the tries it does not take (a word starting with
    punctuation, a word of one letter)."""
    lettered = titles.office_table({"k": "king", "whip": "whip"})
    for table in (offices.BUILT_IN, PUNCTUATED, lettered):
        prepared = table._prepared_trie()
        padded = "x" * shift + " " + sample
        for variant in (padded, padded.upper(), padded.title(), padded + "\U0001f600", "Président " + padded,
                        padded.replace(" ", "\u2019 ")):
            for fold in (True, False):
                scanned = variant if fold else variant.lower()
                assert text.FAST.office_scan_words(scanned, prepared, fold) == text.FAST.office_scan(scanned, prepared, fold)


@compiled
def test_the_office_scan_by_word_starts_reads_every_code_point_as_the_office_scan():
    """Every code point before, inside and after office words (its word character test, its
    lower case, U+0130 and the capital sigma declined wherever they stand: inside a match
    across the edge of 16 characters too) read as `office_scan` reads it."""
    prepared = offices.BUILT_IN._prepared_trie()
    for first in range(0, 0x110000, 512):
        chunk = [chr(c) for c in range(first, first + 512) if not 0xD800 <= c < 0xE000] or ["x"]
        for pad in ("", "a", "abc def ", "abcdefghijklm "):
            sample = pad + "".join(f"{c}President {c}Prime{c}minister ki{c}ng {c}CEO{c}-elect{c} ab{c}cd{c} " for c in chunk)
            for variant in (sample, sample.lower()):
                for fold in (True, False):
                    assert text.FAST.office_scan_words(variant, prepared, fold) == text.FAST.office_scan(variant, prepared, fold)
    for pad in range(20):
        for inside in ("pres\u0130dent", "prime m\u0130nister", "prime minist\u03a3r"):
            sample = "\u2019" + "x" * pad + " " + inside + " said"
            assert text.FAST.office_scan_words(sample, prepared, True) is None is text.FAST.office_scan(sample, prepared, True)


@compiled
@settings(max_examples=500, deadline=None)
@given(OFFICE_TEXT, st.integers(0, 40), st.integers(0, 40), st.sampled_from(["", "x", "Σ", "-"]))
def test_compiled_and_pure_alike_starts_agree(sample, cut, size, changed):
    """`office_alike_starts` (a unit's office words taken from the scan of the whole text) is
    its twin `mentions._alike_starts`, for units cut anywhere (inside words too) and units
    whose text is not the scanned text's there."""
    from pytest_newslint.rules.title_role import mentions

    scanned = "The President said. " + sample + " Prime Minister Ana Ferreira-x."
    spans = offices.BUILT_IN.spans(scanned)
    begin = min(cut, len(scanned))
    unit = mentions.Unit(begin, scanned[begin : begin + size] + changed)
    held = mentions.blocks_holding([unit], spans)
    for _, first, stop in held:
        expected = mentions._alike_starts(scanned, unit, spans, first, stop)
        assert text.FAST.office_alike_starts(scanned, unit.text, unit.start, spans, first, stop) == expected


@compiled
def test_compiled_and_pure_alike_starts_agree_on_every_code_point_beside_a_unit():
    from pytest_newslint.rules.title_role import mentions

    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        scanned = f"{char}President{char}"
        unit = mentions.Unit(1, "President")
        expected = mentions._alike_starts(scanned, unit, [(1, 10)], 0, 1)
        assert text.FAST.office_alike_starts(scanned, unit.text, 1, [(1, 10)], 0, 1) == expected, hex(code)
    assert text.FAST.office_alike_starts("President", "President", 0, [(0, "9")], 0, 1) is None  # declined


def spans_of(cuts: list[int]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans from sorted cut points, taken two by two (empty ones too)."""
    return [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)]


@compiled
@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=8),
       st.lists(st.integers(0, 80), max_size=12).map(sorted))
def test_compiled_and_pure_blocks_holding_office_words_agree(blocks, cuts):
    """`office_blocks` (the blocks an office word's span overlaps, and which spans) is its twin
    `mentions.blocks_holding`, for blocks in any order, overlapping or not, and spans at their
    edges; and it declines spans that are not sorted and disjoint."""
    from pytest_newslint.document import Block
    from pytest_newslint.rules.title_role import mentions

    made = [Block("paragraph", 1, 1, start, start + size, "x" * size) for start, size in blocks]
    spans = spans_of(cuts)
    assert text.FAST.office_blocks(made, spans) == mentions.blocks_holding(made, spans)
    if len(spans) > 1 and spans[0] != spans[1]:
        assert text.FAST.office_blocks(made, spans[::-1]) is None


@compiled
def test_the_office_trie_declines_arrays_the_scan_declines():
    first, chars, children, terminal = offices.BUILT_IN._trie()
    assert text.FAST.office_trie(first, chars, children, terminal) is not None
    assert text.FAST.office_trie(array("i", first), chars, children, terminal) is None  # not "I"
    assert text.FAST.office_trie(first, chars, array("I", [0] * len(children)), terminal) is None  # a child 0
    assert text.FAST.office_trie(first[:-1], chars, children, terminal) is None  # edges of no node


def test_office_words_the_trie_does_not_take_are_left_to_the_pattern():
    assert offices._flat_trie({"head\tof state": None}) is None
    assert offices._flat_trie({" minister": None}) is None
    assert offices._flat_trie({"minister": None}) is not None


# -- lines split without a loop --------------------------------------------------------------

from pytest_newslint import document  # noqa: E402


def lines_by_loop(text: str):
    """What `_split_lines` gave before its fast path: one step a line break."""
    lines, starts, endings, start = [], [], [], 0
    for match in document.LINE_BREAK.finditer(text):
        starts.append(start)
        lines.append(text[start : match.start()])
        endings.append(match.group())
        start = match.end()
    if start < len(text) or not lines:
        starts.append(start)
        lines.append(text[start:])
        endings.append("")
    return lines, starts, endings


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab \n\r\u2028\x85\x0b", max_size=40))
def test_lines_split_as_the_loop_splits_them(sample):
    parsed = document.parse("a.txt", sample.encode("utf-8"))
    assert (parsed.lines, parsed.line_starts, parsed.line_endings) == lines_by_loop(parsed.text)


def test_the_extension_is_built_where_ci_requires_it():
    """.ci/run sets NEWSLINT_REQUIRE_SPEEDUPS=1: there a missing build is a failure, not a skip."""
    if os.environ.get("NEWSLINT_REQUIRE_SPEEDUPS") != "1":
        pytest.skip("the extension is optional outside CI")
    assert os.environ.get("NEWSLINT_PURE_PYTHON", "") in ("", "0")
    assert text.FAST is not None, "pytest_newslint._speedups was not built (no compiler?)"


SEPARATOR_MARKS = "\u00a0\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2026\u2009\u202f"


@compiled
def test_the_punctuation_the_compiled_words_take_is_no_word_character_anywhere():
    import re

    import regex

    for mark in SEPARATOR_MARKS:
        assert not re.match(r"\w", mark) and not regex.match(r"\w", mark) and mark.casefold() == mark
        assert text._OUTSIDE_AGREED.search(mark) is None  # `re` and `regex` agree on it
        sample = f"Don{mark}t say \u201cIt{mark}s{mark}{mark}OK\u201d{mark}"
        assert text.FAST.ascii_words(sample) is not None  # taken by the compiled path
        check_all(sample)
    assert text.FAST.ascii_words("caf\u00e9") is None  # any other non-ASCII: Python's


@compiled
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9_ .,'\"-\n" + SEPARATOR_MARKS + "é\u0130K"), max_size=60))
def test_compiled_and_pure_words_agree_on_news_punctuation(sample):
    check_all(sample)


# -- parsing one article: lines and plain-text paragraphs ----------------------------------------

# lines that show something or nothing, short and long (a line over document.WRAP_WIDTH makes
# each line of its run a paragraph), in every script, with every line break
PLAIN_TEXT_LINES = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=130).map(lambda n: "a" * n),
        st.text(alphabet=document.SHOWS_NOTHING.replace("\r", "").replace("\n", ""), max_size=4),
        ANY_TEXT.map(lambda sample: sample.replace("\r", "").replace("\n", " ")),
    ),
    max_size=30,
)


def check_parse(body: str) -> None:
    """The compiled line split and plain-text paragraphs give what their Python twins give."""
    compiled_doc = document.Document(path="a.txt", raw=b"", text=body)
    document._split_lines(compiled_doc)
    python_doc = document.Document(path="a.txt", raw=b"", text=body)
    document._split_lines_python(python_doc)
    split = (compiled_doc.lines, compiled_doc.line_starts, compiled_doc.line_endings)
    assert split == (python_doc.lines, python_doc.line_starts, python_doc.line_endings)
    for start in sorted({0, 1, len(python_doc.lines) // 2, len(python_doc.lines)}):
        assert document._text_blocks(python_doc, start) == document._text_blocks_python(python_doc, start)
    try:
        parsed = document.parse("a.txt", body.encode("utf-8", "surrogatepass"))  # front matter, markup blanked
    except document.FileError:
        return
    assert parsed.blocks == pure(document, document.parse, "a.txt", body.encode("utf-8", "surrogatepass")).blocks


@compiled
@settings(max_examples=500, deadline=None)
@given(PLAIN_TEXT_LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_compiled_and_pure_parse_agree_on_lines_and_paragraphs(lines, newline):
    check_parse(newline.join(lines))
    check_parse(newline.join(lines) + newline)
    check_parse("\r\n".join(lines[::2]) + "\n" + "\r".join(lines[1::2]))


@compiled
@pytest.mark.parametrize("index", range(len(samples())))
def test_compiled_and_pure_parse_agree_on_every_script_sample(index):
    sample = samples()[index]
    for body in (sample, sample.replace("\n", "\r\n"), "---\ntitle: A\n---\n" + sample, "{{< x >}}\n\n" + sample):
        check_parse(body)


@compiled
def test_a_line_shows_nothing_to_the_compiled_parse_as_to_python_for_every_code_point():
    for first in range(0, 0x110000, 0x10000):
        body = "\n\n".join(chr(code) for code in range(first, first + 0x10000) if chr(code) not in "\r\n")
        doc = document.Document(path="a.txt", raw=b"", text=body)
        document._split_lines_python(doc)
        assert document._text_blocks(doc, 0) == document._text_blocks_python(doc, 0)


# -- title-role (rules/title_role/) -----------------------------------------------------------

def english_counts_agree(texts: list[str]) -> None:
    """`function_word_counts` gives its twin's counts, or declines only for a sampled text that
    `ascii_words` declines; `is_english` decides alike either way."""
    from pytest_newslint.document import FileError, parse
    from pytest_newslint.rules.title_role import language

    sets = (language.FUNCTION_WORDS, language.OTHER_FUNCTION_WORDS)
    for limit in (0, 1, 7, 40, 300, language.SAMPLE_CHARS):
        found = text.FAST.function_word_counts(texts, limit, *sets)
        if found is not None:
            assert found == language.function_word_counts(texts, limit, *sets)
        else:
            left, declined = limit, False
            for sample in texts:
                declined = declined or text.FAST.ascii_words(sample[:left]) is None
                left -= len(sample)
                if left <= 0:
                    break
            assert declined
    try:
        document = parse("a.md", "\n\n".join(texts).encode("utf-8", "surrogatepass"))
    except FileError:
        return
    assert language.is_english(document) == pure(language, language.is_english, document)


NEWS_WORDS = st.sampled_from(["the", "The", "OF", "said", "de", "la", "und", "minister", "Ana", "x", "Straße", "é",
                              "the’s", "for—and", "city", "1987", "a_b", "«que»", "\u2026", "\n\n", "  "])


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(NEWS_WORDS, max_size=60).map(" ".join), max_size=8))
def test_compiled_and_pure_english_counts_agree(texts):
    english_counts_agree(texts)


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(ANY_TEXT, max_size=4))
def test_compiled_and_pure_english_counts_agree_on_any_text(texts):
    english_counts_agree(texts)


@compiled
@pytest.mark.parametrize("index", range(len(samples())))
def test_compiled_and_pure_english_counts_agree_on_every_script_sample(index):
    sample = samples()[index]
    english_counts_agree(sample.split("\n\n"))
    english_counts_agree([sample[:500]] * 4)


@compiled
def test_english_counts_decline_sets_of_long_words():
    assert text.FAST.function_word_counts(["the"], 10, frozenset({"x" * 16}), frozenset()) is None
    assert text.FAST.function_word_counts(["the the"], 10, frozenset({"the"}), frozenset({"the", "é"})) == (2, 2, 2)


def left_words_agree(sample: str) -> None:
    from pytest_newslint.rules.title_role import titles

    for end in range(len(sample) + 1):
        for limit in (1, 3, titles.LEFT_WORDS):
            found = text.FAST.left_words(sample, end, limit, text.ABBREVIATIONS)
            if found is not None:
                assert found == titles._left_words(sample, end, limit)
            else:  # declined: a character beyond ASCII and "’" before `end`
                assert any(char >= "\x80" and char != "’" for char in sample[:end])
    assert text.FAST.left_words(sample, len(sample) + 1, 9, text.ABBREVIATIONS) is None


LEFT_TEXT = st.lists(
    st.sampled_from(["Former", "U.S.", "Mr.", "J.", "said.", "ex-US", "then-Secretary", "’s", "Britain’s", "Britain's", "&",
                     "/", "-", "'quoted", ".dot", "A/B", "x_y", "1987", "\n", "\n\n", "\t", " ", ",", "Straße", "é",
                     "\u0301", "“", "finance", "Inc.", "st.", "P.M."]),
    max_size=14,
).map(" ".join)


@compiled
@settings(max_examples=300, deadline=None)
@given(LEFT_TEXT)
def test_compiled_and_pure_left_words_agree(sample):
    left_words_agree(sample)
    left_words_agree(sample.replace(" ", ""))


@compiled
@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_compiled_and_pure_left_words_agree_on_any_text(sample):
    left_words_agree(sample[:80])


@compiled
def test_compiled_and_pure_left_words_agree_on_the_examples():
    for sample in samples():
        left_words_agree(sample[:3000])


def capital_sentences_agree(sample: str) -> None:
    found = text.FAST.capital_sentences(sample, text.ABBREVIATIONS)
    if found is not None:
        assert found == text.sentences(sample, capital_after=True)
    else:
        assert any(char >= "\x80" and char not in "‘’“”–—…" or (char < " " and char not in "\t\n\x0b\x0c\r") or char == "\x7f"
                   for char in sample)


SENTENCE_TEXT = st.lists(
    st.sampled_from(["He", "said", "Mr.", "U.S.", "J.", "Inc.", "st.", "P.M.", "a.b.c.", "abcdefghijklm.", "x.", "it.", "Yes!",
                     "Why?", "Go…", ".", "”", "’", ")", "]", '"', "'", "“", "‘", "(", "[", "1987", "The", "\n", "\n\n", "\t",
                     "\x0b", "\x1c", "\xa0", "é", "–", "—", "Don’t"]),
    max_size=30,
)


@compiled
@settings(max_examples=500, deadline=None)
@given(SENTENCE_TEXT)
def test_compiled_and_pure_sentences_agree(words):
    capital_sentences_agree(" ".join(words))
    capital_sentences_agree("".join(words))


@compiled
@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_compiled_and_pure_sentences_agree_on_any_text(sample):
    capital_sentences_agree(sample)


@compiled
def test_compiled_and_pure_sentences_agree_on_the_examples():
    for sample in samples():
        capital_sentences_agree(sample)
        for paragraph in sample.split("\n\n"):
            capital_sentences_agree(paragraph)


def quoted_spans_agree(sample: str) -> None:
    found = text.FAST.quoted_spans(sample)
    if found is not None:
        assert found == text.quoted_spans(sample), sample
    else:
        assert any(char >= "\x80" and char not in "\"“”«»„「」『』‹›‚‘’–—…" or (char < " " and char not in "\t\n\x0b\x0c\r")
                   or char == "\x7f" for char in sample)


QUOTE_TEXT = st.lists(
    st.sampled_from(['"', "“", "”", "«", "»", "„", "「", "」", "『", "』", "‹", "›", "‚", "‘", "’", "'", "He", "said", "it",
                     "x", ".", "!", "?", "…", "The", "1987", "(", "[", "{", "—", "–", "-", ":", "/", "\n", "\t", " ", "é",
                     "\x1c", "\xa0"]),
    max_size=30,
)


@compiled
@settings(max_examples=1500, deadline=None)
@given(QUOTE_TEXT)
def test_compiled_and_pure_quotations_agree(words):
    quoted_spans_agree(" ".join(words))
    quoted_spans_agree("".join(words))


@compiled
@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_compiled_and_pure_quotations_agree_on_any_text(sample):
    quoted_spans_agree(sample)


@compiled
def test_compiled_and_pure_quotations_agree_on_the_examples():
    for sample in samples():
        for paragraph in sample.split("\n\n"):
            quoted_spans_agree(paragraph)


@compiled
def test_an_article_read_once_takes_words_outside_ascii_from_python():
    sample = (
        "Le café de la Société générale a fermé hier, a déclaré le ministre à Zürich.\n\n"
        "The minister said the café would reopen in spring, after the vote of the council.\n\n"
        "Le café de la Société générale a fermé hier, a déclaré le ministre à Zürich.\n\n"
        "“Where is the bridge?” asked the minister — and nobody answered…\n"
    )
    for min_words in (1, 6, 15):
        check_prose(sample.encode(), min_words)
        from pytest_newslint.document import parse

        found = prose.read(parse("a.txt", sample.encode()), min_words)
        assert found is not None and found.chains and found.rows[corpus.WORD_COUNT] == 15
    assert prose.read(parse_text("Headline\n\nThe minister said so.\n\n東京の会議は明日開かれる。"), 15) is None  # word units
    # a word UTF-8 cannot encode (text.words makes none: a surrogate is no word character)
    from pytest_newslint.document import Block

    def blocks(sample: str) -> list:
        return [Block("paragraph", 1, 1, 0, len(sample), sample)]

    arguments = (local.STOPWORDS, paraphrase.FUNCTION_WORDS, prose.SHINGLE, prose.SAMPLE, local.PARTNERS, local.SEED, 1,
                 local.MAX_GAP, local.MAX_DRIFT, paraphrase.RAW_SHARED, paraphrase.RAW_SHARE, paraphrase.APART, 1, 1,
                 prose.QUESTION)
    surrogate = blocks("café lone\ud800 two")
    assert text.FAST.prose_pass(surrogate, [0], surrogate[0].text, lambda _: ["café", "lone\ud800", "two"], *arguments) is None
    assert text.FAST.prose_pass(surrogate, [0], surrogate[0].text, text.words, *arguments)[3] == 3  # words
    assert text.FAST.prose_pass(blocks("one two"), [0], "one two", text.words, set(local.STOPWORDS), *arguments[1:]) is None  # not frozen


def parse_text(sample: str):
    from pytest_newslint.document import parse

    return parse("a.txt", sample.encode("utf-8", "surrogatepass"))


@compiled
def test_an_article_read_once_is_what_its_twin_reads_on_pasted_and_shared_paragraphs():
    import random

    rng = random.Random(11)
    vocabulary = "the a of minister said bridge will reopen in spring city council vote budget plan café why? now. “so?”".split()
    for _ in range(300):
        paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(rng.randrange(40))) for _ in range(rng.randrange(12))]
        paragraphs += rng.sample(paragraphs, min(2, len(paragraphs)))
        raw = "\n\n".join(paragraphs).encode()
        for min_words in (1, 6, 15):
            check_prose(raw, min_words)
            # the summary's question tests keep, flag or drop the rows of paragraphs with a question mark
            assert corpus.summary(parse_text(raw.decode()), min_words) == everything_pure(corpus.summary, parse_text(raw.decode()), min_words)


QUESTION_ENDINGS = [
    "Why did the council vote against the plan for the bridge?",
    "Why did the council vote against the plan for the bridge? (Reuters)",
    "Why did the council vote against the plan for the bridge?)",
    "(Why did the council vote against the plan for the bridge?)]",
    "Why did the council vote against the plan for the bridge? )",
    "Why did the council vote against the plan for the bridge?\x1c",
    "Why did the council vote against the plan for the bridge?_",
    "Why did the council vote against the plan for the bridge?\"",
    "He asked: \"Why did the council vote against the plan for the bridge?\"",
    "The council voted. Why did it vote against the plan for the bridge?",
    "Why did the council vote against the plan for the bridge? It did not say.",
    "Why did the café council vote against the plan for the bridge?",
    "Why did the café council vote against the plan for the bridge? So.",
    "Why did the café council vote against the plan for the bridge? «»",
    "“Why did the council vote against the plan for the bridge?”",
    "Why? Why not?",
    "Is it? Yes.",
    "Is it?",
    "Who?",
    "- Why did the council vote against the plan for the bridge?",
    "> Why did the council vote against the plan for the bridge?",
    "¿Por qué votó el consejo contra el plan del puente?",
    "¿Por qué votó el consejo contra el plan del puente? (EFE)",
    "Почему совет проголосовал против плана моста?",
    "Он спросил. Почему совет проголосовал?",
    "Он спросил: «Почему совет проголосовал?»",
    "Why did the council vote。What now?",
    "Why did the council vote？",
    "Why did the council vote?\u3000",
    "Why did the council vote?\u200b",
    "Mr. Smith, why did the council vote?",
    "Why did Mr. Smith vote? And you?",
]


@compiled
def test_the_paragraphs_a_question_mark_ends_are_flagged_as_their_question_tests_flag_them():
    """`prose.asking` (and `prose_pass` in C) decide the rows of most paragraphs with a question
    mark without the question tests: where they decide, it is what `corpus._asks` finds."""
    from pytest_newslint.document import parse

    for ending in QUESTION_ENDINGS:
        for lead in ("", "Some words before the question stand here in the paragraph now. "):
            raw = f"Headline\n\n{lead}{ending}\n\nThe minister said the bridge would reopen in spring after the vote.\n"
            for min_words in (1, 6, 15):
                check_prose(raw.encode(), min_words)
                document = parse_text(raw)
                assert corpus.summary(document, min_words) == everything_pure(corpus.summary, parse_text(raw), min_words)
                shortest = min(min_words, prose.MIN_PARAGRAPH_WORDS)
                for markdown in (False, True):
                    document = parse_text(raw) if not markdown else parse("a.md", raw.encode())
                    for block, words in local.prose_words(document):
                        length = text.word_equivalents(words)
                        decided = prose.asking(document, block, length, shortest)
                        if decided is not None and "?" in block.text:
                            assert decided == bool(corpus._asks(document, block, length, shortest)), (block.text, min_words)
    assert prose.QUESTION == corpus.QUESTION


# -- parsing and glue (s27) ------------------------------------------------------------------
# the values of a result's cache rows: dicts with str keys, lists, tuples, text, numbers
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-2**70, max_value=2**70), st.floats(),
              ANY_TEXT, st.text(alphabet=st.characters(max_codepoint=0x7F))),
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.lists(inner, max_size=6).map(tuple),
                            st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=6)),
    max_leaves=30,
)


def check_compact_json(value) -> None:
    """The compiled rows' JSON is json.dumps's, or declined (a float, text outside ASCII, a key
    that is not a str, an int past 64 bits, a subclass, a tree deeper than 64)."""
    from pytest_newslint.pipeline import cache

    expected = cache.to_compact_json(value)
    assert expected == json.dumps(value, separators=(",", ":"))
    found = text.FAST.compact_json(value)
    assert found is None or found == expected, (value, found, expected)
    assert cache.compact_json(value) == expected


@compiled
@settings(max_examples=1000, deadline=None)
@given(JSON_VALUES)
def test_compiled_and_pure_rows_json_agree(value):
    check_compact_json(value)
    check_compact_json({"summaries": value, "findings": [value, (value,)]})


@compiled
@pytest.mark.parametrize("index", range(len(samples())))
def test_compiled_and_pure_rows_json_agree_on_every_script_sample(index):
    from pytest_newslint.pipeline.check import Checker
    from pytest_newslint.config import build_config

    sample = samples()[index]
    ascii_only = sample.encode("ascii", "replace").decode()
    for value in (sample, ascii_only, {"text": ascii_only, "words": ascii_only.split()}, [ascii_only, 1, None, True]):
        check_compact_json(value)
    config = build_config({}, PROJECT)
    checker = Checker(config, config.known_rules(), PROJECT)
    for body in (sample, ascii_only, ascii_only + "\n\n\n"):  # a result's summaries and findings
        result = checker.check_bytes(body.encode("utf-8", "surrogatepass"), "a.txt", str(PROJECT / "a.txt")).to_json()
        check_compact_json(result)
        check_compact_json(result["summaries"])


@compiled
def test_the_compiled_rows_json_declines_what_it_does_not_write():
    from collections import OrderedDict

    class Number(int):
        pass

    deep: list = []
    for _ in range(70):
        deep = [deep]
    for value in (1.5, float("nan"), "café", {1: 2}, {None: 1}, 2**64, -2**63 - 1, Number(3), OrderedDict(a=1),
                  {"a": [1, {"b": "é"}]}, deep, b"bytes", {"a": set()}):
        assert text.FAST.compact_json(value) is None, value
    for value in (2**63 - 1, -2**63, "\x00\x1f\x7f\"\\\n\r\t\b\f /~", {"": []}, (), {}, [[[[]]]]):
        check_compact_json(value)
        assert text.FAST.compact_json(value) is not None, value


@compiled
def test_the_compiled_parse_finds_line_breaks_in_wide_text_by_their_bytes():
    """In 2- and 4-byte text a line break is looked for as a byte (memchr): a byte 0x0A or 0x0D
    inside another character (U+0A0A, U+010A, U+0D0D, U+1000A, ...) is no line break."""
    decoys = ["\u0a0a", "\u010a", "\u0a00", "\u0d0d", "\u0d0a", "\u0a0d", "\u2019", "\U0001000a", "\U00010d0d", "\U000a0a0a"]
    for decoy in decoys:
        for wide in ("\u2019", "\U0001f600"):
            lines = [f"{decoy}a{wide}", decoy * 3, "", f"b {decoy}", wide + decoy, "\u3000" + decoy, decoy + "\u200b"]
            for newline in ("\n", "\r\n", "\r"):
                check_parse(newline.join(lines))
                check_parse(newline.join(lines) + newline + decoy)
            check_parse("\n".join(lines) + "\r" + decoy)


@compiled
def test_the_compiled_paragraphs_are_blocks_as_their_init_makes_them():
    """The compiled parse makes a Block without running its __init__ (the slots set directly):
    the same fields, collected like any other; a class that is not such a Block is called; a
    paragraph of one whole line has that line's text."""
    import gc
    from dataclasses import dataclass, fields

    body = "Head line\n\nPara one is here.\nand continues\n\nSecond\u2019s para.\n" + "x" * 120 + "\nshort\n"
    doc = document.Document(path="a.txt", raw=b"", text=body)
    document._split_lines_python(doc)
    made = text.FAST.text_paragraphs(body, 0, 0, document.WRAP_WIDTH, document.Block, doc.lines)
    assert made == document._text_blocks_python(doc, 0) == text.FAST.text_paragraphs(body, 0, 0, 100, document.Block)
    for block in made:
        assert type(block) is document.Block and gc.is_tracked(block)
        assert [getattr(block, f.name) for f in fields(block)] == [block.kind, block.start_line, block.end_line,
                                                                    block.start, block.end, block.text]
    assert made[2].text is doc.lines[5] and made[3].text is doc.lines[6]
    del doc
    assert gc.collect() >= 0 and made[2].text == "Second\u2019s para."

    calls = []

    @dataclass(slots=True)
    class Checked(document.Block):
        def __post_init__(self):
            calls.append(self.text)

    @dataclass(slots=True)
    class Renamed:
        kind: str
        first_line: int
        end_line: int
        start: int
        end: int
        text: str

    assert [block.text for block in text.FAST.text_paragraphs(body, 0, 0, 100, Checked)] == calls == [b.text for b in made]
    assert [(r.first_line, r.text) for r in text.FAST.text_paragraphs(body, 0, 0, 100, Renamed)] == [
        (b.start_line, b.text) for b in made]
    assert text.FAST.text_paragraphs(body, 0, 0, 100, lambda *args: args)[1] == ("paragraph", 3, 4, 11, 42, made[1].text)
    assert text.FAST.text_paragraphs(body, 0, 0, 100, document.Block) == made  # after other classes, Block again


@compiled
def test_the_compiled_rows_json_escapes_every_ascii_character_at_every_place_of_a_long_text():
    """Plain text is copied eight characters at a time: a character to escape is found wherever
    it stands among them."""
    for code in range(128):
        for place in range(20):
            value = "A+/=" * 5
            value = value[:place] + chr(code) + value[place + 1:]
            check_compact_json([value, value * 3, {value: -2**63 + code}])
            assert text.FAST.compact_json(value) is not None


# -- repeated-block and parsing (s28) ------------------------------------------------------------

def taken_as_ascii(character: str) -> bool:
    """Whether the compiled reading takes text holding this character as it takes ASCII (no
    casefold, no `words_of`): what `headline_prints` accepts."""
    return text.FAST.headline_prints(f"ab{character}cd", local.STOPWORDS) is not None


@compiled
def test_the_characters_read_as_ascii_are_the_separator_marks_and_the_symbols_re_and_regex_agree_on():
    """`prose_symbol`'s table is text.AGREED_WITHOUT_UNITS beyond ASCII, less its word characters:
    every code point up to U+20000 (and a few above) is read as ASCII exactly when it is one (but
    in the Latin, Greek and Cyrillic ranges, read casefolded, as their letters are)."""
    import regex

    for code in [*range(0x80, 0x20000), 0x20000, 0xE0001, 0x10FFFF]:
        character = chr(code)
        symbol = text._OUTSIDE_AGREED.search(character) is None and not character.isalnum() and character != "_"
        casefolded = 0xC0 <= code <= 0x2FF or 0x370 <= code <= 0x482 or 0x48A <= code <= 0x52F
        expected = character in SEPARATOR_MARKS or (symbol and not casefolded)
        assert taken_as_ascii(character) == expected, hex(code)
        if expected:  # no word character for `re` or `regex`, and casefold leaves it
            assert not regex.match(r"\w", character) and character.casefold() == character, hex(code)
            assert text.WORD.findall(f"ab{character}cd") == ["ab", "cd"], hex(code)


@compiled
def test_an_article_with_symbols_and_joiners_is_read_once_as_its_twin_reads_it():
    """Symbols (a degree sign, a currency sign, box drawing, an emoji) are read as separators, a
    joiner (U+200C, U+200D, a word character of `regex`) inside a word: the compiled pass takes
    such text itself and gives what its twin gives."""
    sample = (
        "Temperatures reached 40°C ± 2 in the capital, costing €5 million — ☉ █ 🙂 said the minister.\n\n"
        "The council voted a\u200db and c\u200cd, then the bridge closed for the café; \u200d alone, 40°C ± 2.\n\n"
        "Temperatures reached 40°C ± 2 in the capital, costing €5 million — ☉ █ 🙂 said the minister.\n"
    )
    for min_words in (1, 6, 15):
        check_prose(sample.encode(), min_words)
        found = prose.read(parse_text(sample), min_words)
        assert found is not None and found.chains
    for symbol in ("°", "±", "€", "£", "☉", "█", "🙂", "\u2024", "\u200d", "\u200c"):
        for min_words in (1, 15):
            paragraph = f"The minister{symbol} said the bridge{symbol}would close {symbol} in May after the vote.\n\n"
            check_prose((paragraph * 3).encode(), min_words)
            assert prose.read(parse_text(paragraph * 3), min_words) is not None


@compiled
@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, st.text(alphabet=st.sampled_from("aZs9_ -’\u00b0€█\u200d" + "".join(sorted(local.STOPWORDS))[:40]), max_size=80)))
def test_compiled_and_pure_headline_words_agree(headline):
    assert corpus.headline_words(headline) == pure(corpus, corpus.headline_words, headline)


@compiled
def test_compiled_and_pure_headline_words_agree_on_headlines_of_every_script_and_many_words():
    headlines = [line for sample in samples() for line in sample.splitlines()[:3]]
    headlines += ["The Cats and the Dogs: Minister says yes, ministers say no", "Its bus gas was his", "ABCs of NEWS",
                  " ".join(f"word{k}s" for k in range(80)), "", "a an the of", "Straße café"]
    for headline in headlines:
        assert corpus.headline_words(headline) == pure(corpus, corpus.headline_words, headline), headline
    assert text.FAST.headline_prints("plain words", set(local.STOPWORDS)) is None  # not frozen: declined


@compiled
def test_paragraphs_beyond_ascii_ending_with_a_question_mark_are_flagged_by_the_compiled_pass_as_by_python():
    """`prose_pass` decides the rows of text of any kind that asks (typographic quotes made most
    such paragraphs of the benchmark articles text beyond ASCII), as `prose.asking` does."""
    for ending in ("?", "? ", "?)", "?] \n", "?”", "…?", "?\u3000", "?\u2029", "? é", "? x"):
        for opening in ("“", "", "Él "):
            paragraph = f"{opening}Will the minister say why the bridge closed in May after the vote{ending}"
            for raw in (f"Headline\n\n{paragraph}\n\nThe bridge closed. {paragraph}\n", f"{paragraph} Short{ending}\n"):
                for min_words in (1, 4, 6, 15):
                    check_prose(raw.encode(), min_words)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("abcdezqvAZ 1.-_é\u0130"), max_size=170), max_size=5),
       st.lists(st.text(alphabet=st.sampled_from("abcdezqvA1_."), min_size=1, max_size=6), min_size=1, max_size=5))
def test_the_compiled_head_test_finds_any_ascii_word_where_its_rarest_letter_stands(samples, words):
    """heads_holding looks for each word where its rarest letter stands: the same texts as the
    substring test of their lower-cased heads (but those holding U+0130, which it cannot tell)."""
    found = text.FAST.heads_holding(samples, 160, tuple(words))
    expected = [k for k, sample in enumerate(samples)
                if any(word in sample[:160].lower() for word in words) or "\u0130" in sample[:160]]
    assert found == expected


@compiled
def test_the_compiled_head_test_finds_the_note_words_at_every_place_of_the_head():
    """heads_holding compares 16 places of a head at once (s29-c): a word found or missed at
    each place, across those runs of 16 and at the head's end, is the substring test's."""
    words = ("correct", "clarif", "editor", "version", "retract", "errat", "amend", "x", "ab", "zz\0z")
    filler = "The minister said the bridge would open in May after all "
    samples = []
    for place in range(0, 175):
        for word in ("Correct", "errat", "ERRA", "amen", "x", "ab", "zz\0z", "clarif\u0130", "é editor"):
            head = (filler * 4)[:place]
            samples += [head + word + filler, head + word, (head + word)[:160], head[: max(0, place - 1)] + word]
    samples += ["", "a", "ab", "x" * 300, "\u0130" + "a" * 200, "é" * 170 + "x"]
    for limit in (0, 1, 3, 16, 17, 160, 256):
        found = text.FAST.heads_holding(samples, limit, words)
        expected = [k for k, sample in enumerate(samples)
                    if any(word in sample[:limit].lower() for word in words) or "\u0130" in sample[:limit]]
        assert found == expected, limit


@compiled
def test_compiled_compared_prose_reads_blocks_of_any_class_as_a_block():
    """compared_prose reads a Block's kind and text at their slots (s29-c); a subclass of Block,
    an object of another class with those attributes, and a Block whose slot is unset are read
    by getattr: the same answer, or getattr's AttributeError."""
    from pytest_newslint.document import Block

    class Subclass(Block):
        __slots__ = ()

        @property
        def text(self):
            return "Correction: a subclass may say otherwise."

    class Plain:
        def __init__(self, kind, text):
            self.kind, self.text = kind, text

    made = [Block("paragraph", 1, 1, 0, 40, "The minister said so on Monday."),
            Block("heading", 3, 3, 42, 50, "Headline"), Block("paragraph", 5, 5, 52, 90, "Editor's note: it was May.")]
    kinds, words = local.COMPARED_KINDS, local.NOTE_WORDS
    expected = text.FAST.compared_prose(made, kinds, 160, words)
    assert expected == (made[0:1] + made[2:3], len(made[0].text) + len(made[2].text), [1])
    plain = [Plain(block.kind, block.text) for block in made]
    assert text.FAST.compared_prose(plain, kinds, 160, words) == (plain[0:1] + plain[2:3], expected[1], [1])
    sub = Subclass.__new__(Subclass)  # its slots hold "ignored"; getattr gives the property's text
    for name, value in zip(("kind", "start_line", "end_line", "start", "end", "text"), ("paragraph", 1, 1, 0, 40, "ignored")):
        getattr(Block, name).__set__(sub, value)
    assert text.FAST.compared_prose([sub], kinds, 160, words) == ([sub], len(sub.text), [0])
    unset = Block.__new__(Block)
    with pytest.raises(AttributeError):
        text.FAST.compared_prose([unset], kinds, 160, words)


# news text in pieces: letters, ends of sentences, closers, white space (regex's and str.strip's),
# titles and initials, and the odd character that makes the compiled split decline
SENTENCE_TEXT = st.lists(st.sampled_from(list("abcAB .!?\u2026\"')]([\n\t\r\x0b\x1c\u201c\u2018\u201d\u2019\u00a0\u2009\u202fMrsDtSJvxop1")
                                         + ["Mr.", "Mrs.", "approx.", "vs.", "No.", "St.", "U.S.", "é", "。", "\u0e01"]),
                         max_size=60).map("".join)


def sentences_agree(sample: str) -> None:
    for base in (0, 11):
        found = text.FAST.joined_sentences(sample, base)
        saved = text.FAST
        text.FAST = None
        try:
            expected = text.sentences(sample, base, join_abbreviations=True)
        finally:
            text.FAST = saved
        if found is None:
            assert any(ord(c) >= 128 for c in sample)  # declined: a character beyond ASCII and the marks
        else:
            assert found == expected
        assert text.sentences(sample, base, join_abbreviations=True) == expected


@compiled
@settings(max_examples=1000, deadline=None)
@given(SENTENCE_TEXT)
def test_compiled_and_pure_joined_sentences_agree(sample):
    sentences_agree(sample)


@compiled
def test_compiled_and_pure_joined_sentences_agree_on_the_samples():
    for sample in samples():
        for paragraph in sample.split("\n\n"):
            sentences_agree(paragraph)
    for sample in ("Mr. Smith left. He said so! Did he? Yes\u2026 \u201cQuite.\u201d (Really.) Then Dr. Who came.",
                   "The St. Louis club. approx. 5 people. No. 5 is here. vs. them. Sgt. Pepper. x. y", "A. B. Carroll said.",
                   "One. two. Three.\u00a0Four.\u2009Five.\u202fSix.\x1cSeven.", "P. damicornis grows. It is (A.) here."):
        sentences_agree(sample)
        assert text.FAST.joined_sentences(sample, 0) is not None


def compared(raw: str):
    """local.compared_blocks of a fresh document, with the characters kept beside them."""
    from pytest_newslint.document import parse

    document = parse("a.md", raw.encode("utf-8", "surrogatepass"))
    found = local.compared_blocks(document)
    return found, document.__dict__["_compared_blocks"][2]


@compiled
def test_compiled_and_pure_compared_blocks_agree():
    """compared_prose reads the blocks of the compared kinds, their characters and the heads to
    test for correction notes in one call: the blocks and characters local.compared_blocks'
    Python gives, notes, callouts and headings left out."""
    notes = ("**Correction (12 March):** An earlier version said May.\n\nCLARIFICATION: the vote was on Tuesday.\n\n"
             "An earlier version of this article misstated the date.\n\nThe corrected figures came out on Monday.\n\n")
    markup = ('# Headline\n\n{{< figure src="a.jpg" caption="The minister said so." >}}\n\n> A quoted line.\n\n'
              "- a list item that says something\n\n```\ncode\n```\n\nThe minister said so.\n\n")
    for sample in [notes, markup, notes + markup, "", "Headline\n\nOne.\n"] + samples():
        assert compared(sample) == everything_pure(compared, sample), sample[:80]
    found, chars = compared(notes + markup)
    assert [block.text for block in found][:2] == ["The corrected figures came out on Monday.", "> A quoted line."]
    assert chars == sum(len(block.text) for block in found)


# -- s30-w: the number of words of each sentence (repeated-block's `may_repeat`) ---------------

def word_counts_agree(sample: str, spans) -> None:
    found = text.FAST.sentence_word_counts(sample, spans)
    if found is None:
        # declined: a character beyond ASCII and the separator marks in a span (or a span
        # that is no pair of ints inside the text, in order)
        assert any(not (isinstance(span, tuple) and len(span) == 2 and all(type(k) is int for k in span)
                        and 0 <= span[0] <= span[1] <= len(sample)) for span in spans) or any(
            char >= "\x80" and char not in SEPARATOR_MARKS and char not in "\u2018\u2019\u201c\u201d"
            for start, end in spans for char in sample[start:end])
    else:
        assert found == local.sentence_word_counts(sample, spans)
        assert found == [len(text.words(sample[start:end])) for start, end in spans]


def sentence_spans(sample: str, base: int = 0):
    return text.sentences(sample, base, join_abbreviations=True)


@compiled
@settings(max_examples=500, deadline=None)
@given(SENTENCE_TEXT)
def test_compiled_and_pure_sentence_word_counts_agree(words):
    for sample in (" ".join(words), "".join(words), "a_b 3x " + " ".join(words)):
        word_counts_agree(sample, sentence_spans(sample))
        word_counts_agree(sample, [(0, len(sample)), (len(sample), len(sample))])


@compiled
@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_compiled_and_pure_sentence_word_counts_agree_on_any_text(sample):
    word_counts_agree(sample, [(0, len(sample))])
    word_counts_agree(sample, [(k, min(len(sample), k + 7)) for k in range(0, len(sample), 5)])


@compiled
def test_compiled_and_pure_sentence_word_counts_agree_on_the_samples():
    accepted = 0
    for sample in samples():
        for paragraph in sample.split("\n\n"):
            base = sample.index(paragraph)
            spans = sentence_spans(paragraph, base)
            word_counts_agree(sample, spans)
            accepted += text.FAST.sentence_word_counts(sample, spans) is not None
    assert accepted > 20  # (the paragraphs of ASCII news text in the samples are read by the compiled count)
    news = "He said \u201cyes\u201d \u2014 twice\u2026 Don\u2019t\u00a0go. It\u2019s 5\u20136, a_b."
    assert text.FAST.sentence_word_counts(news, [(0, 27), (28, len(news))]) == [5, 6]


@compiled
def test_sentence_word_counts_decline_spans_it_cannot_read():
    sample = "One two. Three four five."
    for spans in ([(5, 3)], [(-1, 4)], [(0, 99)], [(0, 2**70)], [[0, 3]], [(0,)], [(0, 3.0)], [(True, 3)], [(0, 3, 4)]):
        assert text.FAST.sentence_word_counts(sample, spans) is None, spans
    assert text.FAST.sentence_word_counts(sample, ((0, 3),)) is None  # (a tuple of spans: not the list it takes)
    assert text.FAST.sentence_word_counts(sample, []) == []
    assert text.FAST.sentence_word_counts("Stra\u00dfe ist. Gut.", [(0, 10), (11, 15)]) is None
    assert text.FAST.sentence_word_counts("Stra\u00dfe ist. Gut.", [(11, 15)]) == [1]  # only the spans are read


@compiled
def test_compiled_and_pure_walk_stats_agree(tmp_path):
    """lstat_many (s30-m) gives each path's FileStat as the walk's Python twin does: regular
    files, folders, symlinks to a file, a folder and nothing, names beyond ASCII, a missing
    path, a name too long, an empty list; and declines what its twin must read (a name held by
    surrogate escapes, a NUL, an item that is not a str)."""
    from pytest_newslint.pipeline import discover
    from pytest_newslint.pipeline.discover import FileStat, lstat_files, lstat_in_python

    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "caf\u00e9 \u4e2d.md").write_bytes(b"x" * 5000)
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-file").symlink_to(tmp_path / "a.txt")
    (tmp_path / "to-folder").symlink_to(tmp_path / "folder", target_is_directory=True)
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    paths = [str(tmp_path / name) for name in ("a.txt", "caf\u00e9 \u4e2d.md", "folder", "to-file", "to-folder",
                                                 "dangling", "missing.txt")]
    paths += [str(tmp_path / ("x" * 300)), str(tmp_path)]
    found = text.FAST.lstat_many(paths, FileStat)
    assert found == lstat_in_python(paths) == lstat_files(paths) == pure(discover, lstat_files, paths)
    assert [type(info) for info in found[:6]] == [FileStat] * 6 and found[6] is None and found[7] is None
    assert found[0] == FileStat(*(getattr(os.lstat(paths[0]), name) for name in FileStat._fields))
    assert text.FAST.lstat_many([], FileStat) == []
    for declined in (["a\udcff.txt"], [str(tmp_path / "a.txt"), "a\0b"], [str(tmp_path / "a.txt"), 1]):
        assert text.FAST.lstat_many(declined, FileStat) is None
    assert lstat_files([str(tmp_path / "a.txt"), "/no/such\udcff"]) == [found[0], None]  # declined: the twin
    with pytest.raises(TypeError):
        text.FAST.lstat_many(paths, dict)
