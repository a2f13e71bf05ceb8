"""`--format html`: one self-contained page for people reviewing an archive's findings.

A summary first (findings by rule, by severity and by folder; the most affected articles),
then every finding with the lines it is about, read from the article: both copies of a repeated
block side by side with the words that differ marked, both mentions of a title conflict, the
hashtags, and padding made visible (`·` space, `⇥` tab, `U+XXXX` for other invisible
characters). Findings can be filtered by rule and severity (a small inline script).

Safety: the page is a Jinja2 template with autoescape, so an article holding markup or
`<script>` shows as text. Its Content-Security-Policy allows nothing but its own inline style
and script, named by their SHA-256 hashes computed here: nothing is fetched from the network.
"""
from __future__ import annotations

import base64
import collections
import datetime
import difflib
import hashlib
import os
import re
from importlib import resources

import jinja2
import markupsafe

from .. import __version__
from ..finding import SEVERITIES, Finding
from .articles import Articles

CONTEXT = 1  # lines shown before and after a finding's lines
MAX_LINES = 12  # lines shown of one finding's span (the rest elided)
MAX_LINE_CHARS = 600  # characters shown of one line
TOP_ARTICLES = 10
HASHTAG = re.compile(r"(?<![\w#])#\w[\w-]*")
WORD = re.compile(r"\S+|\s+")
SPACES = {" ": "·", "\t": "⇥"}
# characters that show nothing: Unicode spaces and fillers, zero-width and format characters
INVISIBLE = re.compile(
    "[\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\u3164\ufeff\u115f\u1160\uffa0\u2800\u00ad\u034f\u180e]"
)


def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    source = resources.files("pytest_newslint.formats").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    return env.from_string(source)


def _asset(name: str) -> str:
    return resources.files("pytest_newslint.formats").joinpath(f"templates/{name}").read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def docs_link(rule_id: str, rules: dict) -> str | None:
    """The rule's documentation: under NEWSLINT_DOCS_URL (as SARIF's helpUri), else the
    repository's docs/rules/RULE.md, relative; None for rules without a page there."""
    rule = rules.get(rule_id)
    if rule is None or rule.source != "built-in":
        return None
    base = os.environ.get("NEWSLINT_DOCS_URL")
    return f"{base.rstrip('/')}/rules/{rule_id}.md" if base else f"docs/rules/{rule_id}.md"


# -- pieces of text: lists of (text, css class or "") ------------------------------------------

def _visible(text: str, spaces: bool) -> list[tuple[str, str]]:
    """`text` with invisible characters labelled (and, with `spaces`, spaces and tabs shown)."""
    pieces: list[tuple[str, str]] = []
    plain = []
    for char in text:
        if spaces and char in SPACES:
            label = SPACES[char]
        elif INVISIBLE.match(char) or (char == "\t" and spaces):
            label = f"U+{ord(char):04X}"
        else:
            plain.append(char)
            continue
        if plain:
            pieces.append(("".join(plain), ""))
            plain = []
        pieces.append((label, "inv"))
    if plain:
        pieces.append(("".join(plain), ""))
    return pieces


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + " …"


def _marked(text: str, spans: list[tuple[int, int, str]], spaces: bool = False) -> list[tuple[str, str]]:
    """`text` cut at the spans (start, end, class), invisible characters labelled."""
    text = _clip(text)
    pieces, at = [], 0
    for start, end, cls in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces += _visible(text[at:start], spaces)
        pieces += [(t, c or cls) for t, c in _visible(text[start:end], spaces)]
        at = end
    pieces += _visible(text[at:], spaces)
    return pieces


def _lines_view(lines: list[str], first: int, last: int, spans: dict[int, list], spaces_in: set[int] = frozenset(),
                context: int = CONTEXT) -> list[dict]:
    """Rows {number, pieces, hot} for lines first-context..last+context (1-based), a long span elided."""
    rows = []
    low, high = max(1, first - context), min(len(lines), last + context)
    numbers = list(range(low, high + 1))
    if last - first + 1 > MAX_LINES:
        keep = set(range(low, first + MAX_LINES // 2)) | set(range(last - MAX_LINES // 2 + 1, high + 1))
        elided = [n for n in numbers if n not in keep]
        numbers = [n for n in numbers if n in keep]
    else:
        elided = []
    for number in numbers:
        if elided and number == elided[-1] + 1:
            rows.append({"number": "…", "pieces": [(f"{len(elided)} lines not shown", "gap")], "hot": True})
        text = lines[number - 1]
        rows.append({
            "number": number,
            "pieces": _marked(text, spans.get(number, []), number in spaces_in) if text else [("⏎", "inv")] if number in spaces_in else [],
            "hot": first <= number <= last,
        })
    return rows


def _span_cols(lines: list[str], line: int, column: int, end_line: int, end_column: int, cls: str) -> dict[int, list]:
    """{line: [(start, end, cls)]} (0-based character offsets) for a region of the article."""
    spans: dict[int, list] = {}
    end_line = max(end_line or line, line)
    for number in range(line, min(end_line, len(lines)) + 1):
        start = column - 1 if number == line else 0
        end = (end_column - 1) if number == end_line and end_column > 0 else len(lines[number - 1])
        if end > start:
            spans.setdefault(number, []).append((start, end, cls))
    return spans


def _region_text(lines: list[str], first: int, last: int) -> str:
    return "\n".join(lines[first - 1 : last])


def _diff_side(words: list[str], changed: set[int]) -> list[tuple[str, str]]:
    pieces = []
    for index, word in enumerate(words):
        cls = "d" if index in changed and not word.isspace() else ""
        if pieces and pieces[-1][1] == cls:
            pieces[-1] = (pieces[-1][0] + word, cls)
        else:
            pieces.append((word, cls))
    return [(text, cls) for chunk, cls in pieces for text, cls in _visible_keep(chunk, cls)]


def _visible_keep(text: str, cls: str) -> list[tuple[str, str]]:
    return [(t, c or cls) for t, c in _visible(text, False)]


def _word_diff(a: str, b: str) -> tuple[list, list]:
    """Both texts cut into words and spaces, the words that differ marked (difflib on words)."""
    limit = MAX_LINE_CHARS * 4
    a, b = _clip_block(a, limit), _clip_block(b, limit)
    wa, wb = WORD.findall(a), WORD.findall(b)
    changed_a, changed_b = set(), set()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            changed_a.update(range(a0, a1))
            changed_b.update(range(b0, b1))
    return _diff_side(wa, changed_a), _diff_side(wb, changed_b)


def _clip_block(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


# -- one finding --------------------------------------------------------------------------------

def _view(f: Finding, articles: Articles) -> dict:
    view = {"f": f, "rows": [], "pair": None, "folder": _folder(f.path)}
    lines = articles.lines(f.path)
    if lines is None or not 1 <= f.line <= len(lines) or f.rule in ("file-error", "internal-error"):
        return view
    last = min(max(f.end_line or f.line, f.line), len(lines))
    if f.rule == "repeated-block" and f.related:
        other = f.related[0]
        other_lines = articles.lines(other.path) if other.path else lines
        if other_lines is not None and 1 <= other.line <= len(other_lines):
            o_last = min(max(other.end_line, other.line), len(other_lines))
            first_copy = _region_text(other_lines, other.line, o_last)
            this_copy = _region_text(lines, f.line, last)
            left, right = _word_diff(first_copy, this_copy)
            view["pair"] = {
                "left": left, "right": right,
                "left_label": f"{other.path + ' ' if other.path else ''}{_lines_label(other.line, o_last)} ({other.message or 'the other copy'})",
                "right_label": f"{_lines_label(f.line, last)} (this copy)",
                "same": left == right,
            }
            return view
    spans: dict[int, list] = {}
    spaces_in: set[int] = set()
    if f.rule == "title-role":
        spans = _span_cols(lines, f.line, f.column, f.end_line, f.end_column, "hit")
        for other in f.related:
            if other.path is None:
                for number, items in _span_cols(lines, other.line, other.column, other.end_line, other.end_column, "hit2").items():
                    spans.setdefault(number, []).extend(items)
        rows = []
        near = sorted({f.line, *[o.line for o in f.related if o.path is None]})
        for number in near:  # each mention on its line, with the line itself as context
            rows += _lines_view(lines, number, number, spans, context=0)
            rows.append({"number": "", "pieces": [], "hot": False, "sep": True})
        view["rows"] = rows[:-1]
        return view
    if f.rule == "hashtag-stuffing":
        for number in range(f.line, last + 1):
            spans[number] = [(m.start(), m.end(), "tag") for m in HASHTAG.finditer(_clip(lines[number - 1]))]
    elif f.rule == "trailing-padding":
        spaces_in = set(range(f.line, last + 1))
    else:
        spans = _span_cols(lines, f.line, f.column, f.end_line, f.end_column, "hit")
    view["rows"] = _lines_view(lines, f.line, last, spans, spaces_in)
    return view


def _lines_label(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _folder(path: str) -> str:
    folder = os.path.dirname(path.replace(os.sep, "/"))
    return folder or "."


# -- the page -----------------------------------------------------------------------------------

def render_html(findings: list[Finding], files: list[str], rules: dict | None = None) -> str:
    if rules is None:
        from ..plugins import available_rules

        rules = available_rules()
    articles = Articles()
    views = [_view(f, articles) for f in findings]
    by_rule = collections.Counter(f.rule for f in findings)
    by_severity = collections.Counter(f.severity for f in findings)
    by_folder = collections.Counter(view["folder"] for view in views)
    by_article = collections.Counter(f.path for f in findings)
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return _template().render(
        version=__version__,
        generated=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        files=len(files),
        findings=views,
        total=len(findings),
        articles_with=len(by_article),
        by_rule=sorted(by_rule.items(), key=lambda item: (-item[1], item[0])),
        by_severity=[(s, by_severity[s]) for s in SEVERITIES if by_severity[s]],
        by_folder=sorted(by_folder.items(), key=lambda item: (-item[1], item[0])),
        top_articles=by_article.most_common(TOP_ARTICLES),
        docs={rule_id: docs_link(rule_id, rules) for rule_id in by_rule},
        summaries={rule_id: (rules[rule_id].summary if rule_id in rules else "") for rule_id in by_rule},
        css=markupsafe.Markup(css),
        js=markupsafe.Markup(js),
        csp=markupsafe.Markup(csp),  # our own text: keywords and base64 hashes, no quote or bracket
    )
