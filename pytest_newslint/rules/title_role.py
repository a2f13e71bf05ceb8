"""One person given conflicting titles, or a title that contradicts the people registry.

## What it does
Reads the titles an article gives to people: before the name ("Former US President Donald
Trump", "Finance Minister Laura Benet", "Alphabet chief executive Sundar Pichai") and in
apposition ("Ana Ferreira, the country's finance minister, said"). A surname-only mention
("President Trump", "Ms Benet") is linked to a full name only when exactly one person in the
article has that surname. It reports, on the later mention:

- the same person called **former and sitting** holder of one office ("Finance Minister Laura
  Benet" ... "Former Finance Minister Laura Benet");
- the same person given **two offices one person cannot hold at once**: two ministries, head of
  government or head of state of two countries; chief executive of two companies is reported
  with `chief-executive-severity` (a warning by default: parent and subsidiary happen);
- a title that **contradicts the registry** (`people:`): "former" for a current office, a
  sitting title for an office the person has left, or another ministry than the current one.

Not conflicts: `then-` titles ("then-President X" beside "former President X"), future titles
("President-elect X" beside "former Vice President X"), acting and interim titles beside
another office, different people with the same title, one office written differently ("US
President Donald Trump", "President Trump"), a change of role the article narrates (the person
resigned, was sworn in, appointed, elected, succeeded ...), and titles inside quoted speech
(unless `check-quotes` is on). Headlines are skipped (title case hides what is a name).

## Why is this bad?
Copy rewritten by people or models under time pressure swaps "former" and "current", or gives
one minister another's portfolio. Readers lose trust at once, and no spell checker sees it.

## Registry
```yaml
rules:
  title-role:
    people:
      Donald Trump:
        aliases: [Trump]                        # optional extra names
        roles:
          - {office: President of the United States, since: 2017-01-20, until: 2021-01-20}
          - {office: President of the United States, since: 2025-01-20}
      Joe Biden:
        former: President of the United States  # short form: current: / former:
```
An article's front matter `date` decides which roles were current when it was written; an
undated article is judged by the registry as written (a role without `until` is current), never
by today's date. Offices compare as offices: "US President", "U.S. President", "President of the
United States" are one office; `offices:` adds aliases (`{alias: canonical office}`).

## Example
```text
3  Finance Minister Laura Benet defended the budget on Monday.
7  Former Finance Minister Laura Benet said the forecasts would be published.
   <- title-role: line 7 calls Laura Benet 'former minister of finance'; line 3 calls her 'minister of finance'
```
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import regex

from ..document import Document
from ..finding import Problem
from ..offices import (
    CHIEF_EXECUTIVE,
    COUNTRIES,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    MINISTER,
    OFFICE_ALIASES,
    STATUS,
    Office,
    minister,
)
from ..rules import Option
from ..text import quoted_spans

ID = "title-role"
SEVERITY = "error"
OPTIONS = {
    "people": Option(dict, {}, "the people registry: {name: {aliases, roles: [{office, since, until}], current, former}}"),
    "registry-file": Option(str, "", "a YAML file holding `people:` (relative to the config file)"),
    "offices": Option(dict, {}, "extra office aliases: {alias: canonical office}"),
    "check-quotes": Option(bool, False, "also read titles inside quoted speech"),
    "chief-executive-severity": Option(str, "warning", "severity of chief executive of two companies", choices=("error", "warning", "info")),
}

NAME_WORD = r"\p{Lu}[\p{L}'’\-]*\.?"
JOINER = r"(?:de|da|del|della|der|den|van|von|bin|ibn|al|el|la|le|di|du|dos|das|y)"
NAME = rf"{NAME_WORD}(?:\s+(?:{JOINER}\s+)?{NAME_WORD}){{0,3}}"
NOT_NAME = frozenset(
    "The A An And Or But In On At Of For To By With From As He She It They We I This That These Those His Her Its "
    "Their Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Today Yesterday Tomorrow Mr Mrs Ms Miss Dr Sir Dame Lord Lady "
    "Says Said Has Had Was Is Will Would".split()
)
HONORIFIC = regex.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady)\.?\s+")

ANCHOR = regex.compile(
    r"(?i)(?<![\w-])(chief executive officer|chief executive|ceo|prime minister|premier|president|vice[- ]president"
    r"|chancellor of the exchequer|chancellor|secretary of state|attorney general|governor|senator|mayor|speaker"
    r"|minister|secretary|king|queen)(-elect|-designate)?(?![\w-])"
)
COUNTRY_NAMES = "|".join(regex.escape(name) for name in sorted(COUNTRIES, key=len, reverse=True))
OF_COUNTRY = regex.compile(rf"(?i)^\s+of\s+(?:the\s+)?({COUNTRY_NAMES})(?![\w.])")
OF_PORTFOLIO = regex.compile(r"(?i)^\s+(?:of|for)\s+(?:the\s+)?([a-z]+(?: (?:and )?[a-z]+){0,3})")
FOLLOWING_NAME = regex.compile(rf"^\s+({NAME})", regex.V1)
APPOSITION_LEFT = regex.compile(rf"({NAME})(?:['’]s)?,\s+(?:the\s+|a\s+)?$", regex.V1)
APPOSITION_END = regex.compile(r"^\s*(?:[,.;:)]|$|\s+(?:who|and|said|says|told|has|had|was|is)\b)")
WORD_BEFORE = regex.compile(r"([\p{L}.'’]+(?:-)?)\s*$")
CHANGE_OF_ROLE = regex.compile(
    r"(?i)\b(resign\w*|step(?:s|ped)? down|stepping down|sworn in|swore in|took office|take office|taking office"
    r"|(?:re-?)?elected|appointed|named|nominated|succeed\w*|replac\w*|oust\w*|removed|dismiss\w*|sacked|fired"
    r"|quit|left office|leave office|became|become|becomes|serv(?:ed|es|ing) as|term (?:ended|expired)"
    r"|inaugurat\w*|retir\w*|promoted|demoted|reshuffle\w*|impeach\w*|defeat\w*|lost|won|was president|until)\b"
)


@dataclass
class Mention:
    name: str  # as written, honorific removed
    office: Office
    status: str  # "current", "former", "then", "future"
    title: str  # the title as written
    start: int  # offset in the document
    line: int
    column: int
    person: str | None = None  # the resolved full name (case folded), when known

    def describe(self) -> str:
        return self.title


def _left_words(text: str, end: int, limit: int = 5) -> list[tuple[str, int]]:
    """Up to `limit` words before `end`, nearest first, with their start offsets; stops at
    punctuation other than hyphens, dots and apostrophes."""
    found = []
    position = end
    for _ in range(limit):
        match = WORD_BEFORE.search(text, 0, position)
        if not match:
            break
        found.append((match.group(1), match.start(1)))
        position = match.start(1)
    return found


def _parse_title(text: str, anchor, extra_offices: dict):
    """Read the title around an office word: (Office, status, title start, title end) or None."""
    word = anchor.group(1).lower().replace("-", " ")
    after = anchor.end()
    status = "current"
    if anchor.group(2):
        status = "future"
    country = organisation = None
    office = None
    left = _left_words(text, anchor.start())
    used = 0  # how many left words belong to the title

    if word in ("minister", "secretary"):
        of = OF_PORTFOLIO.match(text[after:])
        portfolio = None
        if of:
            words_after = of.group(1).lower().split()
            for size in range(len(words_after), 0, -1):
                portfolio = minister(" ".join(words_after[:size]))
                if portfolio:
                    after += of.start(1) + len(" ".join(of.group(1).split()[:size]))
                    break
        if portfolio is None:
            for size in (3, 2, 1):
                if len(left) >= size:
                    words = " ".join(w for w, _ in reversed(left[:size])).lower()
                    portfolio = minister(words)
                    if portfolio:
                        used = size
                        break
        if portfolio is None:
            return None
        office = portfolio
    else:
        office = OFFICE_ALIASES.get(word)
        if office is None:
            return None
    name, kind = office
    # deputy/vice/shadow/lieutenant make another office
    if used < len(left) and left[used][0].lower().rstrip("-") in ("deputy", "vice", "shadow", "lieutenant", "assistant", "junior"):
        modifier = left[used][0].lower().rstrip("-")
        name, kind = (f"{modifier} {name}", None)
        used += 1
    # country or organisation before the office
    for size in (3, 2, 1):
        if used + size <= len(left):
            words = " ".join(w for w, _ in reversed(left[used : used + size]))
            key = words.lower().rstrip("'’s").rstrip("'’") if words.lower().endswith(("'s", "’s")) else words.lower()
            if key in COUNTRIES:
                country = COUNTRIES[key]
                used += size
                break
    if kind == CHIEF_EXECUTIVE and country is None and used < len(left):
        org_words = []
        for w, _ in left[used:]:
            if w[0].isupper() and w.lower() not in STATUS and w.lower().rstrip("-") not in STATUS:
                org_words.append(w)
            else:
                break
        if org_words:
            organisation = " ".join(reversed(org_words)).rstrip("'’s")
            used += len(org_words)
    # qualifiers: former, ex-, then-, acting, interim ...
    while used < len(left):
        qualifier = left[used][0].lower().rstrip("-")
        if qualifier in STATUS:
            if STATUS[qualifier] != "current" or status == "current":
                status = STATUS[qualifier] if status in ("current",) or STATUS[qualifier] == "former" else status
            used += 1
        else:
            break
    of = OF_COUNTRY.match(text[after:])
    if of and country is None:
        country = COUNTRIES[of.group(1).lower()]
        after += of.end()
    start = left[used - 1][1] if used else anchor.start()
    return Office(name, kind, country, organisation), status, start, after


def extract_mentions(document: Document, options: dict) -> list[Mention]:
    mentions: list[Mention] = []
    extra = options.get("offices") or {}
    for block in document.prose_blocks():
        text = block.text
        quotes = [] if options.get("check-quotes") else quoted_spans(text)
        for anchor in ANCHOR.finditer(text):
            if any(a <= anchor.start() < b for a, b in quotes):
                continue
            parsed = _parse_title(text, anchor, extra)
            if not parsed:
                continue
            office, status, start, end = parsed
            title = " ".join(text[start:end].split())
            following = FOLLOWING_NAME.match(text[end:])
            name = None
            if following and text[start].isupper() or (following and start < anchor.start()):
                name = _clean_name(following.group(1)) if following else None
            if name is None:
                left = APPOSITION_LEFT.search(text, 0, start)
                if left and APPOSITION_END.match(text[end:]):
                    name = _clean_name(left.group(1))
                    if name:
                        position = block.start + left.start(1)
                        line, column = document.position(position)
                        mentions.append(Mention(name, office, status, title, position, line, column))
                continue
            position = block.start + start
            line, column = document.position(position)
            mentions.append(Mention(name, office, status, title, position, line, column))
    return mentions


def _clean_name(raw: str) -> str | None:
    name = HONORIFIC.sub("", raw.strip())
    name = regex.sub(r"['’]s?$", "", name)
    words = name.split()
    while words and words[-1].rstrip(".") in NOT_NAME:
        words.pop()
    while words and words[0].rstrip(".") in NOT_NAME:
        words.pop(0)
    if not words or any(len(w.rstrip(".")) < 1 for w in words):
        return None
    return " ".join(words)


# -- the registry --------------------------------------------------------------------------

@dataclass
class Role:
    office: Office
    text: str  # the office as the registry writes it
    since: str | None
    until: str | None
    former_only: bool = False  # the short form `former:` with no dates

    def current_at(self, date: str | None) -> bool:
        if self.former_only:
            return False
        if date is None:
            return self.until is None
        return (self.since is None or self.since <= date) and (self.until is None or date < self.until)


def parse_office(text: str) -> Office | None:
    """Read an office as a registry entry writes it ("President of the United States")."""
    text = " ".join(str(text).split())
    anchor = None
    for anchor in ANCHOR.finditer(text):
        pass  # the office word is the last one ("Interim President", "Vice President")
    if anchor is None:
        return None
    parsed = _parse_title(text, anchor, {})
    return parsed[0] if parsed else None


def _date(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value)


def load_registry(people: dict) -> dict[str, tuple[str, list[str], list[Role]]]:
    """{case-folded name or alias: (canonical name, names, roles)}."""
    registry = {}
    for name, entry in (people or {}).items():
        entry = entry or {}
        roles: list[Role] = []
        for key, former in (("current", False), ("former", True)):
            values = entry.get(key) or []
            for office_text in [values] if isinstance(values, str) else values:
                office = parse_office(office_text)
                if office:
                    roles.append(Role(office, str(office_text), None, None, former_only=former))
        for role in entry.get("roles") or []:
            office = parse_office(role.get("office", ""))
            if office:
                roles.append(Role(office, str(role["office"]), _date(role.get("since")), _date(role.get("until"))))
        names = [name] + list(entry.get("aliases") or [])
        for alias in names:
            registry[alias.casefold()] = (name, names, roles)
    return registry


def validate(options: dict) -> None:
    """Check the registry's shape; raise ValueError naming the key."""
    people = options.get("people") or {}
    for name, entry in people.items():
        where = f"people.{name}"
        if entry is None:
            continue
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping with aliases/roles/current/former")
        unknown = set(entry) - {"aliases", "roles", "current", "former"}
        if unknown:
            raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: aliases, roles, current, former)")
        for key in ("current", "former"):
            values = entry.get(key)
            for office in [values] if isinstance(values, str) else (values or []):
                if parse_office(office) is None:
                    raise ValueError(f"{where}.{key}: {office!r} is not an office newslint knows")
        for index, role in enumerate(entry.get("roles") or []):
            if not isinstance(role, dict) or "office" not in role:
                raise ValueError(f"{where}.roles[{index}]: expected {{office, since, until}}")
            if parse_office(role["office"]) is None:
                raise ValueError(f"{where}.roles[{index}].office: {role['office']!r} is not an office newslint knows")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"{where}.aliases: expected a list of names")


# -- conflicts -----------------------------------------------------------------------------

def _resolve(mentions: list[Mention], document: Document, registry: dict) -> None:
    full_names = {m.name.casefold() for m in mentions if len(m.name.split()) > 1}
    text = document.text.casefold()
    for key in registry:
        if len(key.split()) > 1 and key in text:
            full_names.add(key)
    by_surname: dict[str, set[str]] = {}
    for full in full_names:
        by_surname.setdefault(full.split()[-1], set()).add(full)
    for mention in mentions:
        key = mention.name.casefold()
        if len(key.split()) > 1:
            mention.person = key
        else:
            candidates = by_surname.get(key, set())
            if len(candidates) == 1:
                mention.person = next(iter(candidates))


def _exclusive_conflict(a: Mention, b: Mention) -> bool:
    """Two sitting titles of one exclusive kind that one person cannot hold at once."""
    if a.status != "current" or b.status != "current" or a.office.kind != b.office.kind:
        return False
    if "acting" in (a.title.lower() + b.title.lower()) or "interim" in (a.title.lower() + b.title.lower()):
        return False
    kind = a.office.kind
    if kind == MINISTER:
        return a.office.name != b.office.name and not (
            a.office.country and b.office.country and a.office.country != b.office.country
        )
    if kind in (HEAD_OF_GOVERNMENT, HEAD_OF_STATE):
        return a.office.name == b.office.name and bool(a.office.country and b.office.country) and a.office.country != b.office.country
    if kind == CHIEF_EXECUTIVE:
        return bool(a.office.organisation and b.office.organisation) and a.office.organisation.casefold() != b.office.organisation.casefold()
    return False


def _narrates_change(document: Document, person: str) -> bool:
    surname = person.split()[-1]
    pattern = regex.compile(rf"(?i)\b{regex.escape(surname)}\b")
    for block in document.prose_blocks():
        for sentence in regex.split(r"(?<=[.!?])\s+", block.text):
            if pattern.search(sentence) and CHANGE_OF_ROLE.search(sentence):
                return True
    return False


def check(document: Document, options: dict):
    registry = options.get("_registry")
    if registry is None:
        registry = load_registry(options.get("people") or {})
    mentions = extract_mentions(document, options)
    if not mentions:
        return
    _resolve(mentions, document, registry)
    reported: set[int] = set()
    by_person: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.person:
            by_person.setdefault(mention.person, []).append(mention)

    for person, items in by_person.items():
        items.sort(key=lambda m: m.start)
        display = max((m.name for m in items), key=len)
        narrated = None
        for later_index, later in enumerate(items):
            for earlier in items[:later_index]:
                kind = None
                if earlier.office.same_office(later.office) and {earlier.status, later.status} == {"current", "former"}:
                    if narrated is None:
                        narrated = _narrates_change(document, person)
                    if not narrated:
                        kind = "former-and-current"
                elif _exclusive_conflict(earlier, later):
                    kind = "two-offices"
                if kind and later.start not in reported:
                    reported.add(later.start)
                    severity = options["chief-executive-severity"] if later.office.kind == CHIEF_EXECUTIVE else None
                    yield Problem(
                        line=later.line,
                        column=later.column,
                        message=f"line {later.line} calls {display} '{later.describe()}'; "
                        f"line {earlier.line} calls {display} '{earlier.describe()}'",
                        severity=severity,
                    )
                    break

    # against the registry
    date = document.date[:10] if document.date else None
    for mention in mentions:
        if mention.start in reported or not mention.person or mention.person not in registry:
            continue
        canonical, _, roles = registry[mention.person]
        problem = _registry_conflict(mention, roles, date)
        if problem:
            reported.add(mention.start)
            when = f" on {date}" if date else ""
            yield Problem(
                line=mention.line,
                column=mention.column,
                message=f"line {mention.line} calls {canonical} '{mention.describe()}', but the registry lists "
                f"{canonical} as {problem}{when}",
            )


def _registry_conflict(mention: Mention, roles: list[Role], date: str | None) -> str | None:
    same = [role for role in roles if role.office.same_office(mention.office)]
    current_same = [role for role in same if role.current_at(date)]
    if mention.status == "former" and current_same:
        return f"current {current_same[0].text}"
    if mention.status == "current" and same and not current_same:
        return f"former {same[0].text}"
    if mention.status == "current" and not same and mention.office.kind in (MINISTER,):
        current_other = [
            role for role in roles if role.current_at(date) and role.office.kind == mention.office.kind
        ]
        if current_other:
            return f"current {current_other[0].text}"
    return None


def prepare(options: dict) -> dict:
    """Load the registry once per configuration (a registry file, then `people:` over it)."""
    people = {}
    if options.get("registry-file"):
        from pathlib import Path

        from .. import yamlsafe

        path = Path(options.get("_root", ".")) / options["registry-file"]
        try:
            data = yamlsafe.load(path.read_text(encoding="utf-8-sig")) or {}
        except OSError as exc:
            raise ValueError(f"registry-file: cannot read {path}: {exc.strerror or exc}") from None
        except yamlsafe.yaml.YAMLError as exc:
            raise ValueError(f"registry-file: {path} is not valid YAML ({yamlsafe.describe_error(exc)})") from None
        if not isinstance(data, dict) or not isinstance(data.get("people", {}), dict):
            raise ValueError(f"registry-file: {path} must hold a mapping with a `people:` key")
        people.update(data.get("people") or {})
        validate({"people": people})
    people.update(options.get("people") or {})
    options = dict(options)
    options["_registry"] = load_registry(people)
    return options
