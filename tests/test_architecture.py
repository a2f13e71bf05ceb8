"""The package's layering (docs/architecture.md), checked on every module's imports, function-level
imports included: fronts on top and nothing imports them; the engine wires the pipeline stages;
the stages use the shared concepts; rules use only the core concepts and other rules. No import
cycles, and no private (`_name`) name imported from another module.

Written to hold before and after the rules' private modules move into packages under rules/
(rules/title_role/, rules/repeated_block/): those modules are rules wherever they live.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pytest_newslint"
NAME = "pytest_newslint"

FRONTS = {"api", "cli", "pytest_plugin", "init", "docs", "server"}
FRONT_DISPATCH = {("cli", "init"), ("cli", "server")}  # the command's subcommands
ENGINE = {"engine"}
CORE = {"", "finding", "document", "text", "yamlsafe", "_speedups"}  # "": the package itself (__version__)
SHARED = CORE | {"config", "plugins", "fix", "formats", "git"}
# the rules' private modules until they move into rules/repeated_block/
RULE_HELPERS_AT_TOP = {"repeats_local", "repeats_corpus"}
# import cycles and private names imported across modules still to tidy (none left)
KNOWN_CYCLES: list[set[str]] = []
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str]] = set()


def layer(module: str) -> str:
    top = module.split(".")[0]
    if module in FRONTS:
        return "front"
    if module in ENGINE:
        return "engine"
    if top == "pipeline":
        return "pipeline"
    if top == "rules" or module in RULE_HELPERS_AT_TOP:
        return "rules"
    if module in CORE:
        return "core"
    if module in SHARED or top in SHARED - CORE:  # formats/ is a package: its modules are formats
        return "shared"
    raise AssertionError(f"pytest_newslint.{module}: not in any layer; add it to docs/architecture.md and this test")


ALLOWED = {  # layer -> the layers it may import
    "front": {"engine", "pipeline", "shared", "core", "rules"},
    "engine": {"pipeline", "shared", "core", "rules"},
    "pipeline": {"pipeline", "shared", "core", "rules"},
    "shared": {"shared", "core", "rules"},
    "core": {"core"},
    "rules": {"rules", "core"},
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: dict) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import of the package's modules."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                target = ".".join(parts + ([node.module] if node.module else []))
            elif node.module and (node.module == NAME or node.module.startswith(NAME + ".")):
                target = node.module[len(NAME) + 1 :]
            else:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}".lstrip(".")
                if submodule in known:
                    found.append((submodule, [], node.lineno))
                else:
                    found.append((target, [alias.name], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(NAME + "."):
                    found.append((alias.name[len(NAME) + 1 :], [], node.lineno))
    return [(target, names, line) for target, names, line in found if target != module]


def graph() -> dict[str, list[tuple[str, list[str], int]]]:
    known = modules()
    return {module: imports(module, path, known) for module, path in sorted(known.items())}


def test_every_module_has_a_layer_and_imports_only_what_its_layer_may():
    wrong = []
    for module, edges in graph().items():
        for target, _, line in edges:
            if (module, target) in FRONT_DISPATCH:
                continue
            if layer(target) not in ALLOWED[layer(module)]:
                wrong.append(f"{module}:{line} ({layer(module)}) imports {target} ({layer(target)})")
    assert wrong == []


def test_no_import_cycles():
    edges = {m: {t for t, _, _ in e if not t.startswith(m + ".") and not m.startswith(t + ".") if t}
             for m, e in graph().items()}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert [cycle for cycle in cycles if set(cycle) not in KNOWN_CYCLES] == []


def test_no_private_name_is_imported_from_another_module():
    private = [f"{module}:{line} imports {target}.{name}"
               for module, edges in graph().items() for target, names, line in edges
               for name in names if name.startswith("_") and not name.startswith("__")
               and (module, f"{target}.{name}") not in KNOWN_PRIVATE_IMPORTS]
    assert private == []


def test_nothing_imports_a_front():
    importers = [(module, target) for module, edges in graph().items() for target, _, _ in edges
                 if target in FRONTS and (module, target) not in FRONT_DISPATCH]
    assert importers == []
