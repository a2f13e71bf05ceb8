"""Titles learned from the archive: for people no registry knows, the titles the repository's
dated articles give them (the corpus pass: `summarise` per article, `contradictions` over all).

A mention is reported when it contradicts a clear majority of the articles around it: a "former"
title while at least `archive-min-articles` (3) other articles dated within `archive-days` (30)
days call the person the sitting holder of that office, some before its date and some after it,
and none within that window calls them former (and the other way round for a
sitting title). Evidence on one side only is a change over time (sitting before, former after;
or former before, back in office after) and is never reported; thin or split evidence neither,
nor articles of the same day (one may be written before the change), nor "late" (a death: copy
of the weeks after keeps the then-title).
"""
from __future__ import annotations

import datetime
import zlib

import regex

from ...text import compiled_later
from .offices import Office

STATUSES = ("current", "former")
LATE = compiled_later(regex, r"(?i)\b(?:late|deceased)\b")


def summarise(groups, date) -> dict | None:
    """The article's evidence, JSON-ready: its day and, per person no registry knows (a full
    name), the offices it calls them sitting or former holder of. None when it has none (an
    undated article, or no such title)."""
    if date is None or date.first != date.last:
        return None  # a month or a year is too vague to set beside a 30-day window
    people = []
    for group in groups:
        if group.person is not None or len(group.tokens) < 2:
            continue  # a registry decides on registry people; a surname alone is not a person
        seen: dict[tuple, list] = {}
        for mention in sorted(group.mentions, key=lambda m: m.start):
            if mention.status not in STATUSES or mention.acting or mention.historical or mention.compound:
                continue
            if LATE.search(mention.title):
                continue  # a death: later copy keeps the then-title for weeks ("Sen. Edward Zorinsky, who died")
            office = _office_key(mention.office)
            seen.setdefault((office, mention.status), [mention.line, mention.column, mention.title])
        statuses: dict[tuple, set] = {}
        for office, status in seen:
            statuses.setdefault(office, set()).add(status)
        titles = [
            [[*office[:3], list(office[3]), list(office[4])], status, *where]
            for (office, status), where in seen.items()
            if len(statuses[office]) == 1  # both in one article: the article's own check says it
        ]
        if titles:
            people.append([" ".join(group.tokens), group.display, titles])
    return {"date": date.first, "people": people} if people else None


def focus_keys(summary) -> list[int]:
    """The keys of a pre-commit run's focus index (`rules.Rule.focus_keys`): a hash of each
    person the summary names. `contradictions` weighs a focus article's mention against the
    mentions of the same person alone (two people sharing a hash only add an article)."""
    if not summary:
        return []
    return [zlib.crc32(key.encode("utf-8", "surrogatepass")) for key, _, _ in summary["people"]]


def _office_key(office: Office) -> tuple:
    return (office.name, office.kind, office.country, tuple(sorted(office.organisation)), tuple(sorted(office.portfolios)))


def _office(key) -> Office:
    name, kind, country, organisation, portfolios = key
    return Office(name, kind, country, frozenset(organisation), frozenset(portfolios))


def contradictions(entries, days: int, minimum: int, focus: set[str] | None = None):
    """(path, line, column, message) for each mention the archive contradicts (see the module)."""
    by_person: dict[str, list] = {}
    for path, summary in entries:
        if not summary:
            continue
        day = datetime.date.fromisoformat(summary["date"])
        for key, display, titles in summary["people"]:
            for office, status, line, column, title in titles:
                by_person.setdefault(key, []).append((path, day, _office(office), status, line, column, title, display))
    window = datetime.timedelta(days=days)
    for mentions in by_person.values():
        if len({m[0] for m in mentions}) <= minimum:
            continue  # too few articles to hold a majority of at least `minimum` others
        for path, day, office, status, line, column, title, display in mentions:
            if focus is not None and path not in focus:
                continue
            near = [m for m in mentions if m[0] != path and abs(m[1] - day) <= window and m[2].same_office(office)]
            agreeing = {m[0] for m in near if m[3] == status}
            against = [m for m in near if m[3] != status and m[0] not in agreeing]
            if agreeing or len({m[0] for m in against}) < minimum:
                continue  # split, or thin
            if not any(m[1] < day for m in against) or not any(m[1] > day for m in against):
                continue  # all before or all after (or the same day): a change over time, not a mistake
            against.sort(key=lambda m: (abs(m[1] - day), m[0]))
            count = len({m[0] for m in against})
            other = "former" if status == "current" else "sitting"
            examples = ", ".join(f"{m[0]} line {m[4]} ({m[1].isoformat()}: '{m[6]}')" for m in against[:2])
            message = (f"line {line} calls {display} '{title}', but {count} other articles dated within {days} days "
                       f"of {day.isoformat()} call {display} the {other} holder and none agrees: {examples}")
            yield path, line, column, message
