"""A small Python API, for pipelines that lint copy they have just generated.

    from pytest_newslint import api

    findings = api.lint_text(article, path="politics/2026-03-02-budget.md")
    for f in findings:
        print(f.line, f.rule, f.message)
    clean = api.fix_text(article)

`config` may be None (the nearest `.newslint.yaml` above the working folder, or the defaults),
a path to a config file, or a dict with the same keys as `.newslint.yaml`. Each function
returns `Finding` objects (path, line, column, end_line, end_column, rule, severity, message,
fix) sorted by path and position; `path` names the article for the config's globs and
overrides, and for messages.
"""
from __future__ import annotations

import os
from pathlib import Path

from .config import Config, ConfigError, build_config, load_config
from .engine import Engine
from .finding import Finding
from .fix import fix_bytes

__all__ = ["lint_text", "lint_paths", "fix_text", "make_config", "Finding", "ConfigError"]


def make_config(config: Config | dict | str | os.PathLike | None = None) -> Config:
    """A validated Config from None, a config file path, a dict, or a Config."""
    if isinstance(config, Config):
        return config
    if isinstance(config, dict):
        return build_config(config, Path.cwd())
    return load_config(config)


def lint_text(text: str | bytes, path: str = "<string>", config=None) -> list[Finding]:
    """Findings for one article held in memory (cross-article checks see only this one)."""
    engine = Engine(make_config(config))
    raw = text.encode("utf-8") if isinstance(text, str) else text
    # a str is text: checked as UTF-8 whatever `encoding:` the config gives the path
    result = engine.check_document_bytes(raw, path, os.path.abspath(path), "utf-8" if isinstance(text, str) else None)
    return engine.finish([result]).findings


def lint_paths(paths, config=None) -> list[Finding]:
    """Findings for files and folders, as the `newslint` command finds them."""
    engine = Engine(make_config(config))
    return engine.run([Path(p) for p in paths]).findings


def fix_text(text: str, path: str = "<string>", config=None) -> str:
    """The article with every safe fix applied (trailing padding, hashtag lines, exact copies)."""
    engine = Engine(make_config(config))
    result = fix_bytes(engine, text.encode("utf-8"), path, os.path.abspath(path), "utf-8")
    if result.error:
        raise ValueError(result.error)
    return result.fixed.decode("utf-8-sig") if not text.startswith("\ufeff") else "\ufeff" + result.fixed.decode("utf-8-sig")
