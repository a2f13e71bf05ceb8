"""Text helpers shared by rules: sentences, words and quoted spans, with offsets."""
from __future__ import annotations

import regex

# A sentence ends at . ! ? or … (closing quotes and brackets may follow) before white space.
SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'”’)\]]*)\s+")
WORD = regex.compile(r"\w+")


def sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets, shifted by `base`, of the sentences of a piece of prose."""
    spans = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((base + start, base + match.start()))
        start = match.end()
    rest = text[start:].rstrip()
    if rest:
        spans.append((base + start, base + start + len(rest)))
    return spans


def words(text: str) -> list[str]:
    """Case-folded words: what two passages are compared on (punctuation, case, wrapping and
    quote styles all drop out)."""
    return WORD.findall(text.casefold())


OPENING_QUOTES = {"“": "”", "«": "»", "„": "“"}
QUOTE_MARK = regex.compile(r'["“”«»„]')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of text inside double quotation marks, straight or curly.

    Nested quotes stay inside their outer span; a quote left open ends at the end of the text
    (callers pass one paragraph, so an unmatched quote ends at its paragraph).
    """
    spans = []
    start = None
    closing = None
    depth = 0
    for mark in QUOTE_MARK.finditer(text):  # only the quote marks, not every character
        index, char = mark.start(), mark.group()
        if start is None:
            if char == '"':
                start, closing, depth = index, '"', 1
            elif char in OPENING_QUOTES:
                start, closing, depth = index, OPENING_QUOTES[char], 1
        elif char == closing and (closing != "“" or depth == 1):
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
                start = None
        elif closing != '"' and char in OPENING_QUOTES and OPENING_QUOTES[char] == closing:
            depth += 1
    if start is not None:
        spans.append((start, len(text)))
    return spans
