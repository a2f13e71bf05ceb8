"""Table tests for hashtag-stuffing: hashtag lines, packed paragraphs, and too many overall."""
from __future__ import annotations


import pytest

from tests.common import check, labeled_example_lines, published_article_findings, rule_findings

RULE = "hashtag-stuffing"

HEAD = "Housing Programme Extended"
P1 = (
    "Lawmakers voted on Wednesday to extend the emergency housing programme for another year, "
    "after councils warned that thousands of families would otherwise lose their temporary homes."
)
P2 = (
    "The programme, introduced during the pandemic, has cost more than expected, and the finance "
    "committee has asked for a full review of its spending before the next budget."
)
P1_END = len(P1) + 2  # column of a hashtag written right after P1 and one space
SPREAD = "\n\n".join(f"Paragraph {i} talks about #tag{i}a and #tag{i}b briefly today." for i in range(1, 5))


def apply_fix(text: str, fix) -> str:
    return text[: fix.start] + fix.replacement + text[fix.end :]


def findings(source, path="article.txt", options=None):
    return rule_findings(source, RULE, path, options)


# -- positives: (source, path, expected) -------------------------------------------------------

POSITIVE = [
    # hashtag lines and blocks
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing #Politics #Budget\n", "article.txt",
        [(5, 1, "a line of only hashtags (3 hashtags)")], id="line-at-end",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing, #Politics\n", "article.txt",
        [(5, 1, "a line of only hashtags (2 hashtags)")], id="line-comma-separated",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing · #Politics • #Budget | #Vote; #UK / #News\n", "article.txt",
        [(5, 1, "a line of only hashtags (6 hashtags)")], id="line-bullets-and-bars",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\nTags: #Housing #Politics\n", "article.txt",
        [(5, 7, "a line of only hashtags (2 hashtags)")], id="line-with-label",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\nRelated topics: #Housing #Politics\n", "article.txt",
        [(5, 17, "a line of only hashtags (2 hashtags)")], id="line-with-two-word-label",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n   #Housing   #Politics   \n", "article.txt",
        [(5, 4, "a line of only hashtags (2 hashtags)")], id="line-indented",
    ),
    pytest.param(
        f"{HEAD}\n\n#Housing #Politics\n\n{P1}\n", "article.txt",
        [(3, 1, "a line of only hashtags (2 hashtags)")], id="line-at-top",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n#Budget #Councils\n#Families #Breaking\n", "article.txt",
        [(5, 1, "a block of 3 lines of only hashtags (6 hashtags)")], id="block-of-lines",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing\n#Politics\n#Budget\n", "article.txt",
        [(5, 1, "3 hashtags")], id="one-hashtag-per-line",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n\n{P2}\n\n#Budget #Councils\n", "article.txt",
        [(5, 1, "a line of only hashtags (2 hashtags)"), (9, 1, "a line of only hashtags (2 hashtags)")],
        id="two-separate-lines",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n#Housing #Politics\n", "article.txt",
        [(4, 1, "a line of only hashtags (2 hashtags)")], id="line-right-after-text",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#2024Elections #Vote\n", "article.txt",
        [(5, 1, "(2 hashtags)")], id="tag-starting-with-digits",
    ),
    # packed paragraphs
    pytest.param(
        f"{HEAD}\n\n{P1} #housing #homes #vote\n\n{P2}\n", "article.txt",
        [(3, P1_END, "3 hashtags in a row inside prose")], id="cluster-at-end-of-paragraph",
    ),
    pytest.param(
        f"{HEAD}\n\nLawmakers #housing #homes #vote voted on Wednesday.\n\n{P2}\n", "article.txt",
        [(3, 11, "3 hashtags in a row inside prose")], id="cluster-mid-sentence",
    ),
    pytest.param(
        f"{HEAD}\n\nLawmakers voted #housing, #homes, #vote, #news on Wednesday.\n\n{P2}\n", "article.txt",
        [(3, 17, "4 hashtags in a row inside prose")], id="cluster-comma-separated",
    ),
    pytest.param(
        f"{HEAD}\n\nThe #housing vote, a #homes plan, the #budget talks and #councils all mattered.\n\n{P2}\n",
        "article.txt",
        [(3, 5, "4 hashtags in one paragraph (paragraph-max is 3)")], id="over-paragraph-max",
    ),
    pytest.param(
        f"{HEAD}\n\nShe posted: \"Proud of our city today #HomesForAll #Vote #Win\". {P1}\n", "article.txt",
        [(3, 38, "3 hashtags in a row inside prose")], id="quoted-post-with-three",
    ),
    # spread over the article
    pytest.param(
        f"{HEAD}\n\n{SPREAD}\n", "article.txt",
        [(3, 25, "8 hashtags spread over 4 paragraphs (22.2 per 100 words; article-density is 1)")],
        id="spread",
    ),
    # non-Latin and accented tags
    pytest.param(
        "Заголовок\n\nДепутаты проголосовали в среду.\n\n#Москва #Выборы #Бюджет\n", "article.txt",
        [(5, 1, "a line of only hashtags (3 hashtags)")], id="cyrillic-tags",
    ),
    pytest.param(
        "見出し\n\n議員たちは水曜日に投票した。\n\n#東京 #ニュース\n", "article.txt",
        [(5, 1, "a line of only hashtags (2 hashtags)")], id="japanese-tags",
    ),
    pytest.param(
        "Titre\n\nLes députés ont voté mercredi. #Élections #Québec #Santé\n", "article.txt",
        [(3, 32, "3 hashtags in a row inside prose")], id="accented-tags",
    ),
]


@pytest.mark.parametrize("source, path, expected", POSITIVE)
def test_reports_stuffing(source, path, expected):
    check(source, RULE, *expected, path=path)


def test_severity_and_span():
    (finding,) = check(f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n#Budget #Councils\n", RULE, (5, 1))
    assert finding.severity == "error"
    assert (finding.end_line, finding.end_column) == (6, len("#Budget #Councils") + 1)


# -- Markdown ----------------------------------------------------------------------------------

MD_ARTICLE = (
    "# Housing Programme Extended\n"  # 1
    "\n"  # 2
    "Lawmakers voted on Wednesday to extend the emergency housing\n"  # 3
    "programme for another year, after councils warned that thousands\n"  # 4
    "of families would otherwise lose their temporary homes.\n"  # 5
    "\n"  # 6
    "## Reaction #1\n"  # 7
    "\n"  # 8
    "- Tenant groups welcomed the vote.\n"  # 9
    "- Landlords did not.\n"  # 10
    "\n"  # 11
    "> The extension buys time, not homes.\n"  # 12
    "\n"  # 13
    "```\n"  # 14
    "#define HOUSING #include #pragma\n"  # 15
    "```\n"  # 16
)

MARKDOWN = [
    pytest.param(MD_ARTICLE, [], id="clean-article"),
    pytest.param(MD_ARTICLE + "\n#Housing #Politics\n", [(18, 1, "a line of only hashtags (2 hashtags)")], id="after-code"),
    pytest.param(
        MD_ARTICLE.replace("of families would otherwise lose their temporary homes.",
                           "of families would otherwise lose their temporary homes. #a #b\n#c"),
        [(5, 57, "3 hashtags in a row inside prose")],
        id="cluster-across-hard-wrap",
    ),
    pytest.param(
        MD_ARTICLE.replace("of families would otherwise lose their temporary homes.",
                           "of families would otherwise lose their temporary homes.\n#housing #homes"),
        [(6, 1, "a line of only hashtags (2 hashtags)")],
        id="hashtag-line-inside-wrapped-paragraph",
    ),
    pytest.param(
        MD_ARTICLE.replace("- Landlords did not.", "- Landlords did not. #rent #landlords #housing"),
        [(10, 22, "3 hashtags in a row inside prose")],
        id="cluster-in-list-item",
    ),
    pytest.param(
        MD_ARTICLE + "\n- #Housing #Politics #Budget\n",
        [(18, 3, "3 hashtags in a row inside prose")],
        id="list-item-of-hashtags",
    ),
    pytest.param(
        MD_ARTICLE.replace("not homes.", "not homes. #rent #homes #now"),
        [(12, 39, "3 hashtags in a row inside prose")],
        id="cluster-in-block-quote",
    ),
    pytest.param(
        "---\ntitle: Housing\ntags: [housing, politics]\n---\n\n" + MD_ARTICLE + "\n#Housing #Politics\n",
        [(23, 1, "a line of only hashtags (2 hashtags)")],
        id="front-matter-shifts-lines",
    ),
]


@pytest.mark.parametrize("source, expected", MARKDOWN)
def test_markdown(source, expected):
    check(source, RULE, *expected, path="article.md")


# -- hard negatives ----------------------------------------------------------------------------

NEGATIVE = [
    pytest.param(f"{HEAD}\n\nThe chart ranked the city #1 and #4 for rents, #2 for jobs. {P1}\n", "article.txt", id="ranks"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#1 #2 #3\n", "article.txt", id="line-of-numbers"),
    pytest.param(f"{HEAD}\n\nDevelopers using C# and F# and J# met on Wednesday. {P1}\n", "article.txt", id="c-sharp-f-sharp"),
    pytest.param(
        f"{HEAD}\n\nSee https://example.org/page#section, www.example.org/a#b and example.org/x#y today. {P1}\n",
        "article.txt", id="url-fragments",
    ),
    pytest.param(
        f"# {HEAD}\n\nSee [the report](#method), [data](#data) and [notes](#notes) now. {P1}\n", "article.md",
        id="markdown-anchor-links",
    ),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n<https://example.org/#a> <https://example.org/#b>\n", "article.md", id="autolinks"),
    pytest.param(f"{HEAD}\n\nItem &#35;12 and &#35;13 and &#35;14 were listed. {P1}\n", "article.txt", id="html-entities"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n&#35;Housing &#35;Politics\n", "article.txt", id="entity-line"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n## Reaction\n\n### More news\n\n{P2}\n", "article.md", id="markdown-headings"),
    pytest.param(f"# {HEAD}\n\n{P1}\n", "article.txt", id="hash-heading-in-plain-text"),
    pytest.param(
        f"{HEAD}\n\nThe logo uses #FF5733, #333 and #C0FFEE colours, plus #abc123. {P1}\n", "article.txt", id="colours",
    ),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#FF5733 #333333 #ABC\n", "article.txt", id="colour-line"),
    pytest.param(f"# {HEAD}\n\nRun `#one #two #three` and `#four` today. {P1}\n", "article.md", id="code-spans"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n`#one #two #three`\n", "article.md", id="code-span-line"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n```\n#one #two #three\n#four #five\n```\n\n{P2}\n", "article.md", id="fenced-code"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n~~~python\n#one #two #three\n~~~\n\n{P2}\n", "article.md", id="tilde-fence"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n    #one #two #three\n\n{P2}\n", "article.md", id="indented-code"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n| #one | #two | #three |\n|---|---|---|\n", "article.md", id="table"),
    pytest.param(f"# {HEAD}\n\n{P1}\n\n<!-- #one #two #three -->\n", "article.md", id="html-comment"),
    pytest.param(
        f"{HEAD}\n\nCampaigners gathered online under the #HomesForAll banner. {P1}\n", "article.txt", id="campaign-hashtag",
    ),
    pytest.param(
        f"{HEAD}\n\nShe posted: \"Proud of our city today #HomesForAll #Vote\". {P1}\n", "article.txt",
        id="quoted-post-with-two",
    ),
    pytest.param(f"{HEAD}\n\n{P1} #housing #homes\n\n{P2}\n", "article.txt", id="two-in-a-row"),
    pytest.param(
        f"{HEAD}\n\nThe #housing vote, a #homes plan and the #budget talks mattered on Wednesday.\n\n{P2}\n",
        "article.txt", id="paragraph-max-exactly",
    ),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing\n", "article.txt", id="single-tag-line"),
    pytest.param(
        f"---\ntitle: {HEAD}\n# a yaml comment #not #tags\n---\n\n{P1}\n", "article.md", id="front-matter-comment",
    ),
    pytest.param(f"{HEAD}\n\nThe issue#12, key=#abc, path/#x and a\\#b were fixed. {P1}\n", "article.txt", id="hash-inside-words"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#-- #_ #__\n", "article.txt", id="tags-without-letters"),
    pytest.param(
        "标题\n\n国家主席习近平周五在北京会见了来访的总统。#1 新闻\n", "article.txt", id="chinese-with-rank",
    ),
    pytest.param(
        f"{HEAD}\n\n{P1} #HomesForAll\n\n{P2} #HomesForAll\n\n{P1} #HomesForAll\n", "article.txt",
        id="few-spread-under-article-min",
    ),
]


@pytest.mark.parametrize("source, path", NEGATIVE)
def test_not_a_finding(source, path):
    check(source, RULE, path=path)


# -- options -----------------------------------------------------------------------------------

LONG_SPREAD = "\n\n".join(
    f"Paragraph {i} talks about #tag{i} and then more words are added here to dilute the density of the "
    "hashtags with many many words indeed."
    for i in range(1, 7)
)

OPTIONS = [
    # line-min
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing\n", {"line-min": 1}, [(5, 1, "a line of only hashtags (1 hashtags)")], id="line-min-1"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n", {"line-min": 3}, [], id="line-min-3-two-tags"),
    pytest.param(
        f"{HEAD}\n\n{P1}\n\n#Housing #Politics #Budget\n", {"line-min": 3}, [(5, 1, "(3 hashtags)")], id="line-min-3-three-tags"
    ),
    # cluster-min
    pytest.param(f"{HEAD}\n\n{P1} #housing #homes\n", {"cluster-min": 2}, [(3, P1_END, "2 hashtags in a row")], id="cluster-min-2"),
    pytest.param(f"{HEAD}\n\n{P1} #housing #homes #vote\n", {"cluster-min": 4}, [], id="cluster-min-4"),
    pytest.param(
        f"{HEAD}\n\n{P1} #housing #homes #vote #news\n", {"cluster-min": 4}, [(3, P1_END, "4 hashtags in a row")],
        id="cluster-min-4-four",
    ),
    # paragraph-max
    pytest.param(
        f"{HEAD}\n\nThe #housing vote, a #homes plan, the #budget talks and #councils all mattered.\n",
        {"paragraph-max": 4}, [], id="paragraph-max-4",
    ),
    pytest.param(
        f"{HEAD}\n\nThe #housing vote and the #homes plan mattered on Wednesday.\n",
        {"paragraph-max": 1}, [(3, 5, "2 hashtags in one paragraph (paragraph-max is 1)")], id="paragraph-max-1",
    ),
    # article-min and article-density
    pytest.param(f"{HEAD}\n\n{LONG_SPREAD}\n", {}, [(3, 25, "6 hashtags spread over 6 paragraphs (4.2 per 100 words")], id="article-defaults"),
    pytest.param(f"{HEAD}\n\n{LONG_SPREAD}\n", {"article-min": 7}, [], id="article-min-7"),
    pytest.param(f"{HEAD}\n\n{LONG_SPREAD}\n", {"article-density": 5}, [], id="article-density-5"),
    pytest.param(
        f"{HEAD}\n\n{P1} #HomesForAll\n\n{P2} #HomesForAll\n", {"article-min": 2},
        [(3, P1_END, "2 hashtags spread over 2 paragraphs")], id="article-min-2",
    ),
    pytest.param(f"{HEAD}\n\n{P1} #HomesForAll\n\n{P2} #HomesForAll\n", {"article-min": 2, "article-density": 4}, [], id="article-density-4"),
]


@pytest.mark.parametrize("source, options, expected", OPTIONS)
def test_options(source, options, expected):
    check(source, RULE, *expected, options=options)


# -- layouts, line endings, BOM, front matter --------------------------------------------------

POSITIONS = [
    pytest.param(f"{HEAD}\n{P1}\n{P2}\n#Housing #Politics\n", "article.txt", [(4, 1, "a line of only hashtags")], id="one-paragraph-per-line"),
    pytest.param(f"{HEAD}\n{P1} #a #b #c\n{P2}\n", "article.txt", [(2, P1_END, "3 hashtags in a row")], id="per-line-cluster"),
    pytest.param(
        f"{HEAD}\r\n\r\n{P1}\r\n\r\n#Housing #Politics\r\n", "article.txt", [(5, 1, "a line of only hashtags")], id="crlf"
    ),
    pytest.param(f"{HEAD}\r\r{P1}\r\r#Housing #Politics\r", "article.txt", [(5, 1, "a line of only hashtags")], id="cr"),
    pytest.param(f"{HEAD}\r\r{P1} #a #b #c\r\r{P2}\r", "article.txt", [(3, P1_END, "3 hashtags in a row")], id="cr-cluster"),
    pytest.param(
        (f"\ufeff{HEAD}\n\n{P1} #a #b #c\n\n#Housing #Politics\n").encode("utf-8"), "article.txt",
        [(3, P1_END, "3 hashtags in a row"), (5, 1, "a line of only hashtags")], id="bom",
    ),
    pytest.param(
        (f"\ufeff#Housing #Politics\n\n{P1}\n").encode("utf-8"), "article.md", [(1, 1, "a line of only hashtags")], id="bom-first-line-md",
    ),
    pytest.param(
        f"---\ntitle: {HEAD}\ndate: 2025-01-01\n---\n{P1}\n\n#Housing #Politics\n", "article.txt",
        [(7, 1, "a line of only hashtags")], id="front-matter",
    ),
    pytest.param(
        f"---\r\ntitle: {HEAD}\r\n---\r\n\r\n{P1} #a #b #c\r\n", "article.md", [(5, P1_END, "3 hashtags in a row")], id="front-matter-crlf",
    ),
]


@pytest.mark.parametrize("source, path, expected", POSITIONS)
def test_positions_stay_true_to_the_file(source, path, expected):
    check(source, RULE, *expected, path=path)


# -- the fix -----------------------------------------------------------------------------------

FIXES = [
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n", f"{HEAD}\n\n{P1}\n", id="end-lf"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing #Politics", f"{HEAD}\n\n{P1}\n", id="end-no-final-newline"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n\n\n", f"{HEAD}\n\n{P1}\n", id="end-with-padding"),
    pytest.param(f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n#Budget #Vote\n", f"{HEAD}\n\n{P1}\n", id="end-block"),
    pytest.param(f"{HEAD}\r\n\r\n{P1}\r\n\r\n#Housing #Politics\r\n", f"{HEAD}\r\n\r\n{P1}\r\n", id="end-crlf"),
    pytest.param(f"{HEAD}\r\r{P1}\r\r#Housing #Politics\r", f"{HEAD}\r\r{P1}\r", id="end-cr"),
    pytest.param(f"{HEAD}\n\n#Housing #Politics\n{P1}\n", f"{HEAD}\n\n{P1}\n", id="middle"),
    pytest.param(f"{HEAD}\r\n#Housing #Politics\r\n{P1}\r\n", f"{HEAD}\r\n{P1}\r\n", id="middle-crlf"),
]


@pytest.mark.parametrize("source, fixed", FIXES)
def test_fix_removes_hashtag_lines(source, fixed):
    (finding,) = findings(source)
    assert finding.fix is not None
    result = apply_fix(source, finding.fix)
    assert result == fixed
    assert findings(result) == []


def test_prose_hashtags_are_not_fixed():
    (finding,) = findings(f"{HEAD}\n\n{P1} #housing #homes #vote\n")
    assert finding.fix is None


# -- suspected bugs ----------------------------------------------------------------------------

def test_hashtag_block_in_one_paragraph_per_line_layout():
    source = f"{HEAD}\n\n{P1}\n#Housing #Politics\n#Budget #Councils\n"
    (finding,) = check(source, RULE, (4, 1, "a block of 2 lines of only hashtags (4 hashtags)"))
    assert apply_fix(source, finding.fix) == f"{HEAD}\n\n{P1}\n"


def test_hashtag_block_ending_in_a_single_tag():
    source = f"{HEAD}\n\n{P1}\n\n#Housing #Politics\n#Budget\n"
    (finding,) = check(source, RULE, (5, 1, "a block of 2 lines of only hashtags (3 hashtags)"))
    assert apply_fix(source, finding.fix) == f"{HEAD}\n\n{P1}\n"


def test_hashtag_line_first_in_plain_text():
    check(f"#Breaking #Housing\n\n{P1}\n\n{P2}\n", RULE, (1, 1, "a line of only hashtags (2 hashtags)"))


# -- the labeled examples ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "name", ["hashtags_inline.md", "hashtags_prose_ok.md", "hashtags_tail.txt", "../seeds/002_b2de33e6ac6e174c.txt"]
)
def test_labeled_examples(name):
    got, want = labeled_example_lines(RULE, name)
    assert got == want


def test_published_articles_are_clean():
    assert published_article_findings(RULE) == []


# -- every script ----------------------------------------------------------------------------

ZH = "临海市已完成灵江沿岸12公里堤防的修复工作，比雨季开始早了两周。去年夏天的洪水冲毁了三个区的河岸。"
JA = "臨海市は、霊川沿いの堤防12キロの修復工事を、梅雨入りの2週間前に終えた。"
TH = "เมืองหลินไห่ซ่อมแซมคันกั้นน้ำริมแม่น้ำหลิงเสร็จเรียบร้อยแล้ว ก่อนเริ่มฤดูฝนสองสัปดาห์"
KO = "린하이시가 장마철 시작 2주 전에 링강을 따라 이어진 제방의 보수 공사를 마쳤다."
AR = "أنهت مدينة لينهاي إصلاح السدود على طول نهر لينغ قبل أسبوعين من بدء موسم الأمطار."
HE = "העיר לינהאי סיימה לתקן את הסוללות לאורך נהר לינג, שבועיים לפני תחילת עונת הגשמים."
HI = "लिनहाई शहर ने लिंग नदी के किनारे तटबंधों की मरम्मत पूरी कर ली है।"
RU = "Город Линьхай завершил ремонт дамб вдоль реки Лин за две недели до начала сезона дождей."


@pytest.mark.parametrize(
    "prose, tags",
    [
        (ZH, "#经济 #长江 #防汛"),
        (JA, "#臨海市 #梅雨 #防災"),
        (TH, "#หลินไห่ #น้ำท่วม #ข่าวด่วน"),
        (KO, "#린하이 #홍수 #제방"),
        (AR, "#لينهاي #فيضانات #سدود"),
        (HE, "#לינהאי #שיטפונות #סוללות"),
        (HI, "#लिनहाई #बाढ़ #तटबंध"),
        (RU, "#Линьхай #наводнение #дамбы"),
        (ZH, "#临海##灵江##防汛#"),  # the #话题# form of Chinese social media
        (ZH, "标签：#经济 #长江"),
        (JA, "タグ：#臨海市 #梅雨"),
    ],
)
def test_hashtag_line_in_every_script(prose, tags):
    count = tags.count("#") // (2 if "##" in tags else 1)
    check(f"{prose}\n\n{prose}\n\n{tags}\n", RULE, (5, 1 + tags.index("#"), f"a line of only hashtags ({count} hashtags)"))


@pytest.mark.parametrize(
    "prose, packed",
    [(ZH, " #经济 #长江 #防汛 "), (ZH, "#经济##长江##防汛#"), (TH, " #หลินไห่ #น้ำท่วม #ข่าวด่วน "), (AR, " #لينهاي #فيضانات #سدود "),
     (HE, " #לינהאי #שיטפונות #סוללות ")],
)
def test_packed_hashtags_in_prose_in_every_script(prose, packed):
    cut = len(prose) // 2
    check(f"{prose[:cut]}{packed}{prose[cut:]}\n", RULE, (1, cut + 1 + (packed[0] == " "), "3 hashtags in a row inside prose"))


@pytest.mark.parametrize("source", [
    f"#长江大保护#{ZH}\n",  # one topic tag, prose right after its closing #
    f"{ZH}我们一起#保护灵江#吧。\n",
    f"{JA}今日は#防災の日です。\n",
    f"{AR} #لينهاي\n",
    f"{ZH}第#1名。C#语言。\n",
])
def test_one_hashtag_in_other_scripts_is_fine(source):
    check(source, RULE)


def test_density_counts_words_worth_in_unspaced_scripts():
    """Two campaign hashtags in each of three Chinese paragraphs of about 60 words' worth each:
    6 hashtags in 180 words is 3.3 per 100 words (counted as characters, it would be far more
    words and no finding; counted as space-separated runs, a handful of words)."""
    paragraphs = "\n\n".join(f"{ZH}{ZH} #临海 与 #灵江" for _ in range(3))
    found = findings(f"临海市完成堤防修复\n\n{paragraphs}\n")
    assert [f.message.split(" (")[0] for f in found] == ["6 hashtags spread over 3 paragraphs"]
    per_100 = float(found[0].message.split("(")[1].split(" per")[0])
    assert 2.5 < per_100 < 4.5, found[0].message
