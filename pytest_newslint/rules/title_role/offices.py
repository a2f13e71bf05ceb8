"""Offices, their aliases, and the countries, portfolios and organisations that qualify them.

Mentions in an article and entries in the people registry are both read into an `Office`, so
"US President", "U.S. President", "President of the United States" and "American president"
compare as one office, not as strings; so do "Finance Minister", "Minister of Finance",
"Treasury Secretary" and "Chancellor of the Exchequer".

`OfficeTable` holds the office words (the built-in ones, plus the aliases of the rule option
`offices:`) compiled into one case-insensitive pattern.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import regex

# -- countries -----------------------------------------------------------------------------

# canonical country -> its names and demonyms (lower case, "|"-separated). A word that is
# also a common first name or a US state ("Jordan", "Georgia", "Chad") is left out.
_COUNTRY_NAMES = {
    "Afghanistan": "afghanistan|afghan",
    "Albania": "albania|albanian",
    "Algeria": "algeria|algerian",
    "Andorra": "andorra|andorran",
    "Angola": "angola|angolan",
    "Argentina": "argentina|argentine|argentinian",
    "Armenia": "armenia|armenian",
    "Australia": "australia|australian",
    "Austria": "austria|austrian",
    "Azerbaijan": "azerbaijan|azerbaijani",
    "Bahamas": "bahamas|bahamian",
    "Bahrain": "bahrain|bahraini",
    "Bangladesh": "bangladesh|bangladeshi",
    "Barbados": "barbados|barbadian",
    "Belarus": "belarus|belarusian",
    "Belgium": "belgium|belgian",
    "Belize": "belize|belizean",
    "Benin": "benin|beninese",
    "Bhutan": "bhutan|bhutanese",
    "Bolivia": "bolivia|bolivian",
    "Bosnia and Herzegovina": "bosnia|bosnian|bosnia and herzegovina",
    "Botswana": "botswana",
    "Brazil": "brazil|brazilian",
    "Brunei": "brunei",
    "Bulgaria": "bulgaria|bulgarian",
    "Burkina Faso": "burkina faso|burkinabe",
    "Burundi": "burundi|burundian",
    "Cambodia": "cambodia|cambodian",
    "Cameroon": "cameroon|cameroonian",
    "Canada": "canada|canadian",
    "Cape Verde": "cape verde|cape verdean|cabo verde",
    "Central African Republic": "central african republic",
    "Chile": "chile|chilean",
    "China": "china|chinese|prc",
    "Colombia": "colombia|colombian",
    "Comoros": "comoros",
    "Congo": "congo|congolese|drc|democratic republic of the congo|democratic republic of congo",
    "Costa Rica": "costa rica|costa rican",
    "Croatia": "croatia|croatian",
    "Cuba": "cuba|cuban",
    "Cyprus": "cyprus|cypriot",
    "Czech Republic": "czech republic|czechia|czech",
    "Denmark": "denmark|danish",
    "Djibouti": "djibouti|djiboutian",
    "Dominican Republic": "dominican republic",
    "Ecuador": "ecuador|ecuadorian|ecuadorean",
    "Egypt": "egypt|egyptian",
    "El Salvador": "el salvador|salvadoran|salvadorian",
    "Equatorial Guinea": "equatorial guinea",
    "Eritrea": "eritrea|eritrean",
    "Estonia": "estonia|estonian",
    "Eswatini": "eswatini|swaziland",
    "Ethiopia": "ethiopia|ethiopian",
    "Fiji": "fiji|fijian",
    "Finland": "finland|finnish",
    "France": "france|french",
    "Gabon": "gabon|gabonese",
    "Gambia": "gambia|gambian",
    "Georgia": "georgian",
    "Germany": "germany|german",
    "Ghana": "ghana|ghanaian",
    "Greece": "greece|greek",
    "Guatemala": "guatemala|guatemalan",
    "Guinea": "guinea|guinean",
    "Guinea-Bissau": "guinea-bissau",
    "Guyana": "guyana|guyanese",
    "Haiti": "haiti|haitian",
    "Honduras": "honduras|honduran",
    "Hungary": "hungary|hungarian",
    "Iceland": "iceland|icelandic",
    "India": "india|indian",
    "Indonesia": "indonesia|indonesian",
    "Iran": "iran|iranian",
    "Iraq": "iraq|iraqi",
    "Ireland": "ireland|irish|republic of ireland",
    "Israel": "israel|israeli",
    "Italy": "italy|italian",
    "Ivory Coast": "ivory coast|ivorian|côte d'ivoire|cote d'ivoire",
    "Jamaica": "jamaica|jamaican",
    "Japan": "japan|japanese",
    "Jordan": "jordanian",
    "Kazakhstan": "kazakhstan|kazakh|kazakhstani",
    "Kenya": "kenya|kenyan",
    "Kosovo": "kosovo|kosovar",
    "Kuwait": "kuwait|kuwaiti",
    "Kyrgyzstan": "kyrgyzstan|kyrgyz",
    "Laos": "laos|lao|laotian",
    "Latvia": "latvia|latvian",
    "Lebanon": "lebanon|lebanese",
    "Lesotho": "lesotho",
    "Liberia": "liberia|liberian",
    "Libya": "libya|libyan",
    "Liechtenstein": "liechtenstein",
    "Lithuania": "lithuania|lithuanian",
    "Luxembourg": "luxembourg|luxembourgish",
    "Madagascar": "madagascar|malagasy",
    "Malawi": "malawi|malawian",
    "Malaysia": "malaysia|malaysian",
    "Maldives": "maldives|maldivian",
    "Mali": "mali|malian",
    "Malta": "malta|maltese",
    "Mauritania": "mauritania|mauritanian",
    "Mauritius": "mauritius|mauritian",
    "Mexico": "mexico|mexican",
    "Moldova": "moldova|moldovan",
    "Monaco": "monaco|monegasque",
    "Mongolia": "mongolia|mongolian",
    "Montenegro": "montenegro|montenegrin",
    "Morocco": "morocco|moroccan",
    "Mozambique": "mozambique|mozambican",
    "Myanmar": "myanmar|burma|burmese",
    "Namibia": "namibia|namibian",
    "Nepal": "nepal|nepalese|nepali",
    "Netherlands": "netherlands|dutch|holland",
    "New Zealand": "new zealand",
    "Nicaragua": "nicaragua|nicaraguan",
    "Niger": "niger|nigerien",
    "Nigeria": "nigeria|nigerian",
    "North Korea": "north korea|north korean|dprk",
    "North Macedonia": "north macedonia|macedonia|macedonian",
    "Norway": "norway|norwegian",
    "Oman": "oman|omani",
    "Pakistan": "pakistan|pakistani",
    "Palestine": "palestine|palestinian|palestinian authority",
    "Panama": "panama|panamanian",
    "Papua New Guinea": "papua new guinea",
    "Paraguay": "paraguay|paraguayan",
    "Peru": "peru|peruvian",
    "Philippines": "philippines|philippine|filipino",
    "Poland": "poland|polish",
    "Portugal": "portugal|portuguese",
    "Qatar": "qatar|qatari",
    "Romania": "romania|romanian",
    "Russia": "russia|russian|russian federation",
    "Rwanda": "rwanda|rwandan",
    "Samoa": "samoa|samoan",
    "San Marino": "san marino",
    "Saudi Arabia": "saudi arabia|saudi",
    "Senegal": "senegal|senegalese",
    "Serbia": "serbia|serbian",
    "Seychelles": "seychelles",
    "Sierra Leone": "sierra leone|sierra leonean",
    "Singapore": "singapore|singaporean",
    "Slovakia": "slovakia|slovak|slovakian",
    "Slovenia": "slovenia|slovenian|slovene",
    "Solomon Islands": "solomon islands",
    "Somalia": "somalia|somali",
    "South Africa": "south africa|south african",
    "South Korea": "south korea|south korean|republic of korea",
    "South Sudan": "south sudan|south sudanese",
    "Spain": "spain|spanish",
    "Sri Lanka": "sri lanka|sri lankan",
    "Sudan": "sudan|sudanese",
    "Suriname": "suriname|surinamese",
    "Sweden": "sweden|swedish",
    "Switzerland": "switzerland|swiss",
    "Syria": "syria|syrian",
    "Taiwan": "taiwan|taiwanese",
    "Tajikistan": "tajikistan|tajik",
    "Tanzania": "tanzania|tanzanian",
    "Thailand": "thailand|thai",
    "Timor-Leste": "timor-leste|east timor|timorese",
    "Togo": "togo|togolese",
    "Tonga": "tonga|tongan",
    "Trinidad and Tobago": "trinidad and tobago|trinidadian",
    "Tunisia": "tunisia|tunisian",
    "Turkey": "turkey|turkish|türkiye",
    "Turkmenistan": "turkmenistan|turkmen",
    "Uganda": "uganda|ugandan",
    "Ukraine": "ukraine|ukrainian",
    "United Arab Emirates": "united arab emirates|uae|u.a.e.|emirati",
    "United Kingdom": "uk|u.k.|britain|british|great britain|united kingdom",
    "United States": "us|u.s.|usa|u.s.a.|america|american|united states|united states of america",
    "Uruguay": "uruguay|uruguayan",
    "Uzbekistan": "uzbekistan|uzbek",
    "Vanuatu": "vanuatu",
    "Vatican": "vatican|holy see",
    "Venezuela": "venezuela|venezuelan",
    "Vietnam": "vietnam|viet nam|vietnamese",
    "Yemen": "yemen|yemeni",
    "Zambia": "zambia|zambian",
    "Zimbabwe": "zimbabwe|zimbabwean",
    # nations within a state, with their own governments
    "England": "england|english",
    "Scotland": "scotland|scottish",
    "Wales": "wales|welsh",
    "Northern Ireland": "northern ireland",
    "Hong Kong": "hong kong",
}

# country name or demonym (lower case) -> a canonical country name
COUNTRIES: dict[str, str] = {}
for _canonical, _names in _COUNTRY_NAMES.items():
    for _name in _names.split("|"):
        COUNTRIES[_name] = _canonical
COUNTRY_WORDS_MAX = max(len(name.split()) for name in COUNTRIES)
# the forms that name a country (not demonyms): only these may follow "of" ("President of France",
# but not "president of the Tunisian League")
COUNTRY_NAMES = frozenset(
    {canonical.lower() for canonical in _COUNTRY_NAMES}
    | set(
        "us|u.s.|usa|u.s.a.|america|united states of america|uk|u.k.|britain|great britain|holland|burma|czechia"
        "|türkiye|drc|prc|dprk|uae|u.a.e.|swaziland|east timor|cabo verde|côte d'ivoire|cote d'ivoire|holy see"
        "|viet nam|republic of korea|republic of ireland|russian federation|democratic republic of the congo"
        "|democratic republic of congo|palestinian authority|bosnia|macedonia".split("|")
    )
)


def country(words: str, names_only: bool = False) -> str | None:
    """The canonical country that `words` name ("U.S.", "British", "Britain's"), or None; with
    `names_only`, demonyms ("British") do not count."""
    key = " ".join(words.lower().replace("’", "'").split()).rstrip("-")
    if key.endswith("'s"):
        key = key[:-2]
    elif key.endswith("s'"):
        key = key[:-1]
    if names_only and key not in COUNTRY_NAMES:
        return None
    return COUNTRIES.get(key)


# -- ministries ----------------------------------------------------------------------------

# portfolio words (lower case) -> a canonical portfolio. Near portfolios that governments often
# join in one ministry share a canonical name ("trade" and "economy"), so that two of them given to
# one person is not taken for two ministries.
PORTFOLIOS: dict[str, str] = {}
for _canonical, _names in {
    "finance": "finance|finances|treasury|exchequer|budget|revenue|fiscal affairs|public finance|public finances",
    "economy": "economy|economic|economic affairs|economic development|trade|commerce|industry|business"
    "|enterprise|investment|international trade|business and trade|trade and industry|economy and trade",
    "foreign affairs": "foreign|foreign affairs|external affairs|external relations|international relations"
    "|foreign and commonwealth affairs|foreign, commonwealth and development affairs|europe and foreign affairs"
    "|foreign affairs and trade|foreign affairs and international trade|international development",
    "defence": "defence|defense|armed forces|war|national defence|national defense|defence and veterans",
    "interior": "interior|home|home affairs|internal affairs|homeland security|public security|police|immigration"
    "|interior and administration|security",
    "justice": "justice|law|legal affairs|justice and equality|law and justice",
    "health": "health|health and social care|health and human services|public health|health and welfare"
    "|social care|health and wellbeing",
    "education": "education|higher education|schools|education and training|universities",
    "science": "science|technology|science and technology|innovation|research|science and innovation",
    "labour": "labour|labor|employment|work and pensions|social affairs|social security|labour and social affairs"
    "|workforce",
    "agriculture": "agriculture|farming|fisheries|food|rural affairs|agriculture and food|environment, food and rural affairs",
    "environment": "environment|climate|climate change|natural resources|water|ecology|environmental protection"
    "|environment and climate change",
    "energy": "energy|mines|mining|petroleum|oil|energy and mines|energy security and net zero",
    "transport": "transport|transportation|infrastructure|roads|aviation|infrastructure and transport",
    "culture": "culture|arts|heritage|culture, media and sport|media|culture and heritage",
    "sport": "sport|sports|youth and sports|sport and youth",
    "tourism": "tourism",
    "housing": "housing|local government|communities|housing, communities and local government|urban development",
    "emergencies": "emergencies|emergency situations|civil defence|disaster management",
    "communications": "communications|telecommunications|information|digital|digital affairs|posts",
    "veterans": "veterans|veterans affairs|veterans' affairs",
    "equality": "women|equality|gender|gender equality|women and equalities",
    "family": "family|families|children|family affairs|children and families",
    "planning": "planning",
    "religious affairs": "religious affairs|religion",
    "indigenous affairs": "indigenous affairs|aboriginal affairs",
}.items():
    for _name in _names.split("|"):
        PORTFOLIOS[_name] = _canonical


def portfolio(words: str) -> str | None:
    """The canonical portfolio of `words` ("Foreign Affairs", "treasury"), or None if unknown."""
    return PORTFOLIOS.get(" ".join(words.lower().replace("’", "'").split()))


# -- qualifiers ----------------------------------------------------------------------------

# What a qualifier before a title says of the holder at the time of writing:
# "former": no longer holds it; "then": held it at a time the sentence talks about (says nothing
# of now); "current": holds it; "future": will hold it; "unknown": cannot tell (ordinals, "first",
# "self-proclaimed").
STATUS = {
    "former": "former", "ex": "former", "late": "former", "onetime": "former", "one-time": "former",
    "erstwhile": "former", "ousted": "former", "deposed": "former", "toppled": "former",
    "overthrown": "former", "assassinated": "former", "retired": "former", "past": "former",
    "then": "then",
    "current": "current", "sitting": "current", "incumbent": "current", "serving": "current",
    "outgoing": "current", "embattled": "current", "new": "current", "newly-elected": "current",
    "newly-appointed": "current", "re-elected": "current", "reelected": "current", "lame-duck": "current",
    "currently": "current", "now": "current", "present": "current",
    "acting": "current", "interim": "current", "caretaker": "current", "provisional": "current",
    "transitional": "current",
    "incoming": "future", "elect": "future", "designate": "future", "future": "future",
    "would-be": "future", "prospective": "future", "presumptive": "future",
    "self-proclaimed": "unknown", "self-declared": "unknown", "de-facto": "unknown", "first": "unknown",
    "second": "unknown", "third": "unknown", "last": "unknown", "longest-serving": "unknown",
    "first-ever": "unknown", "two-time": "unknown", "three-time": "unknown", "twice": "unknown",
    "previous": "unknown", "next": "unknown", "only": "unknown", "founding": "unknown",
}
# qualifiers that make a temporary holder: an acting title sits beside another office
ACTING = frozenset({"acting", "interim", "caretaker", "provisional", "transitional"})
# qualifiers that make another office: "Deputy Prime Minister" is not "Prime Minister"
OFFICE_MODIFIERS = frozenset({
    "deputy", "vice", "vice-", "shadow", "lieutenant", "assistant", "junior", "associate",
    "parliamentary", "co", "co-", "senior", "principal", "first", "state", "regional", "provincial", "federal",
    "city", "county", "municipal", "district", "local", "tribal", "territorial", "national", "party",
    "club", "union", "student", "students'", "league", "association", "federation", "university",
    "college", "school", "board", "council", "committee", "society", "chamber", "foundation", "institute",
    "team", "church", "network", "agency", "authority", "commission", "corporation", "organisation",
    "organization", "senate", "house", "assembly", "parliament", "parliamentary", "opposition", "honorary",
    "emeritus", "general", "executive", "permanent", "cabinet", "press", "private", "foreign-born",
})
# words that may stand before a title and change nothing
NEUTRAL = frozenset({
    "longtime", "long-time", "long-serving", "veteran", "popular", "powerful", "controversial", "populist",
    "conservative", "liberal", "centrist", "leftist", "right-wing", "left-wing", "far-right", "far-left",
    "socialist", "communist", "republican", "democratic", "democrat", "labour", "tory", "green", "nationalist",
    "female", "male", "woman", "young", "youngest", "oldest", "beleaguered", "influential", "billionaire",
    "tech", "top", "pro-western", "pro-russian", "pro-european", "hardline", "reformist", "moderate",
    "newly", "recently", "elected", "appointed", "respected", "outspoken", "unpopular", "charismatic",
    "ruling", "democratically", "unelected", "centre-left", "centre-right", "center-left", "center-right",
    "independent", "socialist-led", "widely", "seasoned",
})

# -- office kinds --------------------------------------------------------------------------

# The offices of which one person holds only one at a time, by kind.
HEAD_OF_STATE = "head of state"
HEAD_OF_GOVERNMENT = "head of government"
MINISTER = "minister"
CHIEF_EXECUTIVE = "chief executive"
KINDS = {
    "head-of-state": HEAD_OF_STATE, "head of state": HEAD_OF_STATE,
    "head-of-government": HEAD_OF_GOVERNMENT, "head of government": HEAD_OF_GOVERNMENT,
    "minister": MINISTER, "chief-executive": CHIEF_EXECUTIVE, "chief executive": CHIEF_EXECUTIVE,
    "none": None, "other": None,
}

# office word (lower case, as the pattern matches it) -> (canonical office, kind, how it takes a
# portfolio: "portfolio" needs one (minister, secretary), None takes none)
_OFFICE_WORDS = {
    "president": ("president", HEAD_OF_STATE),
    "pres.": ("president", HEAD_OF_STATE),
    "vice president": ("vice president", None),
    "vice-president": ("vice president", None),
    "prime minister": ("prime minister", HEAD_OF_GOVERNMENT),
    "premier": ("premier", HEAD_OF_GOVERNMENT),
    "chancellor": ("chancellor", None),
    "first minister": ("first minister", None),
    "chief minister": ("chief minister", None),
    "minister-president": ("minister-president", None),
    "governor": ("governor", None),
    "gov.": ("governor", None),
    "governor-general": ("governor-general", None),
    "governor general": ("governor-general", None),
    "lieutenant governor": ("lieutenant governor", None),
    "lt. gov.": ("lieutenant governor", None),
    "senator": ("senator", None),
    "sen.": ("senator", None),
    "congressman": ("representative", None),
    "congresswoman": ("representative", None),
    "rep.": ("representative", None),
    "mayor": ("mayor", None),
    "lord mayor": ("mayor", None),
    "speaker": ("speaker", None),
    "attorney general": ("attorney general", None),
    "attorney-general": ("attorney general", None),
    "secretary-general": ("secretary-general", None),
    "secretary general": ("secretary-general", None),
    "chief justice": ("chief justice", None),
    "supreme leader": ("supreme leader", None),
    "chief executive": ("chief executive", CHIEF_EXECUTIVE),
    "chief executive officer": ("chief executive", CHIEF_EXECUTIVE),
    "ceo": ("chief executive", CHIEF_EXECUTIVE),
    "boss": ("chief executive", CHIEF_EXECUTIVE),  # "Tesla boss Elon Musk"
    "king": ("king", None),
    "queen": ("queen", None),
    "emperor": ("emperor", None),
    "chancellor of the exchequer": ("minister", MINISTER, "finance"),
    "foreign secretary": ("minister", MINISTER, "foreign affairs"),
    "home secretary": ("minister", MINISTER, "interior"),
    "secretary of state": ("minister", MINISTER, "foreign affairs"),
    "minister": ("minister", MINISTER, ""),
    "secretary": ("minister", MINISTER, ""),
}


@dataclass(frozen=True)
class Office:
    """An office as a mention or registry entry names it."""

    name: str  # canonical: "president", "minister", "deputy prime minister", "chief executive"
    kind: str | None  # one of the exclusive kinds above, or None
    country: str | None = None  # canonical country, or None when the text does not say
    organisation: frozenset = frozenset()  # organisation, region or company words (folded)
    portfolios: frozenset = frozenset()  # for ministers: canonical portfolios (or "?words" when unknown)

    def same_office(self, other: "Office") -> bool:
        """The same office, where a missing country, organisation or portfolio matches any."""
        if self.name != other.name:
            return False
        if self.country and other.country and self.country != other.country:
            return False
        if (self.country and other.organisation and not other.country) or (
            other.country and self.organisation and not self.country
        ):
            return False  # a country's office and an organisation's: "US President", "Harvard President"
        if self.organisation and other.organisation and not organisations_overlap(self.organisation, other.organisation):
            return False
        if self.portfolios != other.portfolios and not (self.portfolios & other.portfolios):
            return False
        return True

    @property
    def known_portfolios(self) -> bool:
        return bool(self.portfolios) and not any(p.startswith("?") for p in self.portfolios)


ORGANISATION_SUFFIXES = frozenset({
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "limited", "plc", "llc", "ag", "sa",
    "s.a.", "se", "nv", "n.v.", "group", "holdings", "company", "the", "&", "and", "of", "platforms",
})


def organisation_key(words: str) -> frozenset:
    """Fold an organisation's name into a set of words ("Alphabet Inc." -> {"alphabet"})."""
    folded = fold(words).replace("'s", " ").replace("'", " ")
    tokens = [t.strip(".,") for t in folded.split()]
    return frozenset(t for t in tokens if t and t not in ORGANISATION_SUFFIXES)


def organisations_overlap(a: frozenset, b: frozenset) -> bool:
    """One organisation written two ways ("Meta" and "Meta Platforms", "Alphabet Inc." and "Alphabet")."""
    return bool(a & b) or any(x.startswith(y) or y.startswith(x) for x in a for y in b if min(len(x), len(y)) >= 4)


def fold(text: str) -> str:
    """Case-fold and strip accents: "Rodríguez" and "RODRIGUEZ" fold alike."""
    if len(text) <= 40:
        return _fold_word(text)  # words and names repeat: remember them
    return _fold(text)


@functools.lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.replace("’", "'").casefold()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# -- the table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficeWord:
    """What an office word found in the text stands for."""

    office: str  # canonical office name
    kind: str | None
    needs_portfolio: bool = False  # "minister", "secretary": the portfolio is read around the word
    portfolios: frozenset = frozenset()  # a fixed portfolio ("foreign secretary")
    country: str | None = None
    organisation: frozenset = frozenset()


def _alternation(words) -> str:
    """One pattern for the words, as a trie ("p(?:r(?:emier|esident|ime\\s+minister))"): a plain
    alternation makes the regex engine try every word at every position of every article.
    At each step of the trie at most one branch fits the text, and going on is tried before
    stopping, so a position gets the longest word that fits, as with the longest-first
    alternation this replaces. A space in a word matches any run of white space."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [(r"\s+" if char == " " else re.escape(char)) + branch(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        body = "|".join(alternatives)
        if "" in node:
            return f"(?:{body})?"
        return body if len(alternatives) == 1 else f"(?:{body})"

    return branch(root)


class OfficeTable:
    """The office words, built-in and configured, and one compiled pattern that finds them."""

    def __init__(self, extra: dict | None = None):
        self.words: dict[str, OfficeWord] = {}
        self.parsed_offices: dict[str, Office | None] = {}  # registry offices, read once each
        for word, spec in _OFFICE_WORDS.items():
            fixed = spec[2] if len(spec) > 2 else None
            self.words[word] = OfficeWord(
                spec[0], spec[1], needs_portfolio=fixed == "", portfolios=frozenset({fixed}) if fixed else frozenset()
            )
        for alias, target in (extra or {}).items():
            self.words[" ".join(alias.lower().split())] = self._alias(alias, target)
        body = _alternation(self.words)
        # an office word, whole, with an optional -elect / -designate
        self.pattern = regex.compile(rf"(?i)(?<!\w)({body})(?:(-elect|-designate)|(?![\w\-]))")
        # the same, case-sensitive for lower-cased text: three times faster than the above
        self._lower = re.compile(rf"(?<!\w)({body})(?:(-elect|-designate)|(?![\w\-]))")

    def finditer(self, text: str):
        """The office words of `text`, as matches whose offsets are those of `text`."""
        lowered = text.lower()
        if len(lowered) == len(text):
            return self._lower.finditer(lowered)
        return self.pattern.finditer(text)  # "İ" lower-cases to two characters: keep the offsets

    def search(self, text: str) -> bool:
        lowered = text.lower()
        if len(lowered) == len(text):
            return self._lower.search(lowered) is not None
        return self.pattern.search(text) is not None

    @staticmethod
    def _alias(alias: str, target) -> OfficeWord:
        spec = target if isinstance(target, dict) else {"office": target}
        text = str(spec.get("office") or alias)
        parsed = parse_office_text(text, BUILT_IN)
        where = country(str(spec["country"])) if spec.get("country") else None
        if parsed is None:
            kind = KINDS.get(str(spec.get("kind", "none")).lower())
            return OfficeWord(" ".join(fold(text).split()), kind, country=where)
        kind = KINDS.get(str(spec["kind"]).lower()) if "kind" in spec else parsed.kind
        return OfficeWord(parsed.name, kind, portfolios=parsed.portfolios, country=where or parsed.country,
                          organisation=parsed.organisation)

    def lookup(self, matched: str) -> OfficeWord | None:
        return self.words.get(" ".join(matched.lower().split()))


def parse_office_text(text: str, table: "OfficeTable | None" = None) -> Office | None:
    """Read an office as a registry entry or an alias writes it ("President of the United States",
    "Alphabet CEO", "Minister of Finance"); None if it names no known office."""
    from .titles import parse_office  # the title grammar lives with the extractor

    return parse_office(text, table or BUILT_IN)


BUILT_IN = OfficeTable()


def validate_offices(extra) -> None:
    """Check the `offices:` option; raise ValueError naming the key."""
    if not isinstance(extra, dict):
        raise ValueError("offices: expected a mapping of {alias: office}")
    for alias, target in extra.items():
        where = f"offices.{alias}"
        if not isinstance(alias, str) or not alias.strip():
            raise ValueError(f"{where}: an alias must be a non-empty string")
        if isinstance(target, dict):
            unknown = set(target) - {"office", "kind", "country"}
            if unknown:
                raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: office, kind, country)")
            if "kind" in target and str(target["kind"]).lower() not in KINDS:
                raise ValueError(
                    f"{where}.kind: {target['kind']!r} is not one of head-of-state, head-of-government, minister, "
                    "chief-executive, none"
                )
            if target.get("country") and country(str(target["country"])) is None:
                raise ValueError(f"{where}.country: {target['country']!r} is not a country newslint knows")
        elif not isinstance(target, str) or not target.strip():
            raise ValueError(f"{where}: expected an office name (a string) or {{office, kind, country}}")
