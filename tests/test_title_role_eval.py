"""benchmarks/title_role_eval: the injector on a tiny inline article (always), and the harness on
Reuters-21578 when NEWSLINT_REUTERS names its JSON folder (skipped otherwise). No threshold on the
rule here: only that the harness builds the same set from the same seed and scores it consistently."""
import os
import random
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks" / "title_role_eval"))

import corpus  # noqa: E402
import evaluate  # noqa: E402
import inject  # noqa: E402

ARTICLE = corpus.Article(
    "1",
    "BRITAIN SAYS BUDGET ON TRACK",
    [
        "Chancellor of the Exchequer Nigel Lawson said on Tuesday the budget was on track.",
        "\"We will not change course,\" he said, adding that interest rates were appropriate.",
        "Prime Minister Margaret Thatcher backed him in parliament.",
        "Lawson told reporters the figures would be published next week.",
        "Dealers said sterling was steady.",
    ],
)


def test_people_found_with_their_titles():
    found = {p.full: p for p in corpus.people(ARTICLE)}
    assert found["Nigel Lawson"].title == "Chancellor of the Exchequer" and found["Nigel Lawson"].kind == "min"
    assert found["Margaret Thatcher"].title == "Prime Minister" and found["Margaret Thatcher"].paragraph == 2


def test_slots_avoid_running_quotes():
    article = corpus.Article("2", "H", ["Narration one.", "\"Running quote opens here.", "\"And closes here,\" he said.",
                                        "Narration again."])
    assert inject.slots(article, 0) == [1, 3, 4]  # never between the two quoted paragraphs


@pytest.mark.parametrize("kind", list(inject.POSITIVE_KINDS))
def test_positive_injection_lands_in_narration(kind):
    person = {p.full: p for p in corpus.people(ARTICLE)}
    chosen = person["Margaret Thatcher"] if kind in ("head-of-state-vs-government", "deputy-vs-prime-minister") else person["Nigel Lawson"]
    built = inject.build_positive(kind, random.Random(3), ARTICLE, chosen)
    assert built is not None, kind
    text, lines, _ = built
    line = text.split("\n")[lines[-1] - 1]
    assert chosen.last in line
    assert not line.startswith(("\"", "“"))  # narration, not a quotation
    assert text.count("\n") > ARTICLE.text().count("\n") or kind == "former-edit"
    if kind.startswith("former") or kind == "former-edit":
        assert "former" in line.lower() or "ex-" in line.lower()


@pytest.mark.parametrize("kind", [k for k in inject.NEGATIVE_KINDS if k not in ("org-initials", "two-companies")])
def test_negative_injection(kind):
    person = {p.full: p for p in corpus.people(ARTICLE)}["Nigel Lawson"]
    text, lines, _ = inject.build_negative(kind, random.Random(5), ARTICLE, person)
    assert lines and all(text.split("\n")[n - 1] for n in lines)


def test_scorer_counts_on_hand_made_results():
    cases = [inject.Case("p1", inject.POSITIVE, "k1", "a", "", [5]), inject.Case("p2", inject.POSITIVE, "k1", "a", "", [7]),
             inject.Case("n1", inject.NEGATIVE, "k2", "a", ""), inject.Case("u1", inject.UNTOUCHED, "u", "a", "")]
    results = {"p1": [{"line": 9, "column": 1, "severity": "error", "message": "line 9 calls X 'a'; line 5 calls X 'b'"}],
               "p2": [{"line": 3, "column": 1, "severity": "error", "message": "line 3 calls Y 'a'; line 1 calls Y 'b'"}],
               "n1": [{"line": 3, "column": 1, "severity": "warning", "message": "line 3 calls Z"}], "u1": []}
    s = evaluate.score(cases, results)
    assert (s["true_positives"], s["false_alarm_cases"], s["recall"], s["precision"]) == (1, 2, 0.5, 0.333)
    assert s["false_alarm_rate_hard_negatives"] == 1.0 and s["false_alarm_rate_untouched"] == 0.0
    errors = evaluate.score(cases, results, severities=("error",))
    assert errors["false_alarm_rate_hard_negatives"] == 0.0


def reuters() -> Path:
    path = os.environ.get("NEWSLINT_REUTERS")
    if not path:
        pytest.skip("NEWSLINT_REUTERS is not set: point it at the Reuters-21578 JSON folder (reut2-*.json) to run this")
    if not Path(path).exists():
        pytest.skip(f"NEWSLINT_REUTERS={path} does not exist")
    return Path(path)


def test_harness_on_reuters(tmp_path):
    path = reuters()
    first = evaluate.evaluate(path, seed=7, scale=0.1, out=tmp_path)
    again = evaluate.evaluate(path, seed=7, scale=0.1)
    assert [c.text for c in first["cases"]] == [c.text for c in again["cases"]]  # deterministic
    s = first["any_severity"]
    assert s["cases"] == s["positives"] + s["hard_negatives"] + s["untouched"] > 100
    assert sum(k["cases"] for k in s["kinds"].values()) == s["cases"]
    found = sum(k["found"] for k in s["kinds"].values() if k["category"] == inject.POSITIVE)
    assert s["true_positives"] == found and s["recall"] == round(found / s["positives"], 3)
    if s["true_positives"] + s["false_alarm_cases"]:
        assert s["precision"] == round(s["true_positives"] / (s["true_positives"] + s["false_alarm_cases"]), 3)
    assert (tmp_path / "report.md").exists() and (tmp_path / "errors.md").exists()
    misses = (tmp_path / "errors.md").read_text().count("MISS")
    assert misses == s["positives"] - s["true_positives"]
