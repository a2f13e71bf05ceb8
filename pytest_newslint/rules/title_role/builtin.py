"""The built-in people registry: data/registry/*.yaml (format in that folder's README.md), read
once per process into the rule's registry.

What the data can say is narrower than what a user's entry says, for precision:

- `as-of`: the last day the data is known to be right. An article dated after it (and after
  `registry-grace-days` more) is judged by an office's holders only while a holder's fixed term
  (`fixed-term-end`, e.g. the US president's 2029-01-20) is still running: then the holder is
  sitting and every earlier holder former, whatever happened since. Other offices say nothing.
- Only the offices listed: a person holds others the data does not list (François Baroin was
  budget minister before he was finance minister), so the rule judges only former/sitting of the
  same office (`Role.builtin`), never "not yet in office" nor "holds another ministry".
- Undated articles are not judged by it at all (the rule leaves the built-in people out).
"""
from __future__ import annotations

import datetime
import functools
from dataclasses import replace
from pathlib import Path

from .offices import BUILT_IN
from .registry import Person, Registry, roles_of

DATA = Path(__file__).parent / "data" / "registry"
DEFAULT_GRACE_DAYS = 180


def _files() -> list[Path]:
    return sorted(DATA.glob("*.yaml"))


@functools.lru_cache(maxsize=1)
def _data() -> tuple[str, list[tuple[str, dict]]]:
    """(the oldest `as-of`, [(file name, data)]), read once per process (libyaml: ~20 ms)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = []
    for path in _files():
        with open(path, encoding="utf-8") as handle:
            files.append((path.name, yaml.load(handle, Loader=loader)))  # noqa: S506 (a safe loader)
    as_of = min(data["as-of"] for _, data in files).isoformat()
    return as_of, files


def as_of() -> str:
    return _data()[0]


@functools.lru_cache(maxsize=8)
def people(grace_days: int = DEFAULT_GRACE_DAYS) -> tuple[Person, ...]:
    """The built-in people, their roles marked `builtin`: trusted up to as-of + `grace_days`,
    and beyond it while their office's fixed term runs."""
    last_as_of, files = _data()
    by_name: dict[str, Person] = {}
    for name, data in files:
        file_as_of = data["as-of"]
        trusted = (file_as_of + datetime.timedelta(days=grace_days)).isoformat()
        fixed = [h["fixed-term-end"] for h in data["holders"] if "fixed-term-end" in h and not h.get("acting")]
        covered = fixed[0].isoformat() if fixed else None  # the office is certain up to this day
        for holder in data["holders"]:
            office = holder.get("office") or data["office"]
            role = {"office": office, "since": holder["since"]}
            if "until" in holder:
                role["until"] = holder["until"]
            (parsed,) = roles_of({"roles": [role]}, BUILT_IN, f"{name}: {holder['name']}", holder["name"])
            parsed = replace(parsed, builtin=True, trusted_until=trusted, covered_until=covered)
            person = by_name.get(holder["name"])
            if person is None:
                person = by_name[holder["name"]] = Person(holder["name"], [holder["name"]], builtin=True)
            for alias in holder.get("aliases", []):
                if alias not in person.names:
                    person.names.append(alias)
            person.roles.append(parsed)
    return tuple(by_name.values())


def with_builtin(registry: Registry | None, grace_days: int = DEFAULT_GRACE_DAYS) -> Registry:
    """A registry of the user's people and the built-in ones; a user's entry replaces the
    built-in entry of that person (any of its names)."""
    combined = Registry({}, BUILT_IN) if registry is None else registry.copy()
    combined.add(people(grace_days))
    return combined
