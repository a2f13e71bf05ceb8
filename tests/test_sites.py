"""Real newsroom repositories (#17): a Hugo site, a Jekyll site and a plain wire folder, each
built by a fixture and checked through the command (and `pytest --newslint` for the failure
header).

Each site is a fixture returning its folder, so a new check is one more test taking it:
`def test_...(hugo_site, run_cli)`. The articles are module constants; a test that needs another
file writes it into the fixture's folder.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_newslint.document import parse
from tests.conftest import PROJECT

BODY = "The council approved the budget on Tuesday after a long debate about schools and roads."
SECOND = "Members will vote on the transport plan next month, the mayor's office said."

# -- the Hugo site -------------------------------------------------------------------------------

HUGO_CONFIG = 'baseURL = "https://news.example.org/"\ntitle = "City News"\n[markup.goldmark.renderer]\nunsafe = true\n'

# TOML front matter, a pull-quote shortcode repeating nothing, a figure caption, inline markup
HUGO_BUDGET = f"""+++
title = "Council approves the budget"
date = 2024-03-05T10:00:00Z
lastmod = 2024-06-01
tags = ["council", "budget"]
+++

{BODY} {{{{< ref "news/floods" >}}}}

{{{{< figure src="vote.jpg" caption="Councillors vote on the budget in the town hall" >}}}}

{{{{< pullquote >}}}}
Schools and roads come first, the mayor said.
{{{{< /pullquote >}}}}

{{{{< highlight go >}}}}
#one #two #three #four
{{{{< /highlight >}}}}

{SECOND}
"""

# a page bundle with YAML front matter: index.md, as in every other bundle
HUGO_FLOODS = f"""---
title: Floods close the valley road
publishDate: 2024-04-01
---

{BODY}
"""

# TOML front matter switching a rule off for the file, and a line of hashtags it then allows
HUGO_CAMPAIGN = f"""+++
title = "The campaign in its own words"
date = 2024-05-01
[newslint]
disable = ["hashtag-stuffing"]
+++

{SECOND}

#CleanRiver #SaveTheValley #VoteYes
"""

# JSON front matter (Hugo reads an object at the top of the file)
HUGO_JSON = f"""{{
  "title": "Transport plan goes to a vote",
  "pubDate": "2024-02-02",
  "description": "The plan #transport #city #vote #news #local goes to a vote"
}}

{SECOND}
"""

HUGO_BROKEN_TOML = f"""+++
title = "Budget"
date = 2024-13-45
+++

{BODY}
"""

# an archetype: a Go template, not YAML, until `hugo new` fills it in
HUGO_ARCHETYPE = """---
title: "{{ replace .File.ContentBaseName "-" " " | title }}"
date: {{ .Date }}
draft: true
---
"""


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def hugo_site(tmp_path) -> Path:
    """A Hugo site: config.toml, content/ (TOML, YAML and JSON front matter, page bundles,
    shortcodes), and the scaffolding newslint must leave alone (archetypes/, layouts/, static/,
    themes/, public/)."""
    return write(tmp_path / "hugo", {
        "config.toml": HUGO_CONFIG,
        "content/news/budget.md": HUGO_BUDGET,
        "content/news/floods/index.md": HUGO_FLOODS,
        "content/news/campaign.md": HUGO_CAMPAIGN,
        "content/news/transport.md": HUGO_JSON,
        "archetypes/default.md": HUGO_ARCHETYPE,
        "static/ads.txt": "# ads.txt\n#AppNexus #Xandr\nappnexus.com, 1234, DIRECT\n\n\n",
        "static/robots.txt": "User-agent: *\nDisallow:\n\n\n",
        "layouts/partials/note.md": "#a #b #c #d\n",
        "layouts/_default/single.html": "<main>{{ .Content }}</main>\n",
        "themes/paper/README.md": "# Paper\n",
        "themes/paper/layouts/shortcodes/pullquote.md": "#x #y #z #w\n",
        "public/news/budget/index.txt": BODY + "\n\n\n",
    })


def findings(result) -> list[dict]:
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def where(found: list[dict]) -> list[tuple[str, int, str]]:
    return sorted((f["path"], f["line"], f["rule"]) for f in found)


def test_hugo_scaffolding_is_not_checked_and_front_matter_is_read(hugo_site, run_cli):
    result = run_cli("--format", "json", ".", cwd=hugo_site)
    data = json.loads(result.stdout)
    # archetypes/, layouts/, static/ (ads.txt's #AppNexus #Xandr), themes/ and public/ are skipped
    assert data["files"] == 4
    # the JSON description is stuffed (its line and column true to the file); the TOML
    # `[newslint]` table silences the campaign's hashtag line; shortcodes are no prose
    assert where(data["findings"]) == [("content/news/transport.md", 4, "hashtag-stuffing")]
    [finding] = data["findings"]
    assert finding["column"] == len('  "description": "The plan ') + 1


def test_hugo_markup_is_never_prose_and_captions_are_callouts(hugo_site):
    raw = (hugo_site / "content/news/budget.md").read_bytes()
    document = parse("content/news/budget.md", raw)
    kinds = [(block.kind, block.start_line) for block in document.blocks]
    assert kinds == [("paragraph", 8), ("callout", 10), ("callout", 13), ("paragraph", 20)]
    paragraph, caption, quote, _ = document.blocks
    assert "{{<" not in paragraph.text and paragraph.text.rstrip() == BODY
    assert caption.text == "Councillors vote on the budget in the town hall"
    assert document.text[caption.start : caption.end] == caption.text  # true offsets
    assert quote.text == "Schools and roads come first, the mayor said." and quote.is_prose
    assert "#one" not in document.masked_text  # the highlight shortcode's inside is code


def test_multi_line_shortcodes_and_paired_content_shortcodes():
    text = (
        "Intro paragraph here.\n\n"
        '{{< figure\n    src="a.jpg"\n    caption="The bridge at dawn,\n    before the closure"\n>}}\n\n'
        "{{% note %}}\nA note the page shows.\n{{% /note %}}\n"
    )
    document = parse("a.md", text.encode())
    assert [(b.kind, b.start_line, b.end_line) for b in document.blocks] == [
        ("paragraph", 1, 1), ("callout", 5, 6), ("paragraph", 10, 10),  # a note's inside is the page's text
    ]


def test_dates_from_toml_yaml_and_json_front_matter(hugo_site):
    def date(name):
        return parse(name, (hugo_site / name).read_bytes()).date

    assert date("content/news/budget.md") == "2024-03-05T10:00:00+00:00"  # `date`, never `lastmod`
    assert date("content/news/floods/index.md") == "2024-04-01"  # publishDate
    assert date("content/news/transport.md") == "2024-02-02"  # pubDate
    document = parse("x.md", b"---\ntitle: A\nlastmod: 2024-01-01\npublished: 2023-05-05\n---\nText.\n")
    assert document.date == "2023-05-05"


def test_title_fields_of_toml_and_json_front_matter(hugo_site):
    for name, line in (("content/news/budget.md", 2), ("content/news/transport.md", 2)):
        document = parse(name, (hugo_site / name).read_bytes())
        title = document.front_matter_fields()[0]
        assert (title.start_line, title.text) == (line, document.front_matter["title"])
        assert document.text[title.start : title.end] == title.text
        assert document.headline_line == line


def test_broken_toml_front_matter_is_a_file_error_at_its_line(hugo_site, run_cli):
    write(hugo_site, {"content/news/broken.md": HUGO_BROKEN_TOML})
    found = findings(run_cli("--format", "json", "content/news/broken.md", cwd=hugo_site))
    assert [(f["rule"], f["line"]) for f in found] == [("file-error", 3)]
    assert "not valid TOML (line 3" in found[0]["message"]


def test_broken_json_front_matter_is_a_file_error_at_its_line(hugo_site, run_cli):
    write(hugo_site, {"content/news/bad.md": '{\n  "title": "A",\n  "date": 2024-01-01\n}\n\nText of the article.\n'})
    found = findings(run_cli("--format", "json", "content/news/bad.md", cwd=hugo_site))
    assert [(f["rule"], f["line"]) for f in found] == [("file-error", 3)]


def test_archetype_named_is_reported_at_the_yaml_errors_line(hugo_site, run_cli):
    # excluded from folder walks; named on the command line (pre-commit does), it is excluded too
    assert findings(run_cli("--format", "json", "archetypes/default.md", cwd=hugo_site)) == []
    (hugo_site.parent / "plain.yaml").write_text("exclude: []\n", encoding="utf-8")  # no default excludes
    found = findings(run_cli("--format", "json", "--config", hugo_site.parent / "plain.yaml", "archetypes/default.md", cwd=hugo_site))
    assert [(f["rule"], f["line"]) for f in found] == [("file-error", 2)]
    assert "line 2" in found[0]["message"]


def test_init_in_a_hugo_site_includes_only_content(hugo_site, run_cli):
    result = run_cli("init", cwd=hugo_site)
    assert result.returncode == 0, result.stderr
    config = (hugo_site / ".newslint.yaml").read_text(encoding="utf-8")
    include = config.split("include:\n")[1].split("\n\n")[0]
    assert include == '  - "content/**/*.md"'
    # the pre-commit snippet says what goes in place of its placeholder URL
    assert "your team's mirror of the newslint repository" in result.stdout and "rev:" in result.stdout


def test_pytest_failure_header_names_the_bundle_not_index_md(hugo_site):
    write(hugo_site, {"content/sport/marathon/index.md": HUGO_FLOODS + "\n\n"})
    (hugo_site / "content/news/floods/index.md").write_text(HUGO_FLOODS + "\n\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--newslint", "-p", "no:cacheprovider", "-p", "no:randomly", "-q",
         "--rootdir", str(hugo_site), "content"],
        cwd=hugo_site, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300,
    )
    assert "_ newslint: content/news/floods/index.md _" in result.stdout, result.stdout
    assert "_ newslint: content/sport/marathon/index.md _" in result.stdout


# -- the Jekyll site -----------------------------------------------------------------------------

JEKYLL_POST = f"""---
layout: post
title: "Council approves the budget"
date: 2022-06-08 10:00:00 +0200
---

{BODY} Read more on {{{{ site.title }}}}.

{{% include figure.html image="vote.jpg" caption="Councillors vote on the budget in the town hall" %}}

{{% comment %}}
#draft #todo #check #later
{{% endcomment %}}

{{% raw %}}
{{{{ page.title }}}} #not #prose #at #all
{{% endraw %}}

<blockquote class="twitter-tweet"><p>The vote is in #budget #council #city #vote #news</p>
<a href="https://twitter.com/x/status/1">June 8, 2022</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script>

{SECOND}
"""


@pytest.fixture
def jekyll_site(tmp_path) -> Path:
    """A Jekyll site: _config.yml, _posts/ with Liquid, a page, and _includes/, _layouts/, _site/."""
    return write(tmp_path / "jekyll", {
        "_config.yml": "title: City News\n",
        "_posts/2022-06-08-council-budget.md": JEKYLL_POST,
        "about.md": f"---\nlayout: page\ntitle: About\n---\n\n{SECOND}\n",
        "_includes/figure.html": '<figure><img src="{{ include.image }}"><figcaption>{{ include.caption }}</figcaption></figure>\n',
        "_includes/share.md": "#share #this #story #now\n",
        "_layouts/post.html": "<article>{{ content }}</article>\n",
        "_site/robots.txt": "User-agent: *\n\n\n",
        "assets/fonts/OFL.txt": "SIL OPEN FONT LICENSE\n\n\n",
    })


def test_jekyll_liquid_and_embeds_are_markup(jekyll_site, run_cli):
    result = run_cli(".", cwd=jekyll_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "No findings in 2 files.\n"
    document = parse("p.md", (jekyll_site / "_posts/2022-06-08-council-budget.md").read_bytes())
    assert document.date == "2022-06-08 10:00:00 +0200"
    callouts = [block.text for block in document.blocks if block.kind == "callout"]
    assert callouts == ["Councillors vote on the budget in the town hall"]
    assert not [block for block in document.prose_blocks() if "#" in block.text or "{" in block.text]


# -- the wire folder -----------------------------------------------------------------------------

LATIN1 = f"Café in São Paulo\n\nLe conseil a approuvé le budget mardi après un long débat.\n\n\n".encode("latin-1")


@pytest.fixture
def wire_folder(tmp_path) -> Path:
    """A plain wire folder: CRLF, a BOM, a Latin-1 archive with `encoding: latin-1` in an
    override, and an empty file."""
    return write(tmp_path / "wire", {
        ".newslint.yaml": "overrides:\n  - files: [\"archive/\"]\n    encoding: latin-1\n",
        "crlf.txt": f"Budget\r\n\r\n{BODY}\r\n\r\n\r\n".encode(),
        "bom.txt": b"\xef\xbb\xbf" + f"Budget\n\n{BODY}\n".encode(),
        "archive/1998/cafe.txt": LATIN1,
        "empty.txt": b"",
    })


def test_wire_folder_findings(wire_folder, run_cli):
    found = findings(run_cli("--format", "json", ".", cwd=wire_folder))
    assert where(found) == [
        ("archive/1998/cafe.txt", 4, "trailing-padding"),
        ("crlf.txt", 4, "trailing-padding"),
        ("empty.txt", 1, "file-error"),
    ]


def test_fix_writes_latin1_back_as_latin1_and_crlf_as_crlf(wire_folder, run_cli):
    result = run_cli("--fix", ".", cwd=wire_folder)
    assert "newslint: fixed 2 files" in result.stderr
    assert (wire_folder / "archive/1998/cafe.txt").read_bytes() == LATIN1.rstrip(b"\n") + b"\n"
    assert (wire_folder / "crlf.txt").read_bytes() == f"Budget\r\n\r\n{BODY}\r\n".encode()
    assert result.stdout == "empty.txt:1:1: error file-error empty file: an article needs text; delete the file or write it\n" \
        "Found 1 finding in 4 files.\n"


def test_without_the_encoding_a_latin1_file_is_a_file_error_that_says_what_to_do(wire_folder, run_cli):
    (wire_folder / ".newslint.yaml").write_text("{}\n", encoding="utf-8")  # no `encoding:` for archive/
    found = findings(run_cli("--format", "json", "archive", cwd=wire_folder))
    [finding] = found
    assert finding["rule"] == "file-error" and "not valid UTF-8 (byte 0xe9 at line 1)" in finding["message"]
    assert "`encoding:`" in finding["message"]


@pytest.mark.parametrize("text, message", [
    ("encoding: latin-9x\n", "newslint: error: .newslint.yaml: encoding: unknown encoding 'latin-9x'"),
    ("overrides:\n  - files: [a/]\n    encoding: base64\n", "newslint: error: .newslint.yaml: overrides[0]: encoding: 'base64' is not a text encoding"),
    ("encoding: 8\n", "newslint: error: .newslint.yaml: encoding: expected an encoding name"),
])
def test_unknown_encoding_is_a_one_line_config_error(wire_folder, run_cli, text, message):
    (wire_folder / ".newslint.yaml").write_text(text, encoding="utf-8")
    result = run_cli(".", cwd=wire_folder)
    assert result.returncode == 2 and result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_top_level_encoding_and_show_config(wire_folder, run_cli):
    (wire_folder / ".newslint.yaml").write_text("encoding: cp1252\n", encoding="utf-8")
    write(wire_folder, {"quotes.txt": "Budget\n\n\u201cIt is done,\u201d the mayor said.\n".encode("cp1252")})
    assert findings(run_cli("--format", "json", "quotes.txt", cwd=wire_folder)) == []
    assert "encoding: cp1252" in run_cli("--show-config", "quotes.txt", cwd=wire_folder).stdout


def test_the_cache_key_holds_the_encoding(wire_folder, run_cli):
    (wire_folder / ".newslint.yaml").write_text("cache-dir: .cache\n", encoding="utf-8")
    assert findings(run_cli("--format", "json", "archive", cwd=wire_folder))[0]["rule"] == "file-error"
    (wire_folder / ".newslint.yaml").write_text("cache-dir: .cache\nencoding: latin-1\n", encoding="utf-8")
    assert [f["rule"] for f in findings(run_cli("--format", "json", "archive", cwd=wire_folder))] == ["trailing-padding"]


# -- the command's bugs (#17.4) ------------------------------------------------------------------


def test_fix_with_a_warm_cache_prints_only_what_remains(wire_folder, run_cli):
    (wire_folder / ".newslint.yaml").write_text("cache-dir: .cache\noverrides:\n  - files: [archive/]\n    encoding: latin-1\n")
    assert run_cli(".", cwd=wire_folder).stdout.startswith("archive/1998/cafe.txt:4:1")  # the cache is warm
    result = run_cli("--fix", ".", cwd=wire_folder)
    assert result.stdout.splitlines() == [
        "empty.txt:1:1: error file-error empty file: an article needs text; delete the file or write it",
        "Found 1 finding in 4 files.",
    ]
    assert "newslint: fixed 2 files" in result.stderr


def test_fix_leaves_baselined_findings_alone(wire_folder, run_cli):
    run_cli("--write-baseline", "baseline.json", ".", cwd=wire_folder)
    before = (wire_folder / "crlf.txt").read_bytes()
    result = run_cli("--baseline", "baseline.json", "--fix", ".", cwd=wire_folder)
    assert (wire_folder / "crlf.txt").read_bytes() == before
    assert result.returncode == 0 and "fixed" not in result.stderr
    assert result.stdout == "No findings in 4 files, 3 hidden by the baseline.\n"
    assert run_cli("--baseline", "baseline.json", "--diff", ".", cwd=wire_folder).stdout == ""


def test_a_clean_run_says_so(wire_folder, run_cli):
    assert run_cli("bom.txt", cwd=wire_folder).stdout == "No findings in 1 file.\n"
    assert run_cli("--quiet", "bom.txt", cwd=wire_folder).stdout == ""
    assert json.loads(run_cli("--format", "json", "bom.txt", cwd=wire_folder).stdout) == {"files": 1, "findings": []}


def test_built_in_finding_ids_are_known(wire_folder, run_cli):
    only = run_cli("--select", "file-error", "--format", "json", ".", cwd=wire_folder)
    assert [f["rule"] for f in findings(only)] == ["file-error"]
    rest = run_cli("--ignore", "file-error", "--format", "json", ".", cwd=wire_folder)
    assert "file-error" not in {f["rule"] for f in findings(rest)}
    # --select of rules only still says that a file could not be read
    assert "file-error" in {f["rule"] for f in findings(run_cli("--select", "trailing-padding", "--format", "json", ".", cwd=wire_folder))}
    explained = run_cli("--explain", "file-error")
    assert explained.returncode == 0 and explained.stdout.startswith("# file-error\n")
    listed = run_cli("--list-rules").stdout
    for finding_id in ("file-error", "internal-error", "invalid-suppression", "unused-suppression", "rule-timeout"):
        assert f"\n{finding_id} (built-in, " in listed
    write(wire_folder, {"note.md": f"<!-- newslint: disable=file-error -->\n{BODY}\n"})
    [finding] = findings(run_cli("--format", "json", "note.md", cwd=wire_folder))
    assert finding["rule"] == "invalid-suppression" and "no suppression silences it" in finding["message"]


def test_a_missing_path_is_a_usage_error(wire_folder, run_cli):
    result = run_cli("missing/", cwd=wire_folder)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "newslint: error: missing/: no such file or folder\n")
    os.symlink("nowhere.txt", wire_folder / "dangling.txt")  # inside a folder: still a finding
    assert "dangling.txt" in {f["path"] for f in findings(run_cli("--format", "json", ".", cwd=wire_folder))}


def test_text_output_shows_the_severity(wire_folder, run_cli):
    (wire_folder / ".newslint.yaml").write_text("rules:\n  trailing-padding: {severity: warning}\n")
    line = run_cli("crlf.txt", cwd=wire_folder).stdout.splitlines()[0]
    assert line.startswith("crlf.txt:4:1: warning trailing-padding ")


def test_readme_names_the_package_and_the_command():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "pip install pytest-newslint" in readme and "`newslint`" in readme
    assert "mirror" in readme.split("## pre-commit")[1].split("##")[0]


# -- repeated-block in a real site: what a newsroom repeats on purpose, and what it must not ------

STORY = [
    "The regional water board approved a plan on Monday to rebuild the northern dam after engineers "
    "found cracks in its concrete wall during the winter inspection.",
    "Work is due to start in the spring and will take about three years, the board said, with the "
    "reservoir kept at a lower level until the repairs are finished.",
    "Farmers downstream have asked for compensation because the lower reservoir will cut the water "
    "available for irrigation during the next two summers.",
    "The board's chair said the cost would be shared between the national government and the "
    "province, and that no household would see its water bill rise this year.",
]
OTHER = [
    "A new ferry service between the harbour and the island will begin next week, the port authority "
    "announced on Thursday after months of delays caused by a shortage of crew.",
    "Tickets will cost the same as on the old route, and residents of the island will travel free "
    "during the first month, according to the operator's timetable published online.",
    "The old ferry was withdrawn in March after an engine fire, leaving islanders to rely on a small "
    "water taxi that could not carry cars or freight.",
]


def hugo_article(date: str, paragraphs: list[str], extra: str = "", title: str = "Dam repairs") -> str:
    return f'+++\ntitle = "{title}"\ndate = {date}\n{extra}+++\n\n' + "\n\n".join(paragraphs) + "\n"


def repeated(run_cli, folder: Path, *args: str) -> list[dict]:
    return [f for f in findings(run_cli("--format", "json", *args, ".", cwd=folder)) if f["rule"] == "repeated-block"]


def test_pull_quotes_captions_and_corrections_repeat_the_body_on_purpose(hugo_site, run_cli):
    body = list(STORY)
    quote = "Farmers downstream have asked for compensation because the lower reservoir will cut the water available"
    text = hugo_article("2024-03-05", [
        body[0],
        '{{< figure src="dam.jpg" caption="' + body[1] + '" >}}',
        body[1],
        "{{< pullquote >}}\n" + body[2] + "\n{{< /pullquote >}}",
        body[2],
        body[3],
        "**Correction:** An earlier version of this article said: " + body[3],
    ])
    write(hugo_site, {"content/news/dam.md": text})
    assert repeated(run_cli, hugo_site) == []
    # the same text pasted as a plain paragraph is the defect
    write(hugo_site, {"content/news/dam.md": text + "\n" + quote + " for irrigation during the next two summers.\n"})
    assert [f["path"] for f in repeated(run_cli, hugo_site)] == ["content/news/dam.md"]


def test_wire_updates_are_versions_of_one_story(tmp_path, run_cli):
    folder = write(tmp_path / "wire", {
        "2024/dam-repairs-update-1.txt": "\n\n".join(STORY[:3]) + "\n",
        "2024/dam-repairs-update-2.txt": "\n\n".join(STORY) + "\n",
        "2024/ferry.txt": "\n\n".join(OTHER) + "\n",
    })
    assert repeated(run_cli, folder) == []
    # an unrelated article that takes two paragraphs of the story is a copy
    write(folder, {"2024/ferry.txt": "\n\n".join(OTHER + STORY[1:3]) + "\n"})
    assert [f["path"] for f in repeated(run_cli, folder)] == ["2024/ferry.txt"]


def test_story_key_in_toml_front_matter_marks_versions(hugo_site, run_cli):
    write(hugo_site, {
        "content/news/dam.md": hugo_article("2024-03-05", STORY[:3], 'story = "dam-2024"\n'),
        "content/news/dam-later.md": hugo_article("2024-03-06", STORY, 'story = "dam-2024"\n'),
    })
    assert repeated(run_cli, hugo_site) == []


def test_boilerplate_listed_in_the_config_is_never_reported(tmp_path, run_cli):
    about = ["About us: City News is an independent newsroom funded by its readers and publishes local "
             "reporting every day of the year.",
             "Related: read our guide to the city budget, the council's spending plans and how to take part in "
             "public meetings."]
    folder = write(tmp_path / "site", {
        "a.md": "\n\n".join(STORY + about) + "\n",
        "b.md": "\n\n".join(OTHER + about) + "\n",
    })
    assert [f["path"] for f in repeated(run_cli, folder)] == ["b.md"]  # two articles: not yet a template
    listed = "".join(f"      - {json.dumps(passage)}\n" for passage in about)
    write(folder, {".newslint.yaml": "rules:\n  repeated-block:\n    boilerplate:\n" + listed})
    assert repeated(run_cli, folder) == []


def test_adding_a_third_copy_never_hides_the_first(tmp_path, run_cli):
    folder = write(tmp_path / "archive", {
        "a.txt": "\n\n".join(STORY) + "\n",
        "b.txt": "\n\n".join(OTHER[:2] + STORY[1:3] + OTHER[2:]) + "\n",
    })
    assert [f["path"] for f in repeated(run_cli, folder)] == ["b.txt"]
    write(folder, {"c.txt": "Another story opens here, about the harbour and its ferry timetable for the winter.\n\n"
                   + "\n\n".join([OTHER[2]] + STORY[1:3]) + "\n"})
    found = repeated(run_cli, folder)
    assert {f["path"] for f in found} == {"b.txt", "c.txt"}
    assert any(f["path"] == "b.txt" and "a.txt" in f["message"] for f in found)


def test_the_later_article_by_its_toml_date_takes_the_finding(hugo_site, run_cli):
    write(hugo_site, {".newslint.yaml": "rules:\n  repeated-block:\n    single-paragraph: true\n",
                      # the path sorts later, the date is earlier: the date decides
                      "content/news/z-original.md": hugo_article("2024-02-01", STORY, title="Dam"),
                      "content/news/a-later.md": hugo_article("2024-03-01", OTHER + [STORY[2]], title="Ferry")})
    found = [f for f in repeated(run_cli, hugo_site) if "floods" not in f["path"] and "budget" not in f["path"]]
    assert [f["path"] for f in found] == ["content/news/a-later.md"]
    assert "z-original.md" in found[0]["message"] and "2024-02-01" in found[0]["message"]


def test_a_paragraph_repeated_in_other_words_in_a_jekyll_post(jekyll_site, run_cli):
    first = ("The company blamed high energy costs and weak orders from European carmakers, which have cut "
             "production of petrol and diesel models faster than expected while sales of electric cars have stalled.")
    second = ("The firm pointed to high energy bills and falling orders from European car manufacturers, which have "
              "reduced output of petrol and diesel cars faster than expected while demand for electric vehicles has stalled.")
    post = "---\ntitle: Supplier cuts forecast\n---\n\n" + "\n\n".join([first, *OTHER, second]) + "\n"
    write(jekyll_site, {"_posts/2024-05-02-supplier-forecast.md": post})
    found = repeated(run_cli, jekyll_site)
    assert [(f["path"], f["message"].endswith("in other words (paraphrase)")) for f in found] == [
        ("_posts/2024-05-02-supplier-forecast.md", True)]
