"""repeated-block's shortcuts around an article's prose give what the long way gives: the
correction-note test's first test (compiled `head_holds` and its Python twin) and the summary's
test of a paragraph that ends asking, without its sentences where its end decides."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_newslint import text
from pytest_newslint.document import parse
from pytest_newslint.rules.repeated_block import corpus, local
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
