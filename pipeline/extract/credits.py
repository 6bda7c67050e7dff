"""Who made the story: bylines, contributor lines, Reuters' "(Reporting by ...)" and sign-offs.

Each recogniser looks at one paragraph and either claims it (it leaves the
body) or lets it pass, so a new credit style is one more function.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from ..bylines import is_name
from ..model import Organization, Person

_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?(?:by\s+)?|\s+and\s+(?:by\s+)?|\s*&\s*|;\s*)", re.I)
_AGENCY_WORDS = re.compile(
    r"\b(?:Reuters?|AP|AFP|Associated Press|Bloomberg|News|Press|Agency|Times|Post|Journal|Wire|"
    r"Service|Services|Xinhua|dpa|EFE|Kyodo|Tribune|Herald|Staff|Desk|Media|Network)\b",
    re.I,
)


@dataclass
class Credits:
    authors: list[Person] = field(default_factory=list)
    contributors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    sources: list[Organization] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    """"A, B and by C" -> ["A", "B", "C"]; character references ("Jos&eacute;", Reuters' "&lt;") are resolved
    first, since their & and ; separate no names."""
    return [n.strip(" .") for n in _NAME_SPLIT.split(unescape(text).strip()) if n and n.strip(" .")]


def is_organisation_name(text: str) -> bool:
    """Agencies and desks in a byline ("Reuters", "Bloomberg News") are not people."""
    return bool(_AGENCY_WORDS.search(text))


def person(text: str) -> Person:
    """"Yuri Kageyama of The Associated Press" -> Person with that affiliation."""
    name, sep, org = text.partition(" of ")
    return Person(name.strip(), Organization(org.strip()) if sep and org.strip() else None)


_BYLINE_LINE = re.compile(r"\s*(?:(?:analysis|opinion|commentary|comment|review|interview|column|reporting)\s+)?"
                          r"By:?\s+(.{2,150}?)\s*", re.I)
"""A byline line, with the kind of piece it may open with ("Analysis by Jane Doe": `kinds.BYLINE_CUES`)."""


def parse_byline(line: str) -> tuple[list[Person], Organization | None] | None:
    """"By Jane Arraf, Reuters" -> ([Jane Arraf (Reuters)], Reuters); None when the line is no byline."""
    match = _BYLINE_LINE.fullmatch(line)
    if match is None:
        return None
    names = split_names(match.group(1))
    if not all(is_name(n) for n in names):
        return None  # "By clicking Submit, you agree to the terms." is a sentence
    org = Organization(names.pop()) if len(names) > 1 and is_organisation_name(names[-1]) else None
    if not names:
        return None
    return [Person(n, org) for n in names], org


_CONTRIBUTED = re.compile(
    r"Information for this (?:article|report|story) was contributed by (?P<names>.+?)"
    r"(?:\s*\((?P<source>[^()]+)\))?\.?", re.I)
_PARENTHESISED_ROLES = re.compile(r"\((?P<roles>(?>[\w ]+? by )[^()]++)\)")  # atomic: linear on "(x by x by ..."
_CONTRIBUTING = re.compile(r"(?:Contributing|Contributors?|Contributing to this (?:report|story))\s*:\s*(?P<names>.+?)\.?")
_SIGN_OFF = re.compile(r"(?P<source>Reuters?|REUTERS?|AP|AFP)\.?")
_ROLE_TARGET = {"reporting": "authors", "writing": "authors", "editing": "editors"}


def claim_credit(paragraph: str, credits: Credits) -> bool:
    """Record what a credit paragraph says; True when the paragraph is a credit and leaves the body."""
    text = paragraph.strip()
    if match := _CONTRIBUTED.fullmatch(text):
        credits.contributors += [person(n) for n in split_names(match["names"])]
        if match["source"]:
            credits.sources.append(Organization(match["source"].strip()))
        return True
    if match := _PARENTHESISED_ROLES.fullmatch(text):
        for part in match["roles"].split(";"):
            role, _, names = part.strip().partition(" by ")
            target = _ROLE_TARGET.get(role.strip().lower(), "contributors")
            getattr(credits, target).extend(person(n) for n in split_names(names))
        return True
    if match := _CONTRIBUTING.fullmatch(text):
        credits.contributors += [person(n) for n in split_names(match["names"])]
        return True
    if match := _SIGN_OFF.fullmatch(text):
        name = match["source"].rstrip(".")
        credits.sources.append(Organization("Reuters" if name.lower().startswith("reuter") else name))
        return True
    return False
