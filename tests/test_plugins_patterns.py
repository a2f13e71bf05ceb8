"""Third-party rules through entry points, pattern rules written in the config, and their
failures: a plugin that does not import, a rule that raises, a pattern that backtracks."""
import json
import os
import subprocess
import sys
import time

import pytest

from tests.conftest import PROJECT

BODY = "The council approved the budget on Tuesday after a long and very unique debate about schools.\n"
CAPS = "COUNCIL APPROVES THE BUDGET\n\n" + BODY


@pytest.fixture(scope="session")
def plugin_path(tmp_path_factory):
    """The example plugin package of tests/example_plugin, installed with pip into a folder that
    the subprocesses below put on their PYTHONPATH (the test environment, without changing the
    project's virtualenv for other tests)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", str(target), str(PROJECT / "tests" / "example_plugin")],
        check=True, capture_output=True, timeout=600,
    )
    return target


def with_path(path):
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(path), os.environ.get("PYTHONPATH")]))}


def test_plugin_rule_through_the_cli(tmp_path, run_cli, plugin_path):
    (tmp_path / "caps.txt").write_text(CAPS)
    (tmp_path / "fine.txt").write_text("Council approves the budget\n\n" + BODY)
    result = run_cli("--format", "json", ".", cwd=tmp_path, env=with_path(plugin_path))
    found = [(f["path"], f["line"], f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("caps.txt", 1, "shouting-headline", "warning")]
    assert result.returncode == 1
    # its options are validated like a built-in rule's
    (tmp_path / ".newslint.yaml").write_text("rules:\n  shouting-headline:\n    min-letters: many\n")
    bad = run_cli(".", cwd=tmp_path, env=with_path(plugin_path))
    assert bad.returncode == 2 and "rules.shouting-headline.min-letters: expected an integer" in bad.stderr
    # and suppressed like one
    (tmp_path / ".newslint.yaml").write_text("per-file-ignores:\n  caps.txt: [shouting-headline]\n")
    assert run_cli(".", cwd=tmp_path, env=with_path(plugin_path)).returncode == 0


def test_plugin_format_and_list_rules(tmp_path, run_cli, plugin_path):
    (tmp_path / "caps.txt").write_text(CAPS + "\n\n")
    result = run_cli("--format", "count", ".", cwd=tmp_path, env=with_path(plugin_path))
    assert result.stdout == "shouting-headline: 1\ntrailing-padding: 1\n"
    listed = run_cli("--list-rules", env=with_path(plugin_path)).stdout
    assert "shouting-headline (plugin newslint-example-plugin 1.0.0, warning): A headline written in capital letters." in listed
    assert "    min-letters = 8: shorter headlines (acronyms) are left alone" in listed
    assert "trailing-padding (built-in, error)" in listed
    explained = run_cli("--explain", "shouting-headline", env=with_path(plugin_path)).stdout
    assert "Source: plugin newslint-example-plugin 1.0.0" in explained and "## Why is this bad?" in explained


def test_plugin_rule_through_pytest(tmp_path, plugin_path):
    (tmp_path / "caps.txt").write_text(CAPS)
    (tmp_path / "fine.md").write_text("# Council approves the budget\n\n" + BODY)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--newslint", "-p", "no:cacheprovider", "-q", "-rf"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, **with_path(plugin_path)},
    )
    assert "caps.txt:1:1: warning shouting-headline headline in capitals" in result.stdout, result.stdout
    assert "1 failed, 1 passed" in result.stdout


def test_plugin_that_fails_to_import(tmp_path, run_cli):
    site = tmp_path / "site"
    dist = site / "broken_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[newslint.rules]\nbroken = broken_plugin\n")
    (site / "broken_plugin.py").write_text("raise RuntimeError('missing model file')\n")
    (tmp_path / "a.txt").write_text(BODY)
    result = run_cli("a.txt", cwd=tmp_path, env=with_path(site))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "newslint: error: newslint plugin 'broken' (package broken-plugin 0.1) failed to import: "
        "RuntimeError: missing model file; fix or uninstall that package")


def test_rule_that_raises_is_an_internal_error_for_that_file_only(tmp_path, run_cli):
    site = tmp_path / "site"
    dist = site / "flaky_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: flaky-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[newslint.rules]\nflaky = flaky_plugin\n")
    (site / "flaky_plugin.py").write_text(
        "from pytest_newslint.plugins import hookimpl\n"
        "class Flaky:\n"
        "    '''Fails on articles about budgets.'''\n"
        "    ID = 'flaky'\n"
        "    @staticmethod\n"
        "    def check(document, options):\n"
        "        if 'budget' in document.text:\n"
        "            raise ValueError('cannot cope')\n"
        "        return []\n"
        "@hookimpl\n"
        "def newslint_rules():\n"
        "    return [Flaky]\n")
    (tmp_path / "a.txt").write_text(BODY + "\n\n")
    (tmp_path / "b.txt").write_text("Another story about the weather and the harvest this year.\n\n")
    result = run_cli("--format", "json", ".", cwd=tmp_path, env=with_path(site))
    found = sorted((f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"])
    assert found == [("a.txt", "internal-error"), ("a.txt", "trailing-padding"), ("b.txt", "trailing-padding")]
    message = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "internal-error"][0]
    assert "rule 'flaky' failed: ValueError: cannot cope" in message


def test_config_names_a_plugin_that_is_not_installed(tmp_path, run_cli):
    (tmp_path / ".newslint.yaml").write_text("plugins: [newslint-house-style>=2]\nrules:\n  house-banned-words: {}\n")
    (tmp_path / "a.txt").write_text(BODY)
    result = run_cli(".", cwd=tmp_path)
    assert result.returncode == 2
    assert "plugins: package 'newslint-house-style' is not installed: `pip install newslint-house-style`" in result.stderr
    assert "additional_dependencies" in result.stderr


PATTERNS = """
patterns:
  - id: banned-phrases
    words: [very unique, at this point in time]
    message: "house style: avoid '{match}'"
    severity: warning
    ignore-case: true
  - id: legal-review
    pattern: '\\b(alleged(ly)?)\\s+\\p{L}+'
    message: "needs legal review: '{match}'"
    files: ["news/**"]
"""


def test_pattern_rules(tmp_path, run_cli):
    (tmp_path / ".newslint.yaml").write_text(PATTERNS)
    (tmp_path / "news").mkdir()
    text = "Title here\n\nThe Very  Unique plan was allegedly stolen.\n\n```\nvery unique in code\n```\n"
    (tmp_path / "news" / "a.md").write_text(text)
    (tmp_path / "b.md").write_text(text)
    result = run_cli("--format", "json", ".", cwd=tmp_path)
    found = [(f["path"], f["line"], f["column"], f["rule"], f["severity"], f["message"])
             for f in json.loads(result.stdout)["findings"]]
    assert found == [
        ("b.md", 3, 5, "banned-phrases", "warning", "house style: avoid 'Very Unique'"),
        ("news/a.md", 3, 5, "banned-phrases", "warning", "house style: avoid 'Very Unique'"),
        ("news/a.md", 3, 27, "legal-review", "error", "needs legal review: 'allegedly stolen'"),
    ]
    listed = run_cli("--list-rules", cwd=tmp_path).stdout
    assert "banned-phrases (config .newslint.yaml, warning)" in listed
    assert run_cli("--select", "legal-review", ".", cwd=tmp_path).stdout.count("legal-review") == 1


@pytest.mark.parametrize("entry, message", [
    ("- id: x\n    pattern: '(unclosed'\n", "patterns[0] (x).pattern: does not compile"),
    ("- id: X Y\n    pattern: 'a'\n", "patterns[0].id: expected a rule id"),
    ("- id: trailing-padding\n    pattern: 'a'\n", "rule id 'trailing-padding' is already taken"),
    ("- id: x\n    pattern: 'a'\n    words: [b]\n", "give exactly one of `pattern` or `words`"),
    ("- id: x\n    pattern: 'a'\n    colour: red\n", "unknown key 'colour'"),
    ("- id: x\n    pattern: 'a'\n    message: '{nope}'\n", "only {match} and {id} may be used"),
    ("- id: x\n    pattern: 'a'\n    timeout: 0\n", "timeout: expected seconds"),
])
def test_pattern_config_errors(tmp_path, run_cli, entry, message):
    (tmp_path / ".newslint.yaml").write_text("patterns:\n  " + entry)
    (tmp_path / "a.txt").write_text(BODY)
    result = run_cli(".", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_catastrophic_pattern_over_1000_files_finishes_fast_with_one_error(tmp_path, run_cli):
    # `regex` defuses the textbook `(a+)+$`; `(a|aa)+$` still backtracks exponentially in it
    (tmp_path / ".newslint.yaml").write_text("patterns:\n  - id: slow\n    pattern: '(a|aa)+$'\n    timeout: 0.2\n")
    line = "a" * 40 + "b"
    for index in range(1000):
        (tmp_path / f"{index:04d}.txt").write_text(f"Story {index}\n\n{line}\n")
    start = time.monotonic()
    result = run_cli("--no-cache", "--format", "json", ".", cwd=tmp_path)
    elapsed = time.monotonic() - start
    found = json.loads(result.stdout)["findings"]
    timeouts = [f for f in found if f["rule"] == "rule-timeout"]
    assert len(timeouts) == 1 and "pattern rule 'slow' timed out after 0.2s" in timeouts[0]["message"]
    assert not [f for f in found if f["rule"] == "slow"]
    assert result.returncode == 1 and elapsed < 10, elapsed


def test_writing_a_rule_doc_shows_the_tested_example_verbatim():
    doc = (PROJECT / "docs" / "writing-a-rule.md").read_text()
    for name in ("pyproject.toml", "newslint_example_plugin/__init__.py", "newslint_example_plugin/shouting_headline.py"):
        assert (PROJECT / "tests" / "example_plugin" / name).read_text() in doc, name


@pytest.mark.parametrize("layout", ["dist-info", "egg-info", "egg", "none"])
def test_plugins_are_looked_for_without_importlib_metadata_unless_one_is_declared(tmp_path, monkeypatch, layout):
    """importlib.metadata (25-35 ms of every run) is imported only when a folder on sys.path
    declares the plugin group; an `.egg-info` or `.egg` folder declares it as a `.dist-info`
    does, and a zip file on the path is left to importlib.metadata."""
    from pytest_newslint import plugins

    site = tmp_path / "site"
    folder = {"dist-info": "p-0.1.dist-info", "egg-info": "p-0.1.egg-info", "egg": "p-0.1.egg/EGG-INFO",
              "none": "q-0.1.dist-info"}[layout]
    (site / folder).mkdir(parents=True)
    group = "other.group" if layout == "none" else "newslint.rules"
    (site / folder / "entry_points.txt").write_text(f"[{group}]\np = p\n")
    (site / "lonely-0.1.egg-info").write_text("Metadata-Version: 1.0\n")  # an egg-info file: PKG-INFO alone
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "missing")])
    assert plugins._group_may_be_declared() is (layout != "none")
    zipped = tmp_path / "bundle.zip"
    zipped.write_bytes(b"PK\x05\x06" + bytes(18))
    monkeypatch.setattr(sys, "path", [str(site), str(zipped)])
    assert plugins._group_may_be_declared() is True


def test_a_run_without_plugins_does_not_import_importlib_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(BODY + "\n\n")
    probe = ("import sys\nfrom pytest_newslint import cli\n"
             "try:\n    cli.main(['a.txt'])\nexcept SystemExit:\n    pass\n"
             "print('importlib.metadata' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stdout + result.stderr
