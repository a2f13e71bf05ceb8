"""repeated-block's shortcuts around an article's prose give what the long way gives: the
correction-note test's first test (compiled `head_holds` and its Python twin) and its second
pattern searched only where its core stands, the summary's test of a paragraph that ends asking,
without its sentences where its end decides, and the chains compared at all (`may_repeat`),
told from the lengths of the sentences without their words."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_newslint import text
from pytest_newslint.document import parse
from pytest_newslint.rules.repeated_block import corpus, local, prose
from pytest_newslint.text import sentences

HEADS = st.text(alphabet=st.sampled_from("correct CLARIF editor Version retract errat amend xK\u212a\u0130İi ſ é.:*_-\n"), max_size=200)


def note_words_in(sample: str) -> bool:
    head = sample[: local.NOTE_HEAD].lower()
    return any(word in head for word in local.NOTE_WORDS)


@pytest.mark.skipif(text.FAST is None, reason="the C extension is not built here")
@settings(max_examples=300, deadline=None)
@given(st.lists(HEADS, max_size=6))
def test_the_compiled_head_test_is_the_substring_test(samples):
    found = text.FAST.heads_holding(samples, local.NOTE_HEAD, local.NOTE_WORDS)
    for k, sample in enumerate(samples):
        if k in found and not note_words_in(sample):
            assert "\u0130" in sample[: local.NOTE_HEAD] or "\u212a" in sample[: local.NOTE_HEAD]
        else:
            assert (k in found) == note_words_in(sample)
    assert found == [k for k in local.note_candidates(samples) if k in found]
    assert text.FAST.heads_holding(samples, 3, ("k",)) == [k for k, s in enumerate(samples) if "k" in s[:3].lower()
                                                           or "\u0130" in s[:3] or "\u212a" in s[:3]]


def test_correction_notes_are_found_either_way():
    for sample, note in (
        ("**Correction (12 March):** An earlier version said May.", True),
        ("CLARIFICATION: the vote was on Tuesday.", True),
        ("An earlier version of this article misstated the date.", True),
        ("The corrected figures came out on Monday.", False),
        ("Der Stra\u00dfe correction: nothing.", False),
    ):
        assert local.is_correction_note(sample) is note, sample
        document = parse("a.txt", f"Headline\n\nFirst paragraph.\n\n{sample}\n".encode())
        saved = local.FAST
        try:
            for fast in (saved, None):
                local.FAST = fast
                document.__dict__.pop("_compared_blocks", None)
                kept = [block.text for block in local.compared_blocks(document)]
                assert kept == (["First paragraph."] if note else ["First paragraph.", sample]), (sample, fast)
        finally:
            local.FAST = saved


def test_correction_note_gate_agrees_with_both_patterns():
    # `is_correction_note` skips EARLIER_VERSION on an ASCII head without one of its words;
    # the answer must be that of the two patterns themselves, in ASCII text and beyond it
    # ("ſ" and the Kelvin sign match s and k under IGNORECASE)
    def by_the_patterns(sample):
        head = sample[: local.NOTE_HEAD].lower()
        if not any(word in head for word in local.NOTE_WORDS):
            return False
        return bool(local.CORRECTION_LABEL.match(head) or local.EARLIER_VERSION.match(head))

    samples = [
        "An earlier version of this article misstated the date.",
        "The editor said a previous version of this story was wrong.",
        "Editors note that the original version of this report named the wrong town.",
        "This story has been corrected to fix a name, the editor says.",
        "Editor: this article was amended on Friday.",
        "The amendment to this piece was clarified by the editor.",
        "This report was clarified after the retraction.",
        "The corrected figures came out on Monday.",
        "An earlier verſion of this article gave the wrong date, the editor said.",
        "This article was \u212aorrected, editors said.",
        "Th\u0131s story was amended by the editor.",
        "The editor of the amended version of the bill said so.",
        "Correction: " + "x" * 200 + " an earlier version of this article",
        "A prior version of this post said otherwise; the editor apologises.",
        "In this article: an earlier  version\tof this\nstory said so (editor).",
    ]
    for sample in samples:
        assert local.is_correction_note(sample) is by_the_patterns(sample), sample
    assert {local.is_correction_note(sample) for sample in samples} == {True, False}
    # each word of EARLIER_VERSION_CORE is one its match needs: a head without it does not match
    for sample, word in (("An earlier version of this article erred, the editor says.", "version"),
                         ("This story has been corrected, the editor says.", "corrected"),
                         ("This article was amended, the editor says.", "amended"),
                         ("This piece was clarified, the editor says.", "clarified")):
        assert local.is_correction_note(sample) and by_the_patterns(sample)
        assert not local.is_correction_note(sample.replace(word, "changed"))


NOTE_TEXT = st.lists(st.sampled_from([
    "an", "earlier", "previous", "version", "verſion", "of", "this", "article", "story", "has", "been", "was",
    "corrected", "amended", "clarified", "correction", "editor", "said", ".", ":", " ", "  ", "\n", "ſ", "\u212a",
    "x" * 30,
]), max_size=40).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(NOTE_TEXT)
def test_correction_note_gate_agrees_on_any_head(sample):
    head = sample[: local.NOTE_HEAD].lower()
    expected = any(word in head for word in local.NOTE_WORDS) and bool(
        local.CORRECTION_LABEL.match(head) or local.EARLIER_VERSION.match(head))
    assert local.is_correction_note(sample) is expected


def ends_asking_the_long_way(document, block) -> bool:
    spans = sentences(block.text, block.start, join_abbreviations=True)
    return bool(spans) and local.is_question(document.text[spans[-1][0] : spans[-1][1]])


PIECES = [*"ab ?!.\"')]”’»“(\t\x1c", "Dr.", "Mr.", "Why now?", "he said.", "{{< x >}}", "<!-- c -->", "é", "。"]
PARAGRAPHS = st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), min_size=1, max_size=4)


@settings(max_examples=500, deadline=None)
@given(PARAGRAPHS)
def test_a_paragraph_ends_asking_as_its_last_sentence_says(paragraphs):
    document = parse("a.md", ("Headline\n\n" + "\n\n".join("".join(p) for p in paragraphs) + "\n").encode())
    for block in document.prose_blocks():
        if block.text.rstrip().rstrip(local.CLOSING).endswith("?"):
            assert corpus._ends_asking(document, block) == ends_asking_the_long_way(document, block), block.text


# -- the chains compared at all (`local.may_repeat`), from the sentences' lengths alone ----------

REPEAT_PIECES = [
    "The council voted on the budget for the new bridge across the river on Monday",
    "the council voted on the budget for the new bridge",
    "Mr. J. Smith of the U.S. team said the plan would cost more than expected",
    "\u201cWe will build it,\u201d the mayor said",
    "Residents asked whether the bridge would close in May",
    "Why would the council vote again?",
    "It was the third vote this year",
    "Die Stra\u00dfe bleibt gesperrt, sagte die Stadt",
    "Q: Will the bridge close?",
    "the budget for the new bridge across the river",
    "Yes", "It was late", "Go home now", "\u2026", "--", "(!)",  # short sentences, and some without words
]
REPEAT_ARTICLES = st.lists(
    st.lists(st.tuples(st.sampled_from(REPEAT_PIECES), st.sampled_from([". ", "! ", "? ", ", and ", " "])),
             min_size=1, max_size=5).map(lambda parts: "".join(piece + end for piece, end in parts).strip()),
    min_size=2, max_size=8,
).map(lambda paragraphs: "Headline of the article\n\n" + "\n\n".join(paragraphs) + "\n")


def repeat_options(**changed):
    from pytest_newslint.rules import repeated_block

    return {name: option.default for name, option in repeated_block.OPTIONS.items()} | changed


def may_repeat_agrees(source: str, min_words: int) -> None:
    """`may_repeat` says what the stream's own sentences say of the chains (`_copy_sentences`),
    and the check finds the same with it as with the stream read for every chain."""
    from pytest_newslint.rules import repeated_block

    document = parse("article.txt", source.encode())
    chains = repeated_block._chains(document, min_words)
    s = local.stream(document, 3)
    lengths = [sentence.end_word - sentence.first_word for sentence in s.sentences]
    expected = any(local._copy_sentences(chain, s.sentence_of, lengths) is not None for chain in chains)
    assert local.may_repeat(document, chains) is expected
    options = repeat_options(**{"min-words": min_words})
    found = [(p.line, p.message) for p in repeated_block.check(parse("article.txt", source.encode()), options)]
    saved = repeated_block.may_repeat
    repeated_block.may_repeat = lambda document, chains: True
    try:
        assert [(p.line, p.message) for p in repeated_block.check(parse("article.txt", source.encode()), options)] == found
    finally:
        repeated_block.may_repeat = saved
    if not expected:
        assert local.find_repeats(s, options["similarity"], min_words, options["min-sentence-words"], None, chains) == []


@pytest.mark.parametrize("fast", ["compiled", "pure"])
@settings(max_examples=300, deadline=None)
@given(REPEAT_ARTICLES, st.sampled_from([4, 8, 10]))
def test_may_repeat_is_what_the_stream_says(fast, source, min_words):
    if fast == "compiled":
        may_repeat_agrees(source, min_words)
        return
    saved = [module.FAST for module in (text, local, prose)]
    for module in (text, local, prose):
        module.FAST = None
    try:
        may_repeat_agrees(source, min_words)
    finally:
        for module, fast_module in zip((text, local, prose), saved):
            module.FAST = fast_module


def test_may_repeat_tells_a_copy_from_a_phrase_pasted_inside_longer_sentences():
    phrase = "the budget for the new bridge across the river"
    copied = f"Headline\n\nThe council voted on {phrase} on Monday. It was late.\n\nOthers came.\n\n" \
             f"The council voted on {phrase} on Monday. It was late.\n"
    # the phrase inside two long sentences: a chain, but it covers half of neither sentence
    pasted = (f"Headline\n\nAfter a long and heated night of debate the council finally voted on {phrase} and then "
              f"went home to sleep for many hours.\n\nOthers came.\n\nMany residents who were watching from the "
              f"gallery were angry about {phrase} and they said so loudly in the hall after the meeting ended.\n")
    for source, expected in ((copied, True), (pasted, False)):
        document = parse("article.txt", source.encode())
        from pytest_newslint.rules import repeated_block

        chains = repeated_block._chains(document, 8)
        assert chains, source
        assert local.may_repeat(document, chains) is expected
        may_repeat_agrees(source, 8)


def coverage_word_by_word(chain, side, sentence_of):
    """`_coverage` as it was written first: each word of each seed counted in its sentence."""
    covered = {}
    last = -1
    for seed in chain:
        start, end = max(seed[side], last), seed[side] + local.SEED
        for t in range(start, end):
            covered[sentence_of[t]] = covered.get(sentence_of[t], 0) + 1
        last = max(last, end)
    return covered


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=12), st.data())
def test_coverage_counts_each_word_once_in_its_sentence(lengths, data):
    sentence_of = [index for index, length in enumerate(lengths) for _ in range(length)]
    top = len(sentence_of) - local.SEED
    if top < 0:
        return
    seeds = sorted(data.draw(st.lists(st.tuples(st.integers(0, top), st.integers(0, top)), max_size=8)))
    for side in (0, 1):
        assert local._coverage(seeds, side, sentence_of) == coverage_word_by_word(seeds, side, sentence_of)
