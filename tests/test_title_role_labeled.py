"""title-role on a labeled set of hand-written articles (tests/data/title_role_cases.yaml):
positives of each conflict kind and hard negatives of each "not a conflict" case, scored by line.

Precision comes first: a false alarm on a correct article costs more than a miss."""
from __future__ import annotations

from pathlib import Path

import pytest

from pytest_newslint import yamlsafe
from tests.common import lint

RULE = "title-role"
CASES = yamlsafe.load((Path(__file__).parent / "data" / "title_role_cases.yaml").read_text(encoding="utf-8"))
POSITIVE_KINDS = {
    "former-and-current", "two-ministries", "two-heads-of-government", "two-heads-of-state", "two-companies", "registry",
}
# every "not a conflict" case of the issue, and then some
NEGATIVE_KINDS = {
    "then-beside-former", "elect-beside-former", "then-beside-other-office", "narrated-change", "different-people",
    "written-differently", "quoted", "ambiguous-surname", "acting", "another-office", "historical", "holds-both",
    "registry-consistent", "layout", "non-latin",
}


def expected_lines(case) -> list[int]:
    lines = case["text"].split("\n")
    found = []
    for fragment in case["expect"]:
        hits = [number for number, line in enumerate(lines, 1) if fragment in line]
        assert len(hits) == 1, f"{case['id']}: {fragment!r} is on lines {hits}, not on exactly one"
        found.append(hits[0])
    return sorted(found)


def run(case):
    findings = lint(case["text"], {RULE: case.get("options") or {}}, case.get("path", "article.txt"), select=[RULE])
    return [f for f in findings if f.rule == RULE]


def score():
    """(true positives, false positives, false negatives, details of every wrong case)."""
    tp = fp = fn = 0
    wrong = []
    for case in CASES:
        want = expected_lines(case)
        findings = run(case)
        got = sorted({f.line for f in findings})
        hits = [line for line in got if line in want]
        tp += len(hits)
        fp += len(got) - len(hits)
        fn += len(want) - len(hits)
        severity = case.get("severity")
        if got != want or (severity and any(f.severity != severity for f in findings)):
            wrong.append(f"{case['id']}: expected lines {want}, got {[(f.line, f.severity, f.message) for f in findings]}")
    return tp, fp, fn, wrong


def test_the_set_is_large_and_covers_every_kind():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    negatives = [case for case in CASES if not case["expect"]]
    assert len(CASES) >= 80
    assert len(negatives) >= 40
    kinds = {case["kind"] for case in CASES}
    assert POSITIVE_KINDS <= kinds, POSITIVE_KINDS - kinds
    assert NEGATIVE_KINDS <= kinds, NEGATIVE_KINDS - kinds
    for case in CASES:
        assert (case["kind"] in POSITIVE_KINDS) == bool(case["expect"]), case["id"]


def test_precision_and_recall():
    tp, fp, fn, wrong = score()
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    report = f"precision {precision:.3f} ({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn})\n" + "\n".join(wrong)
    print(report)
    assert precision >= 0.97, report
    assert recall >= 0.9, report


@pytest.mark.parametrize("case", [c for c in CASES if not c["expect"]], ids=lambda c: c["id"])
def test_negative_cases_are_clean(case):
    """Each hard negative on its own: a false alarm is the costly error."""
    assert [(f.line, f.message) for f in run(case)] == []


# -- the mechanisms behind the set -------------------------------------------------------------

def findings(text, options=None, path="article.txt"):
    return [f for f in lint(text, {RULE: options or {}}, path, select=[RULE]) if f.rule == RULE]


def test_messages_name_both_mentions_and_their_lines():
    text = (
        "Minister Defends Budget\n\nFinance Minister Laura Benet defended the budget.\n\n"
        "Opposition parties objected.\n\nFormer Finance Minister Ms Benet said the forecasts were sound.\n"
    )
    (finding,) = findings(text)
    assert (finding.line, finding.column, finding.severity) == (7, 1, "error")
    assert finding.message.startswith(
        "line 7 calls Laura Benet 'Former Finance Minister'; line 3 calls Laura Benet 'Finance Minister'"
    )


def test_registry_message_names_the_entry_its_dates_and_the_article_date():
    people = {"Donald Trump": {"roles": [{"office": "President of the United States", "since": "2017-01-20", "until": "2021-01-20"}]}}
    text = "---\ntitle: Rally\ndate: 2022-08-14\n---\n\nPresident Donald Trump held a rally in Ohio.\n"
    (finding,) = findings(text, {"people": people})
    assert finding.message == (
        "line 6 calls Donald Trump 'President', but the registry lists Donald Trump as former President of the "
        "United States (2017-01-20–2021-01-20) on 2022-08-14 (front matter date)"
    )


@pytest.mark.parametrize(
    "date, expected",
    [
        pytest.param("2021-03-01", [], id="inside-the-uncertain-year"),
        pytest.param("2022-03-01", [6], id="after-it"),
        pytest.param("2020-03-01", [], id="before-it"),
        pytest.param("March 2022", [6], id="a-month-in-words"),
        pytest.param("spring", [], id="a-date-newslint-cannot-read-judges-nothing"),
        pytest.param("May 1, 2022", [6], id="written-in-words"),
    ],
)
def test_registry_dates_may_be_a_year(date, expected):
    people = {"Ana Ribeiro": {"roles": [{"office": "Prime Minister of Portugal", "since": 2019, "until": 2021}]}}
    text = f"---\ntitle: Bridge\ndate: {date}\n---\n\nPrime Minister Ana Ribeiro opened the bridge.\n"
    assert [f.line for f in findings(text, {"people": people})] == expected


def test_offices_option_aliases_new_offices_and_kinds():
    text = (
        "Summit\n\nTaoiseach Micheál Martin met the Tánaiste, Simon Harris, in Dublin.\n\n"
        "Former Irish Taoiseach Micheál Martin said the budget would pass.\n"
    )
    assert findings(text) == []
    offices = {"Taoiseach": "Prime Minister of Ireland", "Tánaiste": {"office": "Deputy Prime Minister", "country": "Ireland"}}
    (finding,) = findings(text, {"offices": offices})
    assert finding.line == 5 and "'Former Irish Taoiseach'" in finding.message
    # a new office of an exclusive kind, also usable in the registry
    offices = {"Grand Vizier": {"office": "Grand Vizier", "kind": "head-of-government"}}
    text = "Court\n\nTurkish Grand Vizier Ali Pasha met envoys.\n\nIranian Grand Vizier Ali Pasha left.\n"
    assert [f.line for f in findings(text, {"offices": offices})] == [5]
    people = {"Ali Pasha": {"former": "Grand Vizier"}}
    text = "Court\n\nGrand Vizier Ali Pasha met envoys.\n"
    assert [f.line for f in findings(text, {"offices": offices, "people": people})] == [3]


@pytest.mark.parametrize(
    "rules, message",
    [
        ({"people": {"Jane Doe": {"current": "Grand Poobah"}}}, "people.Jane Doe.current: 'Grand Poobah' is not an office"),
        ({"people": {"Jane Doe": {"roles": [{"office": "Mayor", "since": "last year"}]}}}, "people.Jane Doe.roles[0].since: expected a date"),
        ({"people": {"Jane Doe": {"roles": [{"office": "Mayor", "since": 2020, "until": 2019}]}}}, "until (2019) is before since (2020)"),
        ({"people": {"Jane Doe": {"roles": [{"office": "Mayor", "from": 2020}]}}}, "unknown key 'from'"),
        ({"people": {"Jane Doe": {"aliases": "Doe"}}}, "people.Jane Doe.aliases: expected a list of names"),
        ({"offices": {"Doge": {"office": "Doge", "kind": "emperor"}}}, "offices.Doge.kind"),
        ({"offices": {"Doge": {"office": "Doge", "country": "Atlantis"}}}, "offices.Doge.country: 'Atlantis' is not a country"),
    ],
)
def test_configuration_errors_name_the_key(rules, message):
    from pytest_newslint.config import ConfigError, build_config

    with pytest.raises(ConfigError, match=regex_escape(message)):
        build_config({"rules": {RULE: rules}}, Path.cwd())


def regex_escape(text):
    import re

    return re.escape(text)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_registry_file_in_yaml_or_json(tmp_path, monkeypatch, suffix):
    import json

    people = {"Donald Trump": {"aliases": ["Trump"], "roles": [{"office": "US President", "since": "2025-01-20"}]}}
    body = json.dumps({"people": people}) if suffix == "json" else yamlsafe.yaml.safe_dump({"people": people})
    (tmp_path / f"people.{suffix}").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = "---\ntitle: Tariffs\ndate: 2025-06-01\n---\n\nFormer President Trump paused the tariffs.\n"
    assert [f.line for f in findings(text, {"registry-file": f"people.{suffix}"})] == [6]


def test_registry_file_refuses_a_yaml_bomb(tmp_path, monkeypatch):
    from pytest_newslint.config import ConfigError, build_config

    lines = ["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 80)] + ["people: {}"]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="aliases"):
        build_config({"rules": {RULE: {"registry-file": "bomb.yaml"}}}, tmp_path)


def test_check_quotes_reads_quoted_titles():
    text = "T\n\nFinance Minister Laura Benet spoke.\n\n“Former Finance Minister Laura Benet is wrong,” a critic said.\n"
    assert findings(text) == []
    assert [(f.line, f.column) for f in findings(text, {"check-quotes": True})] == [(5, 2)]


@pytest.mark.parametrize(
    "text",
    [
        "习近平会见外宾\n\n国家主席习近平周五会见了总统。前总统也出席了会议。President 习近平 spoke.\n",
        "Встреча\n\nПрезидент Владимир Путин встретился с бывшим президентом. President Владимир Путин spoke. "
        "Former President Владимир Путин left.\n",
        "Título\n\nLa presidenta Delcy Rodríguez habló. Former President Delcy Rodri\u0301guez spoke. "
        "President Delcy Rodríguez left.\n",
        "T\n\nPresident İlham Əliyev met Prime Minister Nikol Pashinyan. Former President İlham Əliyev said.\n",
        "T\n\n" + "President " * 3000 + "\n",
        "T\n\n" + "Laura Benet, " * 3000 + "the finance minister, said.\n",
    ],
    ids=["chinese", "cyrillic", "decomposed-accent", "dotted-capital-i", "title-words-only", "long-apposition"],
)
def test_any_script_or_shape_never_crashes(text):
    findings_ = lint(text, {RULE: {}}, "article.txt", select=[RULE])
    assert not [f for f in findings_ if f.rule != RULE], findings_
