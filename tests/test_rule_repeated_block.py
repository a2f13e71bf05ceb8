"""Table tests for repeated-block: a passage repeated in one article, exact or near."""
from __future__ import annotations

import textwrap

import pytest

from tests.common import check, labeled_example_lines, published_article_findings, rule_findings

RULE = "repeated-block"

HEAD = "Housing Programme Extended"
P1 = (
    "Lawmakers voted on Wednesday to extend the emergency housing programme for another year, "
    "after councils warned that thousands of families would otherwise lose their temporary homes."
)
P2 = (
    "The programme, introduced during the pandemic, has cost more than expected, and the finance "
    "committee has asked for a full review of its spending before the next budget."
)
P3 = (
    "Tenant groups welcomed the vote but said the extension did little to address the shortage of "
    "affordable homes, which they described as the root of the crisis."
)
P4 = "Officials declined to comment further on the matter when reached by telephone on Thursday evening."
# near-duplicates of P2 / P1 / P3
P2_NEAR = (
    "The programme, introduced during the pandemic, has cost far more than expected, and the finance "
    "committee has asked for a complete review of its spending before the next budget."
)  # 95% similar
P2_LOOSE = (
    "The programme, introduced during the pandemic, has cost far more than anyone expected, and the budget "
    "committee has asked for a complete audit of its spending before the next budget."
)  # 86% similar
P1_ONE_WORD = P1.replace("Wednesday", "Thursday")  # 96% similar
P3_NEAR = P3.replace("welcomed", "praised")
# ten words: under the default min-words (15)
SHORT = "The council will publish the full report on Friday morning."
QUESTION = (
    "Would you support extending the emergency housing programme for another year if the council asked you to?"
)
ANSWER = (
    "I think the programme has cost more than expected, and the finance committee must review the spending "
    "before the next budget."
)

WRAPPED_72 = textwrap.fill(f"{P1} {P2}", 72)  # 5 lines
WRAPPED_50 = textwrap.fill(f"{P1} {P2}", 50)  # 8 lines
assert (len(WRAPPED_72.splitlines()), len(WRAPPED_50.splitlines())) == (5, 8)


def apply_fix(text: str, fix) -> str:
    return text[: fix.start] + fix.replacement + text[fix.end :]


def findings(source, path="article.txt", options=None):
    return rule_findings(source, RULE, path, options)


# -- positives: (source, path, expected) -------------------------------------------------------

POSITIVE = [
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P1}\n",
        "article.txt",
        [(9, 1, "line 9 repeats line 3 (exact copy)")],
        id="exact-copy-blank-line-layout",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n{P2}\n{P3}\n{P1}\n{P2}\n",
        "article.txt",
        [(6, 1, "lines 6-7 repeat lines 3-4 (exact copy)")],
        id="run-one-paragraph-per-line",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P1}\n\n{P2}\n",
        "article.txt",
        [(9, 1, "lines 9-11 repeat lines 3-5 (exact copy)")],
        id="run-blank-line-layout",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_NEAR}\n",
        "article.txt",
        [(9, 1, "line 9 repeats line 5 (near-duplicate, 95% similar)")],
        id="near-duplicate-two-words",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P1_ONE_WORD}\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3 (near-duplicate, 96% similar)")],
        id="near-duplicate-one-word",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n{P2}\n{P3}\n{P2_NEAR}\n{P3_NEAR}\n",
        "article.txt",
        [(6, 1, "lines 6-7 repeat lines 4-5 (near-duplicate, 95% similar)")],
        id="near-duplicate-run",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P1}\n\n{P1}\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3"), (9, 1, "line 9 repeats line 3")],
        id="three-copies",
    ),
    pytest.param(
        f"{HEAD}\n\n{P3} {P1} {P2} {P4} {P1} {P2}\n",
        "article.txt",
        [(3, 611, "line 3 repeats line 3 (exact copy)")],
        id="run-of-sentences-inside-one-paragraph",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1} {P2}\n\n{P3} {P1}\n",
        "article.txt",
        [(5, 160, "line 5 repeats line 3 (exact copy)")],
        id="sentence-moved-into-another-paragraph",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n"
        + P1.upper().replace(",", ";").replace(".", "!")
        + "\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3 (exact copy)")],
        id="case-and-punctuation-ignored",
    ),
    pytest.param(
        f"{HEAD}\n\n\"The council's plan,\" {P2}\n\n{P3}\n\n“The council’s plan,” {P2}\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3 (exact copy)")],
        id="quote-styles-ignored",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}  {P2}\n\n{P3}\n\n{P1}\t{P2}\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3 (exact copy)")],
        id="white-space-ignored",
    ),
    # Markdown
    pytest.param(
        f"# {HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_NEAR}\n",
        "article.md",
        [(9, 1, "line 9 repeats line 5 (near-duplicate, 95% similar)")],
        id="md-near-duplicate",
    ),
    pytest.param(
        f"# {HEAD}\n\n{WRAPPED_72}\n\n{P3}\n\n{WRAPPED_50}\n",
        "article.md",
        [(11, 1, "lines 11-18 repeat lines 3-7 (exact copy)")],
        id="md-rewrapped-copy",
    ),
    pytest.param(
        f"# {HEAD}\n\n## Vote\n\n{WRAPPED_72}\n\n## Reaction\n\n{P3}\n\n{P1}\n",
        "article.md",
        [(15, 1, "line 15 repeats lines 5-7 (exact copy)")],
        id="md-wrapped-original-unwrapped-copy",
    ),
    pytest.param(
        f"# {HEAD}\n\n- {P1}\n- {P2}\n\n{P3}\n\n- {P1}\n",
        "article.md",
        [(8, 1, "line 8 repeats line 3 (exact copy)")],
        id="md-list-item-copy",
    ),
    pytest.param(
        f"# {HEAD}\n\n> {P1}\n\n{P2}\n\n> {P1}\n",
        "article.md",
        [(7, 1, "line 7 repeats line 3 (exact copy)")],
        id="md-quote-copied-as-quote",
    ),
    # non-Latin and accented text
    pytest.param(
        "Продление программы\n\n"
        "Депутаты в среду проголосовали за продление программы экстренного жилья ещё на один год, после того "
        "как советы предупредили, что тысячи семей иначе потеряют временное жильё.\n\n"
        "Программа обошлась дороже, чем ожидалось.\n\n"
        "Депутаты в среду проголосовали за продление программы экстренного жилья ещё на один год, после того "
        "как советы предупредили, что тысячи семей иначе потеряют временное жильё.\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3 (exact copy)")],
        id="cyrillic",
    ),
    pytest.param(
        "Título\n\n"
        "El primer ministro anunció el miércoles que el programa de vivienda de emergencia se ampliará otro año, "
        "después de que los ayuntamientos advirtieran a las familias.\n\n"
        f"{P1}\n\n"
        "El primer ministro anunció el miércoles que el programa de vivienda de emergencia se ampliará otro año, "
        "después de que los ayuntamientos advirtieran a las familias.\n",
        "article.txt",
        [(7, 1, "line 7 repeats line 3 (exact copy)")],
        id="accented-spanish",
    ),
]


@pytest.mark.parametrize("source, path, expected", POSITIVE)
def test_reports_repeats(source, path, expected):
    check(source, RULE, *expected, path=path)


def test_severity_and_span():
    (finding,) = check(f"{HEAD}\n\n{P1}\n{P2}\n{P3}\n{P1}\n{P2}\n", RULE, (6, 1))
    assert finding.severity == "error"
    assert (finding.end_line, finding.end_column) == (7, len(P2) + 1)


# -- hard negatives ----------------------------------------------------------------------------

CREDIT = "Image: Reuters."
NEGATIVE = [
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n", "article.txt", id="no-repeat"),
    pytest.param(f"{HEAD}\n\n{P1}\n\nRead more\n\n{P2}\n\nRead more\n\n{P3}\n", "article.txt", id="read-more"),
    pytest.param(f"{HEAD}\n{P1}\nRead more\n{P2}\nRead more\n{P3}\n", "article.txt", id="read-more-one-per-line"),
    pytest.param(
        f"{HEAD}\n\n{CREDIT} {P1}\n\n{CREDIT} {P2}\n\n{CREDIT}\n", "article.txt", id="photo-credits"
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\nImage: Jane Smith/Reuters.\n\n{P2}\n\nImage: Jane Smith/Reuters.\n",
        "article.txt",
        id="photo-credit-lines",
    ),
    pytest.param(f"{HEAD}\n\n{SHORT}\n\n{P1}\n\n{SHORT}\n", "article.txt", id="short-sentence-under-min-words"),
    pytest.param(
        f"{HEAD}\n\nWe asked each candidate.\n\nAlice Brown: {QUESTION}\n\n{QUESTION}\n\n{QUESTION}\n",
        "article.txt",
        id="same-question-to-candidates",
    ),
    pytest.param(
        f"{HEAD}\n\n{QUESTION}\n\nAlice said yes.\n\n{QUESTION}\n\nBob said no.\n", "article.txt", id="question-repeated"
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{ANSWER}\n\n((WN)) What do you think?\n\n((Jane Doe)) {ANSWER}\n\n((WN)) Thanks.\n",
        "article.txt",
        id="interview-pull-quote-before-transcript",
    ),
    pytest.param(f"{HEAD}\n\n\"{P2}\"\n\n{P1}\n\n{P2}\n", "article.txt", id="pull-quote-straight-quotes"),
    pytest.param(f"{HEAD}\n\n“{P2}”\n\n{P1}\n\n{P2}\n", "article.txt", id="pull-quote-curly-quotes"),
    pytest.param(f"{HEAD}\n\n«{P2}»\n\n{P1}\n\n{P2}\n", "article.txt", id="pull-quote-guillemets"),
    pytest.param(f"{HEAD}\n\n{P2}\n\n{P1}\n\n\"{P2}\"\n", "article.txt", id="plain-then-quoted"),
    pytest.param(
        "Lawmakers vote to extend emergency housing programme for another year after councils warn of lost homes\n\n"
        "Lawmakers vote to extend emergency housing programme for another year after councils warn of lost homes. "
        f"{P2}\n\n{P3}\n",
        "article.txt",
        id="headline-repeated-as-lede",
    ),
    pytest.param(
        "# Lawmakers vote to extend emergency housing programme for another year after councils warn of lost homes\n\n"
        "Lawmakers vote to extend emergency housing programme for another year after councils warn of lost homes.\n",
        "article.md",
        id="md-heading-repeated-as-lede",
    ),
    pytest.param(
        f"---\ntitle: \"{P1}\"\n---\n\n{P1}\n\n{P2}\n", "article.md", id="front-matter-title-repeated-in-body"
    ),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n```\n{P1}\n```\n\n{P3}\n", "article.md", id="md-fenced-code"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n    {P1}\n\n{P3}\n", "article.md", id="md-indented-code"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n| {P1} |\n| --- |\n", "article.md", id="md-table"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n<div>{P1}</div>\n", "article.md", id="md-html"),
    pytest.param(f"# {P1}\n\n## {P1}\n\n{P2}\n", "article.md", id="md-headings"),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\nCouncils warned on Wednesday that thousands of families would lose their temporary homes "
        "unless lawmakers extended the programme, which they did after a long debate.\n",
        "article.txt",
        id="same-topic-different-sentence",
    ),
    pytest.param(
        "住房计划延长\n\n议员们周三投票决定将紧急住房计划再延长一年，此前各地议会警告说，否则数千个家庭将失去临时住所。\n\n"
        "该计划在疫情期间推出，成本高于预期，财政委员会要求在下一次预算之前对其支出进行全面审查。\n",
        "article.txt",
        id="chinese-no-repeat",
    ),
    pytest.param(
        "習近平氏が来日\n\n習近平国家主席は金曜日に東京を訪れた。\n\n首相は会談後に記者団に語った。\n",
        "article.md",
        id="japanese-no-repeat",
    ),
]


@pytest.mark.parametrize("source, path", NEGATIVE)
def test_not_a_finding(source, path):
    check(source, RULE, path=path)


# -- options -----------------------------------------------------------------------------------

OPTIONS = [
    # min-words: the shortest passage that is reported
    pytest.param(f"{HEAD}\n\n{SHORT}\n\n{P1}\n\n{SHORT}\n", {}, [], id="min-words-default"),
    pytest.param(f"{HEAD}\n\n{SHORT}\n\n{P1}\n\n{SHORT}\n", {"min-words": 10}, [(7, 1, "exact copy")], id="min-words-10"),
    pytest.param(f"{HEAD}\n\n{SHORT}\n\n{P1}\n\n{SHORT}\n", {"min-words": 11}, [], id="min-words-11"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P1}\n", {"min-words": 40}, [], id="min-words-above-paragraph"),
    pytest.param(
        f"{HEAD}\n\n{P1}\n{P2}\n{P3}\n{P1}\n{P2}\n", {"min-words": 40}, [(6, 1, "lines 6-7")], id="min-words-run-counts"
    ),
    # similarity: the word-level ratio at which sentences count as the same
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_LOOSE}\n", {}, [(9, 1, "86% similar")], id="similarity-default"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_LOOSE}\n", {"similarity": 0.9}, [], id="similarity-0.9"),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_NEAR}\n", {"similarity": 0.9}, [(9, 1, "95% similar")], id="similarity-0.9-close"
    ),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_NEAR}\n", {"similarity": 1.0}, [], id="similarity-1-exact-only"),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P1}\n", {"similarity": 1.0}, [(9, 1, "exact copy")], id="similarity-1-exact"
    ),
    # min-sentence-words: short sentences never count
    pytest.param(
        f"{HEAD}\n\nImage: Reuters staff photographer. {P1}\n\nImage: Reuters staff photographer. {P2}\n",
        {"min-words": 3},
        [(5, 1, "line 5 repeats line 3 (exact copy)")],
        id="min-sentence-words-default",
    ),
    pytest.param(
        f"{HEAD}\n\nImage: Reuters staff photographer. {P1}\n\nImage: Reuters staff photographer. {P2}\n",
        {"min-words": 3, "min-sentence-words": 5},
        [],
        id="min-sentence-words-5",
    ),
    # interview-tags: how many tagged paragraphs make a transcript
    pytest.param(
        f"{HEAD}\n\n((WN)) What?\n\n((Jane Doe)) {ANSWER}\n\n{ANSWER}\n",
        {},
        [(7, 1, "line 7 repeats line 5")],
        id="interview-tags-default-two-tags-not-a-transcript",
    ),
    pytest.param(
        f"{HEAD}\n\n((WN)) What?\n\n((Jane Doe)) {ANSWER}\n\n{ANSWER}\n",
        {"interview-tags": 2},
        [(7, 1, "line 7 repeats line 5 (near-duplicate")],
        id="interview-tags-2-whole-answer-pasted-again",
    ),
]


@pytest.mark.parametrize("source, options, expected", OPTIONS)
def test_options(source, options, expected):
    check(source, RULE, *expected, options=options)

# A whole answer pasted again word for word is a defect even inside an interview transcript
# (the exemption covers a speaker repeating a short phrase, and pull-quotes of an answer).
TRANSCRIPT_PASTES = [
    pytest.param(
        f"{HEAD}\n\n((WN)) What do you think of the vote?\n\n((Jane Doe)) {ANSWER}\n\n"
        f"((WN)) And the review?\n\n((Jane Doe)) {ANSWER}\n",
        "article.txt",
        id="interview-wn-tags",
    ),
    pytest.param(
        f"{HEAD}\n\nQ: What do you think of the vote?\n\nA: {ANSWER}\n\nQ: And the review?\n\nA: {ANSWER}\n",
        "article.txt",
        id="interview-q-a",
    ),
    pytest.param(
        f"# {HEAD}\n\n**WN:** What do you think of the vote?\n\n**Jane Doe:** {ANSWER}\n\n"
        f"**WN:** And the review?\n\n**Jane Doe:** {ANSWER}\n",
        "article.md",
        id="interview-bold-names-md",
    ),
]


@pytest.mark.parametrize("source, path", TRANSCRIPT_PASTES)
def test_whole_answer_pasted_twice_in_a_transcript(source, path):
    check(source, RULE, (9, 1, "line 9 repeats line 5 (exact copy)"), path=path)



# -- line endings, BOM, front matter -----------------------------------------------------------

POSITIONS = [
    pytest.param(f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n\r\n{P1}\r\n", "article.txt", [(7, 1, "line 7 repeats line 3")], id="crlf"),
    pytest.param(f"{HEAD}\r\r{P1}\r\r{P2}\r\r{P1}\r", "article.txt", [(7, 1, "line 7 repeats line 3")], id="cr"),
    pytest.param(f"{HEAD}\r\n{P1}\r\n{P2}\r\n{P1}\r\n{P2}\r\n", "article.txt", [(4, 1, "lines 4-5 repeat lines 2-3")], id="crlf-per-line"),
    pytest.param(
        f"# {HEAD}\r\n\r\n{WRAPPED_72}\r\n\r\n{P3}\r\n\r\n{WRAPPED_50}\r\n".replace("\n", "\r\n").replace("\r\r", "\r"),
        "article.md",
        [(11, 1, "lines 11-18 repeat lines 3-7")],
        id="crlf-md-rewrapped",
    ),
    pytest.param(
        f"---\ntitle: {HEAD}\ndate: 2025-01-01\n---\n\n{P1}\n\n{P2}\n\n{P1}\n",
        "article.md",
        [(10, 1, "line 10 repeats line 6")],
        id="front-matter",
    ),
    pytest.param(
        f"---\r\ntitle: {HEAD}\r\n---\r\n{P1}\r\n{P2}\r\n{P1}\r\n", "article.txt", [(6, 1, "line 6 repeats line 4")], id="front-matter-crlf"
    ),
    pytest.param(
        (f"\ufeff{HEAD}\n\n{P1}\n\n{P2}\n\n{P1}\n").encode("utf-8"), "article.txt", [(7, 1, "line 7 repeats line 3")], id="bom"
    ),
    pytest.param(
        (f"\ufeff{HEAD}\n\n{P3} {P1} {P4} {P1}\n").encode("utf-8"), "article.txt", [(3, 441, "line 3 repeats line 3 (exact copy)")], id="bom-column"
    ),
]


@pytest.mark.parametrize("source, path, expected", POSITIONS)
def test_positions_stay_true_to_the_file(source, path, expected):
    check(source, RULE, *expected, path=path)


# -- the fix -----------------------------------------------------------------------------------

FIXES = [
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P1}\n\n{P3}\n", f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n", id="middle-of-text"
    ),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P1}\n", f"{HEAD}\n\n{P1}\n\n{P2}\n", id="end-of-text"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P1}", f"{HEAD}\n\n{P1}\n\n{P2}", id="end-of-text-no-final-newline"),
    pytest.param(f"{HEAD}\n{P1}\n{P2}\n{P3}\n{P1}\n{P2}\n", f"{HEAD}\n{P1}\n{P2}\n{P3}\n", id="run-per-line"),
    pytest.param(
        f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n\r\n{P1}\r\n", f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n", id="crlf-end"
    ),
    pytest.param(
        f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P1}\r\n\r\n{P2}\r\n", f"{HEAD}\r\n\r\n{P1}\r\n\r\n{P2}\r\n", id="crlf-middle"
    ),
    pytest.param(f"{HEAD}\r\r{P1}\r\r{P2}\r\r{P1}\r", f"{HEAD}\r\r{P1}\r\r{P2}\r", id="cr-end"),
]


@pytest.mark.parametrize("source, fixed", FIXES)
def test_fix_removes_whole_line_exact_copy(source, fixed):
    (finding,) = findings(source)
    assert finding.fix is not None
    result = apply_fix(source, finding.fix)
    assert result == fixed
    assert findings(result) == []


NO_FIX = [
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_NEAR}\n", id="near-duplicate"),
    pytest.param(f"{HEAD}\n\n{P3} {P1} {P2} {P4} {P1} {P2}\n", id="copy-shares-a-line"),
]


@pytest.mark.parametrize("source", NO_FIX)
def test_no_fix(source):
    (finding,) = findings(source)
    assert finding.fix is None


# -- suspected gaps ----------------------------------------------------------------------------

@pytest.mark.xfail(
    reason="a Markdown block quote (`> ...`) is the usual form of a pull-quote, but only quotation marks "
    "make a passage 'quoted', so the plain copy is reported",
    strict=True,
)
def test_markdown_block_quote_pull_quote_is_not_a_repeat():
    check(f"# {HEAD}\n\n> {P2}\n\n{P1}\n\n{P2}\n", RULE, path="article.md")


@pytest.mark.xfail(
    reason="a passage quoted after an attribution in the same sentence ('As the report put it: \"...\"') "
    "is not seen as quoted, so quoted-vs-plain is reported as a near-duplicate",
    strict=True,
)
def test_quoted_after_attribution_vs_plain_is_not_a_repeat():
    check(f"{HEAD}\n\n{P2}\n\n{P1}\n\nAs the report put it: \"{P2}\"\n", RULE)


def test_chinese_paragraph_repeated():
    zh1 = "议员们周三投票决定将紧急住房计划再延长一年，此前各地议会警告说，否则数千个家庭将失去临时住所。"
    zh2 = "该计划在疫情期间推出，成本高于预期，财政委员会要求在下一次预算之前对其支出进行全面审查。"
    check(f"住房计划延长\n\n{zh1}\n\n{zh2}\n\n{zh1}\n", RULE, (7, 1, "line 7 repeats line 3"))


# -- the labeled examples ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "name",
    ["repeated_near.md", "repeated_run.txt", "repeated_short_lines_ok.txt", "../seeds/000_5cbcde181c5b7a1b.txt"],
)
def test_labeled_examples(name):
    got, want = labeled_example_lines(RULE, name)
    assert got == want


def test_published_articles_are_clean():
    assert published_article_findings(RULE) == []


def _unique_paragraphs(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(5000)]
    return [" ".join(rng.choices(vocabulary, k=60)).capitalize() + "." for _ in range(count)]


def test_a_file_far_longer_than_an_article_is_read_in_sections(monkeypatch):
    """Past SECTION_CHARS of prose, repeats inside each section and copies between sections
    are both found, with the lines of the whole file."""
    from pytest_newslint.rules.repeated_block import local

    monkeypatch.setattr(local, "SECTION_CHARS", 5000)  # the real one is 400,000
    paragraphs = _unique_paragraphs(60, 1)
    copied_far, copied_near = paragraphs[2], paragraphs[40]
    body = paragraphs[:50] + [copied_far] + paragraphs[50:] + [copied_near]
    text = "Headline\n\n" + "\n\n".join(body) + "\n"
    assert len(text) > 4 * 5000
    found = rule_findings(text, "repeated-block")
    line_of = {paragraph: 3 + 2 * index for index, paragraph in reversed(list(enumerate(body)))}
    far_copy, near_copy = 3 + 2 * 50, 3 + 2 * 61
    assert [(f.line, f.end_line) for f in found] == [(far_copy, far_copy), (near_copy, near_copy)], found
    assert f"repeats line {line_of[copied_far]} " in found[0].message  # from another section
    assert f"repeats line {line_of[copied_near]} " in found[1].message


def test_one_line_far_longer_than_an_article_is_cut_into_sections(monkeypatch):
    from pytest_newslint.rules.repeated_block import local

    monkeypatch.setattr(local, "SECTION_CHARS", 5000)
    paragraphs = _unique_paragraphs(30, 2)
    # a paste inside the second piece of the line: found, on the line of the whole file
    text = "Headline\n\n" + " ".join(paragraphs[:14] + paragraphs[12:13] + paragraphs[14:]) + "\n"
    found = rule_findings(text, "repeated-block")
    column = text.index(paragraphs[12], text.index(paragraphs[13])) - text.index("\n\n") - 1
    assert [(f.line, f.column) for f in found] == [(3, column)] and "line 3 repeats line 3" in found[0].message, found


# -- callouts (captions, pull-quotes) and correction notes ---------------------------------------

def _with_callouts(monkeypatch, text: str, path: str, callout_lines: set[int]):
    """A parsed article whose blocks starting on `callout_lines` are callouts, as the parser
    makes them of a Hugo `figure` caption, a `pullquote` shortcode or a `<figcaption>`: prose
    (is_prose), kind "callout"."""
    from pytest_newslint.document import Block, parse

    monkeypatch.setattr(Block, "is_prose", property(lambda b: b.kind in ("paragraph", "list_item", "quote", "callout")))
    document = parse(path, text.encode())
    for block in document.blocks:
        if block.start_line in callout_lines:
            block.kind = "callout"
    return document


def _check(document, options=None):
    from pytest_newslint.rules import repeated_block

    opts = {name: option.default for name, option in repeated_block.OPTIONS.items()} | (options or {})
    return [(p.line, p.message) for p in repeated_block.check(document, opts)]


CALLOUT_CASES = [
    pytest.param(f"{HEAD}\n\n{P2}\n\n{P1}\n\n{P2}\n", {3}, id="pull-quote-before-the-text"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P2_NEAR}\n", {9}, id="caption-after-the-text"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P2}\n\n{P3}\n", {5, 7}, id="two-callouts-alike"),
]


@pytest.mark.parametrize("source, callouts", CALLOUT_CASES)
def test_a_callout_is_never_a_copy_nor_an_original(monkeypatch, source, callouts):
    document = _with_callouts(monkeypatch, source, "article.md", set())
    assert _check(document), "as plain paragraphs, the text repeats"
    document = _with_callouts(monkeypatch, source, "article.md", callouts)
    assert _check(document) == []


def test_a_callout_does_not_hide_a_paste_next_to_it(monkeypatch):
    source = f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P2}\n\n{P3}\n\n{P1}\n"
    document = _with_callouts(monkeypatch, source, "article.md", {7})
    assert _check(document) == [(11, "line 11 repeats line 3 (exact copy)")]


def test_a_callout_is_not_compared_across_articles(monkeypatch):
    from pytest_newslint.rules import repeated_block

    opts = {name: option.default for name, option in repeated_block.OPTIONS.items()}
    first = _with_callouts(monkeypatch, f"First\n\n{P1}\n\n{P2}\n\n{P3}\n", "a.md", set())
    text = f"Second\n\n{P4}\n\n{P1}\n\n{P2}\n"
    plain = _with_callouts(monkeypatch, text, "b.md", set())
    entries = [("a.md", repeated_block.collect(first, opts)), ("b.md", repeated_block.collect(plain, opts))]
    assert [path for path, _ in repeated_block.finalize(entries, opts)] == ["b.md"]
    # the same two paragraphs, one of them set as a caption: one shared paragraph, background
    captioned = _with_callouts(monkeypatch, text, "b.md", {5})
    entries[1] = ("b.md", repeated_block.collect(captioned, opts))
    assert list(repeated_block.finalize(entries, opts)) == []


OLD_P1 = P1.replace("on Wednesday", "on Tuesday")
CORRECTIONS = [  # (the note, its text without what makes it a note)
    (f"Correction: The vote was on Wednesday. {OLD_P1}", f"The vote was on Wednesday. {OLD_P1}"),
    (f"**Correction (12 March):** {P1} An earlier version gave the wrong day.", f"{P1} An earlier version gave the wrong day."),
    (f"_Clarification, 4 June: this article was amended. It said: {OLD_P1}_", f"_This text was amended. It said: {OLD_P1}_"),
    (f"Editor's note: {P1}", P1),
    (f"An earlier version of this article said that {OLD_P1}", f"We hear that {OLD_P1}"),
]


@pytest.mark.parametrize("note, plain", CORRECTIONS)
def test_a_correction_note_quoting_the_old_sentence_is_not_a_repeat(note, plain):
    check(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{note}\n", RULE)
    # the same words, not a note: a repeat (so the test can fail)
    assert findings(f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{plain}\n")


def test_a_correction_note_does_not_hide_a_paste_elsewhere():
    check(
        f"{HEAD}\n\n{P1}\n\n{P2}\n\n{P2}\n\nCorrection: An earlier version of this article said {P1}\n",
        RULE,
        (7, 1, "line 7 repeats line 5 (exact copy)"),
    )


@pytest.mark.parametrize("text", [
    "Corrections officers said: the prison was full.",
    "The correction of the budget: needed.",
    "Editors noted: the paper was late.",
])
def test_words_like_correction_do_not_make_a_note(text):
    from pytest_newslint.rules.repeated_block.local import is_correction_note

    assert not is_correction_note(text)


# -- boilerplate ---------------------------------------------------------------------------------

ABOUT = (
    "About the Harbour Courier: the Courier is an independent, reader-funded newsroom covering the towns of the "
    "northern coast since 1921. Support our journalism at harbourcourier.example/support today."
)


def test_boilerplate_is_never_a_repeat():
    source = f"{HEAD}\n\n{ABOUT}\n\n{P1}\n\n{P2}\n\n{ABOUT}\n"
    check(source, RULE, (9, 1, "line 9 repeats line 3 (exact copy)"))
    check(source, RULE, options={"boilerplate": [ABOUT]})
    # matched by its words, sentence by sentence: case, punctuation, wrapping and a passage
    # used in part do not matter
    check(source, RULE, options={"boilerplate": [ABOUT.upper().replace(":", " -"), "Other text entirely, here."]})
    first = ABOUT.split(". ")[0] + "."
    check(f"{HEAD}\n\n{first}\n\n{P1}\n\n{first}\n", RULE, options={"boilerplate": [ABOUT]})


def test_boilerplate_does_not_hide_a_copy_around_it():
    source = f"{HEAD}\n\n{P1} {ABOUT}\n\n{P2}\n\n{P1} {ABOUT}\n"
    check(source, RULE, (7, 1, "line 7 repeats line 3 (exact copy)"), options={"boilerplate": [ABOUT]})
    # ... unless what is left is under min-words
    short = "The vote was close."
    check(f"{HEAD}\n\n{short} {ABOUT}\n\n{P2}\n\n{short} {ABOUT}\n", RULE, options={"boilerplate": [ABOUT]})


def test_boilerplate_file(tmp_path):
    from pytest_newslint.config import build_config
    from pytest_newslint.engine import Engine

    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "boilerplate.txt").write_text(f"Read more\n\n{ABOUT}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(f"{HEAD}\n\n{ABOUT}\n\n{P1}\n\n{P2}\n\n{ABOUT}\n", encoding="utf-8")

    def run(options):
        config = build_config({"rules": {"repeated-block": options}}, tmp_path / "conf")
        config.restrict(["repeated-block"], None)
        return Engine(config, tmp_path).run_files([article]).findings

    assert len(run({})) == 1
    assert run({"boilerplate-file": "boilerplate.txt"}) == []


def test_a_missing_boilerplate_file_is_a_config_error_naming_the_key(tmp_path):
    from pytest_newslint.config import ConfigError, build_config

    with pytest.raises(ConfigError) as raised:
        build_config({"rules": {"repeated-block": {"boilerplate-file": "nope.txt"}}}, tmp_path)
    message = str(raised.value)
    assert "repeated-block" in message and "boilerplate-file" in message and "nope.txt" in message
    assert "\n" not in message
    with pytest.raises(ConfigError, match="boilerplate: every item must be a string"):
        build_config({"rules": {"repeated-block": {"boilerplate": [3]}}}, tmp_path)


def test_a_changed_boilerplate_file_changes_the_cache_key(tmp_path):
    from pytest_newslint.config import build_config
    from pytest_newslint.pipeline.cache import settings_key

    (tmp_path / "b.txt").write_text("Read more\n", encoding="utf-8")
    config = build_config({"rules": {"repeated-block": {"boilerplate-file": "b.txt"}}}, tmp_path)

    def key():
        known = config.known_rules()
        return settings_key([(known[rule_id], s) for rule_id, s in config.base_settings().items()])

    before = key()
    (tmp_path / "b.txt").write_text("Read more\n\nSubscribe now\n", encoding="utf-8")
    assert key() != before


def test_text_in_many_sections_is_left_to_the_check_inside_each(monkeypatch):
    """Between the sections of one overlong file, a passage standing in `template-articles`
    sections or more is not compared (each section reports its own repeats): the work stays
    bounded however often a file repeats itself."""
    from pytest_newslint.document import parse
    from pytest_newslint.rules import repeated_block
    from pytest_newslint.rules.repeated_block import _copies_between_sections, local
    from pytest_newslint.rules.repeated_block.corpus import summary

    monkeypatch.setattr(local, "SECTION_CHARS", 5000)
    paragraphs = _unique_paragraphs(40, 3)
    opts = repeated_block.prepare({name: option.default for name, option in repeated_block.OPTIONS.items()})

    def between(body):
        document = parse("big.txt", ("Headline\n\n" + "\n\n".join(body) + "\n").encode())
        parts = list(local.sections(document))
        assert len(parts) >= 4
        return list(_copies_between_sections([(f"{n:09d}", summary(p, 15)) for n, p in enumerate(parts)], opts))

    pasted = paragraphs[:2]
    everywhere = [p for k in range(4) for p in [*paragraphs[10 * k : 10 * k + 10], *pasted]]
    assert between(everywhere) == []
    # in two sections only: a copy between them
    twice = [*paragraphs, *pasted]
    assert len(between(twice)) == 1


def test_the_corpus_pass_frees_each_summary_once_read_from_the_engines_list():
    """An engine's `Entries` list is emptied as the corpus reads it (a million summaries are
    1.7 GB: never held beside the arrays made of them); a caller's own list is left alone, and
    both give the same copies."""
    from pytest_newslint.document import parse
    from pytest_newslint.rules import Entries
    from pytest_newslint.rules.repeated_block import corpus

    import random

    vocabulary = ("council mayor library river budget school road bridge vote week plan city park street tax "
                  "police court judge report water power rail station market price farm storm flood").split()
    rng = random.Random(7)

    def paragraph() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(40)).capitalize() + "."

    copied = paragraph() + "\n\n" + paragraph()
    texts = [f"Story {n}\n\n{paragraph()}\n\n" + (copied if n in (1, 2) else paragraph()) + "\n" for n in range(4)]
    entries = [(f"a{n}.txt", corpus.summary(parse(f"a{n}.txt", text.encode()), 15)) for n, text in enumerate(texts)]
    from pytest_newslint.rules import repeated_block

    options = {name: option.default for name, option in repeated_block.OPTIONS.items()}
    mine = list(entries)
    expected = list(corpus.find_copies(mine, options))
    assert mine == entries and expected  # a plain list: read, not changed
    engine_list = Entries(entries)
    assert list(corpus.find_copies(engine_list, options)) == expected
    assert list(engine_list) == [None] * len(entries)
