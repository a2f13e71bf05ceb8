"""repeated-block: a paragraph repeated in other words inside one article (a paraphrase).

The evaluation set is tests/data/paraphrase_pairs.json (pairs of our own, inserted into real
Wikinews articles by tests/paraphrase_set.py): 34 paraphrases (synonyms, reordered clauses, a
dropped clause; business, politics, weather, sport, courts, ...) and 22 hard negatives (a lede
restated briefly further down, a quote introduced and then given, two paragraphs on one topic
with different facts). The published articles stay clean (test_rule_repeated_block.py,
test_repeated_block_labeled.py).
"""
from __future__ import annotations

import pytest

from tests import paraphrase_set
from tests.common import check, rule_findings
from tests.conftest import shared_corpus

RULE = "repeated-block"

ISSUE_FIRST = (
    "The company blamed high energy costs and weak orders from European carmakers, which have cut production of "
    "petrol and diesel models faster than expected while sales of electric cars have stalled."
)
ISSUE_SECOND = (
    "The firm pointed to high energy bills and falling orders from European car manufacturers, which have reduced "
    "output of petrol and diesel cars faster than expected while demand for electric vehicles has stalled."
)
FILLER = [
    "Shares in the group closed two percent lower in Frankfurt after the announcement on Thursday morning.",
    "Analysts at several banks had already cut their forecasts for the sector in the spring, citing weak exports.",
    "The group employs about 40,000 people in Germany and has plants in Poland, Hungary and the Czech Republic.",
]


@pytest.fixture(scope="module")
def evaluation():
    shared_corpus("wikinews")
    return paraphrase_set.evaluate()


def test_the_issue_example_is_a_paraphrase():
    text = "Supplier cuts forecast\n\n" + "\n\n".join([ISSUE_FIRST, *FILLER, ISSUE_SECOND]) + "\n"
    check(text, RULE, (11, 1, "line 11 repeats line 3 in other words (paraphrase)"))


def test_paraphrases_are_found(evaluation):
    found, missed = evaluation["found"], evaluation["missed"]
    assert len(found) + len(missed) >= 30
    assert len(found) >= 0.9 * (len(found) + len(missed)), missed
    for _name, messages in found:
        assert any("in other words (paraphrase)" in m for m in messages)


def test_hard_negatives_are_not_paraphrases(evaluation):
    assert len(evaluation["false_alarms"]) + len(evaluation["clean"]) >= 20
    assert evaluation["false_alarms"] == []


def test_every_kind_of_negative_is_in_the_set():
    kinds = {case["kind"] for case in paraphrase_set.cases() if not case["positive"]}
    assert kinds == {"lede", "quote", "topic"}


def _article(*paragraphs):
    return "Supplier cuts forecast\n\n" + "\n\n".join(paragraphs) + "\n"


def test_option_off_and_stricter_similarity():
    text = _article(ISSUE_FIRST, *FILLER, ISSUE_SECOND)
    assert rule_findings(text, RULE, options={"paraphrase": False}) == []
    assert rule_findings(text, RULE, options={"similarity": 0.9}) == []
    assert len(rule_findings(text, RULE, options={"similarity": 0.7})) == 1


def test_a_paraphrase_right_after_the_original_is_found():
    check(_article(FILLER[0], ISSUE_FIRST, ISSUE_SECOND), RULE, (7, 1, "in other words"))


NOT_PARAPHRASES = [
    pytest.param(
        # different figures: the same sentence about another quarter
        ISSUE_FIRST.replace("The company", "In 2023 the company"),
        ISSUE_SECOND.replace("The firm", "In 2024 the firm"),
        id="other-figures",
    ),
    pytest.param(ISSUE_FIRST, ISSUE_SECOND.replace("European", "Japanese"), id="other-names"),
    pytest.param(ISSUE_FIRST, f"\u201c{ISSUE_SECOND}\u201d", id="pull-quote"),
    pytest.param(ISSUE_FIRST, "Why did " + ISSUE_SECOND[0].lower() + ISSUE_SECOND[1:-1] + "?", id="a-question"),
]


@pytest.mark.parametrize("first, second", NOT_PARAPHRASES)
def test_not_a_paraphrase(first, second):
    check(_article(first, *FILLER, second), RULE)


def test_an_interview_answer_said_again_is_not_a_paraphrase():
    text = _article(
        "((WN)) Why did profits fall?",
        f"((Jane Doe)) {ISSUE_FIRST}",
        "((WN)) And next year?",
        "((Jane Doe)) We expect a better second half.",
        "((WN)) What went wrong?",
        f"((Jane Doe)) {ISSUE_SECOND}",
    )
    check(text, RULE)


def test_paraphrase_and_copy_are_reported_once():
    text = _article(ISSUE_FIRST, *FILLER, ISSUE_FIRST, ISSUE_SECOND)
    found = rule_findings(text, RULE)
    assert [(f.line, "exact copy" in f.message or "paraphrase" in f.message) for f in found] == [(11, True), (13, True)]


def test_terms_fold_stems_and_synonyms():
    from pytest_newslint.rules.repeated_block.paraphrase import stem, terms

    assert stem("companies") == stem("company") and stem("reduced") == stem("reduce") and stem("netting") == stem("net")
    assert terms(["car", "manufacturers"]) == terms(["carmakers"])
    assert terms(["the", "firm", "cut", "output"]) == terms(["company", "reduced", "production"])


def test_paragraphs_drawn_from_one_small_vocabulary_are_not_paraphrases():
    """Generated filler (or a list of the same place names) shares terms in no order: without the
    order test, 199 of 300 such articles were reported."""
    import random

    vocabulary = ("council budget schools roads harbour bridge library tenants housing rail election vote "
                  "minister report inquiry hospital weather harvest festival museum court ruling strike union "
                  "contract").split()
    rng = random.Random(7)
    for _ in range(60):
        paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(18, 30))).capitalize() + "."
                      for _ in range(4)]
        assert rule_findings("Story\n\n" + "\n\n".join(paragraphs) + "\n", RULE) == []


def test_order_kept():
    from pytest_newslint.rules.repeated_block.paraphrase import order_kept

    same = "a b c d e f".split()
    assert order_kept(same, same, set(same)) == 1.0
    assert order_kept(same, ["d", "e", "f", "a", "b", "c"], set(same)) == 0.8  # a clause moved whole
    assert order_kept(same, ["f", "e", "d", "c", "b", "a"], set(same)) == 0.0
