"""The paraphrase evaluation of `repeated-block`: pairs of our own (tests/data/paraphrase_pairs.json)
inserted into real Wikinews articles.

A positive puts `first` after the lede of a real article and `second`, the same facts in other
words, two or three paragraphs on; the rule must report the second, on its line. A negative
puts a pair that news style writes on purpose: `lede` (a lede, then its facts restated briefly
further down), `quote` (a quote introduced, then given), `topic` (two paragraphs on one topic
with different facts); nothing may be reported.

usage: python tests/paraphrase_set.py   (prints the scores and every miss and false alarm)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests import repeat_sets  # noqa: E402

PAIRS = HERE / "data" / "paraphrase_pairs.json"


def hosts() -> list:
    """Real articles with enough plain paragraphs to take a pair."""
    return [a for a in repeat_sets.load_articles() if sum(map(repeat_sets.is_plain, a.paragraphs)) >= 5]


def cases() -> list[dict]:
    """Every case: {name, positive, text, line (of `second`)}, deterministic."""
    data = json.loads(PAIRS.read_text(encoding="utf-8"))
    articles = hosts()
    out = []
    items = [(True, p.get("rewrite", ""), p) for p in data["positives"]] + [(False, n["kind"], n) for n in data["negatives"]]
    for number, (positive, kind, pair) in enumerate(items):
        article = articles[(number * 13 + 5) % len(articles)]
        paragraphs = list(article.paragraphs)
        if kind == "lede":
            paragraphs[0:0] = [pair["first"]]
            at = 3
        elif kind == "quote":
            paragraphs[1:1] = [pair["first"]]
            at = 2
        else:
            paragraphs[1:1] = [pair["first"]]
            at = 2 + (number % 2) + (1 if positive else 0)
        paragraphs[at:at] = [pair["second"]]
        text = article.headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
        line = text.split("\n").index(pair["second"]) + 1
        name = f"{'pos' if positive else 'neg'}{number:02d}-{kind.replace(' ', '-')}-{pair['topic']}"
        out.append({"name": name, "positive": positive, "kind": kind, "text": text, "line": line})
    return out


def evaluate(options: dict | None = None) -> dict:
    from tests.common import rule_findings

    result = {"found": [], "missed": [], "false_alarms": [], "clean": []}
    for case in cases():
        found = rule_findings(case["text"], "repeated-block", "article.txt", options)
        if case["positive"]:
            hit = any(f.line == case["line"] for f in found)
            result["found" if hit else "missed"].append((case["name"], [f.message for f in found]))
        else:
            result["false_alarms" if found else "clean"].append((case["name"], [f.message for f in found]))
    return result


def main() -> int:
    for options in ({}, {"paraphrase": False}, {"paraphrase": False, "similarity": 0.5}):
        result = evaluate(options)
        positives = len(result["found"]) + len(result["missed"])
        negatives = len(result["false_alarms"]) + len(result["clean"])
        print(f"options {options}: paraphrases found {len(result['found'])}/{positives}, "
              f"false alarms {len(result['false_alarms'])}/{negatives}")
        for name, messages in result["missed"]:
            print("  missed", name, messages)
        for name, messages in result["false_alarms"]:
            print("  false alarm", name, messages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
