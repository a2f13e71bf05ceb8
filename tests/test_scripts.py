"""Every script: the labeled cases of tests/script_sets.py (news stories in Chinese, Japanese,
Thai, Korean, Arabic, Russian, Spanish, Hindi, Hebrew and more, with defects put in).

Per rule and language, recall >= 0.95 (a finding on the lines of the defect); no finding at all
on the clean stories and the hard negatives (credit lines, short phrases and slogans repeated,
one campaign hashtag).
"""
from __future__ import annotations

import pytest

from tests import script_sets

RULES = ("repeated-block", "trailing-padding", "hashtag-stuffing")


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return script_sets.evaluate(script_sets.cases(0), tmp_path_factory.mktemp("scripts"))


def _misses(table, rule: str, language: str) -> str:
    return "\n".join(line for (r, lang, _), row in table.items() if r == rule and lang == language for line in row["wrong"])


@pytest.mark.parametrize(
    "rule, language",
    [("repeated-block", language) for language in script_sets.FULL]
    + [(rule, language) for rule in RULES[1:] for language in script_sets.FULL + script_sets.PADDING_ONLY],
)
def test_recall_per_rule_and_language(table, rule, language):
    recall = script_sets.recall_table(table)[rule][language]
    assert recall >= 0.95, f"{rule} {language}: recall {recall:.2f}\n{_misses(table, rule, language)}"


def test_every_defect_kind_is_there(table):
    kinds = {(rule, kind) for (rule, _, kind), row in table.items() if row["files"]}
    for kind in ("exact", "near-clause", "near-chars", "cross"):
        assert ("repeated-block", kind) in kinds
        for language in script_sets.FULL:
            assert table[("repeated-block", language, kind)]["files"] >= 20
    for rule, kind in [("trailing-padding", k) for k in ("blank", "spaces", "ideographic", "marks")] + [
        ("hashtag-stuffing", k) for k in ("line", "packed")
    ]:
        for language in script_sets.FULL + script_sets.PADDING_ONLY:
            assert table[(rule, language, kind)]["files"] >= 1
    for language in ("zh", "ja"):
        assert table[("hashtag-stuffing", language, "weibo")]["files"] == 2


def test_no_finding_on_clean_stories_and_hard_negatives(table):
    negatives = {key: row for key, row in table.items() if key[0] == "none"}
    assert sum(row["files"] for row in negatives.values()) >= 90
    wrong = [line for row in negatives.values() for line in row["wrong"]]
    assert not wrong, "\n".join(wrong)


def test_defects_bring_no_finding_of_another_rule(table):
    wrong = [line for (rule, *_), row in table.items() if rule != "none" for line in row["wrong"] if not line.startswith("missed")]
    assert not wrong, "\n".join(wrong)
