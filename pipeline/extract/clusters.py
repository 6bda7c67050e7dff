"""An entity of the story as its mentions: what the story calls it, and what it is by the votes they cast.

Shared by the steps that find mentions (`entities`, `orgnames`), that read roles (`roles`) and quotations
(`quotes`), which all take and give these values and import no one of each other for them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from ..iri import legal_core
from .places import KnownPlace, known_place
from .votes import PREFERENCE


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str | None  # None: found by the document-level search, not by the model
    sentence_start: bool = False

    @cached_property
    def fullness(self) -> tuple[int, bool, bool, int]:
        """How full a name this form is, for `Cluster.written_name` (asked hundreds of times an article; a
        mention is frozen, so this never goes stale)."""
        return (len(self.text.removeprefix("The ").split()), not shouted(self.text), not self.sentence_start,
                len(self.text))

    @cached_property
    def names(self) -> frozenset[str]:
        """`full_names(self)`, worked out once: clusters list their keys again each time a mention joins."""
        return frozenset(full_names(self))

    @cached_property
    def forms(self) -> frozenset[str]:
        """`word_forms(self, place=False)`, worked out once (a place's mention has none)."""
        return frozenset(word_forms(self, place=False))


@dataclass
class Cluster:
    """One entity of the story: its mentions, the votes for its type, and what cues said about it."""

    mentions: list[Mention]
    votes: Counter[str] = field(default_factory=Counter)
    corporate: bool = False
    city: bool = False
    job_title: str | None = None
    works_for: Cluster | None = None
    dateline: bool = False  # named as the dateline's place

    @property
    def written_name(self) -> str:
        """The fullest form the story uses: "Nissan Motor Co." over "Nissan", "Carlos Ghosn" over "Ghosn"; a
        capital "The" counts only where it is not a sentence's first word ("The Bureau of Prisons said"), and
        a form in capitals only where there is no other ("Japan" over a headline's "JAPAN")."""
        named = [m for m in self.mentions if m.label]
        if not named:
            return self.mentions[0].text
        return max(named, key=_FULLNESS).text

    @property
    def place(self) -> KnownPlace | None:
        """The country or US state the entity is, by its fullest name ("U.S." -> United States)."""
        return known_place(self.written_name)

    @property
    def name(self) -> str:
        """The written name; a known place's canonical name ("United States" for "U.S."), a person's full name
        printed in capitals in title case ("JANE ROE" -> "Jane Roe")."""
        written = self.written_name
        if (place := known_place(written)) is not None:
            return place.name
        if written.isupper() and " " in written and self._family(place) == "Person":
            return written.title()  # one word in capitals may be a stage name ("VIVIZ")
        return written

    @property
    def family(self) -> str:
        """Voted over the mentions; a country, a US state and the dateline's place are places whatever the
        votes say (a place is never a person, nor a speaker)."""
        return self._family(self.place)

    def _family(self, place: KnownPlace | None) -> str:
        if self.dateline or place is not None:
            return "Place"
        ranked = sorted(self.votes.items(), key=lambda kv: (-kv[1], PREFERENCE.index(kv[0])))
        return ranked[0][0] if ranked else "Organization"

    @property
    def kind(self) -> str:
        place = self.place
        family = self._family(place)
        if family == "Organization" and self.corporate:
            return "Corporation"
        if family == "Place":
            if place is not None and place.kind == "Country":
                return "Country"
            if self.city or self.dateline:
                return "City"
            if place is not None:
                return place.kind
        return family

    def keys(self) -> set[str]:
        """Short forms that refer to this entity: the full name, its core without "Corp.", first and last word."""
        place = self.family == "Place"
        return {key for mention in self.mentions for key in short_forms(mention, place)}


_FULLNESS = attrgetter("fullness")


def short_forms(mention: Mention, place: bool) -> frozenset[str]:
    """What one mention lets the story call its entity: its full names and, but for a place's, its first and
    last words; a country's or state's name only as a person's surname ("Washington" of "Denzel Washington"),
    never as an organisation's word ("University of Oregon", "China Mobile") nor a first name ("Georgia")."""
    return mention.names if place else mention.names | mention.forms


def full_names(mention: Mention) -> set[str]:
    """The mention's text, its core without "Corp.", and a known place's canonical name ("United States")."""
    if not mention.label:
        return set()
    keys = {mention.text, legal_core(mention.text)}
    if (known := known_place(mention.text)) is not None:
        keys.add(known.name)
    return {k for k in keys if len(k) > 1 and k not in NOT_NAMES}  # "The" of "The Bureau" names nothing


def word_forms(mention: Mention, place: bool) -> set[str]:
    """A name's first and last words, and a person's surname: its last word, or the words from a surname
    particle on ("Te Whāiti" of "Tāmati Te Whāiti", "Le Pen" of "Marine Le Pen"). A particle alone names
    no one ("Te" of "Te Whāiti")."""
    if not mention.label or place or known_place(mention.text) is not None:
        return set()
    words = legal_core(mention.text).split()
    if len(words) < 2:
        return set()
    surname = {words[-1]} if mention.label == "PERSON" else set()
    if (particled := particle_surname(words, mention.label == "PERSON")) is not None:
        surname.add(particled)
    keys = surname | {w for w in (words[0], words[-1]) if known_place(w) is None and not is_particle(w)}
    return {k for k in keys if len(k) > 1 and k not in NOT_NAMES
            and (not k[0].islower() or k in surname)}  # "the" names nothing; "von der Leyen" does


SURNAME_PARTICLES = frozenset({
    "te", "van", "von", "vander", "de", "der", "den", "ter", "ten", "da", "do", "dos", "das", "di", "del", "della",
    "du", "la", "le", "mac", "mc", "ó", "ua", "ní", "nic", "bin", "ibn", "al", "el",
})
"""Words that open a surname of several words, in any case: "Te Whāiti", "Van Gogh", "von der Leyen",
"De Niro", "Le Pen", "Da Silva", "Mac Lochlainn", "Ó Fearghail", "bin Salman". ("O'Brien" and "MacDonald"
write the particle into one word, which is a surname already.)"""
_SURNAME_SHAPE_WORDS = 5
"""At most this many words in a name whose tail is taken for a surname: a longer one is a title or a body's."""


def is_particle(word: str) -> bool:
    return word.casefold() in SURNAME_PARTICLES


def particle_surname(words: list[str], person: bool) -> str | None:
    """The surname a surname particle opens, when a given name comes before it and capitalised words after
    it ("Tāmati Te Whāiti" -> "Te Whāiti"; "Ursula von der Leyen" -> "von der Leyen"). A name the model
    gives another type than a person's ("Tāmati Te Whāiti" as an organisation) has one only where it is
    shaped as a person's: capitalised words before the particle, the particle capitalised as a name's word,
    no word a place's ("Banco de España", "University of Te Awamutu", "Paris La Défense" are no one's
    names)."""
    if not 3 <= len(words) <= _SURNAME_SHAPE_WORDS or not words[0][:1].isupper() or is_particle(words[0]):
        return None
    at = next((i for i in range(1, len(words) - 1) if is_particle(words[i])), None)
    if at is None or not all(w[:1].isupper() or is_particle(w) for w in words[at + 1:]):
        return None
    if not person and (not all(w[:1].isupper() for w in words[:at + 1])
                       or any(known_place(w) is not None for w in words)):
        return None
    return " ".join(words[at:]) if words[-1][:1].isupper() else None


NOT_NAMES = {"The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "But",
             "And", "Officials", "Police", "Analysts", "Experts", "Reporters", "Company", "Government"}
"""Capitalised words that name nothing alone: pronouns, articles, common nouns a sentence opens with."""


def shouted(word: str) -> bool:
    """A word of five letters or more in capitals: a headline's, where "US" and "NASA" are names."""
    return len(word) >= 5 and word.isupper()
