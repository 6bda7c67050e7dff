"""Datelines at the head of a story: `TOKYO --`, `Dekalb, Ill. —`, `WASHINGTON (Reuters) -`, `BERNE, March 2 -`,
and Chinese wire datelines: `新华社北京11月17日电` (agency, place, month and day, "dispatch")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Organization, Place

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_WORD = r"(?=[A-ZÀ-ÖØ-Þ])[^\W\d_][\w.'’&-]*"  # capitalised: "Dekalb", "MIAMI-DADE", "Ill."
_PARTICLE = r"(?:de|da|do|del|la|le|of|am|upon|on)"  # "Rio de Janeiro", "Frankfurt am Main"
_DATELINE = re.compile(
    rf"""\A
    (?P<place>{_WORD}(?:[ ](?:{_PARTICLE}[ ])?{_WORD}){{0,4}}?)
    (?:,[ ](?!{_MONTH}[ ]\d)(?P<region>{_WORD}(?:[ ]{_WORD}){{0,3}}?))?
    (?:[ ]?\((?P<agency>[^()\n]{{1,40}})\))?
    (?:,[ ](?P<month>{_MONTH})[ ](?P<day>\d{{1,2}}))?
    [ ]*(?:--|—|–|-)[ ]+(?=\S)
    """,
    re.X,
)

_HAN = r"[\u4e00-\u9fff]"
_CHINESE_DATELINE = re.compile(
    rf"\A(?:本报|(?P<agency>{_HAN}{{1,6}}?[社网]))?(?P<place>{_HAN}{{1,10}}?)(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日电[ \u3000]*"
)
"""新华社 (Xinhua), 中新社, 中新网 and other agencies (社) and sites (网), or 本报 ("this paper": no agency), then
the place."""


@dataclass(frozen=True)
class Dateline:
    text: str  # the place as printed: "TOKYO", "Dekalb, Ill."
    place: Place
    agency: Organization | None
    month_day: tuple[int, int] | None  # Reuters datelines carry a day but no year


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """The dateline at the start of the lead paragraph, and the paragraph without it. A place in capitals, or
    with a region, an agency or a day, makes one: "Indianapolis – Several teachers" cannot be told from "Apple –
    The company said" without a gazetteer, and an invented dateline is worse than a missed one."""
    chinese = _CHINESE_DATELINE.match(paragraph)
    if chinese is not None:
        agency = chinese["agency"]
        return (
            Dateline(chinese["place"], Place(chinese["place"]), Organization(agency) if agency else None,
                     (int(chinese["month"]), int(chinese["day"]))),
            paragraph[chinese.end():],
        )
    match = _DATELINE.match(paragraph)
    if match is None or match.end() > 90:
        return None, paragraph
    place, region, agency, month = match.group("place", "region", "agency", "month")
    if not (_is_caps(place) or region or agency or month):
        return None, paragraph  # "Tesla - the carmaker..." is a sentence, not a dateline
    text = f"{place}, {region}" if region else place
    location = Place(_title(place), Place(_title(region)) if region else None)
    month_day = (_MONTHS[month[:3].lower()], int(match["day"])) if month else None
    return (
        Dateline(text, location, Organization(agency.strip()) if agency else None, month_day),
        paragraph[match.end():],
    )


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _title(name: str) -> str:
    """"BUENOS AIRES" -> "Buenos Aires", "MIAMI-DADE" -> "Miami-Dade"; mixed case and "U.S." stay as printed."""
    if not _is_caps(name) or sum(c.isalpha() for c in name) <= 2:
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name)


def tentative_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    """A one-word place in mixed case before an en or em dash and a capitalised word ("Indianapolis – Several
    teachers..."), which `split_dateline` does not take: "Apple – The company said" looks the same. It is a
    dateline only where a named-entity model reads the word as a place (see `wire`)."""
    match = _DATELINE.match(paragraph)
    if match is None or any(match.group("region", "agency", "month")):
        return None
    place = match["place"]
    if " " in place or _is_caps(place) or not re.match(r"\A[^–—]*[–—][ ]+[A-Z]", paragraph[:match.end() + 1]):
        return None
    return Dateline(place, Place(place), None, None), paragraph[match.end():]

