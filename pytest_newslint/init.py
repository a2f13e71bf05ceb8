"""`newslint init`: a commented starter config for an existing repository.

It looks for the articles newslint would check, writes `.newslint.yaml` with the globs it found
(`include:`), every rule with its defaults, and prints the snippet for `.pre-commit-config.yaml`.
`--pyproject` prints a `[tool.newslint]` table to paste instead. It never overwrites or edits
an existing file.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from . import __version__
from .config import DEFAULT_INCLUDE, ConfigError, build_config
from .engine import Engine
from .plugins import available_rules

PRE_COMMIT_SNIPPET = """\
# .pre-commit-config.yaml
# repo: replace the URL with the git URL of your team's mirror of the newslint repository
# (pre-commit clones the hook from git); rev: a tag or commit of that mirror (`git describe --tags`).
repos:
  - repo: https://git.example.org/your-team/newslint   # CHANGE ME: your mirror's git URL
    rev: v{version}                                     # a tag or commit of that mirror
    hooks:
      - id: newslint          # or newslint-fix, to remove what is safe to remove
"""


def detect_globs(root: Path) -> list[str]:
    """Globs covering the articles under `root`: one per top folder and suffix."""
    engine = Engine(build_config({}, root), base=root)
    found = collections.Counter()
    for listed in engine.discover([root]):
        path = Path(listed)
        relative = path.relative_to(root) if path.is_absolute() else path
        parts = relative.parts
        suffix = relative.suffix.lower() or relative.name
        found[(parts[0] if len(parts) > 1 else "", suffix)] += 1
    globs = []
    for folder, suffix in sorted(found):
        globs.append(f"{folder}/**/*{suffix}" if folder else f"/*{suffix}")
    return globs or list(DEFAULT_INCLUDE)


def _yaml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def starter_yaml(globs: list[str]) -> str:
    lines = [
        "# newslint configuration: every rule with its defaults (newslint --explain RULE tells more).",
        "# Written by `newslint init`; edit freely.",
        "",
        "# The articles to check (globs relative to this file), as found in this repository.",
        "include:",
        *[f"  - {_yaml_value(glob)}" for glob in globs],
        "",
        "# Files never checked: the defaults skip hidden folders, virtualenvs, README, LICENSE, ...",
        "# extend-exclude: [\"drafts/\"]",
        "",
        "# max-file-size: 10MB",
        "# baseline: newslint-baseline.json   # after `newslint --write-baseline newslint-baseline.json`",
        "",
        "rules:",
    ]
    for rule_id, rule in sorted(available_rules().items()):
        lines.append(f"  # {rule.summary}")
        lines.append(f"  {rule_id}:")
        lines.append("    enabled: true")
        lines.append(f"    severity: {rule.severity}")
        for name, option in rule.options.items():
            lines.append(f"    # {option.help}")
            lines.append(f"    {name}: {_yaml_value(option.default)}")
        lines.append("")
    return "\n".join(lines)


def starter_toml(globs: list[str]) -> str:
    lines = ["[tool.newslint]", f"include = {json.dumps(globs, ensure_ascii=False)}", ""]
    for rule_id, rule in sorted(available_rules().items()):
        lines.append(f"# {rule.summary}")
        lines.append(f"[tool.newslint.rules.{rule_id}]")
        lines.append("enabled = true")
        lines.append(f'severity = "{rule.severity}"')
        for name, option in rule.options.items():
            if option.default == {}:
                lines.append(f"# {name} = {{}}  # {option.help}")
                continue
            value = json.dumps(option.default).replace("true", "true").replace("false", "false")
            lines.append(f"{_toml_key(name)} = {value}  # {option.help}")
        lines.append("")
    return "\n".join(lines)


def _toml_key(name: str) -> str:
    return name if all(ch.isalnum() or ch in "-_" for ch in name) else json.dumps(name)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="newslint init", description="Write a starter .newslint.yaml for this repository.")
    parser.add_argument("folder", nargs="?", default=".", help="the repository (default: the current folder)")
    parser.add_argument("--pyproject", action="store_true", help="print a [tool.newslint] table for pyproject.toml instead of writing a file")
    args = parser.parse_args(argv)
    root = Path(args.folder).resolve()
    globs = detect_globs(root)
    if args.pyproject:
        print(starter_toml(globs), end="")
        return 0
    target = root / ".newslint.yaml"
    for existing in (target, root / ".newslint.yml"):
        if existing.exists():
            raise ConfigError(f"{existing}: already exists; newslint init never overwrites a file (remove it first)")
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(starter_yaml(globs))
    print(f"newslint: wrote {target} (include: {', '.join(globs)})", file=sys.stderr)
    print(PRE_COMMIT_SNIPPET.format(version=__version__), end="")
    return 0
