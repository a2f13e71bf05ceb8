"""Config and plugin safety: YAML is loaded safely, and the whole configuration (rule options,
overrides, patterns, plugins, registry files) is validated before any article is opened.

The proof uses an audit hook (PEP 578): in the processes under test, opening any file named
`trap*` ends the process at once with exit status 97. A config error must exit 2 (pytest: 4)
with one line naming the file, and never trip the trap; a valid config must trip it (the
positive control, so the trap is known to work).
"""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import newslint_command

TRAP_EXIT = 97
AUDIT = '''
import os
import sys

if os.environ.get("NEWSLINT_TEST_TRAP"):
    def _trap(event, args):
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            name = os.path.basename(os.fsdecode(args[0]))
            if name.startswith("trap"):
                os.write(2, b"TRAP: an article was opened\\n")
                os._exit(97)

    sys.addaudithook(_trap)
'''


def trap_env(tmp_path) -> dict:
    folder = tmp_path / "audit"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(AUDIT, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path, "NEWSLINT_TEST_TRAP": "1", "NO_COLOR": "1"}


ARTICLE = "Council Approves Budget\n\nThe council approved the budget on Tuesday after a long debate.\n\n\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(12)
)

# (config file name, its text, extra files, what the one-line error says)
BAD_CONFIGS = {
    "option-below-minimum": (".newslint.yaml", "rules:\n  repeated-block:\n    min-words: 0\n", {}, "rules.repeated-block.min-words: must be at least 1"),
    "option-wrong-type": (".newslint.yaml", "rules:\n  hashtag-stuffing:\n    paragraph-max: many\n", {}, "paragraph-max: expected an integer"),
    "unknown-option": (".newslint.yaml", "rules:\n  trailing-padding:\n    lines: 2\n", {}, "unknown option 'lines'"),
    "unknown-rule": (".newslint.yaml", "rules:\n  no-such-rule: {}\n", {}, "unknown rule 'no-such-rule'"),
    "bad-severity": (".newslint.yaml", "rules:\n  title-role:\n    severity: fatal\n", {}, "severity: expected one of"),
    "bad-override": (".newslint.yaml", "overrides:\n  - files: ['politics/**']\n    rules:\n      repeated-block: {similarity: 2}\n", {},
                     "overrides[0]: rules.repeated-block.similarity: must be at most 1"),
    "bad-per-file-ignores": (".newslint.yaml", "per-file-ignores:\n  'drafts/*': [nope]\n", {}, "unknown rule 'nope'"),
    "bad-max-file-size": (".newslint.yaml", "max-file-size: lots\n", {}, "max-file-size: expected a size"),
    "bad-pattern-regex": (".newslint.yaml", "patterns:\n  - id: house\n    pattern: '(unclosed'\n    message: x\n", {}, "patterns[0]"),
    "plugin-not-installed": (".newslint.yaml", "plugins: [newslint-no-such-plugin]\n", {}, "is not installed"),
    "registry-not-valid": (".newslint.yaml", "rules:\n  title-role:\n    registry-file: people.yaml\n",
                           {"people.yaml": "people:\n  Laura Benet:\n    roles: [{office: Finance Minister, since: 2024-01-01}\n"},
                           "registry-file"),
    "registry-python-tag": (".newslint.yaml", "rules:\n  title-role:\n    registry-file: people.yaml\n",
                            {"people.yaml": "people: !!python/object/apply:os.system ['touch PWNED']\n"}, "registry-file"),
    "registry-bomb": (".newslint.yaml", "rules:\n  title-role:\n    registry-file: people.yaml\n",
                      {"people.yaml": BOMB + "people: {}\n"}, "YAML bomb"),
    "yaml-bomb": (".newslint.yaml", BOMB, {}, "YAML bomb"),
    "python-tag": (".newslint.yaml", "rules: !!python/object/apply:os.system ['touch PWNED']\n", {}, "not valid YAML"),
    "python-name": (".newslint.yaml", "rules: !!python/name:os.system\n", {}, "not valid YAML"),
    "deep-nesting": (".newslint.yaml", "rules: " + "[" * 5000 + "]" * 5000 + "\n", {}, ".newslint.yaml"),
    "bad-date": (".newslint.yaml", "cache-dir: 2024-13-45\n", {}, "not valid YAML (line 1"),
    "huge-integer": (".newslint.yaml", "max-file-size: " + "9" * 5000 + "\n", {}, "not valid YAML (line 1"),
    "not-a-mapping": (".newslint.yaml", "- just\n- a list\n", {}, "must be a mapping"),
    "utf16-config": (".newslint.yaml", None, {}, "cannot read config file"),
    "broken-toml": ("pyproject.toml", "[tool.newslint\nrules = {}\n", {}, "not valid TOML"),
}

ALL_ENTRY_POINTS = {"option-below-minimum", "registry-python-tag", "yaml-bomb", "bad-pattern-regex"}


def write_case(folder, case):
    name, text, extra, _ = BAD_CONFIGS[case]
    if text is None:
        (folder / name).write_bytes("rules: {}\n".encode("utf-16"))
    else:
        (folder / name).write_text(text, encoding="utf-8")
    for extra_name, extra_text in extra.items():
        (folder / extra_name).write_text(extra_text, encoding="utf-8")
    (folder / "trap_article.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "trap_other.txt").write_text(ARTICLE, encoding="utf-8")
    return name


def test_the_trap_works(tmp_path):
    """Positive control: with a valid config, newslint opens the articles, and the trap fires."""
    (tmp_path / ".newslint.yaml").write_text("rules:\n  repeated-block:\n    min-words: 5\n", encoding="utf-8")
    (tmp_path / "trap_article.md").write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run(newslint_command() + ["--no-cache", "."], cwd=tmp_path, capture_output=True, text=True,
                            env=trap_env(tmp_path), timeout=120)
    assert result.returncode == TRAP_EXIT and "TRAP" in result.stderr


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_config_error_exits_2_before_any_article_is_opened(tmp_path, case):
    name = write_case(tmp_path, case)
    # a pyproject.toml is named: found by walking up, one that does not parse is skipped (below)
    named = ["--config", name] if name == "pyproject.toml" else []
    runs = [["--no-cache", "."]]
    if case in ALL_ENTRY_POINTS:  # and through --fix on a named file, and standard input
        runs += [["--no-cache", "--fix", "trap_article.md"], ["--no-cache", "-", "--stdin-filename", "trap.md"]]
    for args in runs:
        result = subprocess.run(newslint_command() + named + args, cwd=tmp_path, capture_output=True, text=True,
                                env=trap_env(tmp_path), timeout=120, input=ARTICLE)
        assert "TRAP" not in result.stderr, f"{case}: an article was opened before the config was validated"
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 2, (case, args, result.returncode, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("newslint: error: "), result.stderr
        assert BAD_CONFIGS[case][3] in lines[0], lines[0]
        assert name in lines[0] and (not case.startswith("registry") or "people.yaml" in lines[0]), lines[0]
    assert not (tmp_path / "PWNED").exists()
    assert (tmp_path / "trap_article.md").read_text(encoding="utf-8") == ARTICLE


@pytest.mark.parametrize("case", ["option-below-minimum", "bad-override", "registry-python-tag", "yaml-bomb"])
def test_config_error_in_pytest_before_any_article_is_opened(pytester, tmp_path, monkeypatch, case):
    write_case(pytester.path, case)
    for key, value in trap_env(tmp_path).items():
        if key in ("PYTHONPATH", "NEWSLINT_TEST_TRAP"):
            monkeypatch.setenv(key, value)
    result = pytester.runpytest_subprocess("--newslint", "-p", "no:cacheprovider")
    output = result.stdout.str() + result.stderr.str()
    assert "TRAP" not in output and "Traceback" not in output
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output
    assert BAD_CONFIGS[case][3] in output
    assert not (pytester.path / "PWNED").exists()


def test_broken_pyproject_with_a_newslint_table_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.newslint]\nrules = {trailing-padding = false\n", encoding="utf-8")
    (tmp_path / "trap_article.md").write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run(newslint_command() + ["--no-cache", "."], cwd=tmp_path, capture_output=True, text=True,
                            env=trap_env(tmp_path), timeout=120)
    assert result.returncode == 2 and "pyproject.toml" in result.stderr and "TRAP" not in result.stderr


def test_yaml_bomb_in_config_costs_nothing(tmp_path):
    """The alias cap refuses the bomb while parsing: no time, no memory."""
    import json
    import sys

    from tests.test_hardening_inputs import MEASURE

    (tmp_path / ".newslint.yaml").write_text(BOMB, encoding="utf-8")
    completed = subprocess.run([sys.executable, "-c", MEASURE, *newslint_command(), "."], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
    result = json.loads(completed.stdout)
    assert result["returncode"] == 2 and "YAML bomb" in result["stderr"]
    assert result["peak_rss_mb"] < 150 and result["seconds"] < 20, result
