"""Offices, their aliases, and the countries that qualify them.

Mentions in an article and entries in the people registry are both read into an `Office`, so
"US President", "U.S. President", "President of the United States" and "American president"
compare as one office, not as strings.
"""
from __future__ import annotations

from dataclasses import dataclass

# country name or demonym (lower case) -> a canonical country name
COUNTRIES = {}
for canonical, names in {
    "United States": "us|u.s.|usa|u.s.a.|america|american|united states|united states of america",
    "United Kingdom": "uk|u.k.|britain|british|great britain|united kingdom",
    "Germany": "germany|german",
    "France": "france|french",
    "Russia": "russia|russian",
    "China": "china|chinese",
    "Japan": "japan|japanese",
    "India": "india|indian",
    "Canada": "canada|canadian",
    "Australia": "australia|australian",
    "New Zealand": "new zealand",
    "Italy": "italy|italian",
    "Spain": "spain|spanish",
    "Portugal": "portugal|portuguese",
    "Brazil": "brazil|brazilian",
    "Argentina": "argentina|argentine|argentinian",
    "Mexico": "mexico|mexican",
    "Venezuela": "venezuela|venezuelan",
    "Colombia": "colombia|colombian",
    "Chile": "chile|chilean",
    "Peru": "peru|peruvian",
    "Bolivia": "bolivia|bolivian",
    "Cuba": "cuba|cuban",
    "Ukraine": "ukraine|ukrainian",
    "Poland": "poland|polish",
    "Turkey": "turkey|turkish|türkiye",
    "Greece": "greece|greek",
    "Israel": "israel|israeli",
    "Iran": "iran|iranian",
    "Iraq": "iraq|iraqi",
    "Syria": "syria|syrian",
    "Egypt": "egypt|egyptian",
    "Saudi Arabia": "saudi arabia|saudi",
    "South Africa": "south africa|south african",
    "Nigeria": "nigeria|nigerian",
    "Kenya": "kenya|kenyan",
    "Zimbabwe": "zimbabwe|zimbabwean",
    "Namibia": "namibia|namibian",
    "Ethiopia": "ethiopia|ethiopian",
    "Pakistan": "pakistan|pakistani",
    "Afghanistan": "afghanistan|afghan",
    "Bangladesh": "bangladesh|bangladeshi",
    "Indonesia": "indonesia|indonesian",
    "Philippines": "philippines|philippine|filipino",
    "South Korea": "south korea|south korean",
    "North Korea": "north korea|north korean",
    "Taiwan": "taiwan|taiwanese",
    "Vietnam": "vietnam|vietnamese",
    "Thailand": "thailand|thai",
    "Malaysia": "malaysia|malaysian",
    "Singapore": "singapore|singaporean",
    "Ireland": "ireland|irish",
    "Netherlands": "netherlands|dutch",
    "Belgium": "belgium|belgian",
    "Sweden": "sweden|swedish",
    "Norway": "norway|norwegian",
    "Denmark": "denmark|danish",
    "Finland": "finland|finnish",
    "Austria": "austria|austrian",
    "Switzerland": "switzerland|swiss",
    "Hungary": "hungary|hungarian",
    "Czech Republic": "czech republic|czechia|czech",
    "Romania": "romania|romanian",
    "Serbia": "serbia|serbian",
    "Croatia": "croatia|croatian",
    "Belarus": "belarus|belarusian",
    "Georgia": "georgian",
    "Armenia": "armenia|armenian",
    "Azerbaijan": "azerbaijan|azerbaijani",
    "Kazakhstan": "kazakhstan|kazakh",
    "Lebanon": "lebanon|lebanese",
    "Jordan": "jordanian",
    "Morocco": "morocco|moroccan",
    "Algeria": "algeria|algerian",
    "Tunisia": "tunisia|tunisian",
    "Libya": "libya|libyan",
    "Sudan": "sudan|sudanese",
    "Ghana": "ghana|ghanaian",
    "Uganda": "uganda|ugandan",
    "Tanzania": "tanzania|tanzanian",
    "Sri Lanka": "sri lanka|sri lankan",
    "Nepal": "nepal|nepalese|nepali",
    "Myanmar": "myanmar|burmese",
    "Slovakia": "slovakia|slovak",
    "Slovenia": "slovenia|slovenian",
    "Bulgaria": "bulgaria|bulgarian",
    "Estonia": "estonia|estonian",
    "Latvia": "latvia|latvian",
    "Lithuania": "lithuania|lithuanian",
    "Iceland": "iceland|icelandic",
    "Ecuador": "ecuador|ecuadorian",
    "Uruguay": "uruguay|uruguayan",
    "Paraguay": "paraguay|paraguayan",
    "Haiti": "haiti|haitian",
    "Scotland": "scotland|scottish",
    "Wales": "wales|welsh",
}.items():
    for name in names.split("|"):
        COUNTRIES[name] = canonical

# Ministries: the words that name a portfolio (lower case) -> a canonical portfolio. Only these
# count when two ministries are compared: an unknown word could be a country or a region.
PORTFOLIOS = {}
for canonical, names in {
    "finance": "finance|treasury|exchequer",
    "health": "health|health and social care",
    "education": "education",
    "foreign affairs": "foreign|foreign affairs|external affairs",
    "defence": "defence|defense",
    "interior": "interior|home|home affairs|internal affairs",
    "justice": "justice|law",
    "economy": "economy|economic affairs|economic",
    "trade": "trade|commerce",
    "agriculture": "agriculture|farming",
    "environment": "environment",
    "energy": "energy",
    "transport": "transport|transportation",
    "labour": "labour|labor|employment|work and pensions",
    "culture": "culture",
    "housing": "housing",
    "immigration": "immigration",
    "emergencies": "emergencies|emergency situations",
    "tourism": "tourism",
    "sport": "sport|sports",
}.items():
    for name in names.split("|"):
        PORTFOLIOS[name] = canonical

# The qualifiers a title may carry, and what they say of the holder at the time of writing.
STATUS = {
    "former": "former",
    "ex": "former",
    "late": "former",
    "then": "then",  # historical: says nothing about now
    "acting": "current",
    "interim": "current",
    "caretaker": "current",
    "outgoing": "current",
    "current": "current",
    "sitting": "current",
    "incumbent": "current",
    "incoming": "future",
    "elect": "future",
    "designate": "future",
}

# The offices of which one person holds only one at a time, by kind.
HEAD_OF_STATE = "head of state"
HEAD_OF_GOVERNMENT = "head of government"
MINISTER = "minister"
CHIEF_EXECUTIVE = "chief executive"

# office alias (lower case) -> (canonical office name, kind)
OFFICE_ALIASES = {
    "president": ("president", HEAD_OF_STATE),
    "vice president": ("vice president", None),
    "vice-president": ("vice president", None),
    "prime minister": ("prime minister", HEAD_OF_GOVERNMENT),
    "premier": ("prime minister", HEAD_OF_GOVERNMENT),
    "deputy prime minister": ("deputy prime minister", None),
    "chancellor": ("chancellor", None),
    "governor": ("governor", None),
    "lieutenant governor": ("lieutenant governor", None),
    "senator": ("senator", None),
    "mayor": ("mayor", None),
    "chief executive": ("chief executive", CHIEF_EXECUTIVE),
    "chief executive officer": ("chief executive", CHIEF_EXECUTIVE),
    "ceo": ("chief executive", CHIEF_EXECUTIVE),
    "attorney general": ("attorney general", None),
    "secretary of state": ("minister of foreign affairs", MINISTER),
    "foreign secretary": ("minister of foreign affairs", MINISTER),
    "home secretary": ("minister of interior", MINISTER),
    "chancellor of the exchequer": ("minister of finance", MINISTER),
    "speaker": ("speaker", None),
    "king": ("king", HEAD_OF_STATE),
    "queen": ("queen", HEAD_OF_STATE),
}


@dataclass(frozen=True)
class Office:
    """An office as a mention or registry entry names it."""

    name: str  # canonical: "president", "minister of finance", "chief executive"
    kind: str | None  # one of the exclusive kinds above, or None
    country: str | None = None  # canonical country, or None when the text does not say
    organisation: str | None = None  # for chief executives

    def same_office(self, other: "Office") -> bool:
        """The same office, where a missing country or organisation matches any."""
        if self.name != other.name:
            return False
        if self.country and other.country and self.country != other.country:
            return False
        if self.organisation and other.organisation and self.organisation != other.organisation:
            return False
        return True

    def describe(self) -> str:
        where = self.country or self.organisation
        return f"{self.name} of {where}" if where else self.name


def minister(portfolio_words: str) -> tuple[str, str | None] | None:
    """(office name, kind) of a ministry named by its portfolio words, or None if unknown."""
    portfolio = PORTFOLIOS.get(portfolio_words.lower().strip())
    if portfolio is None:
        return None
    return f"minister of {portfolio}", MINISTER
