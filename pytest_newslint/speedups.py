"""The compiled hot paths (`pytest_newslint/_speedups.c`), when they were built.

`FAST` is the compiled module, or None: no compiler when newslint was installed (the build is
optional: `Extension(optional=True)`), or `NEWSLINT_PURE_PYTHON=1` in the environment (tests
run both ways). Every compiled function has a pure-Python twin, next to its caller, that gives
the same result; a compiled function returns None for input it declines (a word that UTF-8
cannot encode, text that is not ASCII), and the caller then runs the twin.
"""
from __future__ import annotations

import importlib
import os

FAST = None
if os.environ.get("NEWSLINT_PURE_PYTHON", "") in ("", "0"):
    try:
        FAST = importlib.import_module("pytest_newslint._speedups")
    except ImportError:
        FAST = None
