"""title-role reads English copy only: the language check (rules/title_role/language.py), measured.

English: the 291 real articles, their first paragraphs alone, the labeled examples, the English
stories of tests/data/scripts, English copy naming people in other scripts. Not English: the
stories in 16 other languages, each of their paragraphs alone, and stories that cite English
names ("The New York Times", "Bank of America").
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pytest_newslint.document import parse
from pytest_newslint.rules.title_role.language import ENGLISH_SHARE, english_share, is_english
from tests.common import rule_findings
from tests.conftest import shared_corpus
from tests.script_sets import DATA


def document(prose: str, path: str = "article.txt"):
    """An article of this prose (under a headline: the first line of a text file is one)."""
    return parse(path, f"Headline\n\n{prose}\n".encode("utf-8"))


def test_every_real_english_article_is_english():
    articles = sorted(shared_corpus("wikinews").glob("[0-9]*.txt"))
    assert len(articles) == 291
    shares = {p.name: english_share("\n".join(b.text for b in parse(p.name, p.read_bytes()).prose_blocks())) for p in articles}
    assert min(shares.values()) >= 0.15, min(shares.items(), key=lambda item: item[1])  # 3.75 times the threshold
    assert all(is_english(parse(p.name, p.read_bytes())) for p in articles)


def test_first_paragraphs_alone_are_english():
    """Short English prose: each article's first paragraph alone (two are flag-and-name rows of
    a table, '██ Syrian Arab Republic': under 20 words, too short to tell, read as English)."""
    wrong = []
    for path in sorted(shared_corpus("wikinews").glob("[0-9]*.txt")):
        blocks = parse(path.name, path.read_bytes()).prose_blocks()
        if blocks and not is_english(document(blocks[0].text)):
            wrong.append((path.name, blocks[0].text[:60]))
    assert not wrong, wrong


def test_labeled_examples_are_english():
    folder = shared_corpus("examples")
    paths = [p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md") and p.name != "README.md"]
    paths += sorted((folder.parent / "seeds").glob("*.txt"))
    assert len(paths) >= 15
    assert [p.name for p in paths if not is_english(parse(p.name, p.read_bytes()))] == []


STORIES = sorted(DATA.glob("*.txt"))


@pytest.mark.parametrize("path", STORIES, ids=[p.stem for p in STORIES])
def test_stories_in_other_languages_are_not_english(path: Path):
    doc = parse(path.name, path.read_bytes())
    assert is_english(doc) == path.name.startswith("en-")
    if not path.name.startswith("en-"):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            assert english_share(paragraph) < ENGLISH_SHARE / 2, paragraph


@pytest.mark.parametrize(
    "text",
    [
        "Según The New York Times y la agencia Reuters, el Bank of America y el fondo Blackstone "
        "invirtieron 300 millones de dólares en el proyecto, que se terminará el próximo año según "
        "el ayuntamiento de la ciudad y los vecinos del barrio.",
        "据《The Economist》和 Bank of America 的报告，该项目耗资3.4亿元，雇用了900多名工人，"
        "工程师将堤防加高了半米，并在四个地势低洼的社区新建了排涝泵站。",
        "Laut The Guardian und der Bank of England hat die Stadt die Deiche um einen halben Meter "
        "erhöht und in vier tief gelegenen Vierteln neue Pumpwerke gebaut, sagte der Bürgermeister.",
    ],
)
def test_english_names_do_not_make_other_languages_english(text):
    assert not is_english(document(text))


def test_english_copy_naming_people_in_other_scripts_is_english_and_read():
    text = (
        "Talks in Moscow\n\n"
        "Finance Minister Лаура Бенет met officials on Monday to discuss the budget and the new "
        "tax on imports, which the government proposed last month.\n\n"
        "Later, Former Finance Minister Лаура Бенет told reporters that the talks had gone well "
        "and that a deal with 习近平's government was near.\n"
    )
    assert is_english(document(text))
    assert [f.line for f in rule_findings(text, "title-role")] == [5]


def test_title_role_reads_no_article_in_another_language():
    """English titles inside German prose (a half-translated draft): read as English, the rule
    would report 'Former Finance Minister' against 'Finance Minister'; the article is German."""
    text = (
        "Besuch in Lyon\n\n"
        "Finance Minister Laura Benet besuchte am Montag Lyon und sprach mit den Arbeitern der Fabrik "
        "über die Zukunft des Werkes.\n\n"
        "Die Former Finance Minister Laura Benet sprach danach mit Journalisten über die Lage und "
        "die Pläne der Regierung.\n"
    )
    assert not is_english(document(text))
    assert rule_findings(text, "title-role") == []
    english = text.replace("besuchte am Montag Lyon und sprach mit den Arbeitern der Fabrik über die Zukunft des Werkes",
                           "visited Lyon on Monday and spoke to the workers of the factory about its future")
    english = english.replace("Die Former", "Former").replace(
        "sprach danach mit Journalisten über die Lage und die Pläne der Regierung",
        "later told reporters that the plans of the government were sound")
    assert is_english(document(english))
    assert [f.line for f in rule_findings(english, "title-role")] == [5]


def test_too_little_prose_to_tell_is_read():
    assert is_english(document("Former President Donald Trump paused new tariffs."))
    assert is_english(document(""))
    assert not is_english(document("Der frühere Präsident Donald Trump hat am Freitag neue Zölle ausgesetzt, "
                                   "die Importeure begrüßten den Schritt der Regierung, sagte ein Sprecher "
                                   "am Abend in Berlin."))  # 23 words: enough to tell
