"""Parse an article once: decoded text, front matter, headline, and blocks with line spans.

Every rule reads the same `Document`, so the bytes are read and decoded once per file. Line
numbers are always true to the file: front matter lines count, and CRLF, CR and LF all end a
line (but a form feed or U+2028 does not, unlike `str.splitlines`).
"""
from __future__ import annotations

import datetime
import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsafe

UTF8_BOM = b"\xef\xbb\xbf"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Magic numbers of binary formats that end up in content folders, for a helpful message.
BINARY_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"RIFF", "a RIFF (WebP, WAV or AVI) file"),
    (b"\x1f\x8b", "a gzip archive"),
)

# Characters that show nothing: `str.isspace()` knows the Unicode spaces (NBSP, U+3000, form
# feed, tab...), but not the zero-width and filler characters that editors and models leave,
# nor the marks that set the direction of right-to-left text (LRM, RLM, ALM, embeddings,
# overrides, isolates): a line of only these shows nothing.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u034f\u115f\u1160\u3164\uffa0\u2800"
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_blank(line: str) -> bool:
    """True for a line that shows nothing: empty, whitespace or invisible fillers only."""
    if not line or line.isspace():
        return True
    first = line[0]
    if not (first.isspace() or first in INVISIBLE):
        return False  # most lines: a character that shows, at once
    return all(ch.isspace() or ch in INVISIBLE for ch in line)


class FileError(Exception):
    """A file that cannot be read as an article; the message names the cause and the remedy."""


def decode(raw: bytes) -> tuple[str, bool]:
    """Decode UTF-8 (with or without BOM); raise FileError for anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError("UTF-16 encoded (byte order mark found); newslint reads UTF-8: re-save the file as UTF-8")
    head = raw[:8192]
    for signature, what in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise FileError(f"binary file ({what}), not an article: exclude it or rename it")
    if b"\x00" in head:
        raise FileError("binary file (NUL bytes), not an article: exclude it in the config")
    bom = raw.startswith(UTF8_BOM)
    body = raw[len(UTF8_BOM):] if bom else raw
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise FileError(
            f"not valid UTF-8 (byte 0x{body[exc.start]:02x} at line {line}): re-save the file as UTF-8"
        ) from None


@dataclass(slots=True)  # a file may hold millions of them
class Block:
    """A unit of the body: paragraph, heading, list_item, quote, code, table, html or rule."""

    kind: str
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive
    start: int  # offset of the first character in Document.text
    end: int  # offset just past the last character (line ending excluded)
    text: str

    @property
    def is_prose(self) -> bool:
        return self.kind in ("paragraph", "list_item", "quote")


@dataclass
class Document:
    path: str
    raw: bytes
    text: str
    bom: bool = False
    lines: list[str] = field(default_factory=list)  # without line endings
    line_endings: list[str] = field(default_factory=list)  # "\n", "\r\n", "\r" or "" (last line)
    line_starts: list[int] = field(default_factory=list)  # offset of each line in `text`
    front_matter: dict | None = None
    front_matter_error: str | None = None
    front_matter_end_line: int = 0  # last line of the front matter block (0: none)
    headline: str | None = None
    headline_line: int | None = None
    blocks: list[Block] = field(default_factory=list)
    is_markdown: bool = False
    extras: dict = field(default_factory=dict)  # what plugins add (newslint_document_parsed)

    # -- positions -------------------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """1-based line holding the character at `offset`."""
        return max(1, bisect_right(self.line_starts, offset))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of the character at `offset`."""
        line = self.line_of(offset)
        return line, offset - self.line_starts[line - 1] + 1

    @property
    def newline(self) -> str:
        """The file's own line ending: the most common one, LF when it has none."""
        counts = {}
        for ending in self.line_endings:
            if ending:
                counts[ending] = counts.get(ending, 0) + 1
        return max(counts, key=counts.get) if counts else "\n"

    @property
    def has_content(self) -> bool:
        return any(not is_blank(line) for line in self.lines)

    @property
    def date(self) -> str | None:
        """The front matter `date` as an ISO string (sortable), or None."""
        value = (self.front_matter or {}).get("date")
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, str) and value.strip():
            return value.strip()
        return None

    def prose_blocks(self):
        return [block for block in self.blocks if block.is_prose]

    def front_matter_fields(self) -> list[Block]:
        """The text fields of the front matter that readers see (title, description, summary,
        ...), as blocks of kind "front_matter" whose offsets and lines are true to the file."""
        fields = []
        for index in range(1, max(self.front_matter_end_line - 1, 1)):
            match = FRONT_MATTER_FIELD.match(self.lines[index])
            if not match or not isinstance((self.front_matter or {}).get(match.group(1)), str):
                continue
            value_start = match.start(2)
            value = match.group(2).rstrip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value_start, value = value_start + 1, value[1:-1]
            if not value or value[0] in "|>":
                continue  # block scalars: their lines follow; left alone
            start = self.line_starts[index] + value_start
            fields.append(Block("front_matter", index + 1, index + 1, start, start + len(value), value))
        return fields


# -- parsing -------------------------------------------------------------------------------

def parse(path: str, raw: bytes) -> Document:
    """Build a Document from bytes; raise FileError when they are not a UTF-8 text article."""
    text, bom = decode(raw)
    doc = Document(path=path, raw=raw, text=text, bom=bom)
    doc.is_markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    _split_lines(doc)
    body_start = _parse_front_matter(doc)
    if doc.is_markdown:
        doc.blocks = _markdown_blocks(doc, body_start)
    else:
        doc.blocks = _text_blocks(doc, body_start)
    _find_headline(doc)
    return doc


def read(path: Path, display_path: str, max_size: int) -> Document:
    """Read and parse a file; raise FileError for anything that is not a readable article."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise FileError("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            # a FIFO would block the read forever, a device (/dev/zero) never end it
            raise FileError("not a regular file (a FIFO, socket or device), not an article: exclude it")
        size = info.st_size
        if size > max_size:
            raise FileError(
                f"file is {size:,} bytes, over max-file-size ({max_size:,}): raise max-file-size or exclude it"
            )
        with Path(path).open("rb") as file:
            raw = file.read(size + 1)  # not read(max_size + 1): it allocates that much up front
            if len(raw) > size:  # it grew after the stat: read on, never past the limit
                raw += file.read(max_size + 1 - len(raw))
        if len(raw) > max_size:  # it grew after the stat
            raise FileError(
                f"file grew past max-file-size ({max_size:,} bytes) while read: raise max-file-size or exclude it"
            )
    except FileError:
        raise
    except FileNotFoundError:
        raise FileError("file not found (deleted, or a dangling symlink)") from None
    except PermissionError:
        raise FileError("permission denied: newslint cannot read this file") from None
    except OSError as exc:
        raise FileError(f"cannot read file: {exc.strerror or exc}") from None
    return parse(display_path, raw)


def _split_lines(doc: Document) -> None:
    start = 0
    for match in LINE_BREAK.finditer(doc.text):
        doc.line_starts.append(start)
        doc.lines.append(doc.text[start : match.start()])
        doc.line_endings.append(match.group())
        start = match.end()
    # the text after the last line break is a line of its own only when it is not empty
    if start < len(doc.text) or not doc.lines:
        doc.line_starts.append(start)
        doc.lines.append(doc.text[start:])
        doc.line_endings.append("")


FRONT_MATTER_KEY = re.compile(r"^[\w-]+\s*:(\s|$)")
FRONT_MATTER_FIELD = re.compile(r"^(title|subtitle|description|summary|excerpt|dek|lede|headline|teaser)\s*:\s*(\S.*)$")


def _parse_front_matter(doc: Document) -> int:
    """Load a leading `---` ... `---` YAML block; return the index of the first body line."""
    if not doc.lines or doc.lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(doc.lines)):
        if doc.lines[index].rstrip() in ("---", "..."):
            break
    else:
        # a lone `---` is a Markdown thematic break; it opened front matter only if YAML follows
        if len(doc.lines) > 1 and FRONT_MATTER_KEY.match(doc.lines[1]):
            doc.front_matter_error = "front matter opened on line 1 is never closed (add a `---` line after it)"
        return 0
    doc.front_matter_end_line = index + 1
    source = "\n".join(doc.lines[1:index])
    try:
        data = yamlsafe.load(source) if source.strip() else {}
    except yamlsafe.yaml.YAMLError as exc:
        doc.front_matter_error = f"front matter is not valid YAML ({yamlsafe.describe_error(exc, 1)})"
        data = {}
    except RecursionError:
        doc.front_matter_error = "front matter is nested too deeply to load"
        data = {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        doc.front_matter_error = "front matter must be a YAML mapping of keys to values"
        data = {}
    doc.front_matter = data
    return index + 1


def _block(doc: Document, kind: str, first: int, last: int) -> Block:
    """A block over line indexes first..last (0-based, inclusive)."""
    start = doc.line_starts[first]
    end = doc.line_starts[last] + len(doc.lines[last])
    return Block(kind, first + 1, last + 1, start, end, doc.text[start:end])


# A chunk of consecutive lines is one hard-wrapped paragraph when its lines (but the last) are
# short; long lines mean the one-paragraph-per-line layout that pipelines often write.
WRAP_WIDTH = 100


def _paragraphs(doc: Document, first: int, last: int) -> list[Block]:
    if first < last and max(len(doc.lines[i]) for i in range(first, last)) > WRAP_WIDTH:
        return [_block(doc, "paragraph", i, i) for i in range(first, last + 1)]
    return [_block(doc, "paragraph", first, last)]


def _text_blocks(doc: Document, start: int) -> list[Block]:
    blocks, chunk_start = [], None
    for index in range(start, len(doc.lines) + 1):
        blank = index == len(doc.lines) or is_blank(doc.lines[index])
        if blank and chunk_start is not None:
            blocks.extend(_paragraphs(doc, chunk_start, index - 1))
            chunk_start = None
        elif not blank and chunk_start is None:
            chunk_start = index
    return blocks


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+) *$")
LIST_ITEM = re.compile(r"^ {0,3}([-+*]|\d{1,9}[.)])(\s|$)")
BLOCK_QUOTE = re.compile(r"^ {0,3}>")
TABLE_ROW = re.compile(r"^ {0,3}\|")
HTML_COMMENT = re.compile(r"^ {0,3}<!--")
HTML_BLOCK = re.compile(r"^ {0,3}</?[A-Za-z][\w-]*(\s|/?>|$)")


def _markdown_blocks(doc: Document, start: int) -> list[Block]:
    """A line-based reading of CommonMark: enough to tell prose from code, markup and tables."""
    lines, blocks = doc.lines, []
    index, count = start, len(doc.lines)
    while index < count:
        line = lines[index]
        if is_blank(line):
            index += 1
            continue
        fence = FENCE.match(line)
        if fence:
            marker = fence.group(1)
            end = index + 1
            while end < count and not lines[end].strip().startswith(marker[0] * len(marker)):
                end += 1
            end = min(end, count - 1)
            blocks.append(_block(doc, "code", index, end))
            index = end + 1
            continue
        if HTML_COMMENT.match(line):
            end = index
            while end < count - 1 and "-->" not in lines[end]:
                end += 1
            blocks.append(_block(doc, "html", index, end))
            index = end + 1
            continue
        if line.startswith(("    ", "\t")) and (not blocks or blocks[-1].end_line < index):
            end = index
            while end + 1 < count and (lines[end + 1].startswith(("    ", "\t")) or is_blank(lines[end + 1])):
                end += 1
            while is_blank(lines[end]):
                end -= 1
            blocks.append(_block(doc, "code", index, end))
            index = end + 1
            continue
        single = None
        if ATX_HEADING.match(line):
            single = "heading"
        elif THEMATIC_BREAK.match(line):
            single = "rule"
        elif HTML_BLOCK.match(line):
            single = "html"
        if single:
            blocks.append(_block(doc, single, index, index))
            index += 1
            continue
        kind = "paragraph"
        if LIST_ITEM.match(line):
            kind = "list_item"
        elif BLOCK_QUOTE.match(line):
            kind = "quote"
        elif TABLE_ROW.match(line):
            kind = "table"
        end = index
        while end + 1 < count:
            following = lines[end + 1]
            if is_blank(following) or FENCE.match(following) or ATX_HEADING.match(following):
                break
            if kind == "paragraph" and SETEXT_UNDERLINE.match(following):
                break
            if kind != "list_item" and LIST_ITEM.match(following):
                break
            if kind == "list_item" and LIST_ITEM.match(following):
                break
            if kind == "quote" and not BLOCK_QUOTE.match(following):
                break
            if kind == "table" and not TABLE_ROW.match(following):
                break
            if kind == "paragraph" and (BLOCK_QUOTE.match(following) or TABLE_ROW.match(following)):
                break
            end += 1
        if kind == "paragraph" and end + 1 < count and SETEXT_UNDERLINE.match(lines[end + 1]) and end == index:
            blocks.append(_block(doc, "heading", index, end + 1))
            index = end + 2
            continue
        if kind == "paragraph":
            blocks.extend(_paragraphs(doc, index, end))
        else:
            blocks.append(_block(doc, kind, index, end))
        index = end + 1
    return blocks


def _find_headline(doc: Document) -> None:
    title = (doc.front_matter or {}).get("title")
    if isinstance(title, str) and title.strip():
        doc.headline = title.strip()
        for number in range(2, doc.front_matter_end_line):
            if doc.lines[number - 1].lstrip().startswith("title"):
                doc.headline_line = number
                break
        return
    if not doc.blocks:
        return
    first = doc.blocks[0]
    if first.kind == "heading":
        doc.headline, doc.headline_line = first.text.strip("#= -\t"), first.start_line
        return
    # plain text: a short single line standing alone before the first paragraph
    if (
        not doc.is_markdown
        and first.start_line == first.end_line
        and len(first.text) <= 200
        and not first.text.rstrip().endswith(".")
        and len(doc.blocks) > 1
        and doc.blocks[1].start_line > first.end_line + 1
    ):
        doc.headline, doc.headline_line = first.text.strip(), first.start_line
        first.kind = "heading"
