"""The README's set-up commands stay true: CI runs the test command verbatim, and the example
output matches what newslint prints for examples/."""
import re
import subprocess

from tests.conftest import PROJECT, newslint_command


def readme_commands():
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", (PROJECT / "README.md").read_text())


def test_ci_runs_the_readme_test_command():
    install_and_run, install_and_test = readme_commands()
    assert install_and_run.endswith("newslint examples/")
    assert install_and_test in (PROJECT / ".ci" / "run").read_text().splitlines()


def test_readme_example_output_is_what_newslint_prints():
    readme = (PROJECT / "README.md").read_text()
    shown = re.search(r"```text\n(examples/.*?)```", readme, re.S).group(1)
    result = subprocess.run(newslint_command() + ["examples/"], cwd=PROJECT, capture_output=True, text=True,
                            env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    assert result.stdout == shown


def test_rule_pages_are_generated_from_the_docstrings():
    from pytest_newslint.docs import rule_pages

    for name, text in rule_pages().items():
        page = PROJECT / "docs" / "rules" / name
        assert page.read_text(encoding="utf-8") == text, f"{page} is stale: run python -m pytest_newslint.docs"
