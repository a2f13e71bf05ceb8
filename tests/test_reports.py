"""The report formats: html (also in a real browser), gitlab, and SARIF's related locations."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SHARED = (
    "The harbour authority said the new ferry terminal would open in the spring after two years of delays, "
    "and that ticket prices for residents of the islands would stay the same for at least another season.\n\n"
    "Engineers had to rebuild the northern breakwater after winter storms damaged the foundations twice, "
    "a spokesperson for the contractor told reporters at the quay on Friday afternoon."
)
HOSTILE = "<script>alert('x')</script> The vote was close, with <img src=http://example.org/track.png> nine"
ARTICLES = {
    "news/markup.txt": "Council approves <b>budget</b> after long debate\n\n"
    f"The council approved the budget on Monday. {HOSTILE} members in favour and eight against the plan.\n\n"
    "Residents packed the public gallery for the whole of the evening session.\n\n"
    f"The council approved the budget on Tuesday. {HOSTILE} members in favour and eight against the plan.\n",
    "news/ferry.txt": f"Ferry terminal to open in spring\n\n{SHARED}\n\nThe first sailing is planned for April, from the north quay.\n",
    "news/ferry_copy.txt": "Islanders welcome terminal news\n\nLocal shop owners said they expected more visitors this summer.\n\n"
    f"{SHARED}\n",
    "news/minister.txt": "Minister defends rail timetable\n\nTransport Minister Elena Marsh defended the new rail timetable on Wednesday.\n\n"
    "Commuter groups said trains were crowded.\n\nFormer Transport Minister Elena Marsh said the operator would publish figures.\n",
    "sport/tags.md": "# Marathon record\n\nThe city marathon drew a record field of runners on Sunday morning.\n\n#Marathon #Running #Charity #CityNews\n",
    "sport/padded.txt": "Bridge closed for repairs\n\nBuses will divert through the estate.\n \t\n\u00a0\u200b\n\n",
}
RULES = {"repeated-block", "title-role", "hashtag-stuffing", "trailing-padding"}


@pytest.fixture
def tree(tmp_path):
    for name, text in ARTICLES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def findings_of(run_cli, tree) -> list[dict]:
    result = run_cli("--format", "json", ".", cwd=tree)
    findings = json.loads(result.stdout)["findings"]
    assert {f["rule"] for f in findings} == RULES and len(findings) == 5, findings
    return findings


def render(run_cli, tree, *extra, env=None) -> str:
    result = run_cli("--format", "html", "-o", "report.html", *extra, ".", cwd=tree, env=env)
    assert result.returncode == 1, result.stderr
    return (tree / "report.html").read_text(encoding="utf-8")


# -- html, as text ----------------------------------------------------------------------------------

def test_html_escapes_article_text_and_hashes_its_inline_blocks(tree, run_cli):
    page = render(run_cli, tree)
    assert "<script>alert" not in page and "<img src=http" not in page and "<b>budget" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    [csp] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp.startswith("default-src 'none';") and "unsafe-inline" not in csp
    for tag in ("style", "script"):
        [block] = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
        digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp
    assert page.count("<script") == 1 and page.count("<style") == 1
    assert not re.search(r"<[a-zA-Z][^>]*\s(src|style|on\w+)=", page), "no outside resource, inline style or handler"


def test_html_shows_context(tree, run_cli):
    page = render(run_cli, tree)
    # both copies side by side, the differing word marked on each side
    assert '<span class="d">Monday.</span>' in page and '<span class="d">Tuesday.</span>' in page
    assert "news/ferry.txt lines 3-5 (the copy in the other article)" in page
    # both mentions of the title conflict
    assert '<span class="hit">Former Transport Minister</span>' in page
    assert '<span class="hit2">Transport Minister</span>' in page
    assert '<span class="tag">#Marathon</span>' in page
    # padding made visible: space, tab, no-break space, zero-width space, empty line
    for label in ("·", "⇥", "U+00A0", "U+200B", "⏎"):
        assert f'<span class="inv">{label}</span>' in page
    assert 'href="docs/rules/title-role.md"' in page
    assert "news/" in page and "sport/" in page  # by folder


def test_html_docs_links_follow_newslint_docs_url(tree, run_cli):
    page = render(run_cli, tree, env={"NEWSLINT_DOCS_URL": "https://docs.example.org/nl/"})
    assert 'href="https://docs.example.org/nl/rules/repeated-block.md"' in page


def test_html_of_no_findings(tmp_path, run_cli):
    (tmp_path / "ok.txt").write_text("A clean headline\n\nA clean paragraph of text.\n", encoding="utf-8")
    result = run_cli("--format", "html", ".", cwd=tmp_path)
    assert result.returncode == 0 and "No findings." in result.stdout


# -- html, in a browser ---------------------------------------------------------------------------

def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    message = "no Chromium here (apt-get install chromium): the HTML report is not checked in a browser"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must have it (.ci/run installs it)")
    pytest.skip(message)


def dump_dom(path: Path, tmp_path: Path) -> str:
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_html_in_chromium(tree, run_cli, tmp_path):
    findings = findings_of(run_cli, tree)
    render(run_cli, tree)
    dom = dump_dom(tree / "report.html", tmp_path)
    # the inline script ran (its hash is allowed): it stamps the page and counts what is shown
    assert re.search(r'<html lang="en" data-ready-ms="\d+">', dom), dom[:300]
    assert "5 of 5 shown" in dom
    text = re.sub(r"<[^>]+>", "", dom)
    import html

    text = html.unescape(text)
    for finding in findings:
        assert finding["message"] in text, finding["message"]
    # the hostile article text is text in the DOM, never an element
    assert "<img" not in dom.replace("&lt;img", "") and dom.count("<script") == 1
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom
    assert "&lt;img src=http://example.org/track.png&gt;" in dom
    [csp] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', dom)
    assert "default-src 'none'" in csp and "img-src 'none'" in csp


# -- gitlab -----------------------------------------------------------------------------------------

def test_gitlab_code_quality(tree, run_cli):
    result = run_cli("--format", "gitlab", ".", cwd=tree)
    issues = json.loads(result.stdout)
    assert isinstance(issues, list) and len(issues) == 5
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"] and issue["check_name"] in RULES
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert set(issue["location"]) == {"path", "lines"} and not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    # stable across runs, and when lines are added above the finding
    minister = tree / "news/minister.txt"
    before = {i["check_name"]: i["fingerprint"] for i in issues if i["location"]["path"] == "news/minister.txt"}
    minister.write_text("Minister defends rail timetable\n\nA new first paragraph.\n\n" + minister.read_text().split("\n\n", 1)[1])
    again = json.loads(run_cli("--format", "gitlab", ".", cwd=tree).stdout)
    after = {i["check_name"]: (i["fingerprint"], i["location"]["lines"]["begin"]) for i in again
             if i["location"]["path"] == "news/minister.txt"}
    assert after["title-role"] == (before["title-role"], 9)


# -- sarif ------------------------------------------------------------------------------------------

def test_sarif_related_locations_and_regions(tree, run_cli):
    log = json.loads(run_cli("--format", "sarif", ".", cwd=tree).stdout)
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r for r in log["runs"][0]["results"]}
    copy = results[("repeated-block", "news/ferry_copy.txt")]
    assert copy["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 1, "endLine": 7, "endColumn": 1 + len(SHARED.split("\n")[-1])}
    [other] = copy["relatedLocations"]
    assert other["physicalLocation"]["artifactLocation"]["uri"] == "news/ferry.txt"
    assert other["physicalLocation"]["region"]["startLine"] == 3 and other["physicalLocation"]["region"]["endLine"] == 5
    local = results[("repeated-block", "news/markup.txt")]
    assert local["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
    title = results[("title-role", "news/minister.txt")]
    assert title["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 26}
    [mention] = title["relatedLocations"]
    assert mention["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 19}
    assert "Transport Minister" in mention["message"]["text"]
