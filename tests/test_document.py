"""The parser's fast paths agree with their plain definitions: blank lines (`is_blank`) and the
paragraphs of a plain-text body (`_text_blocks`, one pass over the lines)."""
from __future__ import annotations

import random
import sys

from pytest_newslint import document
from pytest_newslint.document import INVISIBLE, WHITE_SPACE, WRAP_WIDTH, is_blank, parse


def test_white_space_is_what_isspace_says():
    assert sorted(WHITE_SPACE) == [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]


def plain_is_blank(line: str) -> bool:
    return all(ch.isspace() or ch in INVISIBLE for ch in line)


def plain_text_blocks(doc, start: int) -> list[tuple]:
    """Runs of lines that show something; a run with a line (but its last) wider than
    WRAP_WIDTH is one paragraph a line."""
    lines, blocks, run = doc.masked_lines, [], []
    for index in range(start, len(lines) + 1):
        if index < len(lines) and not plain_is_blank(lines[index]):
            run.append(index)
            continue
        if run:
            first, last = run[0], run[-1]
            wide = first < last and max(len(lines[i]) for i in range(first, last)) > WRAP_WIDTH
            for a, b in ([(i, i) for i in run] if wide else [(first, last)]):
                begin, end = doc.line_starts[a], doc.line_starts[b] + len(lines[b])
                blocks.append(("paragraph", a + 1, b + 1, begin, end, (doc.masked_text or doc.text)[begin:end]))
        run = []
    return blocks


PIECES = ["a", "word and words", " ", "\t", "\u200b", "\u3000", "\xa0", "\x85", "\x0c", "\x1c", "\u2028", "\u200e",
          "\u00ad", "\n", "\n", "\n", "\r\n", "\r", "x" * (WRAP_WIDTH + 1), "---", "title: t", "{{< quote >}}q{{< /quote >}}"]


def test_blank_lines_and_paragraphs_agree_with_the_plain_definitions():
    rng = random.Random(5)
    for number in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        for line in text.splitlines() + [text]:
            assert is_blank(line) == plain_is_blank(line), repr(line)
        doc = parse(f"a{number}.txt", text.encode("utf-8"))
        body = doc.front_matter_end_line
        got = [(b.kind, b.start_line, b.end_line, b.start, b.end, b.text) for b in document._text_blocks(doc, body)]
        assert got == plain_text_blocks(doc, body), repr(text)
