"""Read Reuters-21578 (the JSON conversion, files `reut2-*.json`) into plain-text articles, and find
the people an article titles ("Prime Minister Margaret Thatcher", "Treasury Secretary James Baker").

An article becomes: its headline on line 1, a blank line, then its paragraphs (Reuters wraps lines
at 70 characters and opens a paragraph with four spaces) each on one line, separated by blank
lines: paragraph i is on line 3 + 2*i.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

PARAGRAPH_BREAK = re.compile(r"\n(?=[ \t]{2,}\S)|\n\s*\n")
TRAILER = re.compile(r"\s*\bReuter\s*(?:&#3;|\x03)?\s*$")


@dataclass
class Article:
    id: str
    headline: str
    paragraphs: list[str]
    date: str = ""

    def text(self) -> str:
        return render(self.headline, self.paragraphs)


def render(headline: str, paragraphs: list[str]) -> str:
    return "\n\n".join([headline, *paragraphs]) + "\n"


def paragraph_line(index: int) -> int:
    """1-based line of paragraph `index` in `render`'s text."""
    return 3 + 2 * index


def clean(text: str) -> str:
    return " ".join(html.unescape(text).replace("\x03", " ").split())


def load(path: str | Path, min_words: int = 60) -> list[Article]:
    """Every article of the corpus with a body of at least `min_words` words, in file order."""
    root = Path(path)
    files = sorted(root.glob("reut2-*.json")) if root.is_dir() else [root]
    if not files:
        raise FileNotFoundError(f"no reut2-*.json under {root}")
    articles = []
    for file in files:
        for item in json.loads(file.read_bytes().decode("utf-8", "replace")):
            body = (item.get("body") or "").replace("&#3;", "")
            body = TRAILER.sub("", body)
            paragraphs = [clean(p) for p in PARAGRAPH_BREAK.split(body)]
            paragraphs = [p for p in paragraphs if p]
            if sum(len(p.split()) for p in paragraphs) < min_words or len(paragraphs) < 3:
                continue
            headline = clean(item.get("title") or "") or "UNTITLED"
            newid = (item.get("attrs") or {}).get("newid") or str(len(articles))
            articles.append(Article(newid, headline, paragraphs, clean(item.get("date") or "")))
    return articles


# -- titled people ----------------------------------------------------------------------------

# office -> (kind, portfolio, style); kind: min (minister), hog (head of government), hos (head of
# state), dpm (deputy prime minister), other. Style picks plausible other offices for a swap.
OFFICES = {
    "Prime Minister": ("hog", None, None),
    "Deputy Prime Minister": ("dpm", None, None),
    "President": ("hos", None, None),
    "Chancellor": ("hog", None, None),  # West German
    "Chancellor of the Exchequer": ("min", "finance", "uk"),
    "Foreign Secretary": ("min", "foreign", "uk"),
    "Home Secretary": ("min", "interior", "uk"),
    "Treasury Secretary": ("min", "finance", "us"),
    "Commerce Secretary": ("min", "commerce", "us"),
    "Agriculture Secretary": ("min", "agriculture", "us"),
    "Energy Secretary": ("min", "energy", "us"),
    "Secretary of State": ("min", "foreign", "us"),
    "Trade Secretary": ("min", "trade", "uk"),
    "Finance Minister": ("min", "finance", "gen"),
    "Foreign Minister": ("min", "foreign", "gen"),
    "Trade Minister": ("min", "trade", "gen"),
    "Oil Minister": ("min", "energy", "gen"),
    "Energy Minister": ("min", "energy", "gen"),
    "Agriculture Minister": ("min", "agriculture", "gen"),
    "Economy Minister": ("min", "economy", "gen"),
    "Industry Minister": ("min", "industry", "gen"),
    "Defence Minister": ("min", "defence", "gen"),
    "Defense Minister": ("min", "defence", "gen"),
}

# other offices to give a minister, by style: (office, portfolio)
OTHER_MINISTRIES = {
    "uk": [("Foreign Secretary", "foreign"), ("Home Secretary", "interior"), ("Health Secretary", "health"),
           ("Secretary of State for Energy", "energy"), ("Secretary of State for Defence", "defence"),
           ("Trade and Industry Secretary", "trade"), ("Secretary of State for Employment", "labour"),
           ("Chancellor of the Exchequer", "finance"), ("Education Secretary", "education")],
    "us": [("Secretary of State", "foreign"), ("Commerce Secretary", "commerce"), ("Agriculture Secretary", "agriculture"),
           ("Energy Secretary", "energy"), ("Labor Secretary", "labour"), ("Defense Secretary", "defence"),
           ("Treasury Secretary", "finance"), ("Health Secretary", "health")],
    "gen": [("Foreign Minister", "foreign"), ("Finance Minister", "finance"), ("Agriculture Minister", "agriculture"),
            ("Defence Minister", "defence"), ("Interior Minister", "interior"), ("Health Minister", "health"),
            ("Justice Minister", "justice"), ("Minister of Labour", "labour"), ("Education Minister", "education"),
            ("Minister of Trade", "trade"), ("Oil Minister", "energy")],
}

COUNTRY_WORDS = (
    r"U\.S\.|US|American|British|French|West German|German|Japanese|Italian|Canadian|Brazilian|Philippine|Dutch|Belgian"
    r"|Australian|Swiss|Spanish|Mexican|Argentine|Saudi|Saudi Arabian|Iranian|Iraqi|Egyptian|Indian|Chinese|Soviet|Turkish"
    r"|Greek|Swedish|Norwegian|Danish|Finnish|Austrian|Irish|Israeli|Kuwaiti|Venezuelan|Ecuadorean|Peruvian|Chilean"
    r"|Colombian|Nigerian|Indonesian|Malaysian|Thai|South Korean|Korean|Taiwanese|Pakistani|Zambian|Kenyan|Yugoslav"
    r"|Polish|Hungarian|New Zealand|Portuguese|South African"
)
_titles = "|".join(sorted((re.escape(t) for t in OFFICES), key=len, reverse=True))
NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
MENTION = re.compile(
    rf"(?:(?<=\s)|^)(?:(?P<country>{COUNTRY_WORDS})\s+)?(?P<title>{_titles})\s+(?P<first>{NAME})\s+(?P<last>{NAME})(?![\w-]|\s+[A-Z])"
)
BEFORE_TITLE = re.compile(r"(?:^|[\s(])(\S+)\s*$")
DENY_BEFORE = {"deputy", "assistant", "under", "vice", "former", "ex", "then", "acting", "late", "outgoing", "new",
               "bank", "general", "associate", "the"}


@dataclass
class Person:
    first: str
    last: str
    title: str  # as written: "Prime Minister"
    country: str  # demonym as written before the title, or ""
    paragraph: int  # first titled mention
    kind: str = ""
    portfolio: str | None = None
    style: str | None = None
    paragraphs: list[int] = field(default_factory=list)  # every paragraph naming the surname

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def in_quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """Spans of a paragraph inside straight or curly double quotes (an unclosed quote runs to the end)."""
    spans, start = [], None
    for i, ch in enumerate(paragraph):
        if ch in "\"“”":
            if start is None and ch != "”":
                start = i
            elif start is not None and ch != "“":
                spans.append((start, i))
                start = None
    if start is not None:
        spans.append((start, len(paragraph)))
    return spans


def quote_state(paragraphs: list[str]) -> list[bool]:
    """For each paragraph: whether it opens inside a running quotation (British style: the previous
    paragraph opened a quote it did not close and this one opens with a quote mark)."""
    inside, state = False, []
    for p in paragraphs:
        state.append(inside and p.startswith(("\"", "“")))
        count = p.count("\"") + p.count("“") + p.count("”")
        inside = count % 2 == 1
    return state


def people(article: Article) -> list[Person]:
    """People the article titles with one office only, whose surname no other person shares."""
    found: dict[tuple[str, str], Person] = {}
    bad: set[tuple[str, str]] = set()
    state = quote_state(article.paragraphs)
    for index, paragraph in enumerate(article.paragraphs):
        quotes = in_quote_spans(paragraph)
        for match in MENTION.finditer(paragraph):
            if state[index] or any(a <= match.start() < b for a, b in quotes):
                continue
            before = BEFORE_TITLE.search(paragraph[: match.start()])
            if before:
                word = before.group(1).strip("-").lower()
                if word in DENY_BEFORE or (before.group(1)[:1].isupper() and not match.group("country") and index):
                    continue  # "World Bank President", "Deputy Treasury Secretary", "the President ..."
            key = (match.group("first"), match.group("last"))
            title = match.group("title")
            if key in found:
                if found[key].title != title:
                    bad.add(key)
                continue
            kind, portfolio, style = OFFICES[title]
            found[key] = Person(key[0], key[1], title, match.group("country") or "", index, kind, portfolio, style)
    surnames: dict[str, set[str]] = {}
    text = " ".join(article.paragraphs)
    for first, last in re.findall(rf"\b({NAME})\s+({NAME})\b", text):
        surnames.setdefault(last, set()).add(first)
    result = []
    for key, person in found.items():
        if key in bad or len(surnames.get(person.last, ())) > 1:
            continue
        if person.title == "President" and not person.country:
            continue  # a company's or bank's president as often as a country's
        person.paragraphs = [i for i, p in enumerate(article.paragraphs) if re.search(rf"\b{re.escape(person.last)}\b", p)]
        result.append(person)
    return result


ACRONYM = re.compile(r"\b((?:[A-Z][a-z]+|of|and|the|for)(?:\s+(?:[A-Z][a-z]+|of|and|the|for)){1,6})\s+\(([A-Z]{2,6})\)")
ORG_WORDS = {"Corp", "Corporation", "Inc", "Co", "Company", "Association", "Group", "Federation", "Council", "Bank",
             "Board", "Institute", "Organization", "Organisation", "Exchange", "Union", "League", "Society", "Industries"}
COMPANY = re.compile(r"\b((?:[A-Z][a-z]{2,}\s+){0,2}[A-Z][a-z]{2,})\s+(Corp|Inc|Co|Ltd|Group|Industries)\b")
NOT_COMPANY = {"The", "In", "But", "And", "Shares", "Analysts", "Acquisition", "Investors", "Service", "Services", "Holding",
               "Holdings", "Financial", "International", "National", "American", "General", "Securities", "Trust",
               "Capital", "Partners", "Resources", "Development", "Savings", "Federal", "Its", "Unit", "Subsidiary"}


def acronyms(article: Article) -> list[tuple[str, str]]:
    """("National Association of Realtors", "NAR") defined in the article, initials checked, the
    last word an organisation's ("Association", "Corp", "Council" ...)."""
    result = []
    for match in ACRONYM.finditer(" ".join(article.paragraphs)):
        acronym, taken, capitals = match.group(2), [], 0
        for word in reversed(match.group(1).split()):
            taken.insert(0, word)
            capitals += word[0].isupper()
            if capitals == len(acronym):
                break
        if capitals == len(acronym) and "".join(w[0] for w in taken if w[0].isupper()) == acronym:
            if taken[-1] in ORG_WORDS and (" ".join(taken), acronym) not in result:
                result.append((" ".join(taken), acronym))
    return result


def companies(article: Article) -> list[str]:
    """Company names as the article writes them with their suffix ("Chrysler Corp")."""
    seen = []
    for match in COMPANY.finditer(" ".join(article.paragraphs)):
        words = match.group(1).split()
        while words and words[0] in NOT_COMPANY:
            words.pop(0)
        if not words or all(w in NOT_COMPANY for w in words):
            continue
        name = " ".join(words) + " " + match.group(2)
        if name not in seen:
            seen.append(name)
    return seen
