"""The title-role rule's word lists and tables, read once from `data/*.yaml` (package data).

Each file is checked as it is read (`load`): a file of the wrong shape raises ValueError naming
the file and the key, so a broken installation fails loudly, never by reading nothing.
"""
from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# file -> key -> the shape of its value: "words" (a list of lower-case words), "table" (a mapping
# of a word to a list of words), "map" (a mapping of a word to a word) or "offices"
SCHEMA = {
    "countries.yaml": {"countries": "table", "names": "words"},
    "portfolios.yaml": None,  # one table: canonical portfolio -> its words
    "offices.yaml": {"office_words": "offices"},
    "qualifiers.yaml": {"status": "map", "acting": "words", "office_modifiers": "words", "neutral": "words"},
    "names.yaml": {
        "stop": "words", "trailing": "words", "suffixes": "words", "family_first": "words",
        "office_vocabulary": "words", "office_vocabulary_in_names": "words", "not_in_names": "words",
        "generic_owners": "words", "organisation_suffixes": "words",
    },
}
STATUSES = frozenset({"former", "then", "current", "future", "unknown"})
OFFICE_KEYS = frozenset({"office", "kind", "portfolio"})


def load(name: str) -> dict:
    """The data file `name`, read and checked; raise ValueError naming the file and the key."""
    data = yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_LOADER)
    shape = SCHEMA[name]
    if shape is None:
        _check(name, "", data, "table")
        return data
    if not isinstance(data, dict) or set(data) != set(shape):
        raise ValueError(f"{name}: expected the keys {', '.join(shape)}")
    for key, kind in shape.items():
        _check(name, key, data[key], kind)
    return data


def _check(name: str, key: str, value, kind: str) -> None:
    where = f"{name}: {key}" if key else name

    def word(item) -> bool:
        return isinstance(item, str) and item.strip() == item and item == item.lower()

    def words(items) -> bool:
        return isinstance(items, list) and all(word(item) and item for item in items)

    if kind == "words":
        ok = words(value) and len(set(value)) == len(value)
    elif kind == "table":
        ok = isinstance(value, dict) and all(isinstance(k, str) and words(v) and v for k, v in value.items())
    elif kind == "map":
        ok = isinstance(value, dict) and all(word(k) and v in STATUSES for k, v in value.items())
    else:  # offices
        ok = isinstance(value, dict) and all(
            word(k) and isinstance(v, dict) and set(v) <= OFFICE_KEYS and {"office", "kind"} <= set(v)
            and word(v["office"]) and isinstance(v["kind"], str) and word(v.get("portfolio", ""))
            for k, v in value.items()
        )
    if not ok:
        raise ValueError(f"{where}: not of the expected shape ({kind})")


COUNTRIES = load("countries.yaml")
PORTFOLIOS = load("portfolios.yaml")
OFFICES = load("offices.yaml")
QUALIFIERS = load("qualifiers.yaml")
NAMES = load("names.yaml")
