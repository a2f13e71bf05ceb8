"""The data of the built-in people registry (issue #18): pytest_newslint/rules/title_role/data/registry/.

One YAML file per office (format in that folder's README.md). Checked here:

- the shape of every file: keys, types, dates (YYYY-MM-DD, or YYYY-MM where the day is not
  certain), `as-of` and `source` present, no date after `as-of`;
- the terms of one office: in order (since before until), not overlapping (a same-day handover,
  until == the next since, is allowed; acting holders may overlap), at most one holder without
  `until`, every holder in office at some time since 2000-01-01 (a holder in office on that day
  keeps the true first day: clipping it would make an article written before 2000 wrong);
- a name listed twice in one file only for terms that do not overlap (a second term);
- the data read as the rule's registry (`people:` {name: {aliases, roles}}), checked by the
  registry's own validator (people.validate, people.load_file);
- every office string read by the office model (offices.py, parse_office), with the file's
  country; the strings today's model reads otherwise are listed in KNOWN_GAPS, so a change of
  the model shows here.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

import pytest_newslint
from pytest_newslint.rules.title_role.offices import BUILT_IN, KINDS, country
from pytest_newslint.rules.title_role.registry import Registry, load_file, period, validate
from pytest_newslint.rules.title_role.titles import parse_office

DATA = Path(pytest_newslint.__file__).parent / "rules" / "title_role" / "data" / "registry"
FILES = sorted(DATA.glob("*.yaml"))
START = datetime.date(2000, 1, 1)

FILE_KEYS = {"as-of", "office", "aliases", "country", "organisation", "kind", "source", "note", "holders"}
HOLDER_KEYS = {"name", "aliases", "since", "until", "acting", "office", "fixed-term-end", "note"}
FILE_KINDS = {"head-of-state", "head-of-government", "minister", "none"}
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

# Office strings of the data that today's office model (offices.py) does not read as the file's
# office: (file, string, what happens). Another change extends the model; this list then shrinks.
KNOWN_GAPS = {
    # not read at all
    ('germany.chancellor', 'Federal Chancellor of Germany', 'not an office'),
    ('germany.minister-of-finance', 'Federal Minister of Finance of Germany', 'not an office'),
    ('germany.minister-of-foreign-affairs', 'Federal Minister for Foreign Affairs of Germany', 'not an office'),
    ('germany.president', 'Federal President of Germany', 'not an office'),
    # read as another office ("federal president", "commission president") or as an organisation's
    # office without the country ("President of the People's Republic of China"), or the
    # organisation written otherwise ("United Nations" and "UN" do not match)
    ('brazil.president', 'President of the Federative Republic of Brazil', 'another office'),
    ('china.premier', "Premier of the People's Republic of China", 'another office'),
    ('china.premier', 'Premier of the State Council', 'another office'),
    ('china.president', "President of the People's Republic of China", 'another office'),
    ('european-union.commission-president', 'EU Commission President', 'another office'),
    ('european-union.commission-president', 'European Commission President', 'another office'),
    ('european-union.council-president', 'European Council President', 'another office'),
    ('france.president', 'President of the French Republic', 'another office'),
    ('germany.president', 'German Federal President', 'another office'),
    ('italy.president', 'President of the Italian Republic', 'another office'),
    ('italy.prime-minister', 'President of the Council of Ministers of Italy', 'another office'),
    ('turkey.president', 'President of the Republic of Turkey', 'another office'),
    ('united-nations.secretary-general', 'U.N. Secretary-General', 'another office'),
    # read, but with no exclusive kind: the model gives kings, queens and emperors kind None
    ('australia.monarch', 'Australian King', 'kind None, not head of state'),
    ('australia.monarch', 'King of Australia', 'kind None, not head of state'),
    ('australia.monarch', 'Queen of Australia', 'kind None, not head of state'),
    ('canada.monarch', 'Canadian King', 'kind None, not head of state'),
    ('canada.monarch', 'King of Canada', 'kind None, not head of state'),
    ('canada.monarch', 'Queen of Canada', 'kind None, not head of state'),
    ('japan.emperor', 'Emperor of Japan', 'kind None, not head of state'),
    ('japan.emperor', 'Japanese Emperor', 'kind None, not head of state'),
    ('saudi-arabia.king', 'King of Saudi Arabia', 'kind None, not head of state'),
    ('saudi-arabia.king', 'Saudi King', 'kind None, not head of state'),
    ('united-kingdom.monarch', 'British King', 'kind None, not head of state'),
    ('united-kingdom.monarch', 'King of the United Kingdom', 'kind None, not head of state'),
    ('united-kingdom.monarch', 'Queen of the United Kingdom', 'kind None, not head of state'),
    # two offices of two files the model takes for one (the organisations overlap on "european")
    ('european-union.commission-president', 'President of the European Council', 'same office as'),
}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _date(value, where: str):
    """A YAML date, or a "YYYY-MM" string; the Period the registry reads from it."""
    assert isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) or (
        isinstance(value, str) and MONTH.match(value)
    ), f"{where}: expected YYYY-MM-DD or YYYY-MM, got {value!r}"
    return period(value)


def _office_text(data: dict, holder: dict) -> str:
    return holder.get("office") or data["office"]


def test_the_data_is_there():
    assert len(FILES) >= 40
    assert (DATA / "README.md").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shape(path):
    data = _load(path)
    where = path.name
    assert isinstance(data, dict), where
    assert set(data) <= FILE_KEYS, f"{where}: unknown keys {sorted(set(data) - FILE_KEYS)}"
    as_of = data.get("as-of")
    assert isinstance(as_of, datetime.date), f"{where}: as-of must be a date (YYYY-MM-DD)"
    assert isinstance(data.get("office"), str) and data["office"].strip(), f"{where}: office"
    assert isinstance(data.get("source"), str) and data["source"].strip(), f"{where}: source"
    assert data.get("kind") in FILE_KINDS, f"{where}: kind {data.get('kind')!r}"
    assert ("country" in data) != ("organisation" in data), f"{where}: one of country, organisation"
    if "country" in data:
        assert country(data["country"]) == data["country"], f"{where}: {data['country']!r} is not a canonical country"
    aliases = data.get("aliases", [])
    assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases), where
    assert len(set(aliases)) == len(aliases) and data["office"] not in aliases, f"{where}: repeated office alias"
    holders = data.get("holders")
    assert isinstance(holders, list) and holders, f"{where}: holders"
    for index, holder in enumerate(holders):
        at = f"{where} holders[{index}]"
        assert isinstance(holder, dict), at
        assert set(holder) <= HOLDER_KEYS, f"{at}: unknown keys {sorted(set(holder) - HOLDER_KEYS)}"
        name = holder.get("name")
        assert isinstance(name, str) and name.strip() and name == " ".join(name.split()), f"{at}: name"
        names = holder.get("aliases", [])
        assert isinstance(names, list) and all(isinstance(a, str) and a.strip() for a in names), f"{at}: aliases"
        assert len(set(names)) == len(names) and name not in names, f"{at}: repeated alias"
        assert holder.get("acting", False) in (True, False), f"{at}: acting is true or false"
        assert "office" not in holder or isinstance(holder["office"], str) and holder["office"].strip(), at
        assert "note" not in holder or isinstance(holder["note"], str), at
        since = _date(holder.get("since"), f"{at}.since")
        until = _date(holder["until"], f"{at}.until") if "until" in holder else None
        assert since.last <= as_of.isoformat(), f"{at}: since after as-of"
        if until:
            assert since.last < until.first, f"{at}: since ({since}) is not before until ({until})"
            assert until.last <= as_of.isoformat(), f"{at}: until after as-of ({as_of})"
            assert until.first > START.isoformat(), f"{at}: out of office before 2000-01-01"
            assert "fixed-term-end" not in holder, f"{at}: fixed-term-end is for a holder in office on as-of"
        if "fixed-term-end" in holder:
            end = holder["fixed-term-end"]
            assert isinstance(end, datetime.date) and end > as_of, f"{at}: fixed-term-end is a date after as-of"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_terms_follow_each_other(path):
    data = _load(path)
    groups: dict[str, list] = {}
    for holder in data["holders"]:
        groups.setdefault(_office_text(data, holder), []).append(holder)
    for office, holders in groups.items():
        terms = sorted(
            ((period(h["since"]), period(h.get("until")), h["name"]) for h in holders if not h.get("acting")),
            key=lambda term: term[0].first,
        )
        sitting = [name for _, until, name in terms if until is None]
        assert len(sitting) <= 1, f"{path.name}: {office}: more than one holder without until: {sitting}"
        for (since, until, name), (next_since, _, next_name) in zip(terms, terms[1:]):
            assert until is not None, f"{path.name}: {office}: {name} has no until but {next_name} follows"
            assert until.first <= next_since.last, (
                f"{path.name}: {office}: {name} (until {until}) overlaps {next_name} (since {next_since})"
            )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_name_twice_is_a_second_term(path):
    data = _load(path)
    by_name: dict[str, list] = {}
    for holder in data["holders"]:
        by_name.setdefault(holder["name"], []).append((period(holder["since"]), period(holder.get("until"))))
    for name, terms in by_name.items():
        terms.sort(key=lambda term: term[0].first)
        for (_, until), (since, _) in zip(terms, terms[1:]):
            assert until is not None and until.first <= since.last, f"{path.name}: {name}: two terms overlap"


def test_one_name_is_one_person_across_files():
    """A name written two ways across files would make two people: names that fold alike must be
    written alike."""
    from pytest_newslint.rules.title_role.names import name_tokens

    written: dict[tuple, set] = {}
    for path in FILES:
        for holder in _load(path)["holders"]:
            written.setdefault(name_tokens(holder["name"]), set()).add(holder["name"])
    assert {k: v for k, v in written.items() if len(v) > 1} == {}


def to_people(files=FILES) -> dict:
    """The data as the rule's registry: {name: {aliases, roles: [{office, since, until}]}}. Acting
    holders are included: they held the office (an acting title is sitting)."""
    people: dict[str, dict] = {}
    for path in files:
        data = _load(path)
        for holder in data["holders"]:
            entry = people.setdefault(holder["name"], {"aliases": [], "roles": []})
            for alias in holder.get("aliases", []):
                if alias not in entry["aliases"]:
                    entry["aliases"].append(alias)
            role = {"office": _office_text(data, holder), "since": holder["since"]}
            if "until" in holder:
                role["until"] = holder["until"]
            entry["roles"].append(role)
    return people


def test_the_data_is_a_valid_registry():
    people = to_people()
    validate(people, BUILT_IN)
    registry = Registry(people, BUILT_IN)
    holders = sum(len(_load(path)["holders"]) for path in FILES)
    assert len(registry) == len(people) and sum(len(p.roles) for p in registry.people) == holders


def test_the_data_reads_as_a_registry_file():
    text = yaml.safe_dump({"people": to_people()}, allow_unicode=True, sort_keys=False)
    people = load_file(text)["people"]
    validate(people, BUILT_IN)
    assert people == to_people()


def _gaps() -> set:
    """The office strings the office model reads otherwise than the file means them."""
    gaps = set()
    primaries = []
    for path in FILES:
        data = _load(path)
        kind = KINDS[data["kind"]]
        texts = [data["office"], *data.get("aliases", [])]
        texts += [h["office"] for h in data["holders"] if "office" in h and h["office"] not in texts]
        primary = parse_office(data["office"], BUILT_IN)
        assert primary is not None, f"{path.name}: the office {data['office']!r} must be read by the office model"
        primaries.append((path.stem, data["office"], primary))
        for text in texts:
            office = parse_office(text, BUILT_IN)
            if office is None:
                gaps.add((path.stem, text, "not an office"))
                continue
            holder_office = text not in (data["office"], *data.get("aliases", []))
            if "country" in data and office.country not in (None, data["country"]):  # none: any country
                gaps.add((path.stem, text, "another office"))
            elif "organisation" in data and not office.organisation:
                gaps.add((path.stem, text, "another office"))
            elif not holder_office and not office.same_office(primary):
                gaps.add((path.stem, text, "another office"))
            elif office.kind != kind:
                gaps.add((path.stem, text, f"kind {office.kind}, not {kind}"))
    for index, (stem, text, office) in enumerate(primaries):
        for other_stem, other_text, other in primaries[index + 1 :]:
            if office.same_office(other) and (office.country == other.country) and office.name == other.name:
                gaps.add((stem, other_text, "same office as"))
    return gaps


def test_every_office_is_known_to_the_office_model():
    assert _gaps() == KNOWN_GAPS
