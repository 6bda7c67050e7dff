"""Where an organisation's name starts and ends, by conventions of English names the model's spans miss.

- A leading "The" is no part of the name ("The Springfield City Council" is "Springfield City Council"),
  except a publication's ("The New York Times") and a name of one word after it ("The Economist").
- "and" inside a name named for its subject does not split it: "the Center on Poverty and Inequality",
  "the Department of Health and Human Services" are one organisation each, where "Renault and Nissan" are
  two.
- A field a title names ("Defence" of "Defence Secretary John Healey") is part of the title, not an
  organisation.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .clusters import Mention
from .places import known_place
from .roles import is_title_word

PUBLICATION_WORDS = {
    "times", "post", "journal", "guardian", "economist", "telegraph", "independent", "herald", "tribune",
    "chronicle", "gazette", "observer", "atlantic", "globe", "star", "review", "register", "inquirer", "sun",
    "mirror", "express", "spectator", "nation", "mail", "monitor", "standard", "hindu", "examiner", "courier",
    "dispatch", "bulletin", "week", "verge", "intercept", "hill", "information",
}
"""Last words of publications' names, whose "The" is their own: "The New York Times", "The Hill"."""

ORGANISATION_HEADS = {
    "foundation", "institute", "institution", "university", "college", "school", "department", "ministry",
    "agency", "council", "commission", "committee", "bank", "company", "association", "center", "centre",
    "party", "fund", "bureau", "corporation", "authority", "union", "organization", "organisation", "society",
    "trust", "board", "court", "office", "group", "inc", "corp", "ltd", "llc", "plc", "co", "systems", "airlines",
    "airways", "motors", "partners", "capital", "holdings", "technologies", "labs", "laboratories", "industries",
    "enterprises", "ventures", "pharmaceuticals", "securities", "brothers", "associates", "network", "studios",
}
"""Words that make a name an organisation of its own: after "and", they start a second organisation
("the Ministry of Justice and the Interior Ministry", "... and Resolution Foundation")."""

NAMING_HEADS = {
    "university", "college", "school", "academy", "institute", "council", "committee", "commission", "ministry",
    "department", "agency", "bureau", "association", "foundation", "federation", "society", "party", "company",
    "corporation", "group", "hospital", "church", "club", "team", "inn", "bar", "pub", "cafe", "café",
    "restaurant", "hotel", "brewery", "bakery", "theatre", "theater", "museum", "library",
}
"""Heads of organisations' and venues' names ("Example University", "University of Kabul", "Shelbourne Bar"):
a name they head is no person's nor a place's, whatever the model and the speech verbs around say."""

_SUBJECT = re.compile(r"\s(?:of|on|for|in|against)\s+(?P<subject>.+)$")
"""What a name named for its subject has: "Center on Poverty", "Department of Health"."""
_AND_NAME = re.compile(r" (?:and|&) (?P<name>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})(?![\w'’-])")


def without_the(name: str) -> str:
    """An organisation's name without a leading "The", unless the "The" is the name's own."""
    if not name.startswith(("The ", "THE ")):
        return name
    rest = name[4:].lstrip()
    words = rest.split()
    if len(words) < 2 or words[-1].lower().rstrip(".") in PUBLICATION_WORDS:
        return name
    return rest


def join_conjoined(mentions: list[Mention], text: str) -> list[Mention]:
    """An organisation's mention named for its subject ("Center on Poverty") that "and" and capitalised words
    follow ("... and Inequality") runs on over them, where the words are no name of their own: the model's
    mention of them, if any, goes. They are a name of their own where they have an organisation's word
    ("Foundation", "Corp."), where the story names them elsewhere without the first part, or where the
    subject is a place ("Bank of America and Wells Fargo")."""
    by_start = {m.start: m for m in mentions}
    dropped: set[int] = set()
    joined: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if id(mention) in dropped:
            continue
        follow = _AND_NAME.match(text, mention.end) if mention.label == "ORG" else None
        if follow and _runs_on(mention, follow["name"], follow.start("name"), text, by_start):
            end = follow.end("name")
            dropped |= {id(m) for m in mentions if mention.end <= m.start < end}
            mention = replace(mention, end=end, text=text[mention.start:end])
        joined.append(mention)
    return [m for m in joined if id(m) not in dropped]


def _runs_on(mention: Mention, name: str, start: int, text: str, by_start: dict[int, Mention]) -> bool:
    subject = _SUBJECT.search(mention.text)
    if subject is None or known_place(subject["subject"]) is not None:
        return False
    other = by_start.get(start)
    if other is not None and (other.label not in ("ORG", None) or other.end > start + len(name)):
        return False
    words = name.split()
    if words[0] in ("The", "A", "An") or any(w.lower().rstrip(".") in ORGANISATION_HEADS for w in words):
        return False
    return not _named_alone(text, name, mention.text)


def _named_alone(text: str, name: str, first: str) -> bool:
    """Whether the story names `name` anywhere but right after "`first` and"."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        if not re.search(rf"{re.escape(first)} (?:and|&) $", text[max(0, match.start() - len(first) - 5):match.start()]):
            return True
    return False


def is_title_part(mention: Mention, text: str) -> bool:
    """"Defence" of "Defence Secretary John Healey", "National Security" of "National Security Adviser",
    "State" of "Secretary of State Mike Pompeo": an organisation's mention of title words only, that a title
    word follows, or that a title word and "of" precede and a name follows, is part of a title."""
    if mention.label != "ORG" or not all(is_title_word(w) for w in mention.text.split()):
        return False
    after = re.match(r"\s+([\w-]+)", text[mention.end:mention.end + 40])
    if after is not None and is_title_word(after[1]):
        return True
    before = re.search(r"([\w-]+) of\s+$", text[max(0, mention.start - 40):mention.start])
    return (before is not None and is_title_word(before[1]) and after is not None
            and after[1][:1].isupper())


def has_naming_head(name: str) -> bool:
    """Whether an organisation's or venue's word heads `name`: its last word, or a word before "of"."""
    words = name.split()
    return len(words) > 1 and any(
        w.lower() in NAMING_HEADS and w[:1].isupper() and (i == len(words) - 1 or words[i + 1] == "of")
        for i, w in enumerate(words))
