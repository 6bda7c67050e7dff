"""The IRI policy of DESIGN.md, in one place.

Every IRI is a pure function of the input's name or id and of canonical
entity names, so publishing again replaces and never duplicates.
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

_NON_SLUG = re.compile(r"[^a-z0-9\u0080-\U0010ffff]+")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def is_iri(value: str) -> bool:
    """Well-formed enough for every RDF syntax: a scheme, and none of the characters IRIs forbid."""
    return bool(_IRI.fullmatch(value))


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: "Nissan Motor Co." -> "nissan-motor-co", "Zürich" -> "zurich".

    A character is written in ASCII where it has an ASCII form (accents go); a letter, digit or mark
    that has none stays as it is ("新华社", "москва", "łódź"), so that names in other scripts get IRIs of
    their own instead of all sharing one; any other character without one ("’") is left out.
    """
    kept = []
    for char in unicodedata.normalize("NFC", text).lower():
        folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        kept.append(folded or (char if char.isalnum() or unicodedata.category(char).startswith("M") else ""))
    slug = _NON_SLUG.sub("-", "".join(kept)).strip("-")
    return slug or "x"


def article_iri(base: str, slug: str, own_id: str | None = None) -> URIRef:
    """The article's own id (canonical URL, front-matter id) when it has one, else `{base}article/{slug}`."""
    return URIRef(own_id) if own_id and is_iri(own_id) else URIRef(f"{base}article/{slug}")


CATEGORY = {
    "Person": "person", "Organization": "organization", "Corporation": "organization", "Place": "place",
    "City": "place", "Country": "place", "AdministrativeArea": "place", "Product": "product", "Event": "event",
}
"""IRI path segment per schema.org class: a place is a place whether a mention made it a City or a Place."""

_LEGAL_SUFFIX = re.compile(
    r"(?:,?\s+(?:Co|Corp|Corporation|Inc|Incorporated|Ltd|Limited|LLC|PLC|Plc|AG|SA|NV|SpA|GmbH|KK)\.?)+$")


def legal_core(name: str) -> str:
    """"Mitsubishi Motors Corp." -> "Mitsubishi Motors": the legal form is not part of an organisation's identity."""
    return _LEGAL_SUFFIX.sub("", name).strip() or name


_DESCRIPTORS = {"motor", "motors", "group", "holdings", "holding", "industries", "company", "companies",
                "international", "corporation"}


def organization_key(name: str) -> str:
    """What stays the same however a story names a company: "Nissan Motor Co." and "Nissan" -> "Nissan".

    News names a company in full once and by its brand after that, and other
    stories may use either; a leading "The", the legal form and a trailing descriptor word
    ("Motor", "Group", "Holdings") are dropped. Where a brand is ambiguous,
    the authority file pins the IRI.
    """
    words = legal_core(name).split()
    if len(words) > 1 and words[0].lower() == "the":
        words.pop(0)  # "The Bureau of Prisons" at a sentence start, "the New York Times" in AP style
    while len(words) > 1 and words[-1].lower() in _DESCRIPTORS:
        words.pop()
    return " ".join(words)


def entity_iri(base: str, kind: str, name: str) -> URIRef:
    """`{base}{category}/{slug of the canonical name}`: the same entity in two articles is one node."""
    category = CATEGORY[kind]
    key = organization_key(name) if category == "organization" else name
    return URIRef(f"{base}{category}/{slugify(key)}")


def fragment_iri(article: URIRef, local: str) -> URIRef:
    """Nodes that live only inside one article (a quotation, a video) hang off its IRI."""
    return URIRef(f"{article.split('#', 1)[0]}#{local}")
