"""Output formats checked against what their consumers require; standard input; the Python API."""
import json
import xml.etree.ElementTree as ElementTree

import pytest

from pytest_newslint import api

BODY = "Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about schools.\n"
PADDED = BODY + "\n\n"
TAGGED = BODY + "\n#Budget #Council, #Vote\n"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "padded.txt").write_text(PADDED)
    (tmp_path / "tagged.md").write_text(TAGGED)
    (tmp_path / "clean.txt").write_text(BODY)
    return tmp_path


def test_github_workflow_commands(tree, run_cli):
    result = run_cli("--format", "github", ".", cwd=tree)
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=padded.txt,line=4,col=1,endLine=5,endColumn=1,title=newslint trailing-padding::"
        "2 blank lines after the last line of text (lines 4-5)",
        "::error file=tagged.md,line=5,col=1,endLine=5,endColumn=24,title=newslint hashtag-stuffing::"
        "a line of only hashtags (3 hashtags)",
    ]
    assert result.returncode == 1


def test_github_escaping():
    from pytest_newslint.finding import Finding
    from pytest_newslint.formats import render_github

    finding = Finding("a,b:c.txt", 1, 1, "r", "50% done\nnext", "info")
    assert render_github([finding], []) == "::notice file=a%2Cb%3Ac.txt,line=1,col=1,endLine=1,endColumn=1,title=newslint r::50%25 done%0Anext\n"


# The properties GitHub code scanning requires of an uploaded SARIF file (docs: "SARIF support
# for code scanning"): version 2.1.0, runs, tool.driver.name, and per result a message.text and
# locations with physicalLocation.artifactLocation.uri and region.startLine; ruleId must name a
# rule in tool.driver.rules; partialFingerprints keep alerts from duplicating.
def test_sarif_has_what_code_scanning_requires(tree, run_cli):
    result = run_cli("--format", "sarif", ".", cwd=tree)
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    for rule_id in ("trailing-padding", "hashtag-stuffing", "repeated-block", "title-role", "file-error"):
        rule = rules[rule_id]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["markdown"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert "## What it does" in rules["trailing-padding"]["help"]["markdown"]
    assert len(run["results"]) == 2
    for item in run["results"]:
        assert item["message"]["text"]
        assert item["level"] in ("error", "warning", "note", "none")
        assert driver["rules"][item["ruleIndex"]]["id"] == item["ruleId"]
        [location] = item["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] in ("padded.txt", "tagged.md")
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"]
        assert item["partialFingerprints"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_help_uri_from_environment(tree, run_cli):
    result = run_cli("--format", "sarif", ".", cwd=tree, env={"NEWSLINT_DOCS_URL": "https://docs.example.org/newslint"})
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r.get("helpUri") for r in rules}["title-role"] == "https://docs.example.org/newslint/rules/title-role.md"


def test_junit_xml(tree, run_cli):
    result = run_cli("--format", "junit", "--output-file", "report.xml", ".", cwd=tree)
    assert result.returncode == 1 and result.stdout == ""
    root = ElementTree.parse(tree / "report.xml").getroot()
    assert root.tag == "testsuites"
    [suite] = root
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = {case.get("name"): case for case in suite}
    assert set(cases) == {"clean.txt", "padded.txt", "tagged.md"}
    assert cases["clean.txt"].find("failure") is None
    failure = cases["padded.txt"].find("failure")
    assert "trailing-padding" in failure.get("message") and "padded.txt:4:1" in failure.text


def test_text_colour_only_on_a_terminal(tree):
    from pytest_newslint.finding import Finding
    from pytest_newslint.formats import render_text, use_colour

    class Terminal:
        def isatty(self):
            return True

    finding = Finding("a.txt", 1, 1, "r", "m")
    assert "\033[" in render_text([finding], ["a.txt"], colour=True)
    assert "\033[" not in render_text([finding], ["a.txt"], colour=False)
    import os

    old = os.environ.pop("NO_COLOR", None)
    try:
        assert use_colour(Terminal())
        os.environ["NO_COLOR"] = "1"
        assert not use_colour(Terminal())
    finally:
        os.environ.pop("NO_COLOR", None)
        if old is not None:
            os.environ["NO_COLOR"] = old


def test_stdin(tree, run_cli):
    result = run_cli("-", input=PADDED)
    assert result.returncode == 1 and result.stdout.startswith("<stdin>:4:1: error trailing-padding")
    result = run_cli("-", "--stdin-filename", "politics/today.txt", input=PADDED)
    assert result.stdout.startswith("politics/today.txt:4:1: error trailing-padding")
    result = run_cli("-", "--fix", input=TAGGED + "\n\n")
    assert result.stdout == BODY and result.returncode == 0
    # config globs apply to the stdin file name
    (tree / ".newslint.yaml").write_text("per-file-ignores:\n  'archive/*': [trailing-padding]\n")
    assert run_cli("-", "--stdin-filename", "archive/old.txt", input=PADDED, cwd=tree).returncode == 0
    assert run_cli("-", "--stdin-filename", "news/new.txt", input=PADDED, cwd=tree).returncode == 1
    assert run_cli("-", "x.txt", input=PADDED).returncode == 2


def test_api_lint_and_fix_text():
    findings = api.lint_text(PADDED, path="a.txt", config={})
    assert [(f.rule, f.line) for f in findings] == [("trailing-padding", 4)]
    assert api.fix_text(TAGGED + "\n", config={}) == BODY
    assert api.lint_text(BODY, config={"rules": {"trailing-padding": False}}) == []
    with pytest.raises(api.ConfigError):
        api.lint_text(BODY, config={"rules": {"nope": {}}})


def test_api_lint_paths(tree):
    findings = api.lint_paths([tree], config={})
    assert sorted(f.rule for f in findings) == ["hashtag-stuffing", "trailing-padding"]
