"""An article's prose words read once: what the check inside the article and the summary for
the corpus pass both need of them.

`read(document, min_words)` gives, per compared block (`local.compared_blocks`), its number of
words and its fingerprints with its exact hash, and for the whole article the seed chains
(`local.long_chains`) and the paraphrase gate (`paraphrase.may_paraphrase`). It is compiled
(`prose_pass` in `_speedups.c`): one reading of the text that makes no str object for a word
(equal words are told by their bytes; only a paragraph outside ASCII, its punctuation, Latin,
Greek and Cyrillic has its words from `text.words`), where each of those steps took the Python
words of `local.prose_words` again. Where the compiled pass is not there or declines (a word of a script
whose letters are word units, or that UTF-8 cannot encode; a file read in sections) `read`
gives None and the callers read `local.prose_words` as before; `read_in_python` (the twin)
gives from those words what the compiled pass gives.
"""
from __future__ import annotations

import zlib
from array import array
from typing import NamedTuple

from ...document import Block, Document
from ...text import FAST
from ...text import words as words_of
from .local import MAX_DRIFT, MAX_GAP, PARTNERS, SEED, STOPWORDS, beyond_a_section, compared_blocks, long_chains, prose_words
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


class Prose(NamedTuple):
    """What the rule needs of an article's prose words (see `read`)."""

    blocks: list[Block]  # the compared blocks
    counts: list[int]  # words of each block (none holds a word unit: each is a word's worth)
    prints: array  # each block's fingerprints then its exact hash, one block after the other (none for a block without words)
    starts: list[int]  # where each block's start in `prints`; one extra at the end
    chains: list  # local.long_chains of the blocks' words
    may_paraphrase: bool  # paraphrase.may_paraphrase of the blocks' words

    def prints_of(self, block: int) -> array:
        return self.prints[self.starts[block] : self.starts[block + 1]]


def read(document: Document, min_words: int) -> Prose | None:
    """The article's `Prose` (cached on the document), compiled; None where it is not (see the
    module's docstring)."""
    cached = document.__dict__.get("_prose")
    if cached is not None and cached[0] == min_words:
        return cached[1]
    found = None
    blocks = compared_blocks(document)
    if FAST is not None and not beyond_a_section(blocks):
        found = FAST.prose_pass([block.text for block in blocks], words_of, STOPWORDS, FUNCTION_WORDS, SHINGLE, SAMPLE,
                                PARTNERS, SEED, min_words, MAX_GAP, MAX_DRIFT, RAW_SHARED, RAW_SHARE, APART)
    if found is not None:
        counts, packed, starts, chains, paraphrase = found
        prints = array("I")
        prints.frombytes(packed)
        found = Prose(blocks, counts, prints, starts, chains, paraphrase)
    document.__dict__["_prose"] = (min_words, found)
    return found


def read_in_python(document: Document, min_words: int) -> Prose:
    """`read`'s twin: the same from the words of `local.prose_words`."""
    blocks = list(prose_words(document))
    word_lists = [words for _, words in blocks]
    prints = array("I")
    starts = [0]
    for words in word_lists:
        if words:
            prints.extend(fingerprints(words))
            prints.append(exact_hash(words))
        starts.append(len(prints))
    return Prose([block for block, _ in blocks], [len(words) for words in word_lists], prints, starts,
                 long_chains(word_lists, min_words), may_paraphrase(word_lists, min_words))
