"""The IRI policy of DESIGN.md, in one place.

Every IRI is a pure function of the input's name or id and of canonical
entity names, so publishing again replaces and never duplicates.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from pyoxigraph import NamedNode
from rdflib import URIRef

_NON_SLUG = re.compile(r"[^a-z0-9\u0080-\U0010ffff]+")
_SCHEME_AND_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?://[^/?#]*)?")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def as_iri(value: str) -> str | None:
    """`value` as an IRI the writer accepts, or None where no encoding makes it one.

    The rules are the writer's own: RFC 3987 as pyoxigraph parses it, which is what every output
    (Turtle, N-Quads, the store) goes through. A valid IRI is kept as it is; in an invalid one, what the
    path, query and fragment cannot hold is percent-encoded as RFC 3987 maps IRIs to URIs ("a]b" ->
    "a%5Db", "a b" -> "a%20b", "?a[]=1" -> "?a%5B%5D=1"), a "%" that starts no escape becomes "%25" and a
    second "#" "%23". A link without a scheme, or with a broken host or port ("http://[::1/a"), has no
    such repair: None.
    """
    if _valid(value):
        return value
    head = _SCHEME_AND_HOST.match(value)
    if head is None:
        return None
    fixed = head.group() + _encoded(value[head.end():])
    return fixed if _valid(fixed) else None


def _encoded(rest: str) -> str:
    """A path, query and fragment with each character they cannot hold percent-encoded (its UTF-8 bytes)."""
    out = []
    fragment = False
    for position, char in enumerate(rest):
        if char == "#":
            out.append("%23" if fragment else char)
            fragment = True
        elif char == "%":
            out.append(char if _ESCAPE.match(rest, position) else "%25")
        else:
            out.append(char if in_iri(char) else quote(char, safe=""))
    return "".join(out)


def _valid(value: str) -> bool:
    try:
        NamedNode(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def in_iri(char: str) -> bool:
    """Whether an IRI's path may hold `char` as it is: not "[", " ", a control, a private-use or
    non-character code point, a variation selector (U+E0100...), which RFC 3987 leaves out."""
    return _valid(f"http://x/{char}")


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: "Nissan Motor Co." -> "nissan-motor-co", "Zürich" -> "zurich".

    A character is written in ASCII where it has an ASCII form (accents go); a letter, digit or mark
    that has none stays as it is ("新华社", "москва", "łódź"), so that names in other scripts get IRIs of
    their own instead of all sharing one; any other character without one ("’"), and any an IRI cannot
    hold (the variation selector in "葛\U000E0100飾"), is left out.

    Cached: an article asks for the slugs of its entities' names some forty times (merging, the dateline,
    minting), and a batch's names repeat.
    """
    kept = []
    for char in unicodedata.normalize("NFC", text).lower():
        folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        letter = (char.isalnum() or unicodedata.category(char).startswith("M")) and in_iri(char)
        kept.append(folded or (char if letter else ""))
    slug = _NON_SLUG.sub("-", "".join(kept)).strip("-")
    return slug or "x"


SLUG_BYTES = 200
"""The most UTF-8 bytes of a file slug. A file name may have 255 bytes; the longest one newsld writes for a
slug is the writer's temporary name for its JSON-LD, `.{slug}.jsonld.{8 random characters}.tmp`, 21 bytes
more than the slug, which leaves room to spare."""


def file_slug(name: str, max_bytes: int = SLUG_BYTES, key: str | None = None) -> str:
    """The slug of an input's name (a file's stem, a URL's host and path) that names its output files and,
    without an own id, its article IRI: `slugify(name)`, cut to `max_bytes`.

    Only slugs that name files are cut: a file name has a byte limit, an IRI has none, and an entity's IRI
    must be the slug of its name whoever mints it (an authority file, a query), so `entity_iri` keeps it whole.
    """
    slug = slugify(name)
    return slug if len(slug.encode("utf-8")) <= max_bytes else cut_slug(slug, max_bytes, key or slug)


def titled_slug(headline: str | None, date: str | None, digest: str) -> str:
    """"2024-03-01-budget-passes-senate-1a2b3c4d": the date's day, the headline and `digest` (a hash of the
    story), for a story that comes with no name (standard input): readable, and never another story's."""
    words = " ".join(part for part in ((date or "")[:10], headline or "") if part)
    if not slugify(words):
        return f"stdin-{digest}"
    return f"{file_slug(words, SLUG_BYTES - len(digest) - 1)}-{digest}"


def cut_slug(slug: str, max_bytes: int, key: str) -> str:
    """`slug` cut at a character boundary to fit `max_bytes` with "-" and 8 hex digits of the hash of `key`
    (the whole slug, or the URL it came from), so that two long names never share a slug."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    head = slug.encode("utf-8")[:max_bytes - len(digest) - 1].decode("utf-8", "ignore").rstrip("-")
    return f"{head}-{digest}"


DOCUMENT_SCHEMES = ("http", "https", "urn", "tag")
"""What an article's own id may be: the address of a page, or a name (`urn:uuid:...`, `tag:...`); never a
`javascript:` or `data:` IRI, which pages that link the article would run or render."""


def article_iri(base: str, slug: str, own_id: str | None = None) -> URIRef:
    """The article's own id (canonical URL, front-matter id) when it is or can be made an IRI (`as_iri`) of
    a document, else `{base}article/{slug}`."""
    own = as_iri(own_id) if own_id else None
    if own and own.split(":", 1)[0].lower() not in DOCUMENT_SCHEMES:
        own = None
    return URIRef(own or f"{base}article/{slug}")


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


@dataclass(frozen=True)
class EntityKey:
    """What tells one entity from another, without a base: extraction merges and matches entities by it, and
    mapping alone mints the IRI (`iri`), so that extraction never sees the base."""

    category: str  # the IRI's path segment (`CATEGORY`)
    slug: str

    def iri(self, base: str) -> URIRef:
        """`{base}{category}/{slug}`."""
        return URIRef(f"{base}{self.category}/{self.slug}")


def identity(kind: str, name: str) -> EntityKey:
    """The category and the slug of the canonical name: a place is a place whether a mention made it a City
    or a Place, and "Nissan Motor Co." is "Nissan" (`organization_key`)."""
    category = CATEGORY[kind]
    return EntityKey(category, slugify(organization_key(name) if category == "organization" else name))


def entity_iri(base: str, kind: str, name: str) -> URIRef:
    """`{base}{category}/{slug of the canonical name}`: the same entity in two articles is one node."""
    return identity(kind, name).iri(base)


def fragment_iri(article: URIRef, local: str) -> URIRef:
    """Nodes that live only inside one article (a quotation, a video) hang off its IRI."""
    return URIRef(f"{article.split('#', 1)[0]}#{local}")
