"""Whether an article is written in English: title-role reads English copy only.

English prose is about a quarter function words ("the", "of", "and", "said", "was"...), and
other languages have next to none of them: those left out below are the ones other languages
use as common words of their own ("a", "in", "an", "on", "die", "will", "no", "he", "son").
An article whose prose holds at least `ENGLISH_SHARE` of them, counted over its words' worth
(`text.word_equivalents`: a Chinese article with a few English names stays Chinese), more of
them than of the function words of Spanish, French, German, Italian and Portuguese (a Spanish
story citing "The New York Times" stays Spanish), and is mostly in Latin script, is English;
so is one too short to tell (under `MIN_WORDS` words' worth). Names in any script inside
English copy ("Prime Minister Владимир Путин said") do not change that. Measured in
tests/test_title_role_language.py: the 291 real English articles, their first paragraphs
alone, the labeled examples, and stories in 16 other languages.
"""
from __future__ import annotations

import regex

from ...document import Document
from ...text import compiled_later, FAST, word_equivalents, words

FUNCTION_WORDS = frozenset(
    "the of and to is was for that with by from his her she it its they their them have has had be been were "
    "are this which who whom would said says but not or at after also than there when what where while about "
    "into because these those being our we could should".split()
)
# and those of Spanish, French, German, Italian and Portuguese (not English words too): prose
# written in one of them and citing English names ("The New York Times", "Bank of America")
# holds more of these
OTHER_FUNCTION_WORDS = frozenset(
    "de la el los las del que y en por con una se su para al lo le les des du et est une pour dans sur qui pas "
    "au aux der die das und den dem ist mit von zu ein eine sich nicht auf für il che di della per non e è gli "
    "nel não do da em os dos com um uma ao à".split()
)
NON_LATIN = compiled_later(regex, r"[^\p{Latin}\p{Common}\p{Inherited}]")
ENGLISH_SHARE = 0.04  # the 291 real English articles: 0.16 and more; the other stories: none
MIN_WORDS = 20  # words' worth: shorter prose is too short to tell, and is read as English
# prose read: some 170 words, enough to tell (the real articles have 23 function words and
# more in it)
SAMPLE_CHARS = 1_000


def english_share(text: str) -> float:
    """The share of English function words in a piece of prose, over its words' worth."""
    found = words(text[:SAMPLE_CHARS])
    total = word_equivalents(found)
    return sum(map(FUNCTION_WORDS.__contains__, found)) / total if total else 0.0


def is_english(document: Document) -> bool:
    """Whether the article's prose is English (too little prose to tell counts as English)."""
    texts = [block.text for block in document.prose_blocks()]
    counts = FAST.function_word_counts(texts, SAMPLE_CHARS, FUNCTION_WORDS, OTHER_FUNCTION_WORDS) if FAST else None
    if counts is not None:
        # a sample of ASCII words (typographic punctuation aside): each counts one word, and
        # the script is Latin
        total, english, other = counts
        return total < MIN_WORDS or not (english < ENGLISH_SHARE * total or english <= other)
    found = sample_words(texts)
    total = word_equivalents(found)
    if total < MIN_WORDS:
        return True
    english = sum(map(FUNCTION_WORDS.__contains__, found))
    if english < ENGLISH_SHARE * total or english <= sum(map(OTHER_FUNCTION_WORDS.__contains__, found)):
        return False
    joined = "".join(found)
    if joined.isascii() or not NON_LATIN.search(joined):
        return True
    # mostly words of another script (a Chinese brief citing "The Economist"): not English
    return word_equivalents([word for word in found if NON_LATIN.search(word)]) < total / 2


def sample_words(texts: list[str]) -> list[str]:
    """The words `is_english` reads: those of the prose blocks' first `SAMPLE_CHARS` characters."""
    found: list[str] = []
    left = SAMPLE_CHARS
    for text in texts:  # block by block: most are ASCII, whose words come fastest
        found += words(text[:left])
        left -= len(text)
        if left <= 0:
            break
    return found


def function_word_counts(texts: list[str], limit: int, first: frozenset, second: frozenset) -> tuple[int, int, int]:
    """The compiled `function_word_counts`' twin (for its tests): the words of the sample (see
    `sample_words`, with `limit` characters), and how many of them are in `first` and `second`."""
    found: list[str] = []
    left = limit
    for text in texts:
        found += words(text[:left])
        left -= len(text)
        if left <= 0:
            break
    return len(found), sum(map(first.__contains__, found)), sum(map(second.__contains__, found))
