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


def test_no_word_unit_in_the_fast_class():
    """Text of AGREED_WITHOUT_UNITS characters (a subset of AGREED) holds no word unit: there,
    `re`'s `\\w+` runs are the words."""
    codes = array("I", range(0, 0xD800))
    codes.extend(range(0xE000, sys.maxunicode + 1))
    every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    fast = "".join(re.findall(f"[{text.AGREED_WITHOUT_UNITS}]", every))
    assert set(fast) <= set(re.findall(f"[{text.AGREED}]", every))
    assert text.WORD.findall(fast) == re.findall(r"\w+", fast)


@given(st.text(alphabet=st.sampled_from("aZé ß’“”—-_1²½\u0301\u0928\u093f\u200d‿İΣς 中文ー々かナ한국ไทย្ក្រ") | st.characters()))
def test_words_are_the_words_regex_finds(sample):
    found = text.words(sample)
    assert found == text.WORD.findall(sample.casefold())
    assert 0 <= text.word_equivalents(found) <= len(found)  # each unit a share of a word


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


def sentences_by_regex(prose: str, join_abbreviations: bool) -> list[tuple[int, int]]:
    """What `text.sentences` gave before its `re` scan: `regex`'s look-behind, and the whole
    sentence searched for an abbreviation at its end."""
    spans, start = [], 0
    ends = text.SENTENCE_END if text._OTHER_SCRIPT_END.search(prose) is None else text.SENTENCE_END_ANY_SCRIPT
    for match in ends.finditer(prose):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if prose[start:].rstrip():
        spans.append((start, start + len(prose[start:].rstrip())))
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if join_abbreviations and joined and (
            text.INITIAL_OR_TITLE_END.search(prose[joined[-1][0] : joined[-1][1]]) or prose[start : start + 1].islower()
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def test_the_white_space_of_the_re_scan_is_regexs():
    codes = array("I", range(0, 0xD800))
    codes.extend(range(0xE000, sys.maxunicode + 1))
    every = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    assert re.findall(f"[{text.WHITE_SPACE}]", every) == regex.findall(r"\s", every)


@given(st.lists(st.sampled_from(list(".!?…\"'”’)]([“‘ \t\n\r\x0b\x1c\x85\xa0\u2003\u3000aZq。ไ")
                                + ["Mr.", "approx.", " U.", "(Dr.", "No.", " vs.", "Sen.", "word "]), max_size=40).map("".join))
def test_sentences_are_those_the_look_behind_finds(prose):
    for join in (False, True):
        assert text.sentences(prose, join_abbreviations=join) == sentences_by_regex(prose, join)


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


def test_letters_of_unspaced_scripts_are_word_units():
    assert text.words("苹果公司CEO库克说，iPhone 15售价5999元。") == [
        "苹", "果", "公", "司", "ceo", "库", "克", "说", "iphone", "15", "售", "价", "5999", "元"]
    assert text.words("データ・センター") == ["デ", "ー", "タ", "セ", "ン", "タ", "ー"]
    assert text.words("서울=연합뉴스") == ["서", "울", "연", "합", "뉴", "스"]
    assert text.words("น้ำท่วม") == ["น้", "ำ", "ท่", "ว", "ม"]  # a letter with its marks
    assert text.words("ក្រុង") == ["ក្", "រុ", "ង"]
    # spaced scripts keep their words
    assert text.words("Владимир Путин нашёл") == ["владимир", "путин", "нашёл"]
    assert text.words("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]


def test_word_equivalents_weigh_units():
    assert text.word_equivalents(text.words("The U.S. Senate’s vote")) == 6
    assert text.word_equivalents([]) == 0
    assert abs(text.word_equivalents(text.words("陈丽说")) - 3 * 0.66) < 1e-9
    assert abs(text.word_equivalents(text.words("CEO库克")) - (1 + 2 * 0.66)) < 1e-9
    assert abs(text.word_equivalents(text.words("データ")) - 3 * 0.34) < 1e-9
    assert abs(text.word_equivalents(text.words("น้ำ")) - 2 * 0.255) < 1e-9
    assert abs(text.word_equivalents(["ー"]) - 0.34) < 1e-9
    assert abs(text.word_equivalents(["々"]) - 0.66) < 1e-9
    assert text.words("Hawaiʼi") == ["hawaiʼi"]  # a modifier letter is no unit


def test_word_equivalents_make_the_stories_as_long_as_in_english():
    """The translated stories of tests/data/scripts weigh what their English original does
    (within 12%): the measurement behind UNIT_WEIGHT."""
    from tests.script_sets import story

    for which in "ab":
        english = len(text.words(" ".join(story("en", which)[1])))
        for language in ("zh", "ja", "th", "ko"):
            weight = text.word_equivalents(text.words(" ".join(story(language, which)[1])))
            assert abs(weight / english - 1) < 0.12, (language, which, weight, english)


@pytest.mark.parametrize(
    "prose, expected",
    [
        ("他说：“好。”然后走了。下一句！最后", ["他说：“好。”", "然后走了。", "下一句！", "最后"]),
        ("臨海市は工事を終えた。「安心です」と話す。", ["臨海市は工事を終えた。", "「安心です」と話す。"]),
        ("एक वाक्य। दूसरा वाक्य॥ तीसरा", ["एक वाक्य।", "दूसरा वाक्य॥", "तीसरा"]),
        ("هل هذا صحيح؟ نعم.", ["هل هذا صحيح؟", "نعم."]),
        ("ဆည်ပြုပြင်ခဲ့သည်။ လုပ်ငန်း", ["ဆည်ပြုပြင်ခဲ့သည်။", "လုပ်ငန်း"]),
        ("ስብሰባው ተጠናቀቀ። ነገ ይቀጥላል።", ["ስብሰባው ተጠናቀቀ።", "ነገ ይቀጥላል።"]),
        ("ការងារបានចាប់ផ្តើម។ គម្រោងនេះ", ["ការងារបានចាប់ផ្តើម។", "គម្រោងនេះ"]),
        # Thai: a space between two Thai words ends a sentence; one beside a figure does not
        ("ซ่อมแซม 12 กิโลเมตรเสร็จแล้ว ก่อนเริ่มฤดูฝน", ["ซ่อมแซม 12 กิโลเมตรเสร็จแล้ว", "ก่อนเริ่มฤดูฝน"]),
        ("It cost 3.4 billion yuan. 临海市", ["It cost 3.4 billion yuan.", "临海市"]),
    ],
)
def test_sentences_end_where_each_script_ends_them(prose, expected):
    assert [prose[s:e] for s, e in text.sentences(prose)] == expected


def test_a_pattern_compiled_later_is_compiled_at_its_first_use_or_before_workers_fork():
    """`compiled_later` (title-role's module-level patterns): nothing is compiled until the
    pattern is used; then it answers as the compiled pattern does, through the same methods;
    `compile_waiting` compiles every one still waiting (before worker processes fork)."""
    import re

    import regex

    from pytest_newslint import text

    compiled = []

    class Counting:
        @staticmethod
        def compile(source, flags=0):
            compiled.append(source)
            return regex.compile(source, flags)

    first = text.compiled_later(Counting, r"(?i)\bminister\b")
    second = text.compiled_later(Counting, r"\d+")
    assert compiled == []
    assert first.search("The Minister said").span() == regex.search(r"(?i)\bminister\b", "The Minister said").span()
    assert compiled == [r"(?i)\bminister\b"]
    assert first.search == first.compiled().search and first.pattern == r"(?i)\bminister\b"
    text.compile_waiting()
    assert compiled == [r"(?i)\bminister\b", r"\d+"] and second.findall("a 12 b 3") == ["12", "3"]
    assert text.compiled_later(re, "x", re.IGNORECASE).match("X")
    from pytest_newslint.rules.title_role import link

    # title-role's patterns are such: none is compiled at import any more
    assert isinstance(link.TALK, text.CompiledLater)
