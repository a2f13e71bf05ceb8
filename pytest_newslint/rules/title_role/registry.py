"""The people registry of the title-role rule: who holds or held which office, and when.

Schema (in the rule's options, or in a YAML file that `registry-file` names)::

    people:
      Donald Trump:
        aliases: [Donald J. Trump, Trump]       # other names that mean this person (optional)
        roles:                                  # offices with dates (optional)
          - {office: President of the United States, since: 2017-01-20, until: 2021-01-20}
          - {office: President of the United States, since: 2025-01-20}
      Joe Biden:
        former: President of the United States  # short form: current: / former: (one or a list)
        current: []

`since` is the first day in office, `until` the first day out of it (so `until: 2021-01-20` makes
the person former on that day); either may be a date, `YYYY-MM` or `YYYY` (a month or a year:
the days inside it are uncertain, and an article dated inside it is never judged on that role).

What a role says of an article (`Role.state`):

- an undated article is judged by the registry as written: a role with `until`, or under
  `former:`, is former; a role without `until`, or under `current:`, is current;
- a dated article (front matter `date`) is judged on the role's dates: current from `since` to
  the day before `until`, former from `until` on, not yet held before `since`. Short-form entries
  and roles without dates say nothing about a dated article.

Names are looked up by their folded words (`Registry.by_tokens`, a hash index built once per
configuration): an article costs one lookup per name it writes, whatever the size of the registry.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import json
from dataclasses import dataclass, field

import regex

from ...text import compiled_later
from .names import SUFFIXES, name_tokens
from .offices import Office, OfficeTable
from .titles import parse_office

# -- dates ---------------------------------------------------------------------------------

ISO = compiled_later(regex, r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")
FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y", "%Y/%m/%d", "%d/%m/%Y")


@dataclass(frozen=True)
class Period:
    """A day, a month or a year: the first and the last day it may be (ISO strings)."""

    first: str
    last: str

    def __str__(self) -> str:
        return self.first if self.first == self.last else self.first[: 7 if self.first[5:7] == self.last[5:7] else 4]


def period(value) -> Period | None:
    """Read a date (see `_period`), remembering strings already read: a registry repeats them."""
    if isinstance(value, str):
        return _period_of_string(value)
    return _period(value)


@functools.lru_cache(maxsize=16384)
def _period_of_string(value: str) -> Period | None:
    return _period(value)


def _period(value) -> Period | None:
    """Read a date: a YAML date or datetime, "2019-05-01", "2019-05", "2019", "2019-05-01T10:00:00Z",
    "May 1, 2019", "1 May 2019", "May 2019". None for an empty value; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        day = value.isoformat()
        return Period(day, day)
    if isinstance(value, int) and 1000 <= value <= 9999:
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {value!r}")
    match = ISO.match(value)
    if match:
        year, month, day = match.group(1), match.group(2), match.group(3)
        try:
            if day:
                day = datetime.date(int(year), int(month), int(day)).isoformat()
                return Period(day, day)
            if month:
                last = calendar.monthrange(int(year), int(month))[1]
                return Period(f"{year}-{int(month):02d}-01", f"{year}-{int(month):02d}-{last:02d}")
        except ValueError:
            raise ValueError(f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {value!r}") from None
        return Period(f"{year}-01-01", f"{year}-12-31")
    for form in FORMATS:
        try:
            day = datetime.datetime.strptime(value.strip(), form).date().isoformat()
            return Period(day, day)
        except ValueError:
            continue
    for form in ("%B %Y", "%b %Y"):  # "March 2022": the month
        try:
            first = datetime.datetime.strptime(value.strip(), form).date()
        except ValueError:
            continue
        last = calendar.monthrange(first.year, first.month)[1]
        return Period(first.isoformat(), first.replace(day=last).isoformat())
    raise ValueError(f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {value!r}")


# -- roles and people ----------------------------------------------------------------------

CURRENT, FORMER, FUTURE, UNKNOWN = "current", "former", "future", "unknown"


@dataclass(frozen=True)
class Role:
    office: Office
    text: str  # the office as the registry writes it
    since: Period | None = None
    until: Period | None = None
    form: str = "roles"  # "roles", or the short forms "current" and "former"
    # the built-in registry's roles (builtin.py): its data is right up to `trusted_until` (as-of
    # and a grace), and after it only while the office's fixed term runs (`covered_until`, the
    # first day out of office that the constitution fixes for the holder of as-of)
    builtin: bool = False
    trusted_until: str | None = None
    covered_until: str | None = None

    def state(self, date: Period | None, now: bool = False) -> str:
        """What the role was on the article's date: current, former, future or unknown. `now`:
        the article is dated today (a new article), so a short-form entry, which says what is
        true now, judges it as it judges an undated one."""
        if date is None or (now and self.form != "roles"):
            if self.form == "current":
                return CURRENT
            if self.form == "former":
                return FORMER
            return FORMER if self.until else CURRENT
        if self.form != "roles" or (self.since is None and self.until is None):
            return UNKNOWN
        if self.trusted_until and date.last > self.trusted_until:
            if self.covered_until is None or date.last >= self.covered_until:
                return UNKNOWN  # after the data's as-of: the holder may have left, or come back
        if self.until and self.until.last <= date.first:
            return FORMER
        if self.since and date.last < self.since.first:
            return FUTURE
        if self.since and self.since.last <= date.first and (self.until is None or date.last < self.until.first):
            return CURRENT
        return UNKNOWN

    def dates(self) -> str:
        if self.since and self.until:
            return f"{self.since}–{self.until}"
        if self.since:
            return f"since {self.since}"
        if self.until:
            return f"until {self.until}"
        return ""


@dataclass
class Person:
    name: str
    names: list[str]  # the name and its aliases, as written
    roles: list[Role] = field(default_factory=list)
    builtin: bool = False  # from the built-in registry (builtin.py): judged more narrowly


class Registry:
    """The registry, read once per configuration: its people, indexed by the words of their names."""

    def __init__(self, people: dict, table: OfficeTable, where=None):
        """Read and check `people` in one pass; raise ValueError naming the key. `where(name)` gives
        the prefix of an entry's key in messages (default "people")."""
        self.people: list[Person] = []
        self.by_tokens: dict[tuple, Person | None] = {}  # None: two people share the name
        self.by_first_last: dict[tuple, list[Person]] = {}  # (first, last) of two-word names
        if not isinstance(people, dict):
            raise ValueError("people: expected a mapping of {name: entry}")
        for name, entry in people.items():
            at = f"{where(name) if where else 'people'}.{name}"
            person = Person(str(name), [str(name)], _roles(entry, table, at, name))
            person.names += [str(a) for a in (entry or {}).get("aliases") or []]
            self.people.append(person)
            for written in person.names:
                tokens = name_tokens(written)
                if not tokens:
                    continue
                if tokens in self.by_tokens and self.by_tokens[tokens] is not person:
                    self.by_tokens[tokens] = None
                else:
                    self.by_tokens[tokens] = person
                if len(tokens) == 2:
                    self.by_first_last.setdefault(tokens, []).append(person)

    def __len__(self) -> int:
        return len(self.people)

    def copy(self) -> "Registry":
        other = Registry.__new__(Registry)
        other.people = list(self.people)
        other.by_tokens = dict(self.by_tokens)
        other.by_first_last = {key: list(value) for key, value in self.by_first_last.items()}
        return other

    def add(self, people) -> None:
        """Add people after the registry's own; one whose name or alias is already a name of the
        registry is left out (the user's entry of a person replaces the built-in one)."""
        taken = set(self.by_tokens)
        for person in people:
            tokens = [name_tokens(written) for written in person.names]
            if any(t in taken for t in tokens if t):
                continue
            self.people.append(person)
            for key in tokens:
                if not key:
                    continue
                if key in self.by_tokens and self.by_tokens[key] is not person:
                    self.by_tokens[key] = None
                else:
                    self.by_tokens[key] = person
                if len(key) == 2:
                    self.by_first_last.setdefault(key, []).append(person)

    def lookup(self, tokens: tuple) -> Person | None:
        """The registry's person of that name or alias; "Donald J. Trump" finds "Donald Trump" when
        only one registry person has that first and last name."""
        person = self.by_tokens.get(tokens)
        if person is not None or tokens in self.by_tokens:
            return person
        if len(tokens) > 2 and tokens[-1] not in SUFFIXES:  # "Donald Trump Jr." is not "Donald Trump"
            candidates = self.by_first_last.get((tokens[0], tokens[-1]), [])
            if len({id(p) for p in candidates}) == 1:
                return candidates[0]
        return None

# -- reading a registry file ---------------------------------------------------------------

def load_file(text: str):
    """Parse a registry file, safely (`yamlsafe`'s cap on aliases) and fast: a registry of 10,000
    people is a few MB of YAML, which PyYAML's constructors take seconds to build, so plain files
    are built here from libyaml's events; anything unusual (tags, merge keys) takes the slow path."""
    import yaml

    from ... import yamlsafe

    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)  # JSON is YAML too, and reads ten times faster
        except ValueError:
            pass
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yamlsafe.load(text)
    try:
        return _from_events(yaml.parse(text, Loader=loader), yamlsafe.MAX_ALIASES)
    except _Unusual:
        return yamlsafe.load(text)


class _Unusual(Exception):
    """A YAML feature the fast path leaves to PyYAML."""


def _from_events(events, max_aliases: int):
    import yaml

    resolver = yaml.resolver.Resolver()
    implicit = set(resolver.yaml_implicit_resolvers) | {""}  # first characters of non-strings
    constructor = yaml.constructor.SafeConstructor()
    string = "tag:yaml.org,2002:str"
    stack: list[list] = []  # [container, key or _NO_KEY]
    anchors: dict = {}
    aliases = 0
    root = None
    no_key = object()

    def add(value):
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        elif top[1] is no_key:
            if isinstance(value, (dict, list)):
                raise _Unusual()
            if value == "<<":
                raise _Unusual()
            top[1] = value
        else:
            top[0][top[1]] = value
            top[1] = no_key

    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.tag not in (None, "!", string):
                raise _Unusual()
            value = event.value
            if event.tag is None and event.implicit[0] and value[:1] in implicit:
                tag = resolver.resolve(yaml.ScalarNode, value, (True, False))
                if tag != string:
                    try:
                        value = constructor.construct_object(yaml.ScalarNode(tag, value), deep=True)
                    except (yaml.YAMLError, ValueError, OverflowError, TypeError):
                        raise _Unusual() from None  # a merge key "<<", "2024-13-45": yamlsafe says where
            if event.anchor:
                anchors[event.anchor] = value
            add(value)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag not in (None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise _Unusual()
            container = {} if kind is yaml.MappingStartEvent else []
            add(container)
            if event.anchor:
                anchors[event.anchor] = container
            stack.append([container, no_key])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            aliases += 1
            if aliases > max_aliases:
                raise yaml.YAMLError(
                    f"more than {max_aliases} aliases (line {event.start_mark.line + 1}): refused as a possible YAML bomb"
                )
            if event.anchor not in anchors:
                raise _Unusual()
            add(anchors[event.anchor])
        elif kind is yaml.DocumentStartEvent and root is not None:
            raise yaml.YAMLError("expected a single document in the registry file")
    return root


# -- validation ----------------------------------------------------------------------------

def validate(people, table: OfficeTable, where: str = "people") -> None:
    """Check the registry's shape; raise ValueError naming the key."""
    Registry(people, table, (lambda name: where) if where != "people" else None)


def roles_of(entry, table: OfficeTable, at: str, name) -> list[Role]:
    """The roles of one registry entry (see `_roles`)."""
    return _roles(entry, table, at, name)


def _roles(entry, table: OfficeTable, at: str, name) -> list[Role]:
    """The roles of one entry, checked; raise ValueError naming the key."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{at}: a name must be a non-empty string")
    if entry is None:
        return []
    if not isinstance(entry, dict):
        raise ValueError(f"{at}: expected a mapping with aliases/roles/current/former")
    unknown = set(entry) - {"aliases", "roles", "current", "former"}
    if unknown:
        raise ValueError(f"{at}: unknown key {sorted(unknown)[0]!r} (allowed: aliases, roles, current, former)")
    roles: list[Role] = []
    for key in ("current", "former"):
        values = entry.get(key)
        if values is not None and not isinstance(values, (str, list)):
            raise ValueError(f"{at}.{key}: expected an office or a list of offices")
        for text in [values] if isinstance(values, str) else (values or []):
            office = parse_office(text, table) if isinstance(text, str) else None
            if office is None:
                raise ValueError(f"{at}.{key}: {text!r} is not an office newslint knows (add it under `offices:`)")
            roles.append(Role(office, " ".join(text.split()), form=key))
    listed = entry.get("roles") or []
    if not isinstance(listed, list):
        raise ValueError(f"{at}.roles: expected a list of {{office, since, until}}")
    for index, role in enumerate(listed):
        place = f"{at}.roles[{index}]"
        if not isinstance(role, dict) or "office" not in role:
            raise ValueError(f"{place}: expected {{office, since, until}}")
        extra = set(role) - {"office", "since", "until"}
        if extra:
            raise ValueError(f"{place}: unknown key {sorted(extra)[0]!r} (allowed: office, since, until)")
        text = role["office"]
        office = parse_office(text, table) if isinstance(text, str) else None
        if office is None:
            raise ValueError(f"{place}.office: {text!r} is not an office newslint knows (add it under `offices:`)")
        dates = {}
        for key in ("since", "until"):
            try:
                dates[key] = period(role.get(key))
            except ValueError as exc:
                raise ValueError(f"{place}.{key}: {exc}") from None
        if dates["since"] and dates["until"] and dates["until"].last < dates["since"].first:
            raise ValueError(f"{place}: until ({dates['until']}) is before since ({dates['since']})")
        roles.append(Role(office, " ".join(text.split()), dates["since"], dates["until"]))
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{at}.aliases: expected a list of names")
    return roles
