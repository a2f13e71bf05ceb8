"""The title-role rule's word lists and tables, read once from `data/*.yaml` (package data).

Each file is checked as it is read (`load`): a file of the wrong shape raises ValueError naming
the file and the key, so a broken installation fails loudly, never by reading nothing.

The YAML files are the source. `data/vocabulary.json` holds what they parse to, each with the
hash of the text it came from: a file whose text still has that hash is taken from there, any
other is parsed (an edited file is never read stale). Every run reads these files, and
importing PyYAML and parsing them took 16-30 ms of each start, the JSON 0.3 ms. After editing a
file, `write_compiled()` writes the JSON again (the command is `REWRITE`; a test fails until it
is run).
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
COMPILED = "vocabulary.json"  # in DATA

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
    data = _parsed(name)
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


def _parsed(name: str):
    """What the file `name` parses to: from the compiled JSON while its text is unchanged."""
    text = (DATA / name).read_text(encoding="utf-8")
    entry = _compiled(DATA).get(name)
    if isinstance(entry, dict) and entry.get("source") == _digest(text):
        return entry.get("data")
    return _parse_yaml(text)


def _parse_yaml(text: str):
    import yaml  # here: a run whose files are all compiled never imports PyYAML

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def _compiled(folder: Path) -> dict:
    """{file name: {"source": hash of its text, "data": what it parses to}}; {} when missing or unreadable."""
    try:
        data = json.loads((folder / COMPILED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


REWRITE = "python -c 'from pytest_newslint.rules.title_role import vocabulary; vocabulary.write_compiled()'"


def write_compiled() -> None:
    """Write `data/vocabulary.json` again from the YAML files (after editing one: `REWRITE`)."""
    (DATA / COMPILED).write_text(compiled_text(), encoding="utf-8")


def compiled_text(folder: Path = DATA) -> str:
    """The JSON `data/vocabulary.json` should hold for the YAML files in `folder`."""
    entries = {}
    for name in sorted(SCHEMA):
        text = (folder / name).read_text(encoding="utf-8")
        entries[name] = {"source": _digest(text), "data": _parse_yaml(text)}
    return json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


COUNTRIES = load("countries.yaml")
PORTFOLIOS = load("portfolios.yaml")
OFFICES = load("offices.yaml")
QUALIFIERS = load("qualifiers.yaml")
NAMES = load("names.yaml")

