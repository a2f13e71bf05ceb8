"""Plugin hooks (pluggy, as pytest uses it) and the loading of plugins.

Built-in rules register through the same hook as third-party ones. A third-party package
exposes a module in the ``newslint.rules`` entry-point group::

    [project.entry-points."newslint.rules"]
    house-style = "newslint_house_style"

and that module implements any of the hooks below with ``@hookimpl`` (``from
pytest_newslint.plugins import hookimpl``). See docs/writing-a-rule.md.
"""
from __future__ import annotations

import functools
import importlib
import os
import re
import sys

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

    @hookspec
    def newslint_formats(self):
        """Return ``{name: render}`` output formats, where ``render(findings, files) -> str``
        (findings: sorted `Finding` objects; files: the display paths checked)."""

    @hookspec
    def newslint_document_parsed(self, document):
        """Called once per parsed document, before any rule runs: add what your rules need to
        ``document.extras`` (a dict), e.g. entities from a model, computed once per file."""


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


def _entry_points():
    if not _group_may_be_declared():
        return []
    import importlib.metadata

    return sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _group_may_be_declared() -> bool:
    """Whether an installed distribution may declare a plugin: the group's name in the
    `entry_points.txt` of a `.dist-info`, `.egg-info` or `.egg` folder on sys.path. Importing
    importlib.metadata (for email parsing, zip files and more) took 25-35 ms of every run, a
    tenth of a warm one, where a folder listing takes one. Whatever this does not read as
    importlib.metadata would (a zip file on the path, a folder it cannot list, a meta path
    finder that lists distributions of its own) counts as a yes: importlib.metadata decides."""
    from importlib.machinery import PathFinder

    if any(hasattr(finder, "find_distributions") and finder is not PathFinder for finder in sys.meta_path):
        return True
    needle = ENTRY_POINT_GROUP.encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True  # a zip file: its distributions are importlib.metadata's to read
        except OSError:
            if os.path.exists(folder):
                return True
            continue  # a path entry that does not exist holds nothing
        for name in names:
            lowered = name.lower()
            if lowered.endswith((".dist-info", ".egg-info")):
                declared = os.path.join(folder, name, "entry_points.txt")
            elif lowered.endswith(".egg"):
                declared = os.path.join(folder, name, "EGG-INFO", "entry_points.txt")
            else:
                continue
            try:
                with open(declared, "rb") as handle:
                    if needle in handle.read():
                        return True
            except FileNotFoundError:
                continue
            except OSError:
                if os.path.isfile(os.path.join(folder, name)):
                    continue  # an `.egg-info` file (PKG-INFO alone) or a zipped egg's own file
                return True
    return False


@functools.lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("newslint")
    manager.add_hookspecs(HookSpecs)
    manager.register(BuiltinRules(), name="built-in")
    for entry_point in _entry_points():
        dist = entry_point.dist
        package = f"{dist.metadata['Name']} {dist.version}" if dist is not None else entry_point.value
        try:
            plugin = entry_point.load()
        except Exception as exc:  # any error while importing third-party code
            raise PluginError(
                f"newslint plugin {entry_point.name!r} (package {package}) failed to import: "
                f"{type(exc).__name__}: {exc}; fix or uninstall that package"
            ) from None
        if manager.is_registered(plugin):
            continue
        manager.register(plugin, name=entry_point.name)
        manager._newslint_sources = getattr(manager, "_newslint_sources", {})
        manager._newslint_sources[entry_point.name] = f"plugin {package}"
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"a newslint plugin implements an unknown hook: {exc}") from None
    return manager


def _source(manager, plugin_name: str) -> str:
    return getattr(manager, "_newslint_sources", {}).get(plugin_name, plugin_name)


@functools.lru_cache(maxsize=1)
def available_rules() -> dict[str, Rule]:
    """Every rule the installed plugins register, by id."""
    manager = plugin_manager()
    rules: dict[str, Rule] = {}
    for impl in reversed(manager.hook.newslint_rules.get_hookimpls()):  # registration order
        source = _source(manager, impl.plugin_name)
        try:
            provided = impl.function()
        except Exception as exc:
            raise PluginError(f"{source} failed to list its rules: {type(exc).__name__}: {exc}") from None
        for item in provided or []:
            rule = item if isinstance(item, Rule) else _rule_from(item, source)
            if rule.id in rules:
                raise PluginError(f"rule id {rule.id!r} is registered twice ({rules[rule.id].source} and {source})")
            rules[rule.id] = rule
    return rules


@functools.lru_cache(maxsize=1)
def plugin_formats() -> dict:
    """Output formats added by plugins: {name: render(findings, files)}."""
    formats = {}
    manager = plugin_manager()
    for impl in reversed(manager.hook.newslint_formats.get_hookimpls()):
        try:
            formats.update(impl.function() or {})
        except Exception as exc:
            raise PluginError(f"{_source(manager, impl.plugin_name)} failed to list its formats: {exc}") from None
    return formats


def document_parsed(document) -> None:
    manager = plugin_manager()
    if manager.hook.newslint_document_parsed.get_hookimpls():
        manager.hook.newslint_document_parsed(document=document)


def _rule_from(item, source: str) -> Rule:
    if not getattr(item, "ID", None):
        raise PluginError(f"{source}: a rule without an ID ({item!r})")
    if not (getattr(item, "check", None) or getattr(item, "finalize", None)):
        raise PluginError(f"{source}: rule {item.ID!r} has neither check() nor finalize()")
    return Rule.from_module(item, source)


def installed_distributions() -> set[str]:
    """Normalised names of the installed distributions (for `plugins:` in the config)."""
    import importlib.metadata

    names = set()
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            names.add(normalise_name(name))
    return names


def normalise_name(name: str) -> str:
    """A distribution name as pip compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()
