"""Write the rule pages of docs/ from the rules' own docstrings (one source of truth).

usage: python -m pytest_newslint.docs [DOCS_FOLDER]   (default: docs)
"""
from __future__ import annotations

import sys
from pathlib import Path

from .formats import explain
from .plugins import available_rules


def rule_pages() -> dict[str, str]:
    """{file name: page text} for every built-in rule."""
    return {
        f"{rule_id}.md": explain(rule)
        for rule_id, rule in sorted(available_rules().items())
        if rule.source == "built-in"
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else "docs") / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in rule_pages().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
