"""Parse an article once: decoded text, front matter, headline, and blocks with line spans.

Every rule reads the same `Document`, so the bytes are read and decoded once per file. Line
numbers are always true to the file: front matter lines count, and CRLF, CR and LF all end a
line (but a form feed or U+2028 does not, unlike `str.splitlines`).
"""
from __future__ import annotations

import codecs
import datetime
import json
import os
import re
import stat
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from . import yamlsafe
from .text import FAST

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

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
BINARY_STARTS = tuple(signature for signature, _ in BINARY_SIGNATURES)

# Characters that show nothing: `str.isspace()` knows the Unicode spaces (NBSP, U+3000, form
# feed, tab...), but not the zero-width and filler characters that editors and models leave,
# nor the marks that set the direction of right-to-left text (LRM, RLM, ALM, embeddings,
# overrides, isolates): a line of only these shows nothing.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u034f\u115f\u1160\u3164\uffa0\u2800"
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


# what `str.isspace()` calls white space (Unicode's White_Space, and the four separators of
# ASCII), spelt out so that one `str.strip` tells a blank line (tests/test_document.py checks
# the list against `isspace` for every code point)
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
SHOWS_NOTHING = WHITE_SPACE + INVISIBLE


def is_blank(line: str) -> bool:
    """True for a line that shows nothing: empty, whitespace or invisible fillers only."""
    return not line or line[0] in SHOWS_NOTHING and not line.strip(SHOWS_NOTHING)


class FileError(Exception):
    """A file that cannot be read as an article; the message names the cause and the remedy."""


def decode(raw: bytes, encoding: str = "utf-8") -> tuple[str, bool, str]:
    """Decode an article: (text, had a UTF-8 BOM, the encoding used). UTF-8 unless the config
    names another encoding for the file; raise FileError for anything that is not text in it."""
    utf8 = is_utf8(encoding)
    if utf8 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError("UTF-16 encoded (byte order mark found); newslint reads UTF-8: re-save the file as UTF-8")
    if raw.startswith(BINARY_STARTS):
        what = next(what for signature, what in BINARY_SIGNATURES if raw.startswith(signature))
        raise FileError(f"binary file ({what}), not an article: exclude it or rename it")
    # UTF-16 and UTF-32 text is full of NUL bytes: only the byte-oriented encodings rule them out
    # (a NUL in the first 8 KB; looked for in place, not in a copy of them)
    if raw.find(b"\x00", 0, 8192) >= 0 and _ascii_compatible(encoding):
        raise FileError("binary file (NUL bytes), not an article: exclude it in the config")
    bom = raw.startswith(UTF8_BOM)
    if bom:  # a UTF-8 BOM says UTF-8, whatever the config expects of the folder (a re-saved file)
        encoding = "utf-8"
    body = raw[len(UTF8_BOM):] if bom else raw
    try:
        return body.decode(encoding), bom, encoding
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        if is_utf8(encoding):
            raise FileError(
                f"not valid UTF-8 (byte 0x{body[exc.start]:02x} at line {line}): re-save the file as UTF-8, "
                "or name its encoding in the config (`encoding:`)"
            ) from None
        raise FileError(
            f"not valid {encoding} (byte 0x{body[exc.start]:02x} at line {line}): "
            "check the `encoding:` the config gives this file"
        ) from None


def is_utf8(encoding: str) -> bool:
    return encoding == "utf-8" or codecs.lookup(encoding).name == "utf-8"


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "a\n".encode(encoding) == b"a\n"
    except (LookupError, UnicodeError):
        return False


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """The bytes of a (fixed) article in its own encoding, its BOM kept."""
    return (UTF8_BOM if bom else b"") + text.encode(encoding)


PROSE_KINDS = ("paragraph", "list_item", "quote", "callout")


@dataclass(slots=True)  # a file may hold millions of them
class Block:
    """A unit of the body: paragraph, heading, list_item, quote, code, table, html or rule; or
    "callout": the text of a caption or a pull-quote inside site-generator markup (a figure
    shortcode's `caption="..."`, the inside of `{{< pullquote >}}`, an HTML `<figcaption>`).
    Readers see a callout, so it is prose; repeated-block skips it (a pull-quote repeats the body
    on purpose)."""

    kind: str
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive
    start: int  # offset of the first character in Document.text
    end: int  # offset just past the last character (line ending excluded)
    text: str

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS


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
    front_matter_error_line: int = 1  # the line the parser's error names
    front_matter_end_line: int = 0  # last line of the front matter block (0: none)
    front_matter_format: str | None = None  # "yaml", "toml" or "json"
    encoding: str = "utf-8"  # what the bytes were decoded with; --fix writes the file back in it
    # `text` with every piece of markup (shortcodes, Liquid tags, callouts read apart) blanked
    # to spaces, line breaks kept: the same offsets and lines, and no markup for a rule to read
    masked_text: str = ""
    headline: str | None = None
    headline_line: int | None = None
    blocks: list[Block] = field(default_factory=list)
    is_markdown: bool = False
    extras: dict = field(default_factory=dict)  # what plugins add (newslint_document_parsed)
    # a date the pipeline gives an article that says none itself: (YYYY-MM-DD, where it comes
    # from), `default-date` of the config or today for a new article (pipeline/dating.py). Set
    # before the rules run, so rules stay pure: they never read git or the clock.
    date_hint: tuple[str, str] | None = None

    # -- positions -------------------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """1-based line holding the character at `offset`."""
        return bisect_right(self.line_starts, offset) or 1  # the first line starts at 0

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
        for line in self.lines:  # `not is_blank(line)` written out (asked of every article: its first line, mostly)
            if line and (line[0] not in SHOWS_NOTHING or line.strip(SHOWS_NOTHING)):
                return True
        return False

    @property
    def date(self) -> str | None:
        """The article's date as an ISO string (sortable), or None: the first of the front matter
        keys `date`, `publishDate`, `published`, `pubDate` that holds one (YAML, TOML or JSON
        front matter alike). Never `lastmod`: an edit is not when the story was written."""
        front_matter = self.front_matter
        if not front_matter:  # most articles: no front matter (read for every rule that asks)
            return None
        for key in DATE_KEYS:
            value = front_matter.get(key)
            if isinstance(value, (datetime.date, datetime.datetime)):
                return value.isoformat()
            if isinstance(value, datetime.time):
                continue
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    def article_date(self) -> tuple[str | None, str | None]:
        """(date, where it comes from) of the article, in this order: the front matter (`date`
        ...: see `date`, "front matter date"), a Jekyll-style file name `YYYY-MM-DD-slug.md`
        ("from the file name"), then the pipeline's `date_hint` (`default-date`, or today for a
        new article); (None, None) when none says. The front matter's value is as written (it
        may not be a date a rule can read: the rule then judges nothing by it)."""
        written = self.date
        if written is not None:
            return written, FRONT_MATTER_DATE
        named = date_of_file_name(self.path)
        if named is not None:
            return named, FILE_NAME_DATE_SOURCE
        if self.date_hint is not None:
            return self.date_hint
        return None, None

    @property
    def masked_lines(self) -> list[str]:
        """`lines` of `masked_text`: markup blanked, the same lengths."""
        masked = self.masked_text or self.text
        if masked is self.text:
            return self.lines
        return [masked[start : start + len(line)] for start, line in zip(self.line_starts, self.lines)]

    def prose_blocks(self):
        return [block for block in self.blocks if block.kind in PROSE_KINDS]  # `is_prose`, inline

    def front_matter_key_line(self, key: str) -> int | None:
        """The 1-based line where a top-level front matter key is written (YAML `key:`, TOML
        `key = ...` before any [table] or a `[key]` table, JSON `"key": ...`), or None."""
        if not self.front_matter_end_line:
            return None
        pattern = _key_pattern(self.front_matter_format, key)
        for index in range(1, self.front_matter_end_line - 1):
            line = self.lines[index]
            if self.front_matter_format == "toml" and key not in line and line.lstrip().startswith("["):
                continue  # another table; `[key]` itself is matched below
            if pattern.match(line):
                return index + 1
        return None

    def front_matter_fields(self) -> list[Block]:
        """The text fields of the front matter that readers see (title, description, summary,
        ...), as blocks of kind "front_matter" whose offsets and lines are true to the file.
        A value is taken only when the text between its quotes is the value itself (no escape
        sequence), so that an offset in the block is an offset in the file."""
        fields = []
        data = self.front_matter or {}
        pattern = FIELD_PATTERNS.get(self.front_matter_format)
        if pattern is None:
            return fields
        seen = set()
        for index in range(1, max(self.front_matter_end_line - 1, 1)):
            line = self.lines[index]
            if self.front_matter_format == "toml" and line.lstrip().startswith("["):
                break  # the keys after a [table] header are the table's, not the page's
            match = pattern.match(line)
            if not match or match.group(1) in seen or not isinstance(data.get(match.group(1)), str):
                continue
            value_start = match.start(2)
            value = match.group(2).rstrip()
            if self.front_matter_format == "yaml":
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value_start, value = value_start + 1, value[1:-1]
                if not value or value[0] in "|>":
                    continue  # block scalars: their lines follow; left alone
            else:
                value_start, value = value_start + 1, value[1:-1]
                if value != data[match.group(1)] or not value.strip():
                    continue  # escapes: the text in the file is not the value
            seen.add(match.group(1))
            start = self.line_starts[index] + value_start
            fields.append(Block("front_matter", index + 1, index + 1, start, start + len(value), value))
        return fields


DATE_KEYS = ("date", "publishDate", "published", "pubDate")
# where an article's date comes from (`Document.article_date`); TODAY: a new article being
# published now (pipeline/dating.py), whose registry's present is its own
FRONT_MATTER_DATE, FILE_NAME_DATE_SOURCE, DEFAULT_DATE, TODAY = (
    "front matter date", "from the file name", "default-date", "today: a new article")
# Jekyll's post names (`_posts/2022-06-08-biden-visit.md`): the date, then a hyphen and a slug;
# a bare `2022-06-08.md` is a daily page, dated too
FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-[^/\\]+|\.[^/\\.]+)$")


def date_of_file_name(path: str) -> str | None:
    """The date a Jekyll-style file name gives (`2022-06-08-biden-visit.md`), ISO, or None (no
    such name, or not a real day: `2022-13-40-x.md`)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if name[4:5] != "-":  # no YYYY- in front (most names): no match
        return None
    match = FILE_NAME_DATE.match(name)
    if match is None:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None
SHOWN_FIELDS = "title|subtitle|description|summary|excerpt|dek|lede|headline|teaser"
FIELD_PATTERNS = {
    "yaml": re.compile(rf"^({SHOWN_FIELDS})\s*:\s*(\S.*)$"),
    # TOML: a one-line basic or literal string, a comment after it allowed
    "toml": re.compile(rf"""^\s*({SHOWN_FIELDS})\s*=\s*("[^"\\]*"|'[^']*')\s*(?:#.*)?$"""),
    "json": re.compile(rf"""^\s*"({SHOWN_FIELDS})"\s*:\s*("[^"\\]*")\s*,?\s*$"""),
}


def _key_pattern(fmt: str | None, key: str) -> re.Pattern:
    name = re.escape(key)
    if fmt == "toml":
        return re.compile(rf"""^\s*(?:{name}|"{name}")\s*=|^\s*\[\s*(?:{name}|"{name}")\s*\]""")
    if fmt == "json":
        return re.compile(rf'^\s*"{name}"\s*:')
    return re.compile(rf"^{name}\s*:")


# -- parsing -------------------------------------------------------------------------------

def parse(path: str, raw: bytes, encoding: str = "utf-8") -> Document:
    """Build a Document from bytes; raise FileError when they are not a text article in
    `encoding` (UTF-8 unless the config names another)."""
    text, bom, used = decode(raw, encoding)
    doc = Document(path=path, raw=raw, text=text, bom=bom, encoding=used)
    doc.is_markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    _split_lines(doc)
    body_start = _parse_front_matter(doc)
    callouts = _mask_markup(doc, doc.line_starts[body_start] if body_start < len(doc.lines) else len(doc.text))
    if doc.is_markdown:
        doc.blocks = _markdown_blocks(doc, body_start)
        callouts += _figcaptions(doc)
    else:
        doc.blocks = _text_blocks(doc, body_start)
    if callouts:
        doc.blocks = sorted(doc.blocks + callouts, key=lambda block: (block.start, block.end))
    _find_headline(doc)
    return doc


def read(path: Path, display_path: str, max_size: int, encoding: str = "utf-8", info: os.stat_result | None = None) -> Document:
    """Read and parse a file; raise FileError for anything that is not a readable article.
    `info`: its stat, when the caller has just taken it (not taken twice)."""
    try:
        info = info or os.stat(path)
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
        raw = read_bytes(path, size, max_size)
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
    return parse(display_path, raw, encoding)


READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # (a getattr that fails makes an exception: once, not a file)


def read_bytes(path: Path | str, size: int, max_size: int) -> bytes:
    """The bytes of a regular file its stat said holds `size`, read with `os.read` on a
    descriptor: a file object (a `Path` built, a buffered reader, its second read to find the
    end) cost more than the read itself. A file that grew after the stat is read on, never past
    `max_size` + 1 bytes (the caller says it grew too large); one that shrank, to its end."""
    descriptor = os.open(path, READ_FLAGS)
    try:
        raw = os.read(descriptor, size + 1)  # not max_size + 1: it would allocate that much up front
        limit = max_size + 1 if len(raw) > size else size  # grew: read on up to the limit
        while len(raw) < limit:  # a short read (a slow file system), or the file grew
            more = os.read(descriptor, limit - len(raw))
            if not more:
                break
            raw += more
        return raw
    finally:
        os.close(descriptor)


def _split_lines(doc: Document) -> None:
    if FAST is not None:
        doc.lines, doc.line_starts, doc.line_endings = FAST.split_lines(doc.text)
        return
    _split_lines_python(doc)


def _split_lines_python(doc: Document) -> None:
    """`_split_lines` in Python (the twin of the compiled `split_lines`)."""
    if "\r" not in doc.text:
        _split_lines_at_newlines(doc)
        return
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


def _split_lines_at_newlines(doc: Document) -> None:
    """`_split_lines` for text without a carriage return (most): `str.split` and running sums
    instead of a loop over the line breaks, the same lines, starts and endings."""
    lines = doc.text.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the text ends with a line break: no line after it
        endings = ["\n"] * len(lines)
    else:
        endings = ["\n"] * (len(lines) - 1)
        endings.append("")
    doc.lines.extend(lines)
    doc.line_endings.extend(endings)
    doc.line_starts.extend(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))


FRONT_MATTER_KEY = re.compile(r"^[\w-]+\s*:(\s|$)")
JSON_FIRST_KEY = re.compile(r'^\s*("|\})')
TOML_ERROR_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def _parse_front_matter(doc: Document) -> int:
    """Load the front matter a site generator would read: a leading `---` ... `---` YAML
    block, `+++` ... `+++` TOML (Hugo), or a JSON object starting on the first line (Hugo).
    Returns the index of the first body line."""
    if not doc.lines:
        return 0
    first = doc.lines[0].rstrip()
    if first == "---":
        return _delimited_front_matter(doc, "yaml", ("---", "..."))
    if first == "+++":
        return _delimited_front_matter(doc, "toml", ("+++",))
    if first.startswith("{") and (first[1:].lstrip()[:1] == '"' or first == "{" and len(doc.lines) > 1 and JSON_FIRST_KEY.match(doc.lines[1])):
        return _json_front_matter(doc)
    return 0


def _front_matter_failed(doc: Document, message: str, line: int = 1) -> None:
    doc.front_matter_error = message
    doc.front_matter_error_line = max(1, min(line, len(doc.lines)))


def _delimited_front_matter(doc: Document, fmt: str, closers: tuple[str, ...]) -> int:
    for index in range(1, len(doc.lines)):
        if doc.lines[index].rstrip() in closers:
            break
    else:
        # a lone `---` is a Markdown thematic break; it opened front matter only if YAML follows
        if fmt == "toml" or len(doc.lines) > 1 and FRONT_MATTER_KEY.match(doc.lines[1]):
            _front_matter_failed(doc, f"front matter opened on line 1 is never closed (add a `{closers[0]}` line after it)")
        return 0
    doc.front_matter_end_line = index + 1
    doc.front_matter_format = fmt
    source = "\n".join(doc.lines[1:index])
    data: object = {}
    if fmt == "yaml":
        try:
            data = yamlsafe.load(source) if source.strip() else {}
        except yamlsafe.yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            _front_matter_failed(doc, f"front matter is not valid YAML ({yamlsafe.describe_error(exc, 1)})",
                                 mark.line + 2 if mark is not None else 1)
            data = {}
        except RecursionError:
            _front_matter_failed(doc, "front matter is nested too deeply to load")
            data = {}
    else:
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            # tomllib names the place in its message only ("... (at line 3, column 8)")
            place = TOML_ERROR_PLACE.search(str(exc))
            # "(at end of document)": the string or table ran into the closing `+++`
            line = int(place.group(1)) + 1 if place else index + 1
            reason = TOML_ERROR_PLACE.sub("", str(exc)).strip() or "invalid TOML"
            _front_matter_failed(doc, f"front matter is not valid TOML (line {line}: {reason})", line)
            data = {}
        except RecursionError:
            _front_matter_failed(doc, "front matter is nested too deeply to load")
            data = {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        _front_matter_failed(doc, "front matter must be a YAML mapping of keys to values", 2)
        data = {}
    doc.front_matter = data
    return index + 1


def _json_front_matter(doc: Document) -> int:
    """A JSON object at the top of the file: it ends where the object's closing brace is."""
    start = len(doc.lines[0]) - len(doc.lines[0].lstrip())
    try:
        data, end = json.JSONDecoder().raw_decode(doc.text, start)
    except json.JSONDecodeError as exc:
        closing = next((i for i in range(1, len(doc.lines)) if doc.lines[i].rstrip() == "}"), None)
        _front_matter_failed(doc, f"front matter is not valid JSON (line {exc.lineno}: {exc.msg})", exc.lineno)
        if closing is None:
            return 0
        doc.front_matter, doc.front_matter_format, doc.front_matter_end_line = {}, "json", closing + 1
        return closing + 1
    except RecursionError:
        _front_matter_failed(doc, "front matter is nested too deeply to load")
        return 0
    last = doc.line_of(end - 1) - 1  # the line of the closing brace (0-based)
    if doc.lines[last][end - doc.line_starts[last]:].strip():
        _front_matter_failed(doc, "text after the JSON front matter's closing `}` on its line: put the body on the next line",
                             last + 1)
    doc.front_matter, doc.front_matter_format, doc.front_matter_end_line = data, "json", last + 1
    return last + 1


# -- markup: site-generator tags are never prose ---------------------------------------------
# Hugo shortcodes ({{< x >}}, {{% x %}}), Liquid tags ({% x %}) and output ({{ x }}), up to a
# few thousand characters each (a tag is never longer; an unclosed `{{` must not swallow a file)
TAG = re.compile(
    r"\{\{<(?P<angle>.{0,4000}?)>\}\}|\{\{%(?P<percent>.{0,4000}?)%\}\}|\{%(?P<liquid>.{0,4000}?)%\}|\{\{(?P<output>.{0,4000}?)\}\}",
    re.S,
)
TAG_NAME = re.compile(r"^-?\s*(/)?\s*([A-Za-z_][\w.\-/]*)")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`)""", re.S)
CAPTION_ATTRIBUTES = ("caption", "figcaption")
QUOTE_ATTRIBUTES = ("quote", "text", "content")
QUOTE_SHORTCODE = re.compile(r"(?i)^(?:[\w.\-/]*quote[\w-]*|pq|callout|aside)$")
# paired shortcodes whose inside is code or an embed, not text the page shows as prose
CODE_SHORTCODES = {
    "highlight", "code", "codeblock", "raw", "rawhtml", "html", "mermaid", "math", "katex", "chart", "tweet",
    "twitter", "x", "instagram", "youtube", "vimeo", "gist", "embed", "iframe", "script",
}
LIQUID_BLOCKS = {"raw", "comment", "highlight", "capture"}
HTML_TAG = re.compile(r"<[^<>\n]{0,400}>")


def _closing_tag(shortcode: bool, name: str) -> re.Pattern:
    if shortcode:
        return re.compile(rf"\{{\{{[<%]-?\s*/\s*{re.escape(name)}\s*-?[>%]\}}\}}")
    return re.compile(rf"\{{%-?\s*end{re.escape(name)}\s*-?%\}}")


def _mask_markup(doc: Document, body: int) -> list[Block]:
    """Blank every shortcode and Liquid tag of the body in `doc.masked_text`, and return the
    callouts read from them: caption attributes and the inside of pull-quote shortcodes."""
    text = doc.text
    doc.masked_text = text
    if text.find("{", body) < 0:
        return []
    spans: list[tuple[int, int]] = []
    callouts: list[tuple[int, int]] = []
    position = body
    while True:
        match = TAG.search(text, position)
        if match is None:
            break
        start, end = match.span()
        group = match.lastgroup
        inner = match.group(group)
        named = TAG_NAME.match(inner) if group != "output" else None
        closing, name = (named.group(1), named.group(2).lower()) if named else (None, "")
        shortcode = group in ("angle", "percent")
        if named and not closing and not inner.rstrip().endswith("/"):
            if (shortcode and name in CODE_SHORTCODES) or (group == "liquid" and name in LIQUID_BLOCKS):
                close = _closing_tag(shortcode, name).search(text, end)
                if close is not None:  # the whole pair and what it holds is markup
                    spans.append((start, close.end()))
                    position = close.end()
                    continue
            if shortcode and QUOTE_SHORTCODE.match(name):
                close = _closing_tag(True, name).search(text, end)
                if close is not None:  # a pull-quote: the tags are markup, the inside a callout
                    spans.append((start, end))
                    callouts.append((end, close.start()))
                    spans.append(close.span())
                    position = close.end()
                    continue
        spans.append((start, end))
        if named and not closing and group != "output":
            wanted = CAPTION_ATTRIBUTES + (QUOTE_ATTRIBUTES if shortcode and QUOTE_SHORTCODE.match(name) else ())
            offset = match.start(group)
            for attribute in ATTRIBUTE.finditer(inner):
                if attribute.group(1).lower() in wanted:
                    value = next(i for i in (2, 3, 4) if attribute.group(i) is not None)
                    callouts.append((offset + attribute.start(value), offset + attribute.end(value)))
        position = end
    if not spans:
        return []
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(_blank(text[start:end]))
        last = end
    pieces.append(text[last:])
    doc.masked_text = "".join(pieces)
    return [block for start, end in callouts if (block := _callout(doc, start, end)) is not None]


def _blank(text: str) -> str:
    """Spaces for every character but the line breaks: the same offsets and lines."""
    return re.sub(r"[^\r\n]", " ", text)


def _callout(doc: Document, start: int, end: int) -> Block | None:
    """A callout block over text[start:end] trimmed, its own markup (nested tags, HTML) blanked;
    the region is blanked in masked_text, so no other block reads it."""
    raw = doc.text[start:end]
    if not raw.strip():
        return None
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    masked = doc.masked_text
    doc.masked_text = masked[:start] + _blank(masked[start:end]) + masked[end:]
    text = HTML_TAG.sub(lambda m: " " * len(m.group()), TAG.sub(lambda m: _blank(m.group()), doc.text[start:end]))
    if not text.strip():
        return None
    return Block("callout", doc.line_of(start), doc.line_of(end - 1), start, end, text)


FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.S | re.I)


def _figcaptions(doc: Document) -> list[Block]:
    """The text of `<figcaption>` elements in HTML blocks (figures embedded in Markdown)."""
    found = []
    for block in doc.blocks:
        if block.kind != "html" or "figcaption" not in block.text.lower():
            continue
        for match in FIGCAPTION.finditer(doc.text, block.start, block.end):
            callout = _callout(doc, match.start(1), match.end(1))
            if callout is not None:
                found.append(callout)
    return found


def _block(doc: Document, kind: str, first: int, last: int) -> Block:
    """A block over line indexes first..last (0-based, inclusive)."""
    start = doc.line_starts[first]
    end = doc.line_starts[last] + len(doc.lines[last])
    return Block(kind, first + 1, last + 1, start, end, (doc.masked_text or doc.text)[start:end])


# A chunk of consecutive lines is one hard-wrapped paragraph when its lines (but the last) are
# short; long lines mean the one-paragraph-per-line layout that pipelines often write.
WRAP_WIDTH = 100


def _paragraphs(doc: Document, first: int, last: int) -> list[Block]:
    if first < last and max(len(doc.lines[i]) for i in range(first, last)) > WRAP_WIDTH:
        return [_block(doc, "paragraph", i, i) for i in range(first, last + 1)]
    return [_block(doc, "paragraph", first, last)]


def _text_blocks(doc: Document, start: int) -> list[Block]:
    """The paragraphs of a plain-text body: runs of lines that show something (`_paragraphs`)."""
    if FAST is None:
        return _text_blocks_python(doc, start)
    text = doc.masked_text or doc.text
    at = doc.line_starts[start] if start < len(doc.lines) else len(text)
    if text is doc.text:  # no markup blanked: a paragraph of one line is that line's text (not copied)
        return FAST.text_paragraphs(text, at, start, WRAP_WIDTH, Block, doc.lines)
    return FAST.text_paragraphs(text, at, start, WRAP_WIDTH, Block)


def _text_blocks_python(doc: Document, start: int) -> list[Block]:
    """`_text_blocks` in Python (the twin of the compiled `text_paragraphs`)."""
    lines = doc.masked_lines
    text = doc.masked_text or doc.text
    line_starts = doc.line_starts
    # the lines that show something (`not is_blank(line)`, written out: most lines of a file)
    shown = [index for index, line in enumerate(lines[start:], start)
             if line and (line[0] not in SHOWS_NOTHING or line.strip(SHOWS_NOTHING))]
    blocks: list[Block] = []
    count = len(shown)
    at = 0
    while at < count:
        first = last = shown[at]
        at += 1
        while at < count and shown[at] == last + 1:
            last += 1
            at += 1
        if first == last or max(map(len, lines[first:last])) <= WRAP_WIDTH:  # one paragraph (`_paragraphs`)
            begin = line_starts[first]
            end = line_starts[last] + len(lines[last])
            blocks.append(Block("paragraph", first + 1, last + 1, begin, end, text[begin:end]))
        else:
            for number in range(first, last + 1):
                begin = line_starts[number]
                end = begin + len(lines[number])
                blocks.append(Block("paragraph", number + 1, number + 1, begin, end, text[begin:end]))
    return blocks


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+) *$")
LIST_ITEM = re.compile(r"^ {0,3}([-+*]|\d{1,9}[.)])(\s|$)")
BLOCK_QUOTE = re.compile(r"^ {0,3}>")
TABLE_ROW = re.compile(r"^ {0,3}\|")
HTML_COMMENT = re.compile(r"^ {0,3}<!--")
HTML_BLOCK = re.compile(r"^ {0,3}</?([A-Za-z][\w-]*)(\s|/?>|$)")
HTML_RAW_TAGS = {"script", "pre", "style", "textarea"}
HTML_BLOCK_TAGS = {  # CommonMark's block-level names (type 6), and the embeds' <iframe>
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "header", "iframe", "nav", "section", "table", "video", "audio",
}


def _markdown_blocks(doc: Document, start: int) -> list[Block]:
    """A line-based reading of CommonMark: enough to tell prose from code, markup and tables."""
    lines, blocks = doc.masked_lines, []
    index, count = start, len(lines)
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
        html = HTML_BLOCK.match(line)
        if html and html.group(1).lower() in HTML_RAW_TAGS:
            # <script>, <pre>, <style>, <textarea>: up to the closing tag (CommonMark type 1)
            closing = re.compile(rf"</{html.group(1)}\s*>", re.I)
            end = index
            while end < count - 1 and not closing.search(lines[end]):
                end += 1
            blocks.append(_block(doc, "html", index, end))
            index = end + 1
            continue
        if html and html.group(1).lower() in HTML_BLOCK_TAGS:
            # a block-level element (a <figure>, an embed's <blockquote>, a <div>): up to the
            # next blank line, as CommonMark reads it (type 6): markup, never prose
            end = index
            while end + 1 < count and not is_blank(lines[end + 1]):
                end += 1
            blocks.append(_block(doc, "html", index, end))
            index = end + 1
            continue
        single = None
        if ATX_HEADING.match(line):
            single = "heading"
        elif THEMATIC_BREAK.match(line):
            single = "rule"
        elif html:
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
    title = doc.front_matter.get("title") if doc.front_matter else None
    if isinstance(title, str) and title.strip():
        doc.headline = title.strip()
        doc.headline_line = doc.front_matter_key_line("title")
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
