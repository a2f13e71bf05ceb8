"""The rule interface, and the built-in rules.

A rule is a module (or any object) with:

- ``ID``: the stable rule id, e.g. ``"trailing-padding"``;
- ``SEVERITY``: the default severity (``"error"``, ``"warning"`` or ``"info"``);
- ``OPTIONS``: ``{name: Option(...)}``, the schema of its options, with defaults;
- ``check(document, options)``: yields `Problem` objects for one document; and/or
- ``collect(document, options)`` and ``finalize(entries, options)`` for a corpus-wide pass:
  ``collect`` returns a small picklable summary of one document (fingerprints, not text), and
  ``finalize`` gets ``[(path, summary), ...]`` for every document of the run and yields
  ``(path, Problem)`` pairs. A ``finalize`` with a ``focus`` parameter is given, when the run
  checks only some of the articles against the rest of the repository (a pre-commit run), the
  set of their paths: it may skip the work that only finds problems of other articles. The
  engine's list is an ``Entries``, built for that call alone, which ``finalize`` may empty as
  it reads (``taken``). With a ``focus``, a rule may also have ``focus_keys(summary)``: numbers
  (0 to 2**32 - 1) such that every article that can take part in a problem of a focus article
  holds one of the focus article's keys, and all the articles holding one are enough for
  ``finalize`` to find the same problems of the focus articles as over every article. Then a
  pre-commit run hands ``finalize`` only those articles, found in the cache's focus index
  without reading the rest of the repository (pipeline/focus.py). A ``finalize`` with a
  ``previous`` parameter is given, in a pass over the whole repository with a cache, a
  ``PassState`` (pipeline/corpus.py): the entries' paths and cache keys, what its last whole
  pass over the repository kept (``open()``), the summaries of chosen entries alone
  (``summaries(indices)``), and ``keep(write)`` for what the next pass starts from; the
  findings must be those of a pass over ``entries`` as given. A ``finalize`` (one without
  ``previous``) may be run in a forked copy of the process (pipeline/corpus.py's ``Beside``):
  it is a pure function of its input, and its problems pickle;
- optionally ``validate(options)``, raising ValueError naming the key, and ``prepare(options)``
  returning the options with anything costly (a compiled registry) built once per run;
- a docstring: the rule's documentation (what it finds, why, examples), shown by ``--explain``.

The engine, not the rule, adds the rule id, the path and the severity to each problem, and
filters suppressed and disabled findings: rules stay pure functions of their input.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable


class Entries(list):
    """The [(path, summary), ...] a corpus pass hands one rule's `finalize`: a list the engine
    built for that call alone, so the rule may empty it as it reads (`taken`). At a million
    articles the summaries are about 1.7 GB; a rule that turns them into arrays as it goes then
    never holds both."""


def taken(entries):
    """The entries one by one; those of an `Entries` list are dropped from it as they are read.
    Any other iterable (a caller's own list) is read as it is and left alone."""
    if not isinstance(entries, Entries):
        yield from entries
        return
    for index in range(len(entries)):
        entry, entries[index] = entries[index], None
        yield entry


@dataclass(frozen=True)
class Option:
    """One option of a rule: its type, default and a one-line description."""

    type: type | tuple
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple | None = None
    item_type: type | None = None  # for lists: the type of each item


@dataclass
class Rule:
    id: str
    severity: str
    options: dict[str, Option]
    doc: str
    check: Callable | None = None
    collect: Callable | None = None
    finalize: Callable | None = None
    fixable: bool = False
    enabled: bool = True
    source: str = "built-in"
    validate: Callable | None = None  # validate(options) -> None, raises ValueError naming the key
    prepare: Callable | None = None  # prepare(options) -> options: once per config, before any file
    summary: str = field(default="")
    finalize_takes_focus: bool = False  # finalize(entries, options, focus=...) is accepted
    finalize_takes_processes: bool = False  # finalize(entries, options, processes=...): it may use more than one
    finalize_takes_previous: bool = False  # finalize(entries, options, previous=...): it resumes its last whole pass
    focus_keys: Callable | None = None  # focus_keys(summary) -> the keys a focus index holds

    @classmethod
    def from_module(cls, module, source: str = "built-in") -> "Rule":
        doc = inspect.cleandoc(module.__doc__ or "")
        return cls(
            id=module.ID,
            severity=getattr(module, "SEVERITY", "error"),
            options=dict(getattr(module, "OPTIONS", {})),
            doc=doc,
            check=getattr(module, "check", None),
            collect=getattr(module, "collect", None),
            finalize=getattr(module, "finalize", None),
            fixable=getattr(module, "FIXABLE", False),
            enabled=getattr(module, "ENABLED", True),
            source=source,
            validate=getattr(module, "validate", None),
            prepare=getattr(module, "prepare", None),
            summary=doc.splitlines()[0] if doc else "",
            finalize_takes_focus=_takes(getattr(module, "finalize", None), "focus"),
            finalize_takes_processes=_takes(getattr(module, "finalize", None), "processes"),
            finalize_takes_previous=_takes(getattr(module, "finalize", None), "previous"),
            focus_keys=getattr(module, "focus_keys", None),
        )

    def defaults(self) -> dict:
        return {name: option.default for name, option in self.options.items()}


def _takes(function: Callable | None, parameter: str) -> bool:
    """Whether `function` has a parameter of that name (as pluggy reads hook arguments)."""
    if function is None:
        return False
    try:
        return parameter in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
