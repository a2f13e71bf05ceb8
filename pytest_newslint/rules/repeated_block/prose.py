"""An article's prose words read once: what the check inside the article and the summary for
the corpus pass both need of them.

`read(document, min_words)` gives, per compared block (`local.compared_blocks`), its number of
words and its fingerprints with its exact hash, and for the whole article the seed chains
(`local.long_chains`) and the paraphrase gate (`paraphrase.may_paraphrase`). It is compiled
(`prose_pass` in `_speedups.c`): one reading of the text that makes no str object for a word
(equal words are told by their bytes; only a paragraph outside ASCII, its punctuation and
symbols, Latin, Greek, Cyrillic and the joiners has its words from `text.words`), where each of
those steps took the Python words of `local.prose_words` again. Where the compiled pass is not
there or declines (a word of a script whose letters are word units, or that UTF-8 cannot
encode; a file read in sections) `read` gives None and the callers read `local.prose_words` as
before; `read_in_python` (the twin) gives from those words what the compiled pass gives.
"""
from __future__ import annotations

import zlib
from array import array
from typing import NamedTuple

from ...document import Block, Document
from ...text import FAST, SENTENCE_END_ANY_SCRIPT
from ...text import words as words_of
from .local import (MAX_DRIFT, MAX_GAP, PARTNERS, SEED, STOPWORDS, compared_blocks, holds_more_than_a_section, long_chains,
                    prose_words)
from .paraphrase import APART, FUNCTION_WORDS, RAW_SHARE, RAW_SHARED, may_paraphrase

SHINGLE = 5  # words in a fingerprinted run
SAMPLE = 4  # one run in SAMPLE is kept (by its hash)


def fingerprints(words: list[str]) -> list[int]:
    """The sampled fingerprints of a paragraph's words (in order, repeats kept)."""
    if FAST is not None:
        found = FAST.fingerprints(words, SHINGLE, SAMPLE)  # the same, compiled
        if found is not None:
            return found
    runs = zip(*(words[k:] for k in range(SHINGLE)))
    return [h for h in map(zlib.crc32, map(str.encode, map(" ".join, runs))) if not h % SAMPLE]


def exact_hash(words: list[str]) -> int:
    if FAST is not None:
        found = FAST.exact_hash(words)  # the same, compiled
        if found is not None:
            return found
    return zlib.crc32(" ".join(words).encode()) | 1  # odd: never mistaken for a sampled fingerprint


MIN_PARAGRAPH_WORDS = 8  # shorter paragraphs (credits, "Read more") are not compared across articles
# the summary's numbers of a paragraph (corpus.FIELDS of them): its first and last line, its
# words, the exact hash of its words, flags (corpus.QUESTION) and the number of its fingerprints
ROW = 6
WORD_COUNT, FLAGS = 2, 4  # where a row has its words and its flags (corpus's names)
QUESTION = 1  # the flag of a paragraph of questions only (corpus.QUESTION)


class Prose(NamedTuple):
    """What the rule needs of an article's prose words (see `read`)."""

    blocks: list[Block]  # the compared blocks
    rows: array  # the summary's paragraphs: ROW numbers each (see `summary_rows`)
    prints: array  # their fingerprints, each paragraph's exact hash after them
    questions: list[int]  # row, block, row, block...: the rows the question tests decide
    total: int  # words of all the blocks
    chains: list  # local.long_chains of the blocks' words
    may_paraphrase: bool  # paraphrase.may_paraphrase of the blocks' words


def read(document: Document, min_words: int) -> Prose | None:
    """The article's `Prose` (cached on the document), compiled; None where it is not (see the
    module's docstring)."""
    blocks = compared_blocks(document)  # cached: the same list while the document's blocks stay
    cached = document.__dict__.get("_prose")
    if cached is not None and cached[0] == min_words and cached[1] is blocks:
        return cached[2]
    found = None
    if FAST is not None and not holds_more_than_a_section(document):
        least, shortest = shortest_paragraphs(min_words)
        found = FAST.prose_pass(blocks, document.line_starts, document.text, words_of, STOPWORDS, FUNCTION_WORDS,
                                SHINGLE, SAMPLE, PARTNERS, SEED, min_words, MAX_GAP, MAX_DRIFT, RAW_SHARED, RAW_SHARE,
                                APART, least, shortest, QUESTION)
    if found is not None:
        packed_rows, packed_prints, questions, total, chains, paraphrase = found
        rows, prints = array("I"), array("I")
        rows.frombytes(packed_rows)
        prints.frombytes(packed_prints)
        if questions:
            questions = _flag_askers(document, blocks, rows, questions, shortest)
        found = Prose(blocks, rows, prints, questions, total, chains, paraphrase)
    document.__dict__["_prose"] = (min_words, blocks, found)
    return found


def _flag_askers(document: Document, blocks: list[Block], rows: array, questions: list[int], shortest: int) -> list[int]:
    """Flag the rows of `questions` that `asking` finds ask (the compiled pass tells only those
    of max(4, `shortest`) words or more); the others are left to the question tests."""
    left = []
    for row, number in zip(questions[::2], questions[1::2]):
        if asking(document, blocks[number], rows[row * ROW + WORD_COUNT], shortest):
            rows[row * ROW + FLAGS] = QUESTION
        else:
            left += [row, number]
    return left


def shortest_paragraphs(min_words: int) -> tuple[int, int]:
    """(fewest words of a paragraph the summary keeps, fewest of one that asks nothing)."""
    shortest = min(min_words, MIN_PARAGRAPH_WORDS)  # (of questions: 4)
    return min(4, shortest), shortest


def summary_rows(document: Document, blocks: list[tuple[Block, list[str]]], least: int, shortest: int):
    """The summary's paragraphs from blocks with their words (text without word units, where a
    word is a word's worth): (rows, prints, questions, total) as `Prose` has them. A block of
    `least` words or more is kept, of `shortest` or more unless it may ask: one that `asking`
    finds asks is flagged QUESTION, any other that may ask is left to corpus.summary's question
    tests (in `questions`), which keep, flag or drop it."""
    rows, prints, questions, total = array("I"), array("I"), [], 0
    for number, (block, words) in enumerate(blocks):
        total += len(words)
        if not words or len(words) < least:
            continue
        asks = asking(document, block, len(words), shortest)
        if asks is False and len(words) < shortest:
            continue
        if asks is None:
            questions += [len(rows) // ROW, number]
        found = fingerprints(words)
        found.append(exact_hash(words))
        start, end = block.start, block.end
        rows.extend((document.line_of(start), document.line_of(max(start, end - 1)), len(words), found[-1],
                     QUESTION if asks else 0, len(found)))
        prints.extend(found)
    return rows, prints, questions, total


def asking(document: Document, block: Block, length: int, shortest: int) -> bool | None:
    """What corpus._asks finds of a block of `length` words, where its text alone tells (None:
    its question tests must decide). No question mark, or a word character of ASCII after the
    last one: the last sentence asks nothing, so neither test finds a question (False). Text
    standing in the document as it is, which ends with its question mark (but for `)` and `]`),
    asks (True): of max(4, `shortest`) words or more, its last sentence ends with that mark
    (`text.sentences` ends none between the mark and those brackets, in any script: the
    first test, `corpus._ends_asking`); of 4 words or more, it is one sentence that asks when no
    sentence ends inside it (the second, `local.block_is_question`). Most paragraphs with a
    question mark are one or the other (16,700 of 16,800 in the 10,000 benchmark articles)."""
    text = block.text
    last = text.rfind("?")
    if last < 0 or any(c.isascii() and (c.isalnum() or c == "_") for c in text[last + 1 :]):
        return False
    ends = text.rstrip()
    if not ends.rstrip(")]").endswith("?") or not document.text.startswith(text, block.start):
        return None
    if length >= max(4, shortest):
        return True
    if length >= 4 and SENTENCE_END_ANY_SCRIPT.search(ends) is None:
        return True
    return None


def read_in_python(document: Document, min_words: int) -> Prose:
    """`read`'s twin: the same from the words of `local.prose_words`."""
    blocks = list(prose_words(document))
    word_lists = [words for _, words in blocks]
    rows, prints, questions, total = summary_rows(document, blocks, *shortest_paragraphs(min_words))
    return Prose([block for block, _ in blocks], rows, prints, questions, total, long_chains(word_lists, min_words),
                 may_paraphrase(word_lists, min_words))
