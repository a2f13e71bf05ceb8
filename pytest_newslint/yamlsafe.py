"""YAML loading that is safe for files newslint did not write.

`yaml.safe_load` already refuses tags that build Python objects. This adds a cap on aliases, so
a "billion laughs" document (nested aliases) is refused before anything walks it, and turns the
errors that PyYAML's constructors let through as plain exceptions (`date: 2024-13-45` raises
ValueError, an integer of more than 4,300 digits too) into `yaml.YAMLError` with a line, so that
every caller's `except yamlsafe.yaml.YAMLError` sees them.

PyYAML is imported when first needed (`yamlsafe.yaml`, the first `load`): a run over articles
without front matter and without a YAML config reads no YAML, and the import took 12-13 ms of
every start (its reader compiles a large pattern).
"""
from __future__ import annotations

import functools
import importlib

MAX_ALIASES = 100


def __getattr__(name: str):
    if name == "yaml":  # `yamlsafe.yaml`: PyYAML, imported now
        return importlib.import_module("yaml")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _loader_class():
    import yaml

    class _Loader(yaml.SafeLoader):
        def __init__(self, stream):
            super().__init__(stream)
            self.alias_count = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                self.alias_count += 1
                if self.alias_count > MAX_ALIASES:
                    event = self.peek_event()
                    raise yaml.YAMLError(
                        f"more than {MAX_ALIASES} aliases (line {event.start_mark.line + 1}): refused as a possible YAML bomb"
                    )
            return super().compose_node(parent, index)

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, OverflowError, TypeError) as exc:
                value = node.value if isinstance(node.value, str) else ""
                shown = repr(value if len(value) <= 40 else value[:37] + "...")
                reason = str(exc).split(";")[0].strip() or type(exc).__name__
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read the value {shown} ({reason})", node.start_mark
                ) from None

    return _Loader


def load(text: str):
    """Parse YAML text; raises yaml.YAMLError (including for aliases past the cap)."""
    loader = _loader_class()(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def describe_error(exc: Exception, line_offset: int = 0) -> str:
    """A one-line description of a YAML error, with its line shifted by `line_offset`."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None and problem:
        return f"line {mark.line + 1 + line_offset}: {problem}"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
