"""text.words: the fast paths give what `regex` gives; text.sentences, plain and joined at abbreviations."""
from __future__ import annotations

import re
import sys
from array import array

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from pytest_newslint import text


def test_re_and_regex_agree_on_every_character_of_the_agreed_class():
    codes = array("I", range(0, 0xD800))
    codes.extend(range(0xE000, sys.maxunicode + 1))
    every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    agreed = "".join(re.findall(f"[{text.AGREED}]", every))
    assert len(agreed) > 30_000
    assert re.sub(r"\W", "", agreed) == regex.sub(r"\W", "", agreed)


@given(st.text(alphabet=st.sampled_from("aZé ß’“”—-_1²½\u0301\u0928\u093f\u200d‿İΣς ") | st.characters()))
def test_words_are_the_words_regex_finds(sample):
    assert text.words(sample) == text.WORD.findall(sample.casefold())


def test_words_in_each_path():
    assert text.words("The U.S. Senate’s vote") == ["the", "u", "s", "senate", "s", "vote"]
    assert text.words("Straße café ÉTÉ") == ["strasse", "café", "été"]
    assert text.words("नमस्ते दुनिया") == regex.findall(r"\w+", "नमस्ते दुनिया")  # marks: regex
    assert len(text.words("नमस्ते")) == 1


def test_sentences_split_at_each_end_unless_joined_at_abbreviations():
    prose = "Dr. Livermore met Brian T. Carroll. He said: “Why?” and left. it rained. Done"
    plain = [prose[s:e] for s, e in text.sentences(prose)]
    assert plain == ["Dr.", "Livermore met Brian T.", "Carroll.", "He said: “Why?”", "and left.", "it rained.", "Done"]
    joined = [prose[s - 10 : e - 10] for s, e in text.sentences(prose, 10, join_abbreviations=True)]
    assert joined == ["Dr. Livermore met Brian T. Carroll.", "He said: “Why?” and left. it rained.", "Done"]


@pytest.mark.parametrize(
    "paragraph, quoted",
    [
        ('He said "good" and left.', ['"good"']),
        ('"We won," he said.', ['"We won,"']),
        # a running quotation opens each paragraph with a quote mark and closes only at its end
        ('"Running on. And on.', ['"Running on. And on.']),
        # its last paragraph may close it without opening: the narration after the mark is read
        ('the tools we gave them." Asked about it, X said.', ['the tools we gave them."']),
        ("the tools we gave them.” Asked about it, X said.", ["the tools we gave them.”"]),
        # a stray mark inside a paragraph ends with its sentence
        ('One trader said the market was "nervous ahead of the figures. Then X said.',
         ['"nervous ahead of the figures.']),
        ("He said “a “nested” one” ok", ["“a “nested” one”"]),
        ("Er sagte „gut“ und ging.", ["„gut“"]),
        ("Il a dit «bon» et ‹bien›.", ["«bon»", "‹bien›"]),
        ("Han sa ”bra” och gick.", ["”bra”"]),
        ("Sie sagte »gut« und ‚schön‘.", ["»gut«", "‚schön‘"]),
        ("彼は「こんにちは」と『本』を", ["「こんにちは」", "『本』"]),
    ],
)
def test_quoted_spans_in_every_style(paragraph, quoted):
    assert [paragraph[a:b] for a, b in text.quoted_spans(paragraph)] == quoted
