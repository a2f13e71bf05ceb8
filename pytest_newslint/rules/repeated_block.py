"""A passage repeated in one article: the same paragraphs or sentences twice, exact or near.

## What it does
Finds a passage (one or more sentences or paragraphs) that appears again later in the same
article. Passages are compared as text, not lines: case, punctuation, quote styles, white space
and line wrapping are ignored, so a copy that was re-wrapped or moved into another paragraph
still matches. A copy with a few words changed matches when its word-level similarity (the
Ratcliff/Obershelp ratio `2*M/T` over words, as Python's `difflib` computes it) is at least
`similarity`. A run of consecutive repeated sentences or paragraphs is one finding, reported on
the later copy and naming the lines of the first.

Short passages (under `min-words` words, such as "Read more" or a photo credit) are not
reported. News repeats itself legitimately, and these are not reported either:

- sentences of fewer than `min-sentence-words` words (photo credits, "Image: Reuters.") never
  count towards a repeat;
- a run made only of questions (the same question put to several candidates);
- in an interview transcript (`interview-tags` or more paragraphs open with a speaker tag such
  as `((WN))`, `Q:` or `**Name:**`), a repeat with either copy inside the transcript: a speaker
  repeating themselves, or a pull-quote of a later answer, is what was said;
- a passage quoted in one place and written plainly in the other (a pull-quote).

## Why is this bad?
A paragraph pasted twice is the most common defect of copy that went through a CMS, a
translation tool or a language model rewrite. Readers notice at once; editors do not, because
the copies are often far apart.

## Example
```text
3  The programme has cost more than expected, and the committee asked for a review.
4  Tenant groups welcomed the vote.
5  The programme has cost far more than expected, and the committee asked for a full review.
   <- repeated-block: line 5 repeats line 3 (near-duplicate, 90% similar)
```

## Fix
`--fix` removes an exact later copy that consists of whole lines; near-duplicates are reported,
never changed.
"""
from __future__ import annotations

from difflib import SequenceMatcher

import regex

from ..document import Document, is_blank
from ..finding import Fix, Problem
from ..rules import Option
from ..text import quoted_spans, sentences, words

ID = "repeated-block"
SEVERITY = "error"
FIXABLE = True
OPTIONS = {
    "min-words": Option(int, 15, "shortest passage (in words) that is reported", minimum=1),
    "min-sentence-words": Option(int, 4, "shorter sentences (credits, captions) are never matched", minimum=1),
    "interview-tags": Option(int, 3, "speaker-tagged paragraphs that make an article an interview transcript", minimum=1),
    "similarity": Option(
        float, 0.85, "word-level similarity (0-1) at which two sentences count as the same", minimum=0.5, maximum=1.0
    ),
}

# Words too common to tell two sentences apart; they are left out of the candidate index.
STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from as is was were be been are it its that this "
    "which who he she they his her their has have had said says not but also will would".split()
)


class Unit:
    """A sentence of the article's prose, with its words and offsets."""

    __slots__ = ("start", "end", "words", "key", "index_words", "question", "quoted", "transcript")

    def __init__(self, start: int, end: int, text: str, quoted: bool = False, transcript: bool = False):
        self.start, self.end = start, end
        self.words = words(text)
        self.key = " ".join(self.words)
        self.index_words = {w for w in self.words if w not in STOPWORDS and len(w) > 2}
        self.question = text.rstrip("\"'”’)] ").endswith("?")
        self.quoted = quoted
        self.transcript = transcript


# A paragraph that opens with a speaker tag: ((WN)), ((Jane Doe)), Q: / A:, **Jane Doe:**
SPEAKER_TAG = regex.compile(r"^\s*(?:\(\([^()\n]{1,60}\)\)|(?:Q|A)\s*[:.)]\s|\*\*[^*\n]{1,60}\*\*)")


def units(document: Document, options: dict) -> list[Unit]:
    blocks = document.prose_blocks()
    tagged = [block for block in blocks if SPEAKER_TAG.match(block.text)]
    transcript_from = tagged[0].start if len(tagged) >= options["interview-tags"] else None
    result = []
    for block in blocks:
        quotes = quoted_spans(block.text)
        for start, end in sentences(block.text, block.start):
            text = document.text[start:end]
            quoted = any(a <= start - block.start and end - block.start <= b for a, b in quotes)
            in_transcript = transcript_from is not None and start >= transcript_from
            unit = Unit(start, end, text, quoted, in_transcript)
            if len(unit.words) >= options["min-sentence-words"]:
                result.append(unit)
    return result


def similarity(a: Unit, b: Unit) -> float:
    if a.key == b.key:
        return 1.0
    return SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()


def matching_pairs(items: list[Unit], threshold: float) -> dict[tuple[int, int], float]:
    """Pairs (i, j), i < j, of sentences at least `threshold` alike.

    Candidates come from an inverted index of content words, so unrelated sentences are never
    compared word by word.
    """
    pairs: dict[tuple[int, int], float] = {}
    exact: dict[str, list[int]] = {}
    index: dict[str, list[int]] = {}
    for j, unit in enumerate(items):
        for i in exact.get(unit.key, ()):
            pairs[(i, j)] = 1.0
        exact.setdefault(unit.key, []).append(j)
        if threshold < 1.0 and unit.index_words:
            shared: dict[int, int] = {}
            for word in unit.index_words:
                for i in index.get(word, ()):
                    shared[i] = shared.get(i, 0) + 1
            for i, count in shared.items():
                if (i, j) in pairs:
                    continue
                other = items[i]
                smaller = min(len(other.index_words), len(unit.index_words))
                if count < 0.6 * smaller:
                    continue
                # a ratio 2M/T >= threshold needs lengths within threshold/(2-threshold)
                la, lb = len(other.words), len(unit.words)
                if min(la, lb) < threshold / (2 - threshold) * max(la, lb):
                    continue
                score = similarity(other, unit)
                if score >= threshold:
                    pairs[(i, j)] = score
            for word in unit.index_words:
                index.setdefault(word, []).append(j)
    return pairs


def find_repeats(items: list[Unit], threshold: float, min_words: int):
    """Runs of consecutive repeated sentences: [(first_i, last_i, first_j, last_j, score)]."""
    pairs = matching_pairs(items, threshold)
    runs = []
    for (i, j) in pairs:
        if (i - 1, j - 1) in pairs:
            continue  # not the start of a run
        k = 0
        scores = []
        while (i + k, j + k) in pairs and i + k < j:
            scores.append(pairs[(i + k, j + k)])
            k += 1
        length = sum(len(items[j + n].words) for n in range(k))
        if length >= min_words and not _legitimate(items[i : i + k], items[j : j + k]):
            runs.append((i, i + k - 1, j, j + k - 1, min(scores), length))
    # one finding per stretch of later text: longest run first, then the earliest original
    runs.sort(key=lambda r: (-r[5], r[2], r[0]))
    taken: set[int] = set()
    chosen = []
    for run in runs:
        later = set(range(run[2], run[3] + 1))
        if later & taken:
            continue
        taken |= later
        chosen.append(run)
    chosen.sort(key=lambda r: r[2])
    return chosen


def _legitimate(first: list[Unit], later: list[Unit]) -> bool:
    """Repeats that news articles make on purpose."""
    if all(unit.question for unit in later):
        return True  # the same question put to several people
    if any(unit.transcript for unit in first + later):
        return True  # an interview: what the speaker said, or a pull-quote of it
    if all(unit.quoted for unit in first) != all(unit.quoted for unit in later):
        return True  # quoted in one place, plain in the other: a pull-quote
    return False


def check(document: Document, options: dict):
    items = units(document, options)
    for first_i, last_i, first_j, last_j, score, _ in find_repeats(
        items, options["similarity"], options["min-words"]
    ):
        line, column = document.position(items[first_j].start)
        end_line, end_column = document.position(items[last_j].end - 1)
        original = document.line_of(items[first_i].start), document.line_of(items[last_i].end - 1)
        message = f"{_span('line', line, end_line)} {'repeats' if line == end_line else 'repeat'} {_span('line', *original)}"
        fix = None
        if score == 1.0:
            message += " (exact copy)"
            fix = _whole_lines_fix(document, items[first_j].start, items[last_j].end)
        else:
            message += f" (near-duplicate, {score:.0%} similar)"
        yield Problem(line=line, column=column, end_line=end_line, end_column=end_column + 1, message=message, fix=fix)


def _span(noun: str, first: int, last: int) -> str:
    return f"{noun} {first}" if first == last else f"{noun}s {first}-{last}"


def _whole_lines_fix(document: Document, start: int, end: int) -> Fix | None:
    """Remove the copy when it fills whole lines; a copy sharing a line with other text is
    left for an editor."""
    first, last = document.line_of(start) - 1, document.line_of(end - 1) - 1
    lines = document.lines
    if lines[first][: start - document.line_starts[first]].strip() or lines[last][end - document.line_starts[last] :].strip():
        return None
    begin = document.line_starts[first]
    after = last + 1
    if first > 0 and is_blank(lines[first - 1]):
        while after < len(lines) and is_blank(lines[after]):
            after += 1  # keep one blank line between the neighbours, not two
    if after >= len(lines):
        # the copy ends the file: remove back to the end of the last line we keep, keeping
        # the file's final line ending (or its absence) as it was
        keep = first - 1
        while keep >= 0 and is_blank(lines[keep]):
            keep -= 1
        if keep < 0:
            return None
        begin = document.line_starts[keep] + len(lines[keep])
        return Fix(begin, len(document.text), document.line_endings[-1] and document.line_endings[keep])
    return Fix(begin, document.line_starts[after], "")
