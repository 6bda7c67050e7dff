"""Countries and US states by every name news gives them: "U.S.", "US" and "United States" are one place, and
so are "Ore." and "Oregon".

A story names a country by its short name, its abbreviation or an older name, and a US state by AP style's
abbreviation after a city ("Salem, Ore."). Each known name leads to one canonical name, which names the node,
so that every spelling in every story is one entity. Country names come from pycountry (ISO 3166), with the
names news uses where ISO's differ; US states are a table below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class KnownPlace:
    name: str  # the canonical name: "United States", "Oregon"
    kind: str  # "Country", "AdministrativeArea", or "Place" where one name is both ("Georgia")


COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US", "US": "US", "U.S.A.": "US", "USA": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    "UAE": "AE", "U.A.E.": "AE",
    "Russia": "RU", "Turkey": "TR", "Czech Republic": "CZ", "Holland": "NL", "Ivory Coast": "CI",
    "Cape Verde": "CV", "Burma": "MM", "Macedonia": "MK", "Swaziland": "SZ", "East Timor": "TL", "Brunei": "BN",
    "Democratic Republic of Congo": "CD", "Democratic Republic of the Congo": "CD", "DR Congo": "CD",
    "Republic of Congo": "CG", "Palestine": "PS", "Vatican": "VA", "Vatican City": "VA", "Micronesia": "FM",
    "Bosnia": "BA", "Falklands": "FK", "Falkland Islands": "FK", "America": "US",
}
"""Names and abbreviations news uses beside ISO's, by ISO 3166 alpha-2 code."""

COUNTRY_NAMES: dict[str, str] = {
    "RU": "Russia", "TR": "Turkey", "BN": "Brunei", "CD": "Democratic Republic of the Congo", "PS": "Palestine",
    "VA": "Vatican City", "FM": "Micronesia", "FK": "Falkland Islands", "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands", "MF": "Saint Martin", "SX": "Sint Maarten", "BQ": "Caribbean Netherlands",
    "CC": "Cocos Islands", "SH": "Saint Helena",
}
"""The canonical name where ISO's is not the one news uses, or is written inverted ("Palestine, State of");
elsewhere ISO's common name ("South Korea", "Vietnam") or its name."""

OTHER_COUNTRIES = ["England", "Scotland", "Wales", "Northern Ireland", "Kosovo", "Soviet Union"]
"""Countries news names that ISO 3166 does not list: the United Kingdom's four, Kosovo, and the Soviet Union
of older stories."""

US_STATES: list[tuple[str, tuple[str, ...]]] = [
    ("Alabama", ("Ala.",)), ("Alaska", ()), ("Arizona", ("Ariz.",)), ("Arkansas", ("Ark.",)),
    ("California", ("Calif.", "Cal.")), ("Colorado", ("Colo.",)), ("Connecticut", ("Conn.",)),
    ("Delaware", ("Del.",)), ("District of Columbia", ("D.C.",)), ("Florida", ("Fla.",)), ("Georgia", ("Ga.",)),
    ("Hawaii", ()), ("Idaho", ()), ("Illinois", ("Ill.",)), ("Indiana", ("Ind.",)), ("Iowa", ()),
    ("Kansas", ("Kan.", "Kans.")), ("Kentucky", ("Ky.",)), ("Louisiana", ("La.",)), ("Maine", ()),
    ("Maryland", ("Md.",)), ("Massachusetts", ("Mass.",)), ("Michigan", ("Mich.",)), ("Minnesota", ("Minn.",)),
    ("Mississippi", ("Miss.",)), ("Missouri", ("Mo.",)), ("Montana", ("Mont.",)), ("Nebraska", ("Neb.", "Nebr.")),
    ("Nevada", ("Nev.",)), ("New Hampshire", ("N.H.",)), ("New Jersey", ("N.J.",)), ("New Mexico", ("N.M.",)),
    ("New York", ("N.Y.",)), ("North Carolina", ("N.C.",)), ("North Dakota", ("N.D.",)), ("Ohio", ()),
    ("Oklahoma", ("Okla.",)), ("Oregon", ("Ore.", "Oreg.")), ("Pennsylvania", ("Pa.", "Penn.")),
    ("Rhode Island", ("R.I.",)), ("South Carolina", ("S.C.",)), ("South Dakota", ("S.D.",)),
    ("Tennessee", ("Tenn.",)), ("Texas", ("Tex.",)), ("Utah", ()), ("Vermont", ("Vt.",)), ("Virginia", ("Va.",)),
    ("Washington", ("Wash.",)), ("West Virginia", ("W.Va.", "W. Va.")), ("Wisconsin", ("Wis.", "Wisc.")),
    ("Wyoming", ("Wyo.",)),
]
"""The fifty states and the District, with the abbreviations of AP style (and the older forms still printed)."""

STATES_ALSO_CITIES = {"New York", "Washington"}
"""States whose name, written alone, news uses mostly for the city: typed Place, unless a dateline or a cue
says City."""

PLACE_HEADS = {"street", "avenue", "road", "drive", "boulevard", "highway", "freeway", "county", "province",
               "airport", "square", "parkway", "st.", "ave.", "blvd."}
"""Last words of places' names that are no one's surname ("Miller Drive", "Zabul Province", "Napa County")."""


def has_place_head(name: str) -> bool:
    """Whether `name` is a place's by its last word: "Jolinda Drive", "Seventh Street"."""
    words = name.split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in PLACE_HEADS


_UNDOTTED = re.compile(r"[A-Z]{2,4}")
"""An abbreviation without full stops ("US", "UK", "UAE") is kept as written, known only in capitals: "us" is
a pronoun. Every other name is kept case-folded."""


@lru_cache(maxsize=8192)
def known_place(name: str) -> KnownPlace | None:
    """The country or US state `name` is one of the names of, else None. Case does not matter except for
    abbreviations without full stops; a leading "the" is no part of the name ("the United States").
    Cached: entity resolution asks it of the same names hundreds of times an article."""
    name = " ".join(name.split())
    if name[:4].lower() == "the ":
        name = name[4:]
    return _table().get(name) or _table().get(name.casefold())


@lru_cache(maxsize=1)
def _table() -> dict[str, KnownPlace]:
    import pycountry

    table: dict[str, KnownPlace] = {}

    def add(alias: str, place: KnownPlace) -> None:
        key = alias if _UNDOTTED.fullmatch(alias) else alias.casefold()
        known = table.setdefault(key, place)
        if known.name == place.name and known.kind != place.kind:
            table[key] = KnownPlace(place.name, "Place")  # a country and a state ("Georgia"): no finer type

    by_code: dict[str, KnownPlace] = {}
    for country in pycountry.countries:
        canonical = COUNTRY_NAMES.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
        place = by_code[country.alpha_2] = KnownPlace(canonical, "Country")
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(country, attr, None):
                add(value, place)
        add(canonical, place)
    for alias, code in COUNTRY_ALIASES.items():
        add(alias, by_code[code])
    for country in OTHER_COUNTRIES:
        add(country, KnownPlace(country, "Country"))
    for state, abbreviations in US_STATES:
        kind = "Place" if state in STATES_ALSO_CITIES else "AdministrativeArea"
        for alias in (state, *abbreviations):
            add(alias, KnownPlace(state, kind))
    return table
