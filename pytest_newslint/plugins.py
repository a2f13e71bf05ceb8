"""Plugin hooks (pluggy, as pytest uses it) and the loading of rule plugins.

Built-in rules register through the same hook as third-party ones. A third-party package
exposes a module in the ``newslint.rules`` entry-point group::

    [project.entry-points."newslint.rules"]
    house-style = "newslint_house_style"

and that module implements ``newslint_rules`` with ``@hookimpl``.
"""
from __future__ import annotations

import functools
import importlib

import pluggy

from .rules import Rule

ENTRY_POINT_GROUP = "newslint.rules"
hookspec = pluggy.HookspecMarker("newslint")
hookimpl = pluggy.HookimplMarker("newslint")


class PluginError(Exception):
    """A plugin that could not be loaded, or that registers a broken rule."""


class HookSpecs:
    @hookspec
    def newslint_rules(self):
        """Return a list of rules: modules or objects with ``ID``, ``check`` (and/or ``collect``
        and ``finalize``), ``OPTIONS``, ``SEVERITY`` and a docstring (see `pytest_newslint.rules`)."""


BUILTIN_RULE_MODULES = (
    "pytest_newslint.rules.trailing_padding",
    "pytest_newslint.rules.repeated_block",
    "pytest_newslint.rules.hashtag_stuffing",
    "pytest_newslint.rules.title_role",
)


class BuiltinRules:
    @hookimpl
    def newslint_rules(self):
        return [importlib.import_module(name) for name in BUILTIN_RULE_MODULES]


def plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    manager = pluggy.PluginManager("newslint")
    manager.add_hookspecs(HookSpecs)
    manager.register(BuiltinRules(), name="built-in")
    if load_entry_points:
        try:
            manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # any error while importing third-party code
            raise PluginError(f"a newslint plugin failed to load: {type(exc).__name__}: {exc}") from None
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"a newslint plugin implements an unknown hook: {exc}") from None
    return manager


@functools.lru_cache(maxsize=1)
def available_rules() -> dict[str, Rule]:
    """Every rule the installed plugins register, by id."""
    manager = plugin_manager()
    sources = {}
    for plugin, dist in manager.list_plugin_distinfo():
        sources[manager.get_name(plugin)] = f"plugin {dist.project_name} {dist.version}"
    rules: dict[str, Rule] = {}
    for impl in manager.hook.newslint_rules.get_hookimpls():
        source = sources.get(impl.plugin_name, "built-in" if impl.plugin_name == "built-in" else impl.plugin_name)
        try:
            provided = impl.function()
        except Exception as exc:
            raise PluginError(f"plugin {impl.plugin_name!r} failed to list its rules: {type(exc).__name__}: {exc}") from None
        for item in provided or []:
            rule = item if isinstance(item, Rule) else _rule_from(item, source)
            if rule.id in rules:
                raise PluginError(f"rule id {rule.id!r} is registered twice ({rules[rule.id].source} and {source})")
            rules[rule.id] = rule
    return rules


def _rule_from(item, source: str) -> Rule:
    if not getattr(item, "ID", None):
        raise PluginError(f"{source}: a rule without an ID ({item!r})")
    if not (getattr(item, "check", None) or getattr(item, "finalize", None)):
        raise PluginError(f"{source}: rule {item.ID!r} has neither check() nor finalize()")
    return Rule.from_module(item, source)
