"""The plain values passed between stages: read -> extract -> map.

They carry no RDF: IRIs are minted in `mapping` through `iri`, so the
extraction rules can be tested on text alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .iri import EntityKey


@dataclass(frozen=True)
class Notice:
    """Something extraction wants the user to know (a derived headline, say): it joins the validation report."""

    severity: str  # "Info" | "Warning" | "Violation"
    path: str  # schema.org property name the notice is about
    message: str


@dataclass(frozen=True)
class Document:
    """One input as read from disk, stdin or the web, before any interpretation.

    `name` is what error lines and the report show (a path, a URL, "-");
    `slug` names the output files and, without an own id, the article IRI.
    `meta` holds front-matter keys, which win over anything derived.
    """

    name: str
    slug: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()
    page: PageMeta | None = None  # web pages and feed entries: their own metadata
    key: str = ""  # what names this input across runs (an absolute path, a URL); empty: `name`
    origin: str | None = None  # the local file (absolute) whose absence means the article is gone
    titled: bool = False  # `slug` is a hash to put after the headline and date, once extracted (unnamed stdin)


@dataclass(frozen=True)
class RawFile:
    """A local story or page as bytes, read but not parsed yet (parsing runs where the article is
    rendered, in a worker); `modified` is a dateModified to add if it has none."""

    name: str
    data: bytes
    html: bool
    modified: str | None = None
    key: str = ""
    origin: str | None = None
    corrections: str = ""  # corrections published before, one "DATE TEXT" per line, kept on republishing


def input_key(item: Document | RawFile) -> str:
    """The manifest's name for an input: the same file is the same input from any working directory."""
    return item.key or item.name


@dataclass(frozen=True)
class Organization:
    name: str
    url: str | None = None
    logo: str | None = None
    kind: str = "Organization"  # or NewsMediaOrganization (a publisher's, from newsld.toml)
    trust: tuple[tuple[str, str], ...] = ()  # schema.org property, value: publishingPrinciples, foundingDate, ...


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: Organization | None = None
    url: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    contained_in: Place | None = None
    kind: str = "Place"  # or City, Country: schema.org's subclasses, where the story tells


@dataclass(frozen=True)
class MediaObject:
    """Media the story points to; `kind` is the schema.org class name (VideoObject, ImageObject)."""

    kind: str
    url: str
    width: int | None = None
    height: int | None = None
    caption: str | None = None


@dataclass(frozen=True)
class PageMeta:
    """What a web page or a feed entry says about its article, source by source already decided (see html.py)."""

    headline: str | None = None
    description: str | None = None
    authors: tuple[Person, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    publisher: Organization | None = None
    image: MediaObject | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()
    language: str | None = None
    url: str | None = None
    kind: str | None = None  # the page's own @type, when it is a kind of article other than NewsArticle/Article
    byline: str | None = None  # the byline as printed, for the cue it may give (`kinds.byline_cue`)
    free: bool | None = None  # isAccessibleForFree, as the page's markup says
    paywall: tuple[str, ...] = ()  # the class selectors of its paywalled parts
    guid: str | None = None  # a feed entry's <guid> (RSS) or <id> (Atom): the publisher's own id for it


@dataclass(frozen=True)
class Entity:
    """Something the story speaks of, resolved across its mentions.

    `kind` is the schema.org class (Person, Organization, Corporation, Place,
    City, Country, Product, Event); `iri` (a full IRI), `key` (a slug, which
    mapping mints under the base) and `same_as` come from the publisher's
    authority file when it knows the entity; without them mapping mints the
    IRI of `iri.identity(kind, name)`.
    """

    kind: str
    name: str
    job_title: str | None = None
    works_for: Entity | None = None
    same_as: tuple[str, ...] = ()
    iri: str | None = None
    key: EntityKey | None = None


@dataclass(frozen=True)
class Quotation:
    text: str
    speaker: Entity | None


@dataclass(frozen=True)
class MonetaryAmount:
    text: str  # as printed: "$26 billion"
    currency: str  # ISO 4217
    value: str  # an xsd:decimal lexical form: "26000000000.0", published in canonical form as "26000000000"


@dataclass(frozen=True)
class Correction:
    """A correction the newsroom printed: its text, and when (a date or date-time), if said."""

    text: str
    date: str | None = None


@dataclass
class Article:
    """What a story says about itself: the NewsArticle before it becomes RDF."""

    slug: str
    source: str
    headline: str | None = None
    headline_derived: bool = False
    id: str | None = None
    url: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    dateline: str | None = None
    location: Place | None = None
    body: str = ""
    language: str | None = None
    section: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()
    kind: str | None = None  # a schema.org subclass of Article (`kinds.ARTICLE_KINDS`) beside NewsArticle
    genre: str | None = None
    corrections: list[Correction] = field(default_factory=list)
    free: bool | None = None  # isAccessibleForFree: front matter `access: free|paywalled`, or the page's own
    paywall: tuple[str, ...] = ()  # class selectors of the paywalled parts (`paywall: .premium`)
    guid: str | None = None  # the feed's own id for the entry, a second identifier beside the slug
    image: MediaObject | None = None
    more_images: list[MediaObject] = field(default_factory=list)  # front matter's second image and after
    authors: list[Person] = field(default_factory=list)
    contributors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    source_organizations: list[Organization] = field(default_factory=list)
    publisher: Organization | None = None
    media: list[MediaObject] = field(default_factory=list)
    about: list[Entity | MonetaryAmount] = field(default_factory=list)
    mentions: list[Entity | MonetaryAmount] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return count_words(self.body)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Kana and CJK ideographs: Chinese and Japanese put no spaces between words."""


def count_words(text: str) -> int:
    """Words between spaces; each Chinese or Japanese character counts as one, as word counts in those
    languages do (a 600-character Chinese story is not "8 words")."""
    ideographs = len(_CJK.findall(text))
    if not ideographs:
        return len(text.split())
    # the punctuation left between the characters ("，", ".") is no word
    return ideographs + sum(1 for token in _CJK.sub(" ", text).split() if any(c.isalnum() for c in token))
