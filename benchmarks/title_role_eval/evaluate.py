#!/usr/bin/env python3
"""Score the title-role rule on a labeled set built from Reuters-21578.

    python benchmarks/title_role_eval/evaluate.py /path/to/reuters --out /tmp/eval [--seed 1] [--scale 1.0]

The corpus path may also come from NEWSLINT_REUTERS. Writes into --out: report.md (the figures),
report.json (the same, for machines), errors.md (every miss and false alarm with the injected
paragraphs and the findings), cases/<id>.txt (the text of each of those cases, to rerun with
`newslint --select title-role cases/<id>.txt`) and, with --write-set, set.jsonl (every case).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent.parent))

import corpus  # noqa: E402
import inject  # noqa: E402
from pytest_newslint import api  # noqa: E402

LINE_REF = re.compile(r"\bline (\d+)\b")


def config():
    cfg = api.make_config({})
    cfg.restrict(["title-role"], None)
    return cfg


def run_case(case: inject.Case, cfg) -> list[dict]:
    findings = api.lint_text(case.text, path=f"reuters/{case.id}.txt", config=cfg)
    return [{"line": f.line, "column": f.column, "severity": f.severity, "message": f.message}
            for f in findings if f.rule == "title-role"]


def related(finding: dict, lines: list[int]) -> bool:
    """A finding on an injected line, or naming one ("line 7 calls ...; line 3 calls ...")."""
    if finding["line"] in lines:
        return True
    return any(int(n) in lines for n in LINE_REF.findall(finding["message"]))


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score(cases: list[inject.Case], results: dict[str, list[dict]], severities=("error", "warning", "info")) -> dict:
    """Counts and rates, by case. A positive is found when a finding is on or names its injected
    line; any other finding in any case is a false alarm (counted once per case)."""
    per_kind: dict[str, Counter] = defaultdict(Counter)
    tp = fp_cases = related_findings = all_findings = 0
    for case in cases:
        findings = [f for f in results[case.id] if f["severity"] in severities]
        hit = case.category == inject.POSITIVE and any(related(f, case.lines) for f in findings)
        stray = [f for f in findings if not (case.category == inject.POSITIVE and related(f, case.lines))]
        counts = per_kind[case.kind]
        counts["cases"] += 1
        counts["found"] += hit
        counts["false_alarm"] += bool(stray)
        tp += hit
        fp_cases += bool(stray)
        all_findings += len(findings)
        related_findings += len(findings) - len(stray)
    by_category: dict[str, Counter] = defaultdict(Counter)
    for case in cases:
        pass
    kinds = {}
    for kind, c in per_kind.items():
        category = next(x.category for x in cases if x.kind == kind)
        by_category[category].update(c)
        kinds[kind] = {"category": category, "cases": c["cases"], "found": c["found"], "false_alarm_cases": c["false_alarm"],
                       "recall" if category == inject.POSITIVE else "false_alarm_rate":
                       ratio(c["found"], c["cases"]) if category == inject.POSITIVE else ratio(c["false_alarm"], c["cases"])}
    pos, neg, unt = (by_category[c] for c in (inject.POSITIVE, inject.NEGATIVE, inject.UNTOUCHED))
    return {
        "cases": len(cases),
        "positives": pos["cases"], "hard_negatives": neg["cases"], "untouched": unt["cases"],
        "true_positives": tp, "false_alarm_cases": fp_cases,
        "precision": ratio(tp, tp + fp_cases),
        "recall": ratio(pos["found"], pos["cases"]),
        "finding_precision": ratio(related_findings, all_findings), "findings": all_findings,
        "false_alarm_rate_untouched": ratio(unt["false_alarm"], unt["cases"]),
        "false_alarm_rate_hard_negatives": ratio(neg["false_alarm"], neg["cases"]),
        "stray_in_positives": pos["false_alarm"],
        "kinds": dict(sorted(kinds.items(), key=lambda kv: (kv[1]["category"], kv[0]))),
    }


def fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def report_md(summary: dict, errors_only: dict, meta: dict) -> str:
    s = summary
    out = [f"# title-role on Reuters-21578: {meta['when']}", "",
           f"Rule at commit `{meta['commit']}`; seed {meta['seed']}, scale {meta['scale']}; corpus {meta['corpus']} "
           f"({meta['articles']} articles with a body); {s['cases']} cases: {s['positives']} positives, "
           f"{s['hard_negatives']} hard negatives, {s['untouched']} untouched; {meta['seconds']:.1f} s.", "",
           "| measure | any severity | errors only |", "| --- | --- | --- |"]
    for key, label in (("precision", "precision (cases)"), ("recall", "recall (positives)"),
                       ("finding_precision", "precision (findings)"),
                       ("false_alarm_rate_untouched", "false-alarm rate, untouched"),
                       ("false_alarm_rate_hard_negatives", "false-alarm rate, hard negatives")):
        out.append(f"| {label} | {fmt(s[key])} | {fmt(errors_only[key])} |")
    out.append(f"| true positives / false-alarm cases | {s['true_positives']} / {s['false_alarm_cases']} | "
               f"{errors_only['true_positives']} / {errors_only['false_alarm_cases']} |")
    out.append(f"| positives with a stray finding | {s['stray_in_positives']} | {errors_only['stray_in_positives']} |")
    out += ["", "| kind | category | cases | recall / false-alarm rate (any) | (errors only) |", "| --- | --- | --- | --- | --- |"]
    for kind, k in s["kinds"].items():
        e = errors_only["kinds"][kind]
        key = "recall" if k["category"] == inject.POSITIVE else "false_alarm_rate"
        count = k["found"] if key == "recall" else k["false_alarm_cases"]
        ecount = e["found"] if key == "recall" else e["false_alarm_cases"]
        out.append(f"| {kind} | {k['category']} | {k['cases']} | {key.replace('_', ' ')} {fmt(k[key])} ({count}) | "
                   f"{fmt(e[key])} ({ecount}) |")
    return "\n".join(out) + "\n"


def errors_md(cases, results) -> tuple[str, list]:
    out, failing = ["# Misses and false alarms", ""], []
    for case in cases:
        findings = results[case.id]
        hit = case.category == inject.POSITIVE and any(related(f, case.lines) for f in findings)
        stray = [f for f in findings if not (case.category == inject.POSITIVE and related(f, case.lines))]
        problems = []
        if case.category == inject.POSITIVE and not hit:
            problems.append("MISS")
        if stray:
            problems.append("FALSE ALARM")
        if not problems:
            continue
        failing.append(case)
        lines = case.text.split("\n")
        out.append(f"## {case.id} ({' + '.join(problems)}; {case.kind}; Reuters NEWID {case.article})")
        if case.form:
            out.append(f"form: {case.form}")
        for n in case.lines:
            out.append(f"- injected line {n}: {lines[n - 1]}")
        for f in findings:
            tag = "related" if case.category == inject.POSITIVE and related(f, case.lines) else "stray"
            out.append(f"- finding ({tag}, {f['severity']}) line {f['line']}: {f['message']}")
            if tag == "stray":
                out.append(f"  - line {f['line']}: {lines[f['line'] - 1]}")
        out.append("")
    return "\n".join(out), failing


def commit() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "pytest_newslint"], cwd=HERE.parent.parent,
                               capture_output=True, text=True).stdout.strip()
        return rev + ("+dirty rule" if dirty else "") if rev else "unknown"
    except OSError:
        return "unknown"


def evaluate(path, seed=1, scale=1.0, out=None, write_set=False) -> dict:
    started = time.time()
    articles = corpus.load(path)
    cases = inject.build(articles, seed=seed, scale=scale)
    cfg = config()
    results = {case.id: run_case(case, cfg) for case in cases}
    summary = score(cases, results)
    errors_only = score(cases, results, severities=("error",))
    meta = {"commit": commit(), "seed": seed, "scale": scale, "corpus": str(path), "articles": len(articles),
            "seconds": time.time() - started, "when": time.strftime("%Y-%m-%d")}
    if out:
        out = Path(out)
        (out / "cases").mkdir(parents=True, exist_ok=True)
        (out / "report.md").write_text(report_md(summary, errors_only, meta), encoding="utf-8")
        (out / "report.json").write_text(json.dumps({"meta": meta, "any_severity": summary, "errors_only": errors_only},
                                                    indent=1), encoding="utf-8")
        text, failing = errors_md(cases, results)
        (out / "errors.md").write_text(text, encoding="utf-8")
        for case in failing:
            (out / "cases" / f"{case.id}.txt").write_text(case.text, encoding="utf-8")
        if write_set:
            with open(out / "set.jsonl", "w", encoding="utf-8") as handle:
                for case in cases:
                    handle.write(json.dumps({**case.to_json(), "findings": results[case.id]}) + "\n")
    return {"meta": meta, "any_severity": summary, "errors_only": errors_only, "cases": cases, "results": results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=os.environ.get("NEWSLINT_REUTERS"),
                        help="folder of reut2-*.json (default: $NEWSLINT_REUTERS)")
    parser.add_argument("--out", default="title-role-eval-out", help="folder for the report and the errors")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every quota (0.1 for a quick run)")
    parser.add_argument("--write-set", action="store_true", help="also write every case to set.jsonl")
    args = parser.parse_args(argv)
    if not args.corpus or not Path(args.corpus).exists():
        print("error: give the Reuters-21578 JSON folder (reut2-*.json) as an argument or in NEWSLINT_REUTERS",
              file=sys.stderr)
        return 2
    result = evaluate(args.corpus, args.seed, args.scale, args.out, args.write_set)
    print((Path(args.out) / "report.md").read_text(encoding="utf-8"))
    print(f"misses and false alarms: {Path(args.out) / 'errors.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
