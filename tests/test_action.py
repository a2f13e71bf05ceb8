"""action.yml: its shell steps, run as the runner would (expressions substituted) in a git repository.

The `uses:` steps (setup-python, actions/cache) are GitHub's own and are not run here; pip is
replaced by a shim that records what it was asked to install (newslint is already installed
in this environment), so the test checks the install command, not pip.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import PROJECT, git

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_action() -> dict:
    return yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))


def evaluate(expression: str, context: dict):
    """The few expression forms action.yml uses: names, `a == 'b'`, `a != ''`, `always() && ...`."""
    expression = expression.strip()
    if "&&" in expression:
        return all(evaluate(part, context) for part in expression.split("&&"))
    if expression == "always()":
        return True
    for operator in ("==", "!="):
        if operator in expression:
            left, right = (part.strip() for part in expression.split(operator))
            equal = str(evaluate(left, context)) == right.strip("'")
            return equal if operator == "==" else not equal
    value = context
    for part in expression.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def substitute(text: str, context: dict) -> str:
    return EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), text)


def run_action(repo: Path, tmp_path: Path, inputs: dict) -> list[subprocess.CompletedProcess]:
    action = load_action()
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | inputs
    context = {"inputs": values, "github": {"action_path": str(PROJECT), "run_id": "42"}, "steps": {}}
    shims = tmp_path / "shims"
    shims.mkdir(exist_ok=True)
    (shims / "python").write_text(
        "#!/bin/sh\n"
        f'if [ "$1 $2 $3" = "-m pip install" ]; then echo "$@" >> "{tmp_path}/pip.log"; exit 0; fi\n'
        f'exec "{sys.executable}" "$@"\n'
    )
    (shims / "python").chmod(0o755)
    path = os.pathsep.join([str(shims), os.path.dirname(sys.executable), os.environ["PATH"]])
    done = []
    for step in action["runs"]["steps"]:
        if "if" in step and not evaluate(step["if"], context):
            continue
        if "uses" in step:
            assert re.fullmatch(r"actions/(setup-python|cache/restore|cache/save)@v\d+", step["uses"]), step["uses"]
            continue
        assert step["shell"] == "bash"
        output = tmp_path / f"output-{len(done)}"
        output.write_text("")
        env = {**os.environ, "PATH": path, "NO_COLOR": "1", "GITHUB_OUTPUT": str(output),
               "GITHUB_ACTION_PATH": str(PROJECT),
               **{name: substitute(str(value), context) for name, value in step.get("env", {}).items()}}
        result = subprocess.run(["bash", "-e", "-c", substitute(step["run"], context)], cwd=repo, env=env,
                                capture_output=True, text=True, timeout=300)
        done.append(result)
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": dict(line.split("=", 1) for line in output.read_text().splitlines())}
        if result.returncode != 0:
            break
    return done


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "articles").mkdir(parents=True)
    (repo / "articles" / "ok.txt").write_text("A clean headline\n\nA clean paragraph.\n", encoding="utf-8")
    (repo / "articles" / "tags.md").write_text(
        "# Marathon\n\nThe city marathon drew a record field.\n\n#Marathon #Running #Charity #CityNews\n", encoding="utf-8")
    (repo / ".newslint.yaml").write_text("rules:\n  title-role: false\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "articles")
    return repo


def test_action_steps_install_annotate_and_write_sarif(tmp_path):
    repo = make_repo(tmp_path)
    results = run_action(repo, tmp_path, {"paths": "articles", "sarif": "newslint.sarif", "args": "--fail-level error"})
    install, key, sarif, lint = results
    assert install.returncode == 0 and key.returncode == 0 and sarif.returncode == 0
    assert (tmp_path / "pip.log").read_text().split()[-1] == str(PROJECT)  # the action's own checkout
    assert lint.returncode == 1, lint.stderr
    assert lint.stdout.startswith("::error file=articles/tags.md,line=5,col=1,"), lint.stdout
    log = json.loads((repo / "newslint.sarif").read_text())
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["hashtag-stuffing"]
    assert (repo / ".newslint_cache").is_dir()  # what actions/cache saves


def test_action_cache_key_follows_version_and_config(tmp_path):
    from pytest_newslint import __version__

    repo = make_repo(tmp_path)

    def prefix() -> str:
        run_action(repo, tmp_path, {"paths": "articles"})
        outputs = sorted(tmp_path.glob("output-*"))
        return dict(line.split("=", 1) for line in outputs[1].read_text().splitlines())["prefix"]

    first = prefix()
    assert first.startswith(f"newslint-{__version__}-") and first.endswith("-")
    assert prefix() == first
    (repo / ".newslint.yaml").write_text("rules:\n  hashtag-stuffing: false\n", encoding="utf-8")
    assert prefix() != first


def test_action_installs_a_requirement_and_passes_the_config(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "strict.yaml").write_text("rules:\n  hashtag-stuffing: false\n", encoding="utf-8")
    results = run_action(repo, tmp_path, {"paths": "articles", "install": "pytest-newslint==0.1.0", "config": "strict.yaml"})
    assert (tmp_path / "pip.log").read_text().split()[-1] == "pytest-newslint==0.1.0"
    assert results[-1].returncode == 0 and results[-1].stdout == "", results[-1].stdout
