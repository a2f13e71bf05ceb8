"""The `newslint` command.

Exit status: 0 no findings at or above the fail level, 1 findings, 2 usage or config error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from . import __version__, formats
from .config import ConfigError, load_config, public_options
from .engine import Engine
from .finding import SEVERITY_RANK
from .plugins import PluginError, available_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _rule_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslint",
        description="Lint news articles (.txt, .md): repeated blocks, trailing padding, hashtag stuffing, conflicting titles.",
    )
    parser.add_argument("paths", nargs="*", help="files or folders to check (default: the current folder)")
    parser.add_argument("--config", metavar="FILE", help="config file (default: nearest .newslint.yaml or pyproject.toml [tool.newslint])")
    parser.add_argument("--format", choices=formats.FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--select", type=_rule_list, action="extend", metavar="RULES", help="only these rules (comma-separated ids)")
    parser.add_argument("--ignore", type=_rule_list, action="extend", metavar="RULES", help="skip these rules (comma-separated ids)")
    parser.add_argument(
        "--fail-level", choices=("error", "warning", "info"), default="warning",
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--show-config", metavar="PATH", help="print the settings in force for PATH and exit")
    parser.add_argument("--list-rules", action="store_true", help="list the rules, their source and options, and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except (ConfigError, PluginError) as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130


def run(args) -> int:
    if args.list_rules:
        print(list_rules(), end="")
        return EXIT_CLEAN
    if args.explain:
        rules = available_rules()
        if args.explain not in rules:
            raise ConfigError(f"--explain: unknown rule {args.explain!r} (known: {', '.join(sorted(rules))})")
        print(explain(rules[args.explain]), end="")
        return EXIT_CLEAN

    config = load_config(args.config)
    config.restrict(args.select, args.ignore)
    if args.show_config:
        print(f"# settings in force for {args.show_config}")
        print(yaml.safe_dump(config.as_dict(), sort_keys=False, allow_unicode=True), end="")
        return EXIT_CLEAN

    engine = Engine(config)
    report = engine.run(args.paths or ["."])
    if not report.files and not args.quiet:
        print("newslint: no files to check (see include/exclude in the config)", file=sys.stderr)
    output = formats.render(args.format, report.findings, len(report.files), sys.stdout)
    if args.quiet and args.format == "text":
        output = "".join(line + "\n" for line in output.splitlines() if not line.startswith("Found "))
    sys.stdout.write(output)
    threshold = SEVERITY_RANK[args.fail_level]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def list_rules() -> str:
    lines = []
    for rule_id, rule in sorted(available_rules().items()):
        fix = " [fixable]" if rule.fixable else ""
        lines.append(f"{rule_id} ({rule.source}, {rule.severity}){fix}: {rule.summary}")
        for name, option in rule.options.items():
            lines.append(f"    {name} = {option.default!r}: {option.help}")
    return "\n".join(lines) + "\n"


def explain(rule) -> str:
    header = f"# {rule.id}\n\nSource: {rule.source}. Default severity: {rule.severity}.\n\n"
    options = "".join(f"- `{name}` (default `{option.default!r}`): {option.help}\n" for name, option in rule.options.items())
    return header + rule.doc + ("\n\n## Options\n" + options if options else "\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
