"""Repeats inside one article: exact and near-duplicate passages, found on the word stream.

The prose of an article is read as one stream of case-folded words (punctuation, quote styles,
line breaks and paragraph breaks drop out), with each word knowing its sentence. A repeat is
found in three steps:

1. seeds: every run of `SEED` words that occurs twice, paired with its few previous
   occurrences (runs made only of stop words are skipped);
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

import copy
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from itertools import compress
from operator import attrgetter
from typing import NamedTuple

import regex

from ...document import PROSE_KINDS, Block, Document
from ...text import FAST
from ...text import WORD, quoted_spans, sentences, word_equivalents
from ...text import words as words_of

SEED = 3  # words in a seed
MAX_GAP = 8  # words between two seeds of one chain
MAX_DRIFT = 3  # words inserted or dropped between two seeds of one chain
PARTNERS = 3  # a seed is paired with this many earlier occurrences of itself at most

STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from as is was were be been are it its that this "
    "which who he she they his her their has have had said says not but also will would i we you "
    "our your my me us them there than then so if do does did no can could should may might".split()
)

# A paragraph that opens with a speaker tag: ((WN)), ((Jane Doe)), Q: / A:, **Jane Doe:**, or a
# bare ": " left where a tag was stripped.
SPEAKER_TAG = regex.compile(r"^\s*(?:\(\([^()\n]{1,60}\)\)|(?:Q|A)\s*[:.)]\s|\*\*[^*\n]{1,60}\*\*|:\s)")


@dataclass(slots=True)  # thousands an article with repeats
class Sentence:
    start: int  # offsets in Document.text
    end: int
    first_word: int  # index into Stream.words
    end_word: int  # one past its last word
    block: int  # index of its prose block
    question: bool
    quoted: bool  # mostly inside double quotation marks
    turn: int  # speaker turn inside an interview transcript; -1 outside one
    opens_turn: bool = False  # the first sentence of a paragraph that opens with a speaker tag
    pull_quote: bool = False  # in a paragraph that is one quotation and nothing else
    boilerplate: bool = False  # its words stand in a passage of the `boilerplate` option


class BlockSentences(NamedTuple):
    start: int  # offsets in Document.text
    end: int
    first_sentence: int  # index into Stream.sentences
    end_sentence: int  # one past its last sentence


@dataclass
class Stream:
    words: list[str]
    sentence_of: list[int]  # word index -> sentence index
    sentences: list[Sentence]
    blocks: list[BlockSentences]  # per prose block
    text: str  # the document's text


def _marks(s: Stream, first: int, last: int) -> bytes | None:
    """Per word of sentences first..last: FIGURE (has a digit), NAME (capitalised, not the
    sentence's first word, not a day or month) or 0; None if the words do not line up."""
    marks = bytearray()
    for sentence in s.sentences[first : last + 1]:
        raw = WORD.findall(s.text[sentence.start : sentence.end])
        if len(raw) != sentence.end_word - sentence.first_word:
            return None
        marks.extend(
            FIGURE if any(c.isdigit() for c in word)
            else NAME if k and word[0].isupper() and word.casefold() not in CALENDAR
            else 0
            for k, word in enumerate(raw)
        )
    return bytes(marks)


FIGURE, NAME = 1, 2
# Capitalised, but a day or a month, not a name: a copy touched up with another day is a copy.
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december today yesterday tomorrow".split()
)


# A correction note: it quotes the old, wrong wording on purpose ("Correction: an earlier version
# of this article said the bridge would close in May."). A paragraph that opens with such a label
# (plain, bold, italic or bracketed, with or without a date after it), or whose first sentence
# says that an earlier version of the article said something, is a note about the article, not
# its text.
CORRECTION_LABEL = regex.compile(
    r"^[\s*_\[(>]*(?:corrections?|clarifications?|editor['’]?s['’]?\s+notes?|editorial\s+notes?|retractions?|errat(?:um|a)|"
    r"amendments?)(?:\s*\([^)\n]{0,30}\)|\s*,[^:\n]{0,30})?[\s*_\])]*[:—–]",
    regex.IGNORECASE,
)
EARLIER_VERSION = regex.compile(
    r"^[^.!?\n]{0,80}\b(?:an?\s+)?(?:earlier|previous|prior|original)\s+version\s+of\s+this\s+"
    r"(?:article|story|report|piece|post|item)\b|^[^.!?\n]{0,40}\bthis\s+(?:article|story|report|piece)\s+"
    r"(?:has\s+been|was)\s+(?:corrected|amended|clarified)\b",
    regex.IGNORECASE,
)


# What stands in every head that EARLIER_VERSION matches, wherever it stands: its two
# alternatives without their lead-in and word boundaries (in ASCII text `re`'s white space holds
# `regex`'s). Searched first:
# most heads that hold a note's word hold neither ("the new version of the app").
EARLIER_VERSION_CORE = re.compile(
    r"version\s+of\s+this\s|this\s+(?:article|story|report|piece)\s+(?:has\s+been|was)\s+(?:corrected|amended|clarified)"
)
# One of these stands in the first `NOTE_HEAD` characters (lower-cased) of every note.
NOTE_WORDS = ("correct", "clarif", "editor", "version", "retract", "errat", "amend")
NOTE_HEAD = 160


def is_correction_note(text: str) -> bool:
    """A paragraph that is a correction, clarification or editor's note about the article."""
    head = text[:NOTE_HEAD].lower()
    if not any(word in head for word in NOTE_WORDS):
        return False  # most paragraphs hold none of the words a note needs
    if CORRECTION_LABEL.match(head):
        return True
    # EARLIER_VERSION backtracks over up to 80 characters at each word boundary (about 10 us a
    # head); in lower-cased ASCII its words are plain letters (beyond ASCII, IGNORECASE matches
    # "ſ" or the Kelvin sign as s and k), so where its core stands nowhere it cannot match
    if head.isascii() and EARLIER_VERSION_CORE.search(head) is None:
        return False
    return EARLIER_VERSION.match(head) is not None


def note_candidates(texts: list[str]) -> list[int]:
    """The indexes of the texts that may be correction notes: all those `is_correction_note`
    finds, found here with its first test (compiled: `heads_holding`)."""
    found = FAST.heads_holding(texts, NOTE_HEAD, NOTE_WORDS) if FAST is not None else None
    if found is None:
        found = [k for k, text in enumerate(texts) if any(word in text[:NOTE_HEAD].lower() for word in NOTE_WORDS)]
    return found


def compared_blocks(document: Document) -> list[Block]:
    """The prose blocks that take part in a repeat, here and across articles: not a callout (a
    caption or pull-quote the site sets apart, which repeats the body on purpose) and not a
    correction note (which quotes the old wording on purpose). Such a block is never the copy
    and never the original of one."""
    cached = document.__dict__.get("_compared_blocks")
    if cached is not None and cached[0] is document.blocks:
        return cached[1]
    # compiled: the blocks of these kinds, their characters, the heads that may open a note
    read = FAST.compared_prose(document.blocks, COMPARED_KINDS, NOTE_HEAD, NOTE_WORDS) if FAST is not None else None
    if read is not None:
        found, chars, candidates = read
    else:
        found = [block for block in document.blocks if block.kind in COMPARED_KINDS]
        chars = sum(map(len, map(_TEXT, found)))
        candidates = note_candidates(list(map(_TEXT, found)))
    notes = [k for k in candidates if is_correction_note(found[k].text)]
    for k in reversed(notes):
        chars -= len(found[k].text)
        del found[k]
    # with the characters of their text: `holds_more_than_a_section` is asked of every article
    document.__dict__["_compared_blocks"] = (document.blocks, found, chars)
    return found


COMPARED_KINDS = tuple(kind for kind in PROSE_KINDS if kind != "callout")
_TEXT = attrgetter("text")


def holds_more_than_a_section(document: Document) -> bool:
    """Whether the document's `compared_blocks` hold more prose than a section (a file far longer
    than an article: `sections`); worked out with them, once."""
    compared_blocks(document)
    return document.__dict__["_compared_blocks"][2] > SECTION_CHARS


def boilerplate_text(passages) -> str:
    """The `boilerplate` passages as one string to search: each passage's words between
    spaces, one passage a line."""
    return "".join(f" {' '.join(found)} \n" for found in map(words_of, passages) if found)


def is_boilerplate(words: list[str], boilerplate: str) -> bool:
    """Whether these words (a sentence's) stand, in this order, in one boilerplate passage."""
    return bool(words) and bool(boilerplate) and f" {' '.join(words)} " in boilerplate


def stream(document: Document, interview_tags: int, boilerplate: str = "") -> Stream:
    """The words of the article's prose, with their sentences (cached on the document).
    `boilerplate`: from `boilerplate_text`, marks the sentences that stand in a passage."""
    cached = document.__dict__.get("_repeats_stream")
    if cached is not None and cached[0] == (interview_tags, boilerplate):
        return cached[1]
    prose = compared_blocks(document)
    tags = [SPEAKER_TAG.match(b.text) is not None for b in prose]
    tagged = [b for b, tag in zip(prose, tags) if tag]
    transcript_from = tagged[0].start if len(tagged) >= interview_tags else None
    words: list[str] = []
    sentence_of: list[int] = []
    sents: list[Sentence] = []
    blocks = []
    turn = -1
    text = document.text
    for number, (block, tag) in enumerate(zip(prose, tags)):
        in_transcript = transcript_from is not None and block.start >= transcript_from
        spans = sentences(block.text, block.start, join_abbreviations=True)
        if "?" in block.text:
            questions = [is_question(text[s:e]) for s, e in spans]
        else:
            questions = [False] * len(spans)  # a question ends with its question mark
        if in_transcript and (tag or (questions and all(questions))):
            turn += 1  # a new speaker, or a question put without a tag
        quotes = FAST.quoted_spans(block.text) if FAST is not None else None  # the same, compiled
        if quotes is None:
            quotes = quoted_spans(block.text)
        pull_quote = is_one_quotation(block.text, quotes)
        first = len(sents)
        for (start, end), question in zip(spans, questions):
            found = words_of(text[start:end])
            if not found:
                continue
            inside = 0  # characters inside the quotations
            if quotes:
                first_char, end_char = start - block.start, end - block.start
                for a, b in quotes:
                    if a < end_char and b > first_char:  # they overlap
                        inside += min(end_char, b) - max(first_char, a)
            quoted = inside * 2 >= end - start  # mostly a quotation
            index = len(sents)
            sents.append(Sentence(start, end, len(words), len(words) + len(found), number, question, quoted,
                                  max(turn, 0) if in_transcript else -1, tag and index == first, pull_quote,
                                  bool(boilerplate) and is_boilerplate(found, boilerplate)))
            words.extend(found)
            sentence_of.extend([index] * len(found))
        blocks.append(BlockSentences(block.start, block.end, first, len(sents)))
    result = Stream(words, sentence_of, sents, blocks, document.text)
    document.__dict__["_repeats_stream"] = ((interview_tags, boilerplate), result)
    return result


def prose_words(document: Document) -> Iterable[tuple[Block, list[str]]]:
    """Each prose block with its case-folded words (cached on the document): the words of
    `stream`, in its order, for a fraction of its cost (no sentences). Casefolding is done
    character by character and sentences split at white space, so a block's words are the
    words of its sentences. For a file with more prose than `SECTION_CHARS` (far more than
    an article), block by block, never all at once, with overlong blocks cut in pieces."""
    cached = document.__dict__.get("_prose_words")
    if cached is not None:
        return cached
    blocks = compared_blocks(document)
    if holds_more_than_a_section(document):
        return ((block, words_of(block.text)) for block in _pieces(document, blocks))
    cached = [(block, words_of(block.text)) for block in blocks]
    document.__dict__["_prose_words"] = cached
    return cached


# Prose characters in one section of a file far longer than an article (the longest of the
# 291 real articles has 21,000): memory then grows with the section, not with the file.
SECTION_CHARS = 400_000



def sections(document: Document) -> Iterator[Document]:
    """The document itself; or, when its prose is longer than `SECTION_CHARS`, views of it that
    each hold a run of consecutive prose blocks of at most that length (a longer block is cut
    at white space), one at a time, so that each is checked as an article of its own."""
    blocks = compared_blocks(document)
    if not holds_more_than_a_section(document):
        yield document
        return
    run: list[Block] = []
    size = 0
    for block in _pieces(document, blocks):
        if run and size + len(block.text) > SECTION_CHARS:
            yield _view(document, run)
            run, size = [], 0
        run.append(block)
        size += len(block.text)
    if run:
        yield _view(document, run)


def _view(document: Document, blocks: list[Block]) -> Document:
    view = copy.copy(document)  # shares the text and lines; only the blocks differ
    view.__dict__.pop("_prose_words", None)
    view.__dict__.pop("_repeats_stream", None)
    view.__dict__.pop("_compared_blocks", None)
    view.__dict__.pop("_prose", None)
    view.blocks = blocks
    return view


def _pieces(document: Document, blocks: list[Block]) -> Iterator[Block]:
    """The blocks, with any longer than `SECTION_CHARS` cut at white space."""
    for block in blocks:
        text = block.text
        if len(text) <= SECTION_CHARS:
            yield block
            continue
        start = 0
        while start < len(text):
            end = min(len(text), start + SECTION_CHARS)
            if end < len(text):
                cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
                end = cut if cut > start else end
            first, last = block.start + start, block.start + end
            yield replace(block, start=first, end=last, text=text[start:end],
                          start_line=document.line_of(first), end_line=document.line_of(max(first, last - 1)))
            start = end


def long_chains(word_lists: list[list[str]], min_words: int) -> list[list[tuple[int, int]]]:
    """The chains of seeds in these words (the words of each prose block, one block after the
    other, as `stream` reads them) that could become a repeat of `min_words` words.

    Most articles have none, and then sentences, quotes and speaker turns need not be worked
    out at all. The test never drops a repeat: `find_repeats` widens a chain to the sentences
    it covers at least half of, plus those between them, so a repeat counts at most twice the
    words the chain spans on its later side.
    """
    if FAST is not None:
        # the same, compiled, from the block lists as they are (declined: seeds in text with
        # word units, whose gaps scale with their script)
        found = FAST.long_chains(word_lists, STOPWORDS, PARTNERS, SEED, min_words, MAX_GAP, MAX_DRIFT)
        if found is not None:
            return found
    words = [word for found in word_lists for word in found]
    pairs = _seed_pairs(words)
    if not pairs:
        return []
    # gaps and drifts are words' worth of text: more units in scripts whose units are letters
    scale = len(words) / word_equivalents(words)
    return [chain for chain in _chains(pairs, scale) if 2 * (chain[-1][1] + SEED - chain[0][1]) >= min_words]


def block_is_question(document: Document, block: Block) -> bool:
    """Whether every sentence (with words) of a prose block asks a question, as in `stream`."""
    last = block.text.rfind("?")
    if last < 0 or WORD.search(block.text[last + 1 :].casefold()):
        return False  # words after the last question mark: the last sentence asks nothing
    asked = False  # a sentence with words asks
    for start, end in sentences(block.text, block.start, join_abbreviations=True):
        sentence = document.text[start:end]
        # the cheap test first; words are looked for only where they decide
        if is_question(sentence):
            asked = asked or WORD.search(sentence.casefold()) is not None
        elif WORD.search(sentence.casefold()):
            return False  # most blocks: a statement before the question they end with
    return asked


CLOSING = "\"'”’»)] "


def is_question(sentence: str) -> bool:
    """A sentence that asks: it ends with a question mark that is not the end of a question
    quoted inside a statement ('He asked: "Why?"')."""
    stripped = sentence.rstrip(CLOSING)
    if not stripped.endswith("?"):
        return False
    tail = sentence[len(stripped) :]
    if any(q in tail for q in "\"”»'’"):
        # the question closes a quotation: it is the sentence's own only if the sentence is
        # the quotation (a quoted question standing alone)
        return sentence.lstrip()[:1] in "\"“«'‘"
    return True


def is_one_quotation(text: str, quotes) -> bool:
    """A paragraph that is one quotation, perhaps with a short credit after it ("— Jane Doe")."""
    if len(quotes) != 1:
        return False
    start, end = quotes[0]
    credit = text[end:].strip()
    return not text[:start].strip() and (not credit or (credit[0] in "—–-(" and len(WORD.findall(credit)) <= 8))


@dataclass
class Repeat:
    """Sentences original_first..original_last (inclusive) are repeated as sentences
    copy_first..copy_last, copy_first > original_last."""

    original_first: int
    original_last: int
    copy_first: int
    copy_last: int
    score: float  # word-level similarity, 1.0 for the same words
    words: int  # words of the later copy that count (sentences of min-sentence-words or more)


_MORE_THAN_ONCE = (1).__lt__


def _seed_pairs(words: list[str]):
    """(i, j), i < j: the positions of every run of SEED words seen twice (or more)."""
    if FAST is not None:
        found = FAST.seed_pairs(words, STOPWORDS, PARTNERS, SEED)  # the same, compiled
        if found is not None:
            return found
    grams = list(zip(words, words[1:], words[2:]))
    counts = Counter(grams)
    if len(counts) == len(grams):
        return []
    # the loops over every run stay in C (compress, map); Python sees only the repeated ones
    repeated = {
        gram for gram in compress(counts, map(_MORE_THAN_ONCE, counts.values()))
        if not (gram[0] in STOPWORDS and gram[1] in STOPWORDS and gram[2] in STOPWORDS)
    }
    if not repeated:
        return []
    index: dict[tuple, list[int]] = {}
    for t in compress(range(len(grams)), map(repeated.__contains__, grams)):
        index.setdefault(grams[t], []).append(t)
    pairs = []
    for positions in index.values():
        # each occurrence with the few before it: a third copy still meets the first two, and
        # a passage pasted a thousand times stays linear
        for x, j in enumerate(positions):
            for i in positions[max(0, x - PARTNERS) : x]:
                if j - i >= SEED:
                    pairs.append((i, j))
    pairs.sort()
    return pairs


SHIFTS = sorted(range(-MAX_DRIFT, MAX_DRIFT + 1), key=abs)  # the diagonal first, then its neighbours


def _chains(pairs, scale: float = 1.0):
    """Join seeds into chains: lists of (i, j) with i and j both increasing, nearly on one
    diagonal. `scale`: word units per word of the text (1 for text of spaced scripts)."""
    chains: list[list[tuple[int, int]]] = []
    active: dict[int, list[tuple[int, int]]] = {}
    gap, drift = round(MAX_GAP * scale), round(MAX_DRIFT * scale)
    shifts = SHIFTS if drift == MAX_DRIFT else sorted(range(-drift, drift + 1), key=abs)
    for i, j in pairs:
        diagonal = j - i
        best = None
        for shift in shifts:
            chain = active.get(diagonal + shift)
            if chain is None:
                continue
            li, lj = chain[-1]
            if not (li < i <= li + gap + SEED and lj < j <= lj + gap + SEED):
                continue
            if i + SEED > chain[0][1]:
                # the first copy would run into the second: the text repeats itself more than
                # twice (a new chain starts), unless a stray seed or two opened this chain
                lead = next((k for k, seed in enumerate(chain) if seed[1] >= i + SEED), None)
                if lead is None or lead > 2 or any(b - a == diagonal for a, b in chain[:lead]):
                    continue
                del chain[:lead]
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


def _coverage(chain, side: int, sentence_of: list[int]) -> dict[int, int]:
    """Words of each sentence covered by the chain's seeds, on one side (0: first copy, 1: later);
    `sentence_of`: the sentence of each word (`Stream.sentence_of`)."""
    covered: dict[int, int] = {}
    last = -1
    for seed in chain:
        position = seed[side]
        start = position if position > last else last
        end = position + SEED
        if start >= end:
            continue  # (inside the words counted already)
        sentence = sentence_of[start]
        if sentence_of[end - 1] == sentence:  # most seeds: inside one sentence (sentence_of never falls)
            covered[sentence] = covered.get(sentence, 0) + end - start
        else:
            for t in range(start, end):
                sentence = sentence_of[t]
                covered[sentence] = covered.get(sentence, 0) + 1
        last = end
    return covered


def _trimmed(covered: dict[int, int], lengths: list[int]) -> tuple[int, int] | None:
    """The first and last sentence of a copy: edge sentences the chain barely touches are dropped.
    `lengths`: the words of each sentence."""
    touched = sorted(covered)
    good = [n for n in touched if covered[n] * 2 >= lengths[n]]
    if not good:
        return None
    return good[0], good[-1]


def _copy_sentences(chain, sentence_of: list[int], lengths: list[int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The sentences of a chain's first copy and of its later copy, trimmed (`_trimmed`), when
    `find_repeats` compares them: each has a sentence the chain covers half of, and the first
    ends before the later begins."""
    first = _trimmed(_coverage(chain, 0, sentence_of), lengths)
    later = _trimmed(_coverage(chain, 1, sentence_of), lengths)
    if first is None or later is None or first[1] >= later[0]:
        return None
    return first, later


def sentence_word_counts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The number of words (`text.words`) of each (start, end) span of `text`; the compiled
    `sentence_word_counts` is its twin (it makes no str object for a word)."""
    return [len(words_of(text[start:end])) for start, end in spans]


def may_repeat(document: Document, chains) -> bool:
    """Whether `find_repeats` compares any of these chains of the article's words (`long_chains`)
    at all: whether one of them covers half of a sentence on each side, in order
    (`_copy_sentences`). Worked out from the number of words of each of `stream`'s sentences
    (`stream` makes a str object a word, a `Sentence` a sentence, and reads quotations and
    questions: 63% of the articles with a chain have none to compare)."""
    text = document.text
    lengths: list[int] = []  # of `stream`'s sentences: those with words, in order
    for block in compared_blocks(document):
        spans = sentences(block.text, block.start, join_abbreviations=True)
        counts = FAST.sentence_word_counts(text, spans) if FAST is not None else None  # the same, compiled
        if counts is None:
            counts = sentence_word_counts(text, spans)
        lengths += filter(None, counts)
    sentence_of: list[int] = []
    for index, length in enumerate(lengths):
        sentence_of += [index] * length
    return any(_copy_sentences(chain, sentence_of, lengths) is not None for chain in chains)


def find_repeats(s: Stream, threshold: float, min_words: int, min_sentence_words: int, accept=None, chains=None) -> list[Repeat]:
    """Repeated passages, one per stretch of later text: the longest first (among those
    `accept(repeat)` keeps, when given). `chains`: `long_chains` of the stream's words, when
    the caller has them already."""
    candidates = []
    seen = set()

    def consider(original_first: int, original_last: int, copy_first: int, copy_last: int, depth: int = 0) -> None:
        spans = (original_first, original_last, copy_first, copy_last)
        if original_first > original_last or copy_first > copy_last or spans in seen:
            return
        seen.add(spans)
        # boilerplate sentences count for nothing: a repeat made of them is none, and one that
        # holds them must be long enough without them
        counted = sum(
            length
            for sent in s.sentences[copy_first : copy_last + 1]
            if not sent.boilerplate
            and (length := word_equivalents(s.words[sent.first_word : sent.end_word])) >= min_sentence_words
        )
        if counted < min_words:
            return
        original_words = s.words[s.sentences[original_first].first_word : s.sentences[original_last].end_word]
        copy_words = s.words[s.sentences[copy_first].first_word : s.sentences[copy_last].end_word]
        if original_words == copy_words:
            score = 1.0
        else:
            matcher = SequenceMatcher(None, original_words, copy_words, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                return
            score = matcher.ratio()
            if score < threshold:
                return
            cut = _facts_differ(s, original_first, original_last, copy_first, copy_last, matcher)
            if cut is not None:
                # sentences built alike that report different facts: what is left on either
                # side of them may still be a copy
                if depth < 4:
                    original_cut, copy_cut = cut
                    consider(original_first, original_cut - 1, copy_first, copy_cut - 1, depth + 1)
                    consider(original_cut + 1, original_last, copy_cut + 1, copy_last, depth + 1)
                return
        repeat = Repeat(original_first, original_last, copy_first, copy_last, score, counted)
        if accept is None or accept(repeat):
            candidates.append(repeat)

    lengths = [sentence.end_word - sentence.first_word for sentence in s.sentences]
    for chain in long_chains([s.words], min_words) if chains is None else chains:
        found = _copy_sentences(chain, s.sentence_of, lengths)
        if found is not None:
            (original_first, original_last), (copy_first, copy_last) = found
            consider(original_first, original_last, copy_first, copy_last)
    candidates.sort(key=lambda r: (-r.words, -r.score, r.copy_first, r.original_first))
    taken: set[int] = set()
    chosen = []
    for repeat in candidates:
        later = set(range(repeat.copy_first, repeat.copy_last + 1))
        if later & taken:
            continue
        taken |= later
        chosen.append(repeat)
    chosen.sort(key=lambda r: r.copy_first)
    return chosen


def _facts_differ(
    s: Stream, original_first: int, original_last: int, copy_first: int, copy_last: int, matcher: SequenceMatcher
) -> tuple[int, int] | None:
    """Where a near-duplicate swaps a name for another name, or a figure for another figure
    (sentences built alike that report different facts: "Knapp predicts 319 to 219",
    "Gunzburger predicts 359 to 179"; a rewrite changes words, not who or how many): the
    sentences of the first such swap, on either side, or None."""
    original_marks, copy_marks = _marks(s, original_first, original_last), _marks(s, copy_first, copy_last)
    if original_marks is None or copy_marks is None:
        return None
    original_start, copy_start = s.sentences[original_first].first_word, s.sentences[copy_first].first_word
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            original_run, copy_run = original_marks[i1:i2], copy_marks[j1:j2]
            for mark in (FIGURE, NAME):
                if mark in original_run and mark in copy_run:
                    return s.sentence_of[original_start + i1], s.sentence_of[copy_start + j1]
    return None


def whole_blocks(s: Stream, first: int, last: int) -> bool:
    """Whether sentences first..last are exactly whole prose blocks."""
    start_block, end_block = s.sentences[first].block, s.sentences[last].block
    return s.blocks[start_block].first_sentence == first and s.blocks[end_block].end_sentence == last + 1


def legitimate(s: Stream, repeat: Repeat, min_words: int) -> str | None:
    """Why a repeat is one that news articles make on purpose (None: it is not)."""
    first = s.sentences[repeat.original_first : repeat.original_last + 1]
    later = s.sentences[repeat.copy_first : repeat.copy_last + 1]
    if all(sent.question for sent in later):
        return "the same question put to several people"
    if all(sent.pull_quote for sent in first) != all(sent.pull_quote for sent in later):
        return "a pull-quote set apart from the text it quotes"
    turns = {sent.turn for sent in first} | {sent.turn for sent in later}
    if turns != {-1} and len(turns) > 1:
        # inside an interview, a speaker may say again in one answer what they said in another;
        # a whole paragraph pasted again word for word is still a paste
        pasted_whole = whole_blocks(s, repeat.original_first, repeat.original_last) and whole_blocks(
            s, repeat.copy_first, repeat.copy_last
        )
        if repeat.score == 1.0 and pasted_whole:
            return None
        if first[0].opens_turn != later[0].opens_turn:
            return "a speaker's answer opening with what they said before"
        outside = [sent for sent in first + later if sent.turn == -1]
        inside = [sent for sent in first + later if sent.turn != -1]
        if outside and all(sent.quoted for sent in outside) and not all(sent.quoted for sent in inside):
            return "the article quoting what was said in the interview"
        if -1 not in turns and repeat.words < 2 * min_words:
            return "a speaker repeating a point in another answer"
    return None
