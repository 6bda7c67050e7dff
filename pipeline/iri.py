"""The IRI policy of DESIGN.md, in one place.

Every IRI is a pure function of the input's name or id and of canonical
entity names, so publishing again replaces and never duplicates.
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Nissan Motor Co." -> "nissan-motor-co"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or "x"


def article_iri(base: str, slug: str, own_id: str | None = None) -> URIRef:
    """The article's own id (canonical URL, front-matter id) when it has one, else `{base}article/{slug}`."""
    return URIRef(own_id) if own_id else URIRef(f"{base}article/{slug}")


def entity_iri(base: str, kind: str, name: str) -> URIRef:
    """`{base}{kind}/{slug of name}`: the same name in two articles is one node."""
    return URIRef(f"{base}{kind}/{slugify(name)}")


def fragment_iri(article: URIRef, local: str) -> URIRef:
    """Nodes that live only inside one article (a quotation, a video) hang off its IRI."""
    return URIRef(f"{article.split('#', 1)[0]}#{local}")
