"""The votes for an entity's type, as one table: which cue votes for which family, and how much.

An entity's family is the one most votes go to over all its mentions (`clusters.Cluster.family`). The weights
are data, as spaCy's EntityRuler keeps its patterns: the code that finds a cue names it (`cast`), and what
the cue is worth is read here only. A cue of the words around a mention is found by its patterns alone
(`CONTEXT`): a new one is a row, not code.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Vote:
    """`weight` votes for `family` (None: the family of the model's label for the mention)."""

    family: str | None
    weight: float
    before: re.Pattern[str] | None = None  # the 40 characters before the mention end so
    after: re.Pattern[str] | None = None  # the 40 characters after it start so
    one_word: str | None = None  # only for a mention of one word the model gives this label
    city: bool = False  # the cue also says the place is a city


HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Sir|Dame|Lady|Lord)\.?\s+$")
"""An honorific right before a name."""
_SPEECH = r"(?:said|says|say|told|tells|added|adds|asked|stated|explained|noted|warned|wrote|according to)"

VOTES: Mapping[str, Vote] = MappingProxyType({
    # the model's label, mention by mention
    "label": Vote(None, 1),
    "lone person": Vote("Person", 0.5),  # one word called a person, where no mention is a full name ("Sharing")
    # the name's own words (one of them at most)
    "legal form": Vote("Organization", 3),  # "Nissan Motor Co."
    "naming head": Vote("Organization", 3),  # "Shelbourne Bar says", "the American University of Kabul"
    "place head": Vote("Place", 3),  # "driven by Jonathan P. Blair, 29, of 1909 Jolinda Drive"
    "group prefix": Vote("Organization", 3),  # "Ngāti Kahungunu": a tribe's name (`GROUP_PREFIXES`)
    # the words around a mention
    "honorific": Vote("Person", 3, before=HONORIFIC_BEFORE),  # "Mr. Ghosn"
    "speech": Vote("Person", 1, before=re.compile(rf"\b{_SPEECH},?\s+$"),  # "said Ghosn", "Ghosn said"
                   after=re.compile(rf"^(?:'s|’s)?,?\s+(?:\w+\s+)?{_SPEECH}\b")),
    "platform": Vote("Organization", 1, before=re.compile(r"\b(?:on|via)\s+$"), one_word="PERSON"),  # "on Twitter"
    "based": Vote("Place", 2, after=re.compile(r"^-based\b")),  # "Yokohama-based"
    "city of": Vote("Place", 2, before=re.compile(r"\b(?:city|town|port city|capital) of\s+$", re.I), city=True),
    # a role (`roles.find_role`)
    "job title": Vote("Person", 3),  # "Makoto Uchida, chief executive"
    "employer": Vote("Organization", 2),  # "a researcher at Mila": one works for an organisation
})

GROUP_PREFIXES = frozenset({"Ngāti", "Ngati", "Ngāi", "Ngai", "Clan"})
"""First words of the names of tribes and clans, peoples rather than persons: Māori iwi and hapū ("Ngāti
Kahungunu", "Ngāi Tahu": "descendants of"), Scottish clans ("Clan Donald"). No one's own name opens so."""


def has_group_prefix(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[0] in GROUP_PREFIXES


CONTEXT: tuple[str, ...] = tuple(cue for cue, vote in VOTES.items() if vote.before or vote.after)
"""The cues found by the words around a mention alone."""

PREFERENCE = ("Organization", "Person", "Place", "Product", "Event")
"""The family a tie of votes goes to: the first."""


def cast(votes: Counter[str], cue: str, label_family: str = "") -> None:
    """Add the vote of `cue`: for its family, or for `label_family` where the table leaves it to the label."""
    vote = VOTES[cue]
    votes[vote.family or label_family] += vote.weight


def heard(cue: str, before: str, after: str, label: str | None, text: str) -> bool:
    """Whether the words around a mention of `text` (with the model's `label`) make `cue` (one of `CONTEXT`)."""
    vote = VOTES[cue]
    if vote.one_word is not None and (label != vote.one_word or " " in text):
        return False
    return bool(vote.before and vote.before.search(before)) or bool(vote.after and vote.after.match(after))
