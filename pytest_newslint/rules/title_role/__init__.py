"""One person given conflicting titles, or a title that contradicts the people registry.

## What it does
Reads the titles an article gives to people and links the mentions of one person:

- titles before the name, with their qualifiers and modifiers: "Former US President Donald
  Trump", "German Chancellor Friedrich Merz", "Alphabet chief executive Sundar Pichai",
  "then-Secretary of State Hillary Clinton", "President-elect Joe Biden", "Deputy Prime
  Minister Angela Rayner", "Minister of Foreign Affairs Sergei Lavrov", "Sen. Bernie Sanders";
- titles in apposition: "Ana Ferreira, the country's finance minister, said", "Keir Starmer,
  Britain's prime minister,", and the other way round with a full name: "the prime minister,
  Keir Starmer, said";
- surname-only and honorific mentions ("President Trump", "Ms Benet", "President Xi"), linked
  to a full name only when exactly one person written in the article (titled or not) has that
  name: with George W. Bush and George H. W. Bush in one article, "President Bush" is neither.

Offices compare as offices, not strings: "US President", "U.S. President", "President of the
United States" and "American president" are one office; so are "Finance Minister", "Minister of
Finance", "Treasury Secretary" and "Chancellor of the Exchequer"; "Deputy Prime Minister" and
"Harvard President" are other offices. Qualifiers say when: former, ex-, late, ousted are past;
then- is historical (it says nothing of now); -elect, incoming, designate are future; outgoing,
acting, interim and caretaker are sitting (the last three temporary).

It reports:

- the same person called **former and sitting** holder of one office ("Finance Minister Laura
  Benet" ... "Former Finance Minister Laura Benet");
- the same person given **two offices one person cannot hold at once**: two ministries, head of
  government (or president) of two countries; a country's head of state and its head of
  government ("President X", "Prime Minister X"); head of government and a minister ("Prime
  Minister X", "Foreign Secretary X"); an office and its deputy ("Deputy Prime Minister X",
  "Prime Minister X"; "Vice President X", "President X");
- a bare "Chancellor" (the UK's finance minister, or Germany's or Austria's head of government:
  the country decides) beside another ministry or a prime minister: a conflict either way; beside
  a finance minister or a president, when the country does not decide, nothing (precision first);
- a title that **contradicts the registry** (`people:`): "former" for an office the person holds
  (or has not yet taken), a sitting title for an office the person has left (or not yet taken),
  another ministry, country or company than the one the person holds (another company with
  `chief-executive-severity`, a warning by default).

Chief executive of two companies is not reported at all unless the registry says otherwise: one
person may lead two ("Tesla CEO" and "SpaceX chief executive"; Alphabet and Google), and an
organisation named by its initials is the one named in full ("CEA boss", "chief executive of the
Consumer Electronics Association").

A conflict between two mentions is reported on the later one and names both with their lines; a
mention that contradicts the registry is reported on itself and names the entry. When the
registry decides which of two mentions is right, only the wrong one is reported.

Not conflicts (precision first: a false alarm costs more than a miss):

- "then-President X" beside "former President X"; a title in a sentence set in the past ("in
  2019", "at the time", "during his first term", "when she was") reads as then-;
- a future title: "President-elect X" beside "former Vice President X";
- another office: "then-Secretary X" beside "Governor X"; "Vice President X" beside "Interim
  President X"; an acting, interim or caretaker title beside any other;
- a change of role the article tells of the person: they resign, step down, leave the post, are
  sworn in, appointed, elected, succeed someone, serve as, return to office, concede defeat,
  die ... ("Delcy Rodríguez served as vice president ... was sworn in as interim president"). A
  change only talked about is none, and excuses nothing: the words before the verb are read for
  negation, modality, questions, conditions and reported demands, refusals, denials and threats
  ("faced calls to resign", "said she would not step down", "was asked whether she would quit",
  "could be sacked", "threatened to resign"), so "former Health Minister X" after "Health
  Minister X" who "refused to resign" is reported;
- two offices the article says the person holds ("who also serves as defence minister",
  "Finance and Economy Minister"; "also" must lead to an office or a verb of holding: "he also
  said" says nothing);
- different people with the same title, or one surname shared by two people of the article;
- one office written differently ("US President Donald Trump", "President Trump");
- titles inside quoted speech, unless `check-quotes` is on: quotation marks of every language
  ("...", “...”, ‘...’, „...“, «...», ‹...›, »...«, ”...”, 「...」, 『...』, ‚...‘). A quotation
  running over several paragraphs (each opens with a quote mark) is quoted to its end; a closing
  mark before any opening one ends a quotation begun in the paragraph before; a stray mark inside
  a paragraph ends with its sentence: narration after a quotation is read;
- headlines, headings, code, tables and sentences in title case.

Names may be accented or in any script with capitals ("Delcy Rodríguez", "Nicolás Maduro",
"Владимир Путин"); a name in a script without capitals (习近平) is not read, so never misread.

The rule reads English copy only. An article in another language, in any script (Spanish,
French, German, Chinese, Arabic...), gets no title-role finding: its titles are not read with
English grammar. An article is English when at least 4% of its prose (in words' worth) is
English function words ("the", "of", "and", "said"...: real English articles have 16% and
more, stories in 16 other languages none), more than it has function words of Spanish,
French, German, Italian and Portuguese, and when it is mostly in Latin script (a Spanish or
Chinese story citing "The New York Times" is not English); prose under 20 words is too short to
tell and is read. English copy keeps reading names in any script ("Prime Minister Лаура Бенет").
Measured: all 291 real articles, their first paragraphs alone and 2,776 of their 2,777
paragraphs of 20 words or more read as English (the other quotes a Spanish sentence after its
translation); none of 23 stories in 16 other languages, nor any of their 102 paragraphs.

## Why is this bad?
Copy rewritten by people or models under time pressure swaps "former" and "current", or gives
one minister another's portfolio. Readers lose trust at once, and no spell checker sees it.

## What it knows
Three sources, the surest first:

1. **The article itself**: two mentions of one person that contradict each other (above).
2. **The registries**: yours (`people:`, `registry-file`), and the built-in one (below), which
   judge a title by the article's date.
3. **The archive**: for people no registry knows, the titles the repository's other dated
   articles give them (see "Archive" below).

## The article's date
In this order: the front matter (`date`, `publishDate`, `published` or `pubDate`, never
`lastmod`; a date-time is read as its day); a Jekyll-style file name (`_posts/2022-06-08-biden-
visit.md`); the config's `default-date` (top level or per `overrides` entry, or `--default-date`:
a folder of undated wire copy); and today, for a new article (untracked, staged for its first
commit, or added since `--diff-base`): a new article is being published now. Importing an archive
is not publishing: when more than `new-article-limit` articles (20) are new at once, they stay
undated. Nothing else is read from git's history. A message that depends on the date says which
and where it came from: "on 2026-12-04 (today: a new article)", "on 2022-06-08 (from the file
name)", "(front matter date)", "(default-date)", "(the article has no date)". `NEWSLINT_TODAY=
YYYY-MM-DD` sets today (tests); a cached result that used today's date is not served on another
day (see docs/configuration.md).

## Built-in registry
On by default (`builtin-registry: false` turns it off): the heads of state and of government of
the G20 members in office at any time since 2000, the Presidents of the European Commission and
the European Council, the UN and NATO Secretaries-General, and the finance and foreign ministers
of the G7 (302 people; `rules/title_role/data/registry/`, one YAML file per office, its README
says the format, the sources and the known gaps). It judges **dated articles only**; an undated
one is judged by your registry alone. What it reports, precision first:

- "former" for an office the person holds on the article's date ("former US President Donald
  Trump" on 2026-12-04);
- a sitting title for an office the person has left, when the person acts in the article's
  present ("President Barack Obama said on Thursday", 2018). In a clause of the past ("when he
  challenged President Barack Obama for the nomination") copy keeps the then-title: not reported;
- a head of state or government of another country than the one the person leads.

Never "not yet in office" nor "holds another ministry": the data lists some of a person's
offices only (François Baroin was budget minister before he was finance minister; Fumio Kishida
was defence minister for a month while foreign minister).

The data is right as of its `as-of` date (2025-06-30). An article dated after it, and after
`registry-grace-days` (180) more, is judged by an office only while its holder's fixed term
runs (`fixed-term-end`: the US president's 2029-01-20, France's 2027-05-14, the UN's 2027-01-01;
then the holder is sitting and every earlier one former); other offices say nothing then. A
run whose articles are dated after that says so once on standard error (a note, not a finding).
Your entry of a person (any of its names) replaces the built-in entry. To update the data, follow
its README (change the office's file, move `as-of`, run `tests/test_builtin_registry_data.py`).
Loading it takes about 20 ms once per process.

## Archive
For people no registry knows, the corpus pass reads the titles the repository's dated articles
give each person (by full name; per article: the person, the office, sitting or former, and the
article's date). A mention is reported when it contradicts a clear majority of at least
`archive-min-articles` (3) other articles dated within `archive-days` (30) days: "former Prime
Minister Elena Marsh" while the articles of the weeks before and after call her "Prime Minister"
and none "former". The message names two of those articles. Never reported: a change over time
(sitting before, former after: she left; or the other way round: she came back), evidence from
one side only or from the same day, thin evidence (fewer articles), split evidence (any article
of the window agreeing with the mention), undated articles (they are no evidence either), "late"
(copy keeps the then-title for weeks after a death), and people of a registry (it decides).
It runs in the cached corpus pass, and also when only the staged articles are checked against
the rest of the repository (pre-commit). `archive: false` turns it off. Measured: the 15,817
Reuters articles dated by their wire dates give no archive finding (one before `late` and
same-day evidence were left out: "late Sen. Edward Zorinsky", dead three days before); the
291 Wikinews articles none.

## Registry
In the rule's options, or in a YAML (or JSON) file named by `registry-file` (relative to the
config file; entries under `people:` in the config replace the file's entries of that name):
```yaml
rules:
  title-role:
    people:
      Donald Trump:
        aliases: [Donald J. Trump, Trump]       # other names of this person (optional)
        roles:
          - {office: President of the United States, since: 2017-01-20, until: 2021-01-20}
          - {office: President of the United States, since: 2025-01-20}
      Joe Biden:
        former: President of the United States  # short form: current: / former:, one or a list
      Sundar Pichai:
        current: [Alphabet CEO, Google CEO]     # both listed: two companies are not reported
    offices:
      Taoiseach: Prime Minister of Ireland      # an alias of an office newslint knows
      Tánaiste: {office: Deputy Prime Minister, country: Ireland}
      Grand Vizier: {office: Grand Vizier, kind: head-of-government}  # a new office
```
- `office` (and each office under `current:` or `former:`) is written as in copy: "President
  of the United States", "Minister of Finance", "Alphabet CEO", "Governor of California".
- `since` is the first day in office, `until` the first day out of it; a date, `YYYY-MM` or
  `YYYY` (an article dated inside such a month or year is not judged on that role).
- The article's date (above) decides what was current when it was written: an article dated
  2019 that calls Trump "President" is right. An undated article is judged by your registry as
  written (a role with `until`, or under `former:`, is former; any other is current), not by
  today's date, so results do not change with the clock; only a new article is dated today.
  Short-form entries carry no dates, so they judge undated articles and new ones (they say what
  is true now); an article whose date cannot be read is not judged.
- `offices:` adds office words: `{alias: office}`, or `{alias: {office, kind, country}}` where
  `kind` (head-of-state, head-of-government, minister, chief-executive or none) says which
  offices one person cannot hold two of at once.
- The registry is read once per configuration into a hash index of the words of every name and
  alias: an article costs one lookup per name it writes, whatever the size of the registry.

## Example
```text
3  Finance Minister Laura Benet defended the budget on Monday.
7  Former Finance Minister Laura Benet said the forecasts would be published.
   <- title-role: line 7 calls Laura Benet 'Former Finance Minister'; line 3 calls Laura Benet
      'Finance Minister'
```
```text
3  Former President Donald Trump paused new tariffs on Friday.
   <- title-role: line 3 calls Donald Trump 'Former President', but the registry lists Donald
      Trump as current President of the United States (the article has no date)
```
```text
5  ... former US President Donald Trump took to Truth Social ...     (a new article, 2026-12-04)
   <- title-role: line 5 calls Donald Trump 'former US President', but the built-in registry
      (as of 2025-06-30) lists Donald Trump as current President of the United States (since
      2025-01-20) on 2026-12-04 (today: a new article)
```

## Measured
- Reuters-21578 (`benchmarks/title_role_eval/`, its README says how the set is built): conflicts
  and hard negatives put into real 1987 wire copy, 2,040 cases (610 positives, 430 hard negatives,
  1,000 untouched articles), seed 1. Scored by case; every finding of any severity counts.
  First run: the rule before issue #16; final: after it (the mechanisms above: quotations,
  Westminster offices, talk of leaving, head of state and government, deputies, two companies).

| measure | first run | final |
| --- | --- | --- |
| precision (cases) | 0.917 (366 / 399; errors only 0.979) | 1.000 (557 / 557) |
| recall (positives) | 0.600 (366 / 610) | 0.913 (557 / 610) |
| false-alarm rate, hard negatives (430) | 0.077 | 0.000 |
| false-alarm rate, untouched (1,000) | 0.000 | 0.000 |

| kind | category | cases | first run | final |
| --- | --- | --- | --- | --- |
| conflict-after-stray-quote | positive | 60 | recall 0.833 (50) | recall 0.883 (53) |
| deputy-vs-prime-minister | positive | 50 | recall 0.000 (0) | recall 0.920 (46) |
| former-after-running-quote | positive | 60 | recall 0.933 (56) | recall 0.967 (58) |
| former-despite-talk | positive | 60 | recall 0.117 (7) | recall 0.967 (58) |
| former-edit | positive | 60 | recall 0.900 (54) | recall 0.967 (58) |
| former-full | positive | 70 | recall 0.943 (66) | recall 0.943 (66) |
| former-surname | positive | 70 | recall 0.914 (64) | recall 0.929 (65) |
| head-of-state-vs-government | positive | 60 | recall 0.000 (0) | recall 0.867 (52) |
| two-ministries | positive | 80 | recall 0.675 (54) | recall 0.825 (66) |
| uk-chancellor-vs-secretary | positive | 40 | recall 0.375 (15) | recall 0.875 (35) |
| org-initials | hard-negative | 50 | false alarms 0.300 (15) | false alarms 0.000 (0) |
| same-surname | hard-negative | 60 | false alarms 0.000 (0) | false alarms 0.000 (0) |
| talk-not-change | hard-negative | 80 | false alarms 0.000 (0) | false alarms 0.000 (0) |
| then-title | hard-negative | 60 | false alarms 0.000 (0) | false alarms 0.000 (0) |
| title-in-quote | hard-negative | 60 | false alarms 0.000 (0) | false alarms 0.000 (0) |
| told-change | hard-negative | 70 | false alarms 0.114 (8) | false alarms 0.000 (0) |
| two-companies | hard-negative | 50 | false alarms 0.200 (10) | false alarms 0.000 (0) |
| untouched-other | untouched | 400 | false alarms 0.000 (0) | false alarms 0.000 (0) |
| untouched-titled | untouched | 600 | false alarms 0.000 (0) | false alarms 0.000 (0) |

  The harness was used to find mechanisms, not sentences; expect a held-out set worded otherwise
  to land somewhat lower. The 53 left: mostly articles whose other sentences tell (or seem to
  tell) a change of role of the person, which excuses every mention of them ("has been prime
  minister for a record three years"); titles in apposition after "who is" ("James Baker, who is
  labor secretary,"), which are not read; a few surname mentions that cannot be linked safely.
- All 12,932 Reuters articles with a body, as published: 1 article with a finding before and
  after ("late Sen. Edward Zorinsky" beside "Sen. Edward Zorinsky").
- The 291 published Wikinews articles (`../shared/corpus/wikinews`): no finding, undated as
  published and dated (issue #18) on January 15 and December 15 of the latest year each names
  (one corrected: it names only an earlier year), built-in registry and archive included. Two
  false alarms found on the way and removed: a sitting title for a former holder in a clause of
  the past ("challenged President Barack Obama for the nomination"), now reported only when the
  person acts in the article's present.
- Built-in registry, a dated set of 48 sentences from real events (`tests/data/
  builtin_registry_dated.yaml`): 14 wrong titles, all reported; 34 right ones or ones the data
  cannot judge (after as-of, other offices of a person, undated), none reported.
- The 15,817 Reuters articles dated by their wire dates (1987): the one finding above, as
  undated (the built-in registry lists no one in office then; the archive finds nothing);
  their run time with dates, built-in registry and archive: 4.5-4.7 s against 4.3-4.8 s before.
- Labeled set (`tests/data/title_role_cases.yaml`, asserted by `tests/test_title_role_labeled.py`):
  hand-written regression cases (89 conflicts, 119 hard negatives), all as labeled; it grew with
  the rule, so it is a regression test, not the measure. Its five chief-executive cases carry a
  registry entry since two companies are reported only against the registry.
- Speed (`benchmarks/bench_title_role_registry.py`, 10,000 Markov articles, 10,000-person
  registry): 0.4 ms an article for the rule; the registry adds 1.8% to the rule and 0.6% to the
  whole check; reading it (2 MB of YAML) takes 0.6-0.9 s once per run, 5.5% of that run. The
  changes of issue #16 cost 0-7% of the rule's time (the rule alone, median of 5: 2,000 generated
  articles 0.473 s before, 0.504 s after; the 12,932 Reuters articles 1.067 s, 1.064 s).

"""
from __future__ import annotations

import re
from pathlib import Path

import regex

from ... import yamlsafe
from ...document import TODAY, Document
from ...finding import Location, Problem
from ...text import compiled_later
from ...yamlsafe import describe_error
from .. import Option
from .link import Group, historical, narrated, sentences_about
from .link import link as group_by_person
from .mentions import Mention, extract
from .offices import (
    BUILT_IN,
    CHIEF_EXECUTIVE,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    MINISTER,
    Office,
    OfficeTable,
    organisations_overlap,
    validate_offices,
)
from .registry import CURRENT, FORMER, FUTURE, UNKNOWN, Period, Registry, Role, load_file, period
from .registry import validate as validate_people
from .titles import office_table
from .language import is_english
from .builtin import DEFAULT_GRACE_DAYS, as_of, with_builtin
from .archive import contradictions, focus_keys, summarise  # noqa: F401 (focus_keys: the rule's own)

ID = "title-role"
SEVERITY = "error"
OPTIONS = {
    "people": Option(dict, {}, "the people registry: {name: {aliases, roles: [{office, since, until}], current, former}}"),
    "registry-file": Option(str, "", "a YAML (or JSON) file holding `people:` (relative to the config file)"),
    "offices": Option(dict, {}, "extra office words: {alias: office} or {alias: {office, kind, country}}"),
    "check-quotes": Option(bool, False, "also read titles inside quoted speech"),
    "chief-executive-severity": Option(str, "warning", "severity of chief executive of another company than the registry's", choices=("error", "warning", "info")),
    "builtin-registry": Option(bool, True, "judge dated articles by the built-in registry too (heads of state and government of the G20, G7 finance and foreign ministers, EU, UN, NATO since 2000)"),
    "archive": Option(bool, True, "report a title that contradicts what the repository's other dated articles call that person (people no registry knows)"),
    "archive-days": Option(int, 30, "the archive's window: other articles dated within this many days", minimum=1),
    "archive-min-articles": Option(int, 3, "how many other articles of the window must agree against a title", minimum=2),
    "registry-grace-days": Option(int, DEFAULT_GRACE_DAYS, "days after the built-in registry's as-of date that its data is still trusted for an office without a fixed term", minimum=0),
}

# the article says the person holds both offices: "Netanyahu, who also serves as defence minister",
# "Musk, who also runs SpaceX", "his two portfolios"
ALSO = compiled_later(regex,
    r"\b(?:also|concurrently|simultaneously|as\s+well\s+as|doubl\w+\s+as|in\s+addition\s+to)\b"
)
# what "also" must lead to, within a few words, to speak of an office held: a verb of holding or
# an office word ("who also serves as", "also heads", "is also defence minister", "also the CEO")
HOLDING = compiled_later(regex,
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:serv|head|run|hold|lead|act|chair|oversee|manag|direct|is\b|was\b|has\s+been|in\s+charge"
    r"|responsib|minister|ministr|secretary|chancellor|president|premier|chief|ceo|boss|governor|portfolio|title"
    r"|role|post\b|job|office|doubl)"
)
BOTH = compiled_later(regex,
    r"\b(?:both|two|dual|combined|twin|joint)\s+(?:roles|posts|jobs|hats|portfolios|ministries|companies|positions"
    r"|offices|role|post|portfolio|position)\b"
)


# -- configuration -----------------------------------------------------------------------------

def validate(options: dict) -> None:
    """Check `offices:` and `people:`; raise ValueError naming the key."""
    offices = options.get("offices") or {}
    validate_offices(offices)
    validate_people(options.get("people") or {}, _table(offices))


def prepare(options: dict) -> dict:
    """Build the office table and the registry once per configuration (a registry file, then
    `people:` over it)."""
    table = _table(options.get("offices") or {})
    people, origin = {}, {}
    if options.get("registry-file"):
        path = Path(options.get("_root", ".")) / options["registry-file"]
        try:
            data = load_file(path.read_text(encoding="utf-8-sig")) or {}
        except OSError as exc:
            raise ValueError(f"registry-file: cannot read {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ValueError(f"registry-file: {path} is not UTF-8 text") from None
        except yamlsafe.yaml.YAMLError as exc:
            raise ValueError(f"registry-file: {path} is not valid YAML ({describe_error(exc)})") from None
        if not isinstance(data, dict) or not isinstance(data.get("people", {}), dict):
            raise ValueError(f"registry-file: {path} must hold a mapping with a `people:` key")
        people.update(data.get("people") or {})
        origin = dict.fromkeys(people, f"registry-file {path}: people")
    people.update(options.get("people") or {})
    options = dict(options)
    options["_table"] = table
    configured = options.get("people") or {}
    options["_registry"] = Registry(people, table, lambda name: "people" if name in configured else origin.get(name, "people"))
    _grace_days(options)  # a bad value is the config's error, found now, not at the first dated article
    options["_dated_registry"] = DatedRegistry(options, options["_registry"])
    return options


class DatedRegistry:
    """`_dated_registry`, made when a dated article first asks for it: the built-in people (49
    data files, 0.025-0.03 s) are read only in a process that checks a dated article, not by
    every run (a warm run checks none; an archive of undated copy never needs them)."""

    def __init__(self, options: dict, registry: Registry | None):
        self.options, self.registry = options, registry
        self.made: Registry | None = None

    def get(self) -> Registry | None:
        if self.made is None:
            self.made = _dated_registry(self.options, self.registry)
        return self.made


def registry_note(latest: str | None, options: dict) -> str | None:
    """A note for the run (not a finding) when its articles are dated after the built-in
    registry's data is known to be right: such articles are judged only on fixed terms."""
    if not latest or not options.get("builtin-registry", True):
        return None
    import datetime

    grace = options.get("registry-grace-days", DEFAULT_GRACE_DAYS)
    trusted = (datetime.date.fromisoformat(as_of()) + datetime.timedelta(days=grace)).isoformat()
    if latest <= trusted:
        return None
    return (f"title-role: the built-in people registry is as of {as_of()}; articles dated after {trusted} "
            f"(up to {latest} here) are judged by it only on fixed terms of office (update newslint for newer data)")


def _dated_registry(options: dict, registry: Registry | None) -> Registry | None:
    """The registry a dated article is judged by: the user's, and the built-in one unless
    `builtin-registry: false` (an undated article is judged by the user's alone)."""
    if not options.get("builtin-registry", True):
        return registry
    return with_builtin(registry, _grace_days(options))


def _grace_days(options: dict) -> int:
    grace = options.get("registry-grace-days", DEFAULT_GRACE_DAYS)
    if not isinstance(grace, int) or isinstance(grace, bool) or grace < 0:
        raise ValueError(f"registry-grace-days: expected a whole number of days, 0 or more, got {grace!r}")
    return grace


_TABLES: dict = {}  # office tables by their `offices:` option: built once, however many overrides


def _table(offices: dict) -> OfficeTable:
    if not offices:
        return BUILT_IN
    key = repr(sorted((str(alias), repr(target)) for alias, target in offices.items()))
    if key not in _TABLES:
        _TABLES[key] = office_table(offices)
    return _TABLES[key]


# -- the check ---------------------------------------------------------------------------------

def check(document: Document, options: dict):
    global _LAST
    _LAST = (document, None)  # what `collect` reads (the archive's summary): none unless the check reaches people
    table = options.get("_table") or _table(options.get("offices") or {})
    date, source, dated = article_date(document)
    # without a day and without a registry of people, only two titles of one person that
    # contradict each other make a finding (and `collect` keeps nothing: the archive needs a
    # day): fewer than two office words, or no two titles that could contradict, find nothing
    conflicts_only = date is None and _no_registry(options)
    if conflicts_only:
        mentions, units = extract(document, table, bool(options.get("check-quotes")), 2, _may_conflict,
                                  _offices_may_conflict)
    else:
        mentions, units = extract(document, table, bool(options.get("check-quotes")))
    if not mentions or (conflicts_only and not _may_conflict(mentions)):
        return
    if "_registry" in options:
        registry = options["_registry"]
        if date is not None:
            registry = options["_dated_registry"].get() if "_dated_registry" in options else registry
    else:  # options not prepared (a direct call)
        registry = Registry(options["people"], table) if options.get("people") else None
        if date is not None:
            registry = _dated_registry(options, registry)
    groups = group_by_person(mentions, units, registry)
    if not groups or (conflicts_only and not any(_may_conflict(group.mentions) for group in groups)):
        return  # (marking the past only turns titles into "then", which contradicts nothing)
    _mark_historical(document.text, mentions, int(date.first[:4]) if date else None)
    problems: list[Problem] = []
    for group in groups:
        items = sorted(group.mentions, key=lambda m: m.start)
        verdicts: dict[int, bool] = {}
        if group.person is not None and (not dated or date is not None):
            problems += _registry_problems(document, options, group, items, date, verdicts, source)
        problems += _conflicts(document, options, group, items, units, verdicts)
    summary = summarise(groups, date) if options.get("archive", True) else None
    # the rule reads English copy only: asked last, of an article that gives something (about
    # half of those with titles), since the answer changes nothing for the others
    if (problems or summary is not None) and not is_english(document):
        return
    _LAST = (document, summary)
    seen = set()
    for problem in sorted(problems, key=lambda item: (item.line, item.column)):
        if (problem.line, problem.column) not in seen:
            seen.add((problem.line, problem.column))
            yield problem


# -- the archive (the corpus pass) -----------------------------------------------------------

# the last article `check` read and its summary for the archive, for `collect` on the same article right after
# (the pipeline runs a rule's check, then its collect, on each document): read once, not twice
_LAST: tuple = (None, None)


def collect(document: Document, options: dict):
    """The article's titles of people no registry knows, with its date (archive.summarise)."""
    if not options.get("archive", True):
        return None
    if _LAST[0] is not document:
        for _ in check(document, options):
            pass
    return _LAST[1]


def finalize(entries, options: dict, focus: set[str] | None = None):
    """Titles the repository's other dated articles contradict (archive.contradictions)."""
    if not options.get("archive", True):
        return
    days, minimum = options.get("archive-days", 30), options.get("archive-min-articles", 3)
    for path, line, column, message in contradictions(entries, days, minimum, focus):
        yield path, Problem(line=line, column=column, message=message)


def article_date(document: Document) -> tuple[Period | None, str | None, bool]:
    """(the article's day, where it comes from, whether it gives one at all): the front matter,
    the file name, then the date the pipeline gives (`default-date`, today for a new article).
    A datetime ("2024-01-02T10:00:00+00:00") is read as its day; a date that cannot be read
    gives (None, source, True): nothing is judged on the registry's dates."""
    raw, source = document.article_date()
    if raw in (None, ""):
        return None, None, False
    try:
        return period(raw), source, True
    except ValueError:
        return None, source, True


def _mark_historical(text: str, mentions: list[Mention], year: int | None) -> None:
    """A sentence set in the past shifts the title's time: "President X" there is "then-President
    X", and "former President X said at a rally in 2023" says nothing of today either."""
    found: dict[tuple[int, int], bool] = {}  # by sentence: most titled sentences hold more than one title
    for mention in mentions:
        if mention.status not in ("current", "former"):
            continue
        if mention.sentence not in found:
            found[mention.sentence] = historical(text[mention.sentence[0] : mention.sentence[1]], year)
        if found[mention.sentence]:
            mention.historical = True
            mention.status = "then"


def _registry_problems(document: Document, options: dict, group: Group, items: list[Mention], date: Period | None,
                       verdicts: dict[int, bool], source: str | None = None) -> list[Problem]:
    """The mentions the registry says are wrong; `verdicts` records, by mention, whether it is right."""
    problems = []
    for mention in items:
        found = _registry_verdict(mention, group.person.roles, date, group.person.builtin, source == TODAY)
        if found is None:
            continue
        wrong, role, state, severity = found
        if wrong and state == FORMER and group.person.builtin and not _speaks_now(document.text, mention):
            continue  # "challenged President Barack Obama for the nomination": a sentence of his time
        verdicts[id(mention)] = not wrong
        if wrong:
            if severity:
                severity = options.get("chief-executive-severity", "warning")
            problems.append(_registry_problem(mention, group, role, state, date, severity, document, source))
    return problems


# A sitting title for someone the built-in registry has out of office is read as a mistake only
# when the person acts in the article's present: the name (or its apposition) followed by a
# verb of saying or the present tense ("President Joe Biden said on Monday"). News copy keeps
# the then-title in clauses of the past ("the movement that questioned the citizenship of
# President Barack Obama", "when he challenged President Barack Obama"), which the Wikinews
# articles do; those say nothing of now. (A user's own entries are judged on every mention.)
NOW_VERB = compiled_later(regex,
    r"[\s,]*(?:(?:[\p{Lu}][\p{L}.'’-]*|de|da|van|von|bin|al)\s+){0,4}?(?:[\p{Lu}][\p{L}.'’-]*)?[\s,]*"
    r"(?:,[^,.;]{1,80},\s*)?"
    r"(?:said|says|told|tells|announced|announces|stated|states|added|adds|wrote|writes|tweeted|posted|urged|urges"
    r"|warned|warns|vowed|vows|pledged|pledges|spoke|speaks|is|has|will|insisted|insists|argued|argues|claimed"
    r"|claims|declared|declares)\b"
)
# the verbs of NOW_VERB, one of which every match holds as written: where none stands in the
# rest of the sentence, it cannot match (half the mentions asked about, on dated copy)
_NOW_VERBS = compiled_later(re,
    r"said|says|told|tells|announced|announces|stated|states|added|adds|wrote|writes|tweeted|posted|urged|urges"
    r"|warned|warns|vowed|vows|pledged|pledges|spoke|speaks|is|has|will|insisted|insists|argued|argues|claimed"
    r"|claims|declared|declares"
)


def _speaks_now(text: str, mention: Mention) -> bool:
    """Whether the mention's person acts in the article's present (see NOW_VERB)."""
    end = min(mention.sentence[1], len(text))
    after = max(mention.title_end, mention.start)
    if mention.form == "before":
        after = mention.title_end
    if _NOW_VERBS.search(text, after, end) is None:
        return False
    return NOW_VERB.match(text, after, end) is not None


def _conflicts(document: Document, options: dict, group: Group, items: list[Mention], units,
               verdicts: dict[int, bool]) -> list[Problem]:
    """Each mention that contradicts an earlier one of the same person."""
    problems = []
    accepted: list[Mention] = []
    signatures: set = set()  # what the accepted mentions say: one of each is enough to compare with
    story = None
    for mention in items:
        if verdicts.get(id(mention)) is False:
            continue  # reported against the registry; it is no evidence against the others
        conflict = None
        for earlier in accepted:
            kind = _conflict(earlier, mention)
            if kind is None or kind == "two-companies":
                continue  # one person may lead two companies (parent and subsidiary): only the registry says
            if verdicts.get(id(mention)) is True:
                continue  # the registry says this one is right
            if story is None:
                story = narrated(group, units)
            if story:
                continue
            if kind != "former-and-current" and _holds_both(group, earlier, mention, units):
                continue
            conflict = (kind, earlier)
            break
        if conflict is None:
            signature = (mention.status, mention.office, mention.acting, mention.compound)
            if signature not in signatures:
                signatures.add(signature)
                accepted.append(mention)
            continue
        kind, earlier = conflict
        severity = options.get("chief-executive-severity", "warning") if kind == "two-companies" else None
        problems.append(
            Problem(
                line=mention.line,
                column=mention.column,
                message=f"line {mention.line} calls {group.display} '{mention.title}'; "
                f"line {earlier.line} calls {group.display} '{earlier.title}'",
                severity=severity,
                **_span_of(document, mention),
                related=(_location(document, earlier, f"line {earlier.line} calls {group.display} '{earlier.title}'"),),
            )
        )
    return problems


def _no_registry(options: dict) -> bool:
    """Whether an undated article is judged by no registry at all (no `people:` of the user's)."""
    if "_registry" in options:
        return not len(options["_registry"])
    return not options.get("people")


def _may_conflict(mentions: list) -> bool:
    """Whether two of the mentions (or titles, before their names are read) contradict each other
    (`_conflict`), whoever they name: if no two do, `_conflicts` finds nothing in any grouping
    (marking a sentence historical only turns a title into "then", which contradicts nothing).
    `_conflict` reads only the status, office, acting and compound that a mention takes from its
    title: each such signature is compared once."""
    signatures = list({(m.status, m.office, m.acting, m.compound): m for m in mentions}.values())
    for a in signatures:
        for b in signatures:
            if a is not b and _conflict(a, b) not in (None, "two-companies"):
                return True
    return False


# the kinds of office of two titles that `_conflict` may find contradicting when neither is a
# "chancellor" and neither's office is the other's with words before it
_KINDS_IN_CONFLICT = frozenset({
    frozenset({HEAD_OF_STATE, HEAD_OF_GOVERNMENT}), frozenset({HEAD_OF_GOVERNMENT, MINISTER}),
    frozenset({MINISTER}), frozenset({HEAD_OF_STATE}), frozenset({HEAD_OF_GOVERNMENT}),
})


def _offices_may_conflict(readings: list) -> bool:
    """Whether two titles read around these office words (their right sides: `name` and `kind`
    as the office word gives them) may contradict each other (`_may_conflict`), before their
    left sides are read. A left side only puts words before the office's name (deputy, vice,
    shadow...: its kind then none), turns a "chancellor" into a head of government or a
    finance minister, and takes a head of state's, a head of government's or a minister's kind
    away; so two titles contradict only where one office's name is the other's or ends with
    it, where one is "chancellor", or where the office words' kinds are a pair `_conflict`
    reads (of the deputy rule, "deputy prime minister" ends with "prime minister")."""
    names = {reading.name for reading in readings}
    if "chancellor" in names or len(names) < len(readings):
        return True  # (two of one name)
    if any(name.endswith(" " + other) for name in names for other in names):
        return True
    kinds: dict = {}  # how many readings have each kind: a pair of one kind needs two
    for reading in readings:
        kinds[reading.kind] = kinds.get(reading.kind, 0) + 1
    return any(frozenset({kind, other}) in _KINDS_IN_CONFLICT for kind in kinds for other in kinds
               if kind != other or kinds[kind] > 1)


def _conflict(a: Mention, b: Mention) -> str | None:
    """What makes two titles of one person contradict each other, or None."""
    statuses = {a.status, b.status}
    if statuses == {"former", "current"}:
        if a.acting != b.acting or not a.office.same_office(b.office):
            return None  # "Interim President X" beside "former President X": two spells, perhaps
        return "former-and-current"
    if statuses != {"current"} or a.acting or b.acting or a.compound or b.compound:
        return None
    x, y = a.office, b.office
    if x.kind != y.kind:
        return _two_kinds(x, y) or _two_kinds(y, x)
    if x.kind is None:
        return None
    if x.kind == MINISTER:
        if not (x.known_portfolios and y.known_portfolios) or x.portfolios & y.portfolios:
            return None
        if x.name != y.name or (x.country and y.country and x.country != y.country):
            return None
        return "two-ministries"
    if x.kind in (HEAD_OF_GOVERNMENT, HEAD_OF_STATE):
        if x.country and y.country and x.country != y.country and not (x.organisation or y.organisation):
            return "two-heads-of-government" if x.kind == HEAD_OF_GOVERNMENT else "two-heads-of-state"
        return None
    if x.kind == CHIEF_EXECUTIVE:
        if x.organisation and y.organisation and not organisations_overlap(x.organisation, y.organisation):
            return "two-companies"
    return None


def _two_kinds(x: Office, y: Office) -> str | None:
    """Two offices of different kinds that one person does not hold at once: a country's head of
    state and its head of government; head of government and a minister; an office and its
    deputy ("Deputy Prime Minister", "Prime Minister"); a bare "Chancellor" (of the Exchequer, or
    Germany's or Austria's head of government: either way) beside another ministry or a prime
    minister."""
    if x.organisation or y.organisation:
        return None  # "Harvard President", "Ontario Health Minister": other offices
    same_country = not (x.country and y.country and x.country != y.country)
    if {x.kind, y.kind} == {HEAD_OF_STATE, HEAD_OF_GOVERNMENT} and same_country:
        return "head-of-state-and-government"
    if x.kind == HEAD_OF_GOVERNMENT and y.kind == MINISTER and y.known_portfolios and same_country:
        return "head-of-government-and-minister"
    if x.kind is None and y.kind in (HEAD_OF_STATE, HEAD_OF_GOVERNMENT) and same_country:
        deputy, _, office = x.name.partition(" ")
        if deputy in DEPUTIES and office == y.name:
            return "office-and-deputy"
    if x.name == "chancellor" and x.kind is None and not x.country and not x.portfolios and same_country:
        if y.kind == HEAD_OF_GOVERNMENT:
            return "head-of-government-and-minister"
        if y.kind == MINISTER and y.known_portfolios and "finance" not in y.portfolios:
            return "two-ministries"
    return None


DEPUTIES = frozenset({"deputy", "vice"})


def _holds_both(group: Group, a: Mention, b: Mention, units) -> bool:
    """Whether the article or the registry says the person holds both offices."""
    for other in group.mentions:
        if (a.office.kind == b.office.kind == other.office.kind == MINISTER
                and a.office.portfolios | b.office.portfolios <= other.office.portfolios):
            return True  # "Finance and Economy Minister"
        if (
            other.office.kind == CHIEF_EXECUTIVE
            and other is not a
            and other is not b
            and organisations_overlap(other.office.organisation, a.office.organisation)
            and organisations_overlap(other.office.organisation, b.office.organisation)
        ):
            return True  # "Tesla and SpaceX chief executive"
    if group.person is not None:
        roles = group.person.roles
        if any(r.office.same_office(a.office) for r in roles) and any(r.office.same_office(b.office) for r in roles):
            return True  # the registry lists both (it judged each mention's status already)
    for sentence, folded, spans in sentences_about(group, units):
        if BOTH.search(folded):
            return True
        for match in ALSO.finditer(folded):
            if not HOLDING.match(folded, match.end()):
                continue  # "he also said": not of an office
            if any(end <= match.start() and len(folded[end : match.start()].split()) <= 8 for _, end in spans):
                return True
    return False


# -- the registry ------------------------------------------------------------------------------

def _registry_verdict(mention: Mention, roles: list[Role], date: Period | None, builtin: bool = False,
                      now: bool = False):
    """(wrong, role, state, severity) when the registry decides on the mention, else None.

    A built-in entry (`builtin`) lists only some of a person's offices: it judges only former
    against sitting of an office it lists, and a head of state or government of another country;
    never "not yet in office" (the person may have held a like office before: François Baroin,
    budget minister before he was finance minister) nor "holds another ministry"."""
    if mention.status not in ("current", "former"):
        return None
    same = [role for role in roles if role.office.same_office(mention.office)] or _bare_chancellor(mention.office, roles)
    states = [(role, role.state(date, now)) for role in same]
    if mention.status == "former":
        for role, state in states:
            if state == CURRENT:
                return True, role, CURRENT, None
        if states and all(state == FUTURE for _, state in states):
            return None if builtin else (True, states[0][0], FUTURE, None)
        if any(state == FORMER for _, state in states):
            return False, None, None, None
        return None
    # a sitting title
    if any(state == CURRENT for _, state in states):
        return False, None, None, None
    if any(state == UNKNOWN for _, state in states):
        return None
    if states:
        formers = [role for role, state in states if state == FORMER]
        if formers:
            return True, formers[-1], FORMER, None
        # not yet in office: the built-in data lists every head of state and of government of
        # its countries since 2000, so for those offices "Prime Minister X" before X took office
        # is certain; of ministers it lists only some offices a person held
        certain = not builtin or states[0][0].office.kind in (HEAD_OF_GOVERNMENT, HEAD_OF_STATE)
        return (True, states[0][0], FUTURE, None) if certain else None
    if mention.acting:
        return None
    office = mention.office
    for role in roles:
        if role.office.kind != office.kind or office.kind is None or role.state(date, now) != CURRENT:
            continue
        other = role.office
        if builtin and office.kind not in (HEAD_OF_GOVERNMENT, HEAD_OF_STATE):
            continue  # the data lists some of a person's offices: another ministry says nothing
        if office.kind == MINISTER and office.known_portfolios and other.known_portfolios and not (office.portfolios & other.portfolios):
            if not (office.country and other.country and office.country != other.country):
                return True, role, CURRENT, None
        if office.kind in (HEAD_OF_GOVERNMENT, HEAD_OF_STATE) and office.country and other.country and office.country != other.country:
            if not (office.organisation or other.organisation):
                return True, role, CURRENT, None
        if office.kind == CHIEF_EXECUTIVE and office.organisation and other.organisation:
            if not organisations_overlap(office.organisation, other.organisation):
                return True, role, CURRENT, "chief-executive"
    return None


def _bare_chancellor(office: Office, roles: list[Role]) -> list[Role]:
    """A bare "Chancellor" (no country, no organisation) is the office the person holds that copy
    calls so: the UK's finance minister (Chancellor of the Exchequer); a German or Austrian
    head of government is the same office already (its name is "chancellor")."""
    if office.name != "chancellor" or office.kind or office.country or office.organisation:
        return []
    return [role for role in roles if role.office.kind == MINISTER and "finance" in role.office.portfolios
            and role.office.country in (None, "United Kingdom")]


def _location(document: Document, mention: Mention, message: str = "") -> Location:
    """Where a mention stands, its name and its title (reports show both mentions of a conflict)."""
    start, end = min(mention.start, mention.title_start), max(mention.title_end, mention.start + 1)
    line, column = document.position(start)
    end_line, end_column = document.position(end - 1)
    return Location(line, column, end_line, end_column + 1, message=message)


def _span_of(document: Document, mention: Mention) -> dict:
    """The end of a finding on `mention`: the end of its title when on the finding's line (the
    line range, which the baseline fingerprint reads, stays the same)."""
    where = _location(document, mention)
    if where.line == where.end_line == mention.line and where.column == mention.column:
        return {"end_line": where.end_line, "end_column": where.end_column}
    return {}


def _registry_problem(mention: Mention, group: Group, role: Role, state: str, date: Period | None, severity,
                      document: Document, source: str | None = None) -> Problem:
    name = group.person.name
    # the date decides: say which, and where it came from (a wrong date is then seen at once)
    when = f" on {date} ({source})" if date else " (the article has no date)"
    registry = f"the built-in registry (as of {as_of()})" if group.person.builtin else "the registry"
    dates = f" ({role.dates()})" if role.dates() else ""
    if state == FUTURE:
        listed = f"{role.text} only from {role.since}"
    else:
        listed = f"{state} {role.text}"
    return Problem(
        line=mention.line,
        column=mention.column,
        message=f"line {mention.line} calls {name} '{mention.title}', but {registry} lists {name} as {listed}"
        + (dates if state != FUTURE else "") + when,
        severity=severity,
        **_span_of(document, mention),
    )
