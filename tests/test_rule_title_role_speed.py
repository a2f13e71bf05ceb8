"""title-role's shortcuts read what the plain reading reads: names looked for only where a needed
word stands, and what is remembered of strings already read."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_newslint.rules.title_role import link
from pytest_newslint.rules.title_role.names import NAME_RUN

from .conftest import shared_corpus

NAME_TEXT = st.lists(
    st.sampled_from(["Laura", "Benet", "Benet's", "O'Neil", "de", "van", "Mr.", "J.", "Jr.", "the", "said", ",", ";",
                     "1987", "(", ")", '"', "-", ".", "'", "\n", "\n\n", "\t", " ", "Ana-Maria", "BENET", "Bénet",
                     "Minister", "Former", "’", "ʻ"]),
    max_size=40,
).map(" ".join)


def runs_agree(text: str, needed: set[str]) -> None:
    folded = link.fold(text)
    kept = [m.group(1) for m in link._name_runs(text, folded, needed)]
    whole = [m.group(1) for m in NAME_RUN.finditer(text)]
    assert set(kept) <= set(whole)
    # every run holding a needed word is among those read
    holding = [run for run in whole if any(word in link.fold(run) for word in needed)]
    assert [run for run in kept if run in holding] == holding


@settings(max_examples=400, deadline=None)
@given(NAME_TEXT, st.sets(st.sampled_from(["benet", "laura", "o'neil", "van", "j", "ana", "maria", "x"]), min_size=1))
def test_name_runs_read_where_a_needed_word_stands_are_the_whole_texts(text, needed):
    runs_agree(text, needed)


def test_name_runs_of_the_real_articles_are_the_whole_texts():
    for path in sorted(shared_corpus("wikinews").glob("[0-9]*.txt")):
        text = path.read_text(encoding="utf-8")
        for paragraph in text.split("\n\n"):
            words = {link.fold(word.strip(".,;:'\"()")) for word in paragraph.split()[::7]} - {""}
            runs_agree(paragraph, words)


YEAR_TEXT = st.lists(
    st.sampled_from(["in", "In", "during", "back", "the", "mid", "mid-", "early", "May", "Sept.", "sept", "5", "5th", "15TH",
                     "115th", ",", "-", ".", "2019", "1987", "2030", "20", "19", "1920s", "12019", "२०१९", "2٠19", "Auguſt",
                     "said", "will", "by", "“", "(", "\n", "_", "x", "é", "\u0301", "²", "2019s", "of", "winter"]),
    max_size=12,
)


def years_agree(sentence: str) -> None:
    for year in (None, 1990, 2019, 2024):
        gated = link.historical(sentence, year)
        saved = link._may_date
        link._may_date = lambda sentence, year: True
        try:
            assert gated == link.historical(sentence, year), (sentence, year)
        finally:
            link._may_date = saved


@settings(max_examples=1500, deadline=None)
@given(YEAR_TEXT, st.sampled_from([" ", "", "  "]))
def test_years_looked_for_where_a_year_phrase_may_stand_are_all_found(words, joiner):
    years_agree(joiner.join(words))


def test_years_of_the_real_articles_are_all_found():
    for path in sorted(shared_corpus("wikinews").glob("[0-9]*.txt")):
        for sentence in path.read_text(encoding="utf-8").replace("\n", " ").split(". "):
            years_agree(sentence)


PAST_TEXT = st.lists(
    st.sampled_from(["at", "the", "time", "times", "sometimes", "Time", "TIME", "then", "strengthen", "back", "those", "days",
                     "holidays", "years", "ago", "in", "past", "once", "served", "while", "when", "he", "was", "during",
                     "his", "term", "terms", "rule", "ruled", "under", "leadership", "as", "a", "last", "decade", "\u017fer",
                     "she", "They", "her", "their", "government", "mandate", "were", "who", "earlier", "this", "century",
                     "those", "months", "year", "throughout",
                     "ved", "’", "“", ",", ".", "\n", "_", "x", "é", "\u0301", "²", "İn", "\u212a"]),
    max_size=10,
)


@settings(max_examples=3000, deadline=None)
@given(PAST_TEXT, st.sampled_from([" ", "", "\t"]))
def test_past_context_looked_for_where_its_words_stand_is_all_found(words, joiner):
    sentence = joiner.join(words)
    if link.PAST_CONTEXT.search(sentence):
        assert link._may_be_past(sentence), sentence


@settings(max_examples=500, deadline=None)
@given(PAST_TEXT, st.sampled_from([" ", ""]))
def test_past_context_gate_without_the_compiled_words(words, joiner):
    sentence = joiner.join(words)
    saved, link.FAST = link.FAST, None
    try:
        if link.PAST_CONTEXT.search(sentence):
            assert link._may_be_past(sentence), sentence
    finally:
        link.FAST = saved


APPOSITION_TEXT = st.lists(
    st.sampled_from(["Ana", "Ferreira", "Ferreira's", "Ferreira’s", "de", "van", "d'", "Mr.", "Mr", "J.", "Jr.", "O'Neil",
                     "Hawaiʻi", "Ana-Maria", "Ló\u0301pez", "Лаура", ",", ";", "1987", "(", '"', "the", "a", "country's",
                     "finance", "minister", "\n", "\t", " ", ".", "-", "é", "x_y", "²"]),
    max_size=25,
)


def appositions_agree(text: str) -> None:
    from pytest_newslint.rules.title_role import mentions
    from pytest_newslint.rules.title_role.titles import APPOSITION_LEFT

    for start in range(len(text) + 1):
        found = mentions.apposition_left(text, start)
        whole = APPOSITION_LEFT.search(text, max(0, start - mentions.APPOSITION_WINDOW), start)
        assert (found and found.span(), found and found.group(1)) == (whole and whole.span(), whole and whole.group(1))


@settings(max_examples=400, deadline=None)
@given(APPOSITION_TEXT, st.sampled_from([" ", ""]))
def test_an_apposition_read_from_the_last_character_no_name_holds_is_the_whole_windows(words, joiner):
    appositions_agree(joiner.join(words))


def test_appositions_of_the_real_articles_are_the_whole_windows():
    for path in sorted(shared_corpus("wikinews").glob("[0-9]*.txt"))[:60]:
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            appositions_agree(paragraph)


TITLE_WORDS = st.sampled_from([
    "President", "Prime Minister", "Deputy Prime Minister", "Vice President", "former President", "Chancellor",
    "German Chancellor", "Chancellor of the Exchequer", "Finance Minister", "Foreign Minister", "Defence Secretary",
    "Governor", "former Governor", "Senator", "Mayor", "Harvard President", "Alphabet chief executive", "King",
    "French President", "US President", "acting President", "President-elect", "then-Governor", "Deputy Governor",
    "Minister of Health", "Interim President", "Premier", "Foreign Secretary", "Treasury Secretary",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(TITLE_WORDS, min_size=2, max_size=4), st.sampled_from(["Laura Benet", "Benet", "Ana Ferreira"]))
def test_titles_whose_offices_cannot_contradict_are_not_read_and_nothing_is_lost(titles, name):
    """An undated article's titles are left unread when their office words cannot contradict
    (`_offices_may_conflict`): every finding of a full reading is still found."""
    from pytest_newslint.rules import title_role

    from .test_rule_title_role import findings

    source = "Headline\n\n" + "\n\n".join(f"{title} {name} said on Monday that talks would go on." for title in titles) + "\n"
    gated = [(f.line, f.column, f.message) for f in findings(source)]
    saved = title_role._offices_may_conflict
    title_role._offices_may_conflict = lambda readings: True
    try:
        assert [(f.line, f.column, f.message) for f in findings(source)] == gated
    finally:
        title_role._offices_may_conflict = saved


SMALL_TEXT = st.lists(
    st.sampled_from(["the", "The", "THE", "a", "A", "an", "data", "(", "’", "\n", "\t", " ", "  ", "elect", "designate",
                     "electé", "elect\u0301", "-", "President", "é", "\u212a", "İ", "x"]),
    max_size=10,
)


@settings(max_examples=500, deadline=None)
@given(SMALL_TEXT, st.sampled_from([" ", ""]))
def test_articles_and_elect_asked_only_where_they_may_stand_are_all_found(words, joiner):
    from pytest_newslint.rules.title_role import titles

    text = joiner.join(words)
    for start in range(len(text) + 1):
        assert titles._article_before(text, start) == bool(titles.ARTICLE_BEFORE.search(text, max(0, start - 8), start))
        if titles.ELECT_AFTER.match(text, start, start + 240):
            assert titles._ELECT_START.match(text, start)


@pytest.mark.parametrize("sentence", [
    "At the time he led it.", "at that TIME", "Back then it was.", "In those days", "two years ago", "decades ago",
    "a decade ago", "In the past", "he once served", "While she was there", "when they served", "when he was",
    "during his first term", "in her tenure", "throughout their presidency", "in his premiership", "during her time",
    "in their years", "in his administration", "during their government", "in her rule", "in his long reign",
    "in their stint", "during his mandate", "the then minister", "who was then", "was then", "last decade",
    "earlier this century", "earlier that decade", "under his leadership", "under her government",
    "under their administration", "served as minister", "as then", "as a then", "Minister\u2019s term, in his term",
])
def test_each_past_context_passes_the_word_gate(sentence):
    assert link.PAST_CONTEXT.search(sentence)
    assert link._may_be_past(sentence)


FOLD_TEXT = st.text(alphabet=st.one_of(st.sampled_from("aZé’'\u0301\u0327ßİΣσς\ufb01\u2026\u00a0 Ǆ"), st.characters()), max_size=80)


@settings(max_examples=1000, deadline=None)
@given(FOLD_TEXT)
def test_fold_drops_the_combining_characters_as_a_translation_table_does(text):
    import unicodedata

    from pytest_newslint.rules.title_role import offices

    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    expected = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    assert offices._fold(text) == expected
    assert offices.fold(text) == expected


def test_the_quote_marks_looked_for_are_the_class_of_quote_mark():
    """`Unit.quotes` asks whether a unit holds one of `QUOTE_MARKS` (a substring test of each)
    before it looks for quotations: they are the characters `QUOTE_MARK` matches."""
    from pytest_newslint.rules.title_role.mentions import QUOTE_MARKS
    from pytest_newslint.text import QUOTE_MARK

    matched = {chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000 and QUOTE_MARK.match(chr(code))}
    assert set(QUOTE_MARKS) == matched


NOW_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["said", "says", "is", "has", "will", "told", "declares", "Biden", "de", "van", "Joe", "J.",
                         "Smith's", " ", "  ", "\n", ",", ", the leader,", ".", ";", "x", "é", "İ", "Said", "IS"]),
        st.text(max_size=3),
    ),
    max_size=14,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(NOW_TEXT, st.integers(0, 5))
def test_now_verb_matches_only_where_one_of_its_verbs_stands(text, start):
    """`_speaks_now` asks NOW_VERB only where `_NOW_VERBS` finds one of its verbs in the rest of
    the sentence: every match holds one as written."""
    from pytest_newslint.rules import title_role

    if title_role.NOW_VERB.match(text, start, len(text)):
        assert title_role._NOW_VERBS.search(text, start, len(text))


@settings(max_examples=1000, deadline=None)
@given(NOW_TEXT.map(lambda text: text.replace("x", " Jr.").replace(";", " \t St. ")), st.integers(0, 5))
def test_more_name_matches_only_after_spaces_and_a_capital(text, start):
    """`_name_for` asks MORE_NAME only where `_capital_after_spaces` says a name's word may follow."""
    from pytest_newslint.rules.title_role import mentions
    from pytest_newslint.rules.title_role.names import MORE_NAME

    if MORE_NAME.match(text, start, start + 240):
        assert mentions._capital_after_spaces(text, start)


def test_an_ordinal_starts_with_an_ascii_digit_or_a_character_beyond_ascii():
    """`_qualifier` asks ORDINAL only of a word starting so (`regex`'s digits are those of its
    own Unicode data, newer than Python's: `str.isdigit` would miss some)."""
    from pytest_newslint.rules.title_role.names import ORDINAL

    for code in range(0x110000):
        char = chr(code)
        if not 0xD800 <= code < 0xE000 and ORDINAL.match(char + "th"):
            assert "0" <= char <= "9" or char >= "\x80"
