"""text.words: the fast paths give what `regex` gives; text.sentences, plain and joined at abbreviations."""
from __future__ import annotations

import re
import sys
from array import array

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
