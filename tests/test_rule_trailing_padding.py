"""Table tests for trailing-padding: blank or whitespace-only lines after the last line of text."""
from __future__ import annotations

import json

import pytest

from tests.common import check, lint, labeled_example_lines, published_article_findings
from tests.conftest import shared_corpus

RULE = "trailing-padding"

HEAD = "Housing Programme Extended"
P1 = (
    "Lawmakers voted on Wednesday to extend the emergency housing programme for another year, "
    "after councils warned that thousands of families would otherwise lose their temporary homes."
)
P2 = (
    "The programme, introduced during the pandemic, has cost more than expected, and the finance "
    "committee has asked for a full review of its spending before the next budget."
)


def apply_fix(text: str, fix) -> str:
    return text[: fix.start] + fix.replacement + text[fix.end :]


def padding_findings(source, path="article.txt"):
    return [f for f in lint(source, {RULE: {}}, path, select=[RULE]) if f.rule == RULE]


# -- what counts as a blank padding line ------------------------------------------------------

BLANKS = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="spaces"),
    pytest.param("\t", id="tab"),
    pytest.param("\u00a0", id="nbsp"),
    pytest.param("\u3000", id="ideographic-space"),
    pytest.param("\u200b", id="zero-width-space"),
    pytest.param("\f", id="form-feed"),
    pytest.param("\v", id="vertical-tab"),
    pytest.param("\u2060", id="word-joiner"),
    pytest.param("\ufeff", id="zero-width-nbsp-bom-char"),
    pytest.param("\u200c\u200d", id="zwnj-zwj"),
    pytest.param("\u00ad", id="soft-hyphen"),
    pytest.param("\u3164", id="hangul-filler"),
    pytest.param("\u2800", id="braille-blank"),
    pytest.param("\u2002\u2003\u2009\u202f", id="en-em-thin-narrow-spaces"),
    pytest.param("\u2028", id="line-separator-is-not-a-line-break"),
    pytest.param(" \t\u00a0\u3000\u200b\f", id="mixture"),
    pytest.param("\u200f", id="right-to-left-mark"),
    pytest.param("\u200e\u200f", id="left-to-right-and-right-to-left-marks"),
    pytest.param("\u061c", id="arabic-letter-mark"),
    pytest.param("\u202b\u202c\u2067\u2069", id="embedding-and-isolate-controls"),
]


@pytest.mark.parametrize("blank", BLANKS)
def test_every_invisible_filler_counts_as_blank(blank):
    check(f"{HEAD}\n\n{P1}\n{blank}\n", RULE, (4, 1, "1 blank line after the last line of text (line 4)"))


@pytest.mark.parametrize("blank", [p for p in BLANKS if p.values[0]])  # "" without a newline is no line
def test_invisible_filler_as_last_line_without_newline(blank):
    check(f"{HEAD}\n\n{P1}\n{blank}", RULE, (4, 1, "(line 4)"))


# -- positives: (source, expected findings) ----------------------------------------------------

POSITIVE = [
    pytest.param("Text.\n\n", [(2, 1, "1 blank line after the last line of text (line 2)")], id="one-blank"),
    pytest.param("Text.\n\n\n", [(2, 1, "2 blank lines after the last line of text (lines 2-3)")], id="two-blanks"),
    pytest.param("Text.\n\n\n\n\n\n", [(2, 1, "5 blank lines after the last line of text (lines 2-6)")], id="five-blanks"),
    pytest.param("Text.\n   \n", [(2, 1, "1 blank line")], id="spaces-line"),
    pytest.param("Text.\n\t\n\t", [(2, 1, "2 blank lines after the last line of text (lines 2-3)")], id="tabs-no-final-newline"),
    pytest.param("Text.\n  ", [(2, 1, "1 blank line after the last line of text (line 2)")], id="spaces-no-final-newline"),
    pytest.param(
        "Text.\n \n\u00a0\n\u3000\n\u200b\n\f\n\t\n",
        [(2, 1, "6 blank lines after the last line of text (lines 2-7)")],
        id="one-of-each",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n\n\n",
        [(6, 1, "3 blank lines after the last line of text (lines 6-8)")],
        id="article-blank-line-layout",
    ),
    pytest.param(
        f"{HEAD}\n{P1}\n{P2}\n\n",
        [(4, 1, "1 blank line after the last line of text (line 4)")],
        id="article-one-paragraph-per-line",
    ),
    pytest.param("Text.   \n\n", [(2, 1, "(line 2)")], id="trailing-spaces-on-text-line-are-not-counted"),
]


@pytest.mark.parametrize("source, expected", POSITIVE)
def test_reports_padding(source, expected):
    check(source, RULE, *expected)


def test_finding_spans_the_whole_padding():
    (finding,) = check("Text.\n\n \n  ", RULE, (2, 1, "3 blank lines after the last line of text (lines 2-4)"))
    assert (finding.end_line, finding.end_column) == (4, 3)
    assert finding.severity == "error"


# -- clean: one final newline or none; blank lines inside the text -----------------------------

CLEAN = [
    pytest.param("Text.", id="no-final-newline"),
    pytest.param("Text.\n", id="one-lf"),
    pytest.param("Text.\r\n", id="one-crlf"),
    pytest.param("Text.\r", id="one-cr"),
    pytest.param("Text.   ", id="trailing-spaces-no-newline"),
    pytest.param("Text.  \n", id="markdown-hard-break-spaces"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n\n\n\n{P2}\n", id="blank-lines-inside-text"),
    pytest.param(f"{HEAD}\n\n{P1}\n \t\n\u00a0\n\u3000\n\u200b\n{P2}\n", id="whitespace-lines-inside-text"),
    pytest.param(f"{HEAD}\n{P1}\n{P2}\n", id="one-paragraph-per-line"),
    pytest.param("Text.\n\n\u2014\n", id="last-line-is-a-dash"),
    pytest.param("Text.\n\n* * *\n", id="last-line-is-a-thematic-break"),
    pytest.param("Text.\n\n<!-- end -->\n", id="last-line-is-an-html-comment"),
    pytest.param("Text.\n\n\u3002\n", id="last-line-is-cjk-full-stop"),
    pytest.param("Text.\n\u3000\u3002\n", id="ideographic-space-before-visible-char"),
    pytest.param("Text.\u2028\n", id="line-separator-inside-last-line"),
]


@pytest.mark.parametrize("source", CLEAN)
def test_clean(source):
    check(source, RULE)


def test_nothing_but_blanks_is_left_to_the_engine():
    findings = lint("\n\n \n\u00a0\n", {RULE: {}}, select=[RULE])
    assert [f for f in findings if f.rule == RULE] == []
    assert findings, "the engine reports a file with no text"


# -- Markdown layout ---------------------------------------------------------------------------

MD_ARTICLE = (
    "# Housing Programme Extended\n"  # 1
    "\n"  # 2
    "Lawmakers voted on Wednesday to extend the emergency housing\n"  # 3
    "programme for another year, after councils warned that thousands\n"  # 4
    "of families would otherwise lose their temporary homes.\n"  # 5
    "\n"  # 6
    "## Reaction\n"  # 7
    "\n"  # 8
    "- Tenant groups welcomed the vote.\n"  # 9
    "- Landlords did not.\n"  # 10
    "\n"  # 11
    "> The extension buys time, not homes.\n"  # 12
    "\n"  # 13
    "```\n"  # 14
    "code with blank lines inside\n"  # 15
    "\n"  # 16
    "\n"  # 17
    "```\n"  # 18
)

MARKDOWN = [
    pytest.param(MD_ARTICLE, [], id="ends-with-fence"),
    pytest.param(MD_ARTICLE + "\n\n", [(19, 1, "2 blank lines after the last line of text (lines 19-20)")], id="fence-then-padding"),
    pytest.param(MD_ARTICLE + "\n    \n", [(19, 1, "(lines 19-20)")], id="fence-then-indented-blank"),
    pytest.param(MD_ARTICLE.split("```")[0], [(13, 1, "1 blank line after the last line of text (line 13)")], id="quote-then-blank-line"),
    pytest.param(MD_ARTICLE.split("\n>")[0] + "\n", [(11, 1, "(line 11)")], id="list-then-blank-line"),
    pytest.param("# Title\n\nText.\n\n## Section\n\n\n", [(6, 1, "(lines 6-7)")], id="heading-then-blank"),
]


@pytest.mark.parametrize("source, expected", MARKDOWN)
def test_markdown(source, expected):
    check(source, RULE, *expected, path="article.md")


# -- line endings, BOM, front matter, non-Latin text -------------------------------------------

ENDINGS = [
    pytest.param("Text.\r\n\r\n", [(2, 1, "(line 2)")], id="crlf-one"),
    pytest.param("Text.\r\n\r\n \r\n\t\r\n", [(2, 1, "3 blank lines after the last line of text (lines 2-4)")], id="crlf-three"),
    pytest.param("Text.\r\r\r", [(2, 1, "2 blank lines after the last line of text (lines 2-3)")], id="cr-two"),
    pytest.param("Text.\r \r\u00a0", [(2, 1, "(lines 2-3)")], id="cr-whitespace-no-final"),
    pytest.param(f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n", [], id="crlf-clean"),
    pytest.param(f"{HEAD}\r\r{P1}\r\r{P2}\r", [], id="cr-clean"),
    pytest.param(f"{HEAD}\r\r{P1}\r\r\r\r{P2}\r", [], id="cr-blank-lines-inside"),
    pytest.param("A.\r\nB.\nC.\r\r\n\n", [(4, 1, "2 blank lines after the last line of text (lines 4-5)")], id="mixed"),
]


@pytest.mark.parametrize("source, expected", ENDINGS)
def test_line_endings(source, expected):
    check(source, RULE, *expected)


def test_bom_does_not_shift_lines_or_columns():
    raw = b"\xef\xbb\xbf" + f"{HEAD}\n\n{P1}\n\n\n".encode()
    (finding,) = check(raw, RULE, (4, 1, "2 blank lines after the last line of text (lines 4-5)"))
    decoded = raw.decode("utf-8-sig")
    assert apply_fix(decoded, finding.fix) == f"{HEAD}\n\n{P1}\n"


def test_bom_only_clean():
    check(b"\xef\xbb\xbfText.\n", RULE)


FRONT_MATTER = [
    pytest.param("---\ntitle: Housing\ndate: 2025-01-01\n---\nText.\n\n\n", [(6, 1, "(lines 6-7)")], id="lf"),
    pytest.param("---\r\ntitle: Housing\r\n---\r\n\r\nText.\r\n\r\n", [(6, 1, "(line 6)")], id="crlf"),
    pytest.param("---\ntitle: Housing\n\n\n---\nText.\n", [], id="blank-lines-inside-front-matter"),
    pytest.param("---\ntitle: Housing\n---\n\n\n\nText.\n", [], id="blank-lines-after-front-matter"),
]


@pytest.mark.parametrize("source, expected", FRONT_MATTER)
def test_front_matter_counts_in_line_numbers(source, expected):
    check(source, RULE, *expected, path="article.md")


NON_LATIN = [
    pytest.param("住房计划延长\n\n议员们周三投票决定将紧急住房计划再延长一年。\n\u3000\n\n", [(4, 1, "(lines 4-5)")], id="chinese"),
    pytest.param("Продление программы\n\nДепутаты проголосовали в среду.\n\n", [(4, 1, "(line 4)")], id="russian"),
    pytest.param("تمديد البرنامج\n\nصوت المشرعون يوم الأربعاء.\n\u00a0\n", [(4, 1, "(line 4)")], id="arabic"),
    pytest.param("Prolongation du programme\n\nLes députés ont voté mercredi à l'unanimité.\n", [], id="french-clean"),
    pytest.param("見出し\n\n議員たちは水曜日に投票した。\n", [], id="japanese-clean"),
]


@pytest.mark.parametrize("source, expected", NON_LATIN)
def test_non_latin(source, expected):
    check(source, RULE, *expected)


# -- the fix: exactly one final newline, in the file's own style -------------------------------

FIXES = [
    pytest.param("Text.\n\n", "Text.\n", id="lf"),
    pytest.param("Text.\n\n\n\n", "Text.\n", id="lf-many"),
    pytest.param("Text.\n  ", "Text.\n", id="spaces-without-final-newline"),
    pytest.param("Text.\n\u00a0\n\u3000\n\u200b\n\f\n\t", "Text.\n", id="every-filler"),
    pytest.param("Text.\r\n\r\n \r\n", "Text.\r\n", id="crlf"),
    pytest.param("Text.\r\n\t", "Text.\r\n", id="crlf-no-final"),
    pytest.param("Text.\r\r\r", "Text.\r", id="cr"),
    pytest.param("Text.\r\u00a0", "Text.\r", id="cr-no-final"),
    pytest.param(f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n\r\n\r\n", f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n", id="crlf-article"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n\n\n{P2}\n\n", f"{HEAD}\n\n{P1}\n\n\n\n{P2}\n", id="inner-blanks-kept"),
    pytest.param("Text.   \n\n", "Text.   \n", id="text-line-kept-as-is"),
]


@pytest.mark.parametrize("source, fixed", FIXES)
def test_fix_leaves_one_final_newline(source, fixed):
    (finding,) = padding_findings(source)
    assert finding.fix is not None
    assert apply_fix(source, finding.fix) == fixed
    assert padding_findings(apply_fix(source, finding.fix)) == []


def test_fix_on_mixed_endings_leaves_exactly_one_line_break():
    source = "A.\r\nB.\r\nC.\r\n\r\n\n"
    (finding,) = padding_findings(source)
    fixed = apply_fix(source, finding.fix)
    assert fixed == "A.\r\nB.\r\nC.\r\n"
    assert padding_findings(fixed) == []


# -- the labeled examples ----------------------------------------------------------------------

def _labeled():
    folder = shared_corpus("examples")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    lines = json.loads((folder / "expected_lines.json").read_text(encoding="utf-8"))
    return folder, expected, lines


@pytest.mark.parametrize(
    "name",
    ["padding_blank_lines.txt", "padding_whitespace_crlf.txt", "padding_none_ok.md", "../seeds/000_5cbcde181c5b7a1b.txt"],
)
def test_labeled_examples(name):
    got, want = labeled_example_lines(RULE, name)
    assert got == want


def test_published_articles_are_clean():
    assert published_article_findings(RULE) == []


# -- right-to-left text and other scripts -------------------------------------------------------

HEBREW = "העיר לינהאי סיימה לתקן 12 קילומטרים של סוללות לאורך נהר לינג."
ARABIC = "أنهت مدينة لينهاي إصلاح 12 كيلومترا من السدود على طول نهر لينغ."
CHINESE = "临海市已完成灵江沿岸12公里堤防的修复工作，比雨季开始早了两周。"


@pytest.mark.parametrize("prose", [HEBREW, ARABIC, CHINESE])
def test_padding_after_text_in_other_scripts(prose):
    check(f"{prose}\n\u3000\u3000\n\u200f\n\n", RULE, (2, 1, "3 blank lines after the last line of text (lines 2-4)"))


@pytest.mark.parametrize("prose", [HEBREW, ARABIC])
def test_a_direction_mark_ending_a_line_of_text_is_text(prose):
    """RLM after the last words belongs to the line of text; only a line of marks is padding."""
    check(f"{prose}\u200f\n", RULE)
    check(f"\u200f{prose}\u200e\n\u200f\n", RULE, (2, 1, "(line 2)"))
