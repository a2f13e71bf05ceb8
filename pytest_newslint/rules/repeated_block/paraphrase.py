"""Paragraphs of one article that say the same thing in other words: a paraphrased repeat.

Rewriting pipelines leave the old and the new version of a paragraph in one article, in words
too different for the word-level similarity (0.59 for "The company blamed high energy costs and
weak orders from European carmakers ..." against "The firm pointed to high energy bills and
falling orders from European car manufacturers ..."). Here each paragraph becomes a set of
content terms: stop words dropped, words lightly stemmed (plurals, -ed, -ing), and news
vocabulary that is used interchangeably (company/firm, costs/bills, cut/reduce/lower,
output/production, carmakers/car manufacturers: `synonyms.txt`) folded into one term. Two
paragraphs are a paraphrase when

- their terms overlap strongly on both sides (Dice `TERMS`, and each side covers `COVER` of
  the other: a lede restated briefly in the body, with new facts around it, covers too little
  of either);
- they report the same facts: every figure and every name (a capitalised word inside a
  sentence) of one is in the other, but for a clause dropped on one side (names and figures of
  the shorter all stand in the longer); two paragraphs on one topic with different figures or
  different names are not a repeat;
- they say it in the same order: of the terms both hold, taken in the order each paragraph gives
  them, most neighbours of one are near neighbours in the other (`ORDER`). A rewrite keeps the
  order of its facts, or moves a clause whole; two paragraphs that merely draw on one small
  vocabulary (a list of the same place names, generated filler) share terms in no order;
- neither is a quotation that the other introduces ("X said the plan was 'a disaster'", then
  the quote): a paragraph mostly inside quotation marks is only compared with another one.

A cheap test on the words as they stand (shared content words) picks the candidate pairs, so an
article without one costs a few set intersections.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ...text import FAST, WORD, quoted_spans
from .local import STOPWORDS, is_one_quotation

# Measured on the pairs of tests/data/paraphrase_pairs.json and the 291 Wikinews articles:
# paraphrases have a Dice of 0.74 and more (one, with a clause dropped, 0.65), and the longer side
# of a pair covered 0.71 and more; a lede restated briefly, or two paragraphs on one topic, reach
# 0.69 and 0.60 at most. The thresholds sit between.
TERMS = 0.72  # Dice of the two term sets
COVER = 0.68  # of each side's terms, the share the other holds
RAW_SHARED = 6  # content words shared as they stand, at least, for a pair to be looked at
RAW_SHARE = 0.4  # ... and that share of the smaller paragraph's content words (paraphrases: 0.5+)
# Of the shared terms' neighbours in one paragraph, the share that stand within two places, in
# order, in the other: paraphrases 0.60 and more (median 0.83); paragraphs drawn at random from
# one 25-word vocabulary mostly under 0.3 (tests/test_paraphrase.py).
ORDER = 0.55
MIN_TERMS = 8  # content terms a paragraph needs to be compared (shorter: too little to tell)
QUOTED_APART = 0.25  # a difference in the share of quoted text that makes one the other's quote
APART = 40  # paragraphs compared with the 40 before them at most (a file far longer than an article)

FUNCTION_WORDS = STOPWORDS | frozenset(
    "said say says told tells according after before over into about more most than while when where what all some "
    "any each other such only just very also still yet up out down off being having because due amid per across "
    "around against between during under since until within without through upon whose whom these those both "
    "either neither following ahead including however although though whether here now later next last this that "
    "while s t mr mrs ms dr".split()
)


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(single word -> group, two-word phrase -> group), stems throughout, from synonyms.txt."""
    words: dict[str, str] = {}
    phrases: dict[tuple[str, str], str] = {}
    text = resources.files(__package__).joinpath("synonyms.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        entries = [tuple(stem(w) for w in WORD.findall(entry.casefold())) for entry in line.split(",")]
        entries = [e for e in entries if e]
        group = "~" + " ".join(entries[0])
        for entry in entries:
            if len(entry) == 1:
                words[entry[0]] = group
            elif len(entry) == 2:
                phrases[entry] = group
    return words, phrases


def stem(word: str) -> str:
    """A light English stem: plurals, -ed and -ing, a final e, a doubled last consonant."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in ("ies", "ied"):
        if word.endswith(suffix) and len(word) > 4:
            return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def terms(words: list[str]) -> list[str]:
    """The content terms of case-folded words, in order (synonyms folded)."""
    singles, phrases = synonym_groups()
    stems = [stem(w) for w in words]
    out = []
    k = 0
    while k < len(stems):
        pair = (stems[k], stems[k + 1]) if k + 1 < len(stems) else None
        if pair in phrases:
            out.append(phrases[pair])
            k += 2
            continue
        word = words[k]
        if word not in FUNCTION_WORDS and len(word) > 1:
            out.append(singles.get(stems[k], stems[k]))
        k += 1
    return out


class Facts(NamedTuple):
    figures: frozenset[str]
    names: frozenset[str]
    quoted: float  # the share of the text inside quotation marks
    pull_quote: bool  # one quotation and nothing else (perhaps a credit): it repeats the text on purpose


def facts(text: str) -> Facts:
    """Figures, names and quotedness of a paragraph as written."""
    figures, names = set(), set()
    for sentence_start, match in _words_with_starts(text):
        word = match.group()
        if any(c.isdigit() for c in word):
            figures.add(word)
        elif word[0].isupper() and not sentence_start and word.casefold() not in FUNCTION_WORDS and not _calendar(word):
            names.add(word.casefold())
    quotes = quoted_spans(text)
    inside = sum(end - start for start, end in quotes)
    return Facts(frozenset(figures), frozenset(names), inside / max(1, len(text.strip())), is_one_quotation(text, quotes))


CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


def _calendar(word: str) -> bool:
    return word.casefold() in CALENDAR


def _words_with_starts(text: str):
    previous_end = None
    for match in WORD.finditer(text):
        between = text[previous_end : match.start()] if previous_end is not None else ""
        starts = previous_end is None or any(c in ".!?\"“‘'(:" for c in between.strip())
        yield starts, match
        previous_end = match.end()


def same_facts(a: Facts, b: Facts) -> bool:
    """Whether two paragraphs report the same facts: the figures and names of one are the
    other's, or those of the one with fewer all stand in the other (a clause dropped)."""
    for mine, theirs in ((a.figures, b.figures), (a.names, b.names)):
        if mine and theirs and not (mine <= theirs or theirs <= mine):
            return False
    return True


def dice(a: set[str], b: set[str]) -> tuple[float, float, float]:
    """(Dice, share of a that b holds, share of b that a holds)."""
    shared = len(a & b)
    return 2 * shared / (len(a) + len(b)), shared / len(a), shared / len(b)


def order_kept(a: list[str], b: list[str], shared: set[str]) -> float:
    """Of the shared terms in the order `a` first gives them, the share of neighbours that stand
    in order, at most two places apart, in `b`."""
    in_a = list(dict.fromkeys(term for term in a if term in shared))
    place = {term: index for index, term in enumerate(dict.fromkeys(term for term in b if term in shared))}
    if len(in_a) < 2:
        return 0.0
    kept = sum(1 for first, second in zip(in_a, in_a[1:]) if 0 < place[second] - place[first] <= 2)
    return kept / (len(in_a) - 1)


class Paraphrase(NamedTuple):
    original: int  # indexes into the paragraphs given
    copy: int
    score: float  # Dice of the term sets


def find_paraphrases(paragraphs: list[tuple[str, list[str]] | None], min_words: int) -> list[Paraphrase]:
    """Later paragraphs that repeat an earlier one in other words, each reported once (with
    the earlier paragraph most alike). `paragraphs`: (text as written, case-folded words) of
    each prose block in order, None for one that takes no part (a question, a speaker's turn)."""
    content = _content_words([p[1] if p is not None else None for p in paragraphs], min_words)
    if sum(1 for c in content if c is not None and len(c) >= RAW_SHARED) < 2:
        return []
    found = []
    cache: dict[int, tuple] = {}

    def prepared(k: int):
        if k not in cache:
            text, words = paragraphs[k]
            sequence = terms(words)
            cache[k] = (set(sequence), facts(text), sequence)
        return cache[k]

    for j, b in enumerate(content):
        if b is None or len(b) < RAW_SHARED:
            continue
        best = None
        for i in range(max(0, j - APART), j):
            a = content[i]
            if a is None:
                continue
            if not _looked_at(a, b):
                continue
            terms_a, facts_a, sequence_a = prepared(i)
            terms_b, facts_b, sequence_b = prepared(j)
            if min(len(terms_a), len(terms_b)) < MIN_TERMS or abs(facts_a.quoted - facts_b.quoted) >= QUOTED_APART:
                continue  # too short to tell; or a quote given after it was introduced
            if facts_a.pull_quote or facts_b.pull_quote:
                continue
            score, cover_a, cover_b = dice(terms_a, terms_b)
            if score < TERMS or min(cover_a, cover_b) < COVER or not same_facts(facts_a, facts_b):
                continue
            if order_kept(sequence_a, sequence_b, terms_a & terms_b) < ORDER:
                continue
            if best is None or score > best.score:
                best = Paraphrase(i, j, score)
        if best is not None:
            found.append(best)
    return found


def _content_words(word_lists: list[list[str] | None], min_words: int) -> list[set[str] | None]:
    """Each paragraph's content words as they stand; None for one that takes no part (None)
    or is shorter than `min_words`."""
    return [set(words).difference(FUNCTION_WORDS) if words is not None and len(words) >= min_words else None
            for words in word_lists]


def _looked_at(a: set[str], b: set[str]) -> bool:
    """The cheap first test of a pair: enough content words shared as they stand."""
    shared = len(a & b)
    return shared >= RAW_SHARED and not shared < RAW_SHARE * min(len(a), len(b))


def may_paraphrase(word_lists: list[list[str]], min_words: int) -> bool:
    """Whether `find_paraphrases` could find anything among paragraphs with these words (the
    case-folded words of each prose block): whether two of them, `APART` or fewer apart, pass
    its first test (`_looked_at`). Taking a paragraph out (None: a question, a speaker's turn)
    only takes pairs away, so without such a pair no paragraph need be read further: most
    articles. (Not for paragraphs cut short by boilerplate: fewer words may pass the share.)"""
    if FAST is not None:
        found = FAST.may_paraphrase(word_lists, FUNCTION_WORDS, min_words, RAW_SHARED, RAW_SHARE, APART)  # compiled
        if found is not None:
            return found
    content = _content_words(word_lists, min_words)
    for j, b in enumerate(content):
        if b is not None and len(b) >= RAW_SHARED:
            if any(a is not None and _looked_at(a, b) for a in content[max(0, j - APART) : j]):
                return True
    return False
