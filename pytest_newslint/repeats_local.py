"""Repeats inside one article: exact and near-duplicate passages, found on the word stream.

The prose of an article is read as one stream of case-folded words (punctuation, quote styles,
line breaks and paragraph breaks drop out), with each word knowing its sentence. A repeat is
found in three steps:

1. seeds: every run of `SEED` words that occurs twice (runs made only of stop words, and runs
   that occur very often, are skipped);
2. chains: seeds on (nearly) the same diagonal -- the distance between the two copies -- with
   small gaps between them are joined, so a copy with a few words changed, inserted or dropped
   stays one chain;
3. verification: the chain is widened to whole sentences (edge sentences the chain barely
   touches are dropped) and the two passages are compared word by word with the
   Ratcliff/Obershelp ratio `2*M/T` (Python's `difflib`). At or above the threshold, it is a
   repeat.

Cost is linear in the article's length, plus one `difflib` comparison per candidate.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import regex

from .document import Document
from .text import quoted_spans, sentences

WORD = regex.compile(r"\w+")
SEED = 3  # words in a seed
MAX_GAP = 8  # words between two seeds of one chain
MAX_DRIFT = 3  # words inserted or dropped between two seeds of one chain
COMMON_SEED = 40  # a seed seen more often than this in one article says nothing

STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from as is was were be been are it its that this "
    "which who he she they his her their has have had said says not but also will would i we you "
    "our your my me us them there than then so if do does did no can could should may might".split()
)

# A paragraph that opens with a speaker tag: ((WN)), ((Jane Doe)), Q: / A:, **Jane Doe:**, or a
# bare ": " left where a tag was stripped.
SPEAKER_TAG = regex.compile(r"^\s*(?:\(\([^()\n]{1,60}\)\)|(?:Q|A)\s*[:.)]\s|\*\*[^*\n]{1,60}\*\*|:\s)")


@dataclass
class Sentence:
    start: int  # offsets in Document.text
    end: int
    t0: int  # first word (index into Stream.words)
    t1: int  # one past the last word
    block: int  # index of its prose block
    question: bool
    quoted: bool  # inside double quotation marks
    turn: int  # speaker turn inside an interview transcript; -1 outside one


@dataclass
class Stream:
    words: list[str]
    sent_of: list[int]  # word index -> sentence index
    sentences: list[Sentence]
    blocks: list[tuple[int, int, int, int]]  # (start, end, first sentence, last sentence + 1)


def stream(document: Document, interview_tags: int) -> Stream:
    """The words of the article's prose, with their sentences (cached on the document)."""
    cached = document.__dict__.get("_repeats_stream")
    if cached is not None and cached[0] == interview_tags:
        return cached[1]
    prose = document.prose_blocks()
    tagged = [b for b in prose if SPEAKER_TAG.match(b.text)]
    transcript_from = tagged[0].start if len(tagged) >= interview_tags else None
    words: list[str] = []
    sent_of: list[int] = []
    sents: list[Sentence] = []
    blocks = []
    turn = -1
    for number, block in enumerate(prose):
        in_transcript = transcript_from is not None and block.start >= transcript_from
        spans = sentences(block.text, block.start)
        questions = [document.text[s:e].rstrip("\"'”’)] ").endswith("?") for s, e in spans]
        if in_transcript and (SPEAKER_TAG.match(block.text) or (questions and all(questions))):
            turn += 1  # a new speaker, or a question put without a tag
        quotes = quoted_spans(block.text) if '"' in block.text or "“" in block.text or "«" in block.text or "„" in block.text else ()
        first = len(sents)
        for (start, end), question in zip(spans, questions):
            found = WORD.findall(document.text[start:end].casefold())
            if not found:
                continue
            quoted = any(a <= start - block.start and end - block.start <= b for a, b in quotes)
            index = len(sents)
            sents.append(Sentence(start, end, len(words), len(words) + len(found), number, question, quoted,
                                  max(turn, 0) if in_transcript else -1))
            words.extend(found)
            sent_of.extend([index] * len(found))
        blocks.append((block.start, block.end, first, len(sents)))
    result = Stream(words, sent_of, sents, blocks)
    document.__dict__["_repeats_stream"] = (interview_tags, result)
    return result


@dataclass
class Repeat:
    """Sentences a0..a1 (inclusive) are repeated as sentences b0..b1, b0 > a1."""

    a0: int
    a1: int
    b0: int
    b1: int
    score: float  # word-level similarity, 1.0 for the same words
    words: int  # words of the later copy that count (sentences of min-sentence-words or more)


def _seed_pairs(words: list[str]):
    index: dict[tuple, list[int]] = {}
    for t in range(len(words) - SEED + 1):
        key = tuple(words[t : t + SEED])
        if key[0] in STOPWORDS and key[1] in STOPWORDS and key[2] in STOPWORDS:
            continue
        index.setdefault(key, []).append(t)
    pairs = []
    for positions in index.values():
        if 1 < len(positions) <= COMMON_SEED:
            for x, i in enumerate(positions):
                for j in positions[x + 1 :]:
                    if j - i >= SEED:
                        pairs.append((i, j))
    pairs.sort()
    return pairs


def _chains(pairs):
    """Join seeds into chains: lists of (i, j) with i and j both increasing, nearly on one diagonal."""
    chains: list[list[tuple[int, int]]] = []
    active: dict[int, list[tuple[int, int]]] = {}
    for i, j in pairs:
        diagonal = j - i
        best = None
        for shift in sorted(range(-MAX_DRIFT, MAX_DRIFT + 1), key=abs):
            chain = active.get(diagonal + shift)
            if chain is None:
                continue
            li, lj = chain[-1]
            first_j = chain[0][1]
            if li < i <= li + MAX_GAP + SEED and lj < j <= lj + MAX_GAP + SEED and i + SEED <= first_j:
                best = diagonal + shift
                break
        if best is None:
            chain = [(i, j)]
            chains.append(chain)
        else:
            chain = active.pop(best)
            chain.append((i, j))
        active[diagonal] = chain
    return chains


def _coverage(chain, side: int, s: Stream) -> dict[int, int]:
    """Words of each sentence covered by the chain's seeds, on one side (0: first copy, 1: later)."""
    covered: dict[int, int] = {}
    last = -1
    for seed in chain:
        start = max(seed[side], last)
        end = seed[side] + SEED
        for t in range(start, end):
            sentence = s.sent_of[t]
            covered[sentence] = covered.get(sentence, 0) + 1
        last = max(last, end)
    return covered


def _trimmed(covered: dict[int, int], s: Stream) -> tuple[int, int] | None:
    """The first and last sentence of a copy: edge sentences the chain barely touches are dropped."""
    touched = sorted(covered)
    good = [n for n in touched if covered[n] * 2 >= s.sentences[n].t1 - s.sentences[n].t0]
    if not good:
        return None
    return good[0], good[-1]


def find_repeats(s: Stream, threshold: float, min_words: int, min_sentence_words: int) -> list[Repeat]:
    """Repeated passages, one per stretch of later text: the longest first."""
    candidates = []
    seen = set()
    for chain in _chains(_seed_pairs(s.words)):
        first = _trimmed(_coverage(chain, 0, s), s)
        later = _trimmed(_coverage(chain, 1, s), s)
        if first is None or later is None or first[1] >= later[0]:
            continue
        key = (first, later)
        if key in seen:
            continue
        seen.add(key)
        a0, a1 = first
        b0, b1 = later
        counted = sum(
            sent.t1 - sent.t0 for sent in s.sentences[b0 : b1 + 1] if sent.t1 - sent.t0 >= min_sentence_words
        )
        if counted < min_words:
            continue
        wa = s.words[s.sentences[a0].t0 : s.sentences[a1].t1]
        wb = s.words[s.sentences[b0].t0 : s.sentences[b1].t1]
        if wa == wb:
            score = 1.0
        else:
            matcher = SequenceMatcher(None, wa, wb, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score < threshold:
                continue
        candidates.append(Repeat(a0, a1, b0, b1, score, counted))
    candidates.sort(key=lambda r: (-r.words, -r.score, r.b0, r.a0))
    taken: set[int] = set()
    chosen = []
    for repeat in candidates:
        later = set(range(repeat.b0, repeat.b1 + 1))
        if later & taken:
            continue
        taken |= later
        chosen.append(repeat)
    chosen.sort(key=lambda r: r.b0)
    return chosen


def whole_blocks(s: Stream, first: int, last: int) -> bool:
    """Whether sentences first..last are exactly whole prose blocks."""
    start_block, end_block = s.sentences[first].block, s.sentences[last].block
    return s.blocks[start_block][2] == first and s.blocks[end_block][3] == last + 1


def legitimate(s: Stream, repeat: Repeat) -> bool:
    """Repeats that news articles make on purpose."""
    first = s.sentences[repeat.a0 : repeat.a1 + 1]
    later = s.sentences[repeat.b0 : repeat.b1 + 1]
    if all(sent.question for sent in later):
        return True  # the same question put to several people
    if all(sent.quoted for sent in first) != all(sent.quoted for sent in later):
        return True  # quoted in one place, plain in the other: a pull-quote
    turns = {sent.turn for sent in first} | {sent.turn for sent in later}
    if turns != {-1} and len(turns) > 1:
        # inside an interview, what a speaker said in another answer (or a pull-quote of it) is
        # what was said; only whole paragraphs pasted word for word are a paste
        exact = repeat.score == 1.0 and whole_blocks(s, repeat.a0, repeat.a1) and whole_blocks(s, repeat.b0, repeat.b1)
        return not exact
    return False
