"""Hashtags stuffed into an article: hashtag lines, packed paragraphs, and too many overall.

## What it does
Reports three shapes of hashtag stuffing:

- **a hashtag line or block**: a line made only of hashtags (two or more, separated by spaces,
  commas or bullets; a short label such as `Tags:` may lead), usually appended at the end;
- **a packed paragraph**: a run of `cluster-min` hashtags in a row inside a sentence, or more
  than `paragraph-max` hashtags in one paragraph;
- **hashtags spread through the article**: a few per paragraph, counted together, when there
  are at least `article-min` of them and more than `article-density` per 100 words (words'
  worth in scripts written without spaces: about 150 Chinese characters make 100 words).

Hashtags in every script count: `#경제`, `#наводнение`, `#ข่าว`, and in Chinese and Japanese
also written without a space before them and in the `#话题#` form (`#临海##防汛#` is two).

Not hashtags: `#1` and `#4` (ranks and numbers), `C#` and `F#`, URL fragments
(`example.org/page#section`, `[link](#anchor)`), HTML entities (`&#35;`), Markdown headings,
colours (`#FF5733`), Markdown code spans and code blocks. A campaign hashtag in a sentence is
fine with the defaults, and so is a quoted post with one or two. Hashtags inside quotation marks
count like any others by default (a quoted post packed with hashtags is still stuffing on the
page); `check-quotes: false` leaves quoted text alone, for newsrooms that never touch a quote. The front matter's `title`,
`description`, `summary` (and similar fields readers see) are checked like paragraphs, with
their own line numbers (`check-front-matter`).

## Why is this bad?
A news article is not a social post. Hashtag lines are what social-media copy, or a language
model asked for "engaging" text, leaves behind; on a news site they are noise that looks like
spam to readers and search engines.

## Example
```text
The programme has cost more than expected.
#Housing #Politics #Budget #Councils      <- hashtag-stuffing: a line of 4 hashtags
```

## Fix
`--fix` removes a line made only of hashtags (and the blank lines it leaves at the end).
Hashtags inside prose are reported only.
"""
from __future__ import annotations

import regex

from ..document import Document, is_blank
from ..finding import Fix, Problem
from ..rules import Option
from ..text import UNIT_SCRIPTS, quoted_spans, word_equivalents, words

ID = "hashtag-stuffing"
SEVERITY = "error"
FIXABLE = True
OPTIONS = {
    "line-min": Option(int, 2, "hashtags that make a line of only hashtags a finding", minimum=1),
    "cluster-min": Option(int, 3, "hashtags in a row inside prose that make a finding", minimum=2),
    "paragraph-max": Option(int, 3, "most hashtags allowed in one paragraph", minimum=1),
    "article-min": Option(int, 6, "hashtags in prose, counted over the article, before density counts", minimum=1),
    "article-density": Option(float, 1.0, "most hashtags per 100 words of prose, counted over the article", minimum=0),
    "check-quotes": Option(bool, True, "count hashtags inside quotation marks (a quoted post) too; false skips quotes"),
    "check-front-matter": Option(bool, True, "also check the front matter's title, description and summary"),
}

# A hashtag: `#` not preceded by a word character (C#, page#frag), `&` (&#35;), `#`, `/` or a
# bracket/paren of a Markdown link, followed by a tag that holds at least one letter. In scripts
# written without spaces (`UNIT_SCRIPTS`: Chinese, Japanese, Thai...), a tag may follow a letter
# at once, and ends at a `#` that closes it: the `#话题#` form of Chinese social media, whose
# tags stand side by side (`#临海##防汛#`).
HASHTAG = regex.compile(
    rf"(?:(?<![\w&#/=\\])|(?<=[{UNIT_SCRIPTS}]#?))#(?=[\w-]*\p{{L}})([\w][\w-]*)(?:(?<=[{UNIT_SCRIPTS}])#)?", regex.V1
)
COLOUR = regex.compile(r"(?i)^(?=[0-9a-f]*\d)([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$")
CODE_SPAN = regex.compile(r"(`+)(?:.+?)\1", regex.S)
LINK_TARGET = regex.compile(r"\]\([^)\s]*\)|<[^>\n]*>|https?://\S+|www\.\S+")
SEPARATORS = regex.compile(r"[\s,;|·•/]+")
LINE_LABEL = regex.compile(r"^\s*(?:[-*+]\s+)?(?:\p{L}+\s?){1,2}[:：]\s*")


def _masked(text: str) -> str:
    """Blank out code spans, link targets, URLs and HTML tags, keeping offsets."""
    def blank(match):
        return " " * len(match.group())

    return LINK_TARGET.sub(blank, CODE_SPAN.sub(blank, text))


def find_hashtags(text: str) -> list:
    """The hashtag matches in a piece of prose (code, URLs and entities excluded)."""
    return [m for m in HASHTAG.finditer(_masked(text)) if not COLOUR.match(m.group(1))]


def _hashtag_line(line: str, minimum: int) -> list | None:
    """The hashtags of a line that holds nothing else, or None."""
    tags = find_hashtags(line)
    if len(tags) < minimum:
        return None
    rest = HASHTAG.sub(" ", _masked(line))
    rest = LINE_LABEL.sub("", rest, count=1) if LINE_LABEL.match(rest) else rest
    return tags if not SEPARATORS.sub("", rest) else None


def _clusters(tags: list, text: str) -> list[list]:
    """Groups of hashtags standing next to each other (only separators between them)."""
    groups: list[list] = []
    for tag in tags:
        if groups and not SEPARATORS.sub("", text[groups[-1][-1].end() : tag.start()]):
            groups[-1].append(tag)
        else:
            groups.append([tag])
    return groups


def _unquoted_lines(document: Document) -> list[str]:
    """The document's lines with the text inside quotation marks blanked (quotes are found per
    paragraph, so an unmatched quote ends at its paragraph)."""
    text = list(document.masked_text or document.text)
    for block in document.blocks:
        for start, end in quoted_spans(block.text):
            for offset in range(block.start + start, block.start + end):
                if text[offset] not in "\r\n":
                    text[offset] = " "
    masked = "".join(text)
    return [masked[start : start + len(line)] for start, line in zip(document.line_starts, document.lines)]


def _hashtag_blocks(document: Document, minimum: int, lines: list[str] | None = None):
    """Runs of consecutive lines made only of hashtags, holding `minimum` hashtags or more:
    [(first index, last index, hashtags)], 0-based. Code, HTML, tables and Markdown headings are
    not read; a plain-text "headline" is (a line of hashtags is no headline)."""
    skipped = set()
    for block in document.blocks:
        if block.kind in ("code", "html", "table", "rule") or block.kind == "heading" and document.is_markdown:
            skipped.update(range(block.start_line - 1, block.end_line))
    only_tags = {}
    # markup (shortcodes, Liquid tags, callouts, which are read as prose below) is blanked:
    # a line of a tweet embed's tags is not a hashtag line of the article
    for index, line in enumerate(lines if lines is not None else document.masked_lines):
        if "#" in line and index >= document.front_matter_end_line and index not in skipped:
            tags = _hashtag_line(line, 1)
            if tags:
                only_tags[index] = tags
    runs = []
    for index in sorted(only_tags):
        if runs and runs[-1][1] == index - 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    result = []
    for first, last in runs:
        count = sum(len(only_tags[i]) for i in range(first, last + 1))
        if count >= minimum:
            result.append((first, last, count, only_tags[first][0].start()))
    return result


def check(document: Document, options: dict):
    if "#" not in document.text:
        return  # most articles: nothing to look at
    prose_tags = 0
    prose_texts = []  # their words are counted only if the article-wide test needs them
    first_spread = None
    paragraphs_with_tags = 0
    hashtag_line_indexes: set[int] = set()

    quotes_blanked = not options["check-quotes"]
    lines = _unquoted_lines(document) if quotes_blanked and ('"' in document.text or "“" in document.text or "«" in document.text or "„" in document.text) else None
    for first, last, count, column in _hashtag_blocks(document, options["line-min"], lines):
        hashtag_line_indexes.update(range(first, last + 1))
        what = "a line" if first == last else f"a block of {last - first + 1} lines"
        yield Problem(
            line=first + 1,
            column=column + 1,
            end_line=last + 1,
            end_column=len(document.lines[last]) + 1,
            message=f"{what} of only hashtags ({count} hashtags)",
            fix=_remove_lines_fix(document, first, last),
        )

    fields = document.front_matter_fields() if options["check-front-matter"] else []
    for block in fields + document.blocks:
        if block.kind in ("code", "html", "heading", "table", "rule"):
            continue
        # hashtags inside prose
        text = block.text
        if quotes_blanked:
            text = _blank_quotes(text)
        prose_texts.append(text)
        if "#" not in text:
            continue  # no hashtag (most paragraphs of an article that has one)
        lines_done = {i + 1 for i in hashtag_line_indexes if block.start_line <= i + 1 <= block.end_line}
        tags = [t for t in find_hashtags(text) if document.line_of(block.start + t.start()) not in lines_done]
        if not tags:
            continue
        paragraphs_with_tags += 1
        prose_tags += len(tags)
        if first_spread is None:
            first_spread = block.start + tags[0].start()
        packed = [g for g in _clusters(tags, text) if len(g) >= options["cluster-min"]]
        if packed:
            group = packed[0]
            yield _prose_problem(document, block, group, f"{len(group)} hashtags in a row inside prose")
        elif len(tags) > options["paragraph-max"]:
            yield _prose_problem(
                document, block, tags, f"{len(tags)} hashtags in one paragraph (paragraph-max is {options['paragraph-max']})"
            )

    if paragraphs_with_tags < 2 or prose_tags < options["article-min"]:
        return
    prose_words = sum(word_equivalents(words(text)) for text in prose_texts)
    density = 100.0 * prose_tags / prose_words if prose_words else 0.0
    if density > options["article-density"]:
        line, column = document.position(first_spread)
        yield Problem(
            line=line,
            column=column,
            message=f"{prose_tags} hashtags spread over {paragraphs_with_tags} paragraphs "
            f"({density:.1f} per 100 words; article-density is {options['article-density']:g})",
        )


def _blank_quotes(text: str) -> str:
    spans = quoted_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for offset in range(start, end):
            if chars[offset] not in "\r\n":
                chars[offset] = " "
    return "".join(chars)


def _prose_problem(document, block, tags, message):
    line, column = document.position(block.start + tags[0].start())
    end_line, end_column = document.position(block.start + tags[-1].end() - 1)
    return Problem(line=line, column=column, end_line=end_line, end_column=end_column + 1, message=message)


def _remove_lines_fix(document: Document, first: int, last: int) -> Fix:
    """Remove lines first..last (0-based); at the end of the text, the blanks before them too."""
    start = document.line_starts[first]
    end = document.line_starts[last] + len(document.lines[last]) + len(document.line_endings[last])
    trailing = all(is_blank(line) for line in document.lines[last + 1 :])
    if trailing:
        end = len(document.text)
        before = first - 1
        while before >= 0 and is_blank(document.lines[before]):
            before -= 1
        if before >= 0:
            start = document.line_starts[before] + len(document.lines[before])
            return Fix(start, end, document.line_endings[before] or document.newline)
    return Fix(start, end, "")
