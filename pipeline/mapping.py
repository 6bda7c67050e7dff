"""`Article` to an rdflib `Graph` in schema.org terms, IRIs minted by `iri`.

No blank nodes: entities get shared IRIs, article-local nodes fragment IRIs,
so graphs compare, replace and embed cleanly.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .iri import DOCUMENT_SCHEMES, as_iri, article_iri, entity_iri, fragment_iri
from .model import Article, Entity, MediaObject, MonetaryAmount, Notice, Organization, Person, Place, Quotation
from .namespaces import SCHEMA, schema_term

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")


def new_graph() -> Graph:
    """An empty article graph with rdflib's core prefixes and its two own; rdflib's two dozen other default
    prefixes cost 0.15 ms a graph, and no article uses them."""
    graph = Graph(bind_namespaces="core")
    graph.bind("schema", SCHEMA, replace=True)
    graph.bind("xsd", XSD)
    return graph


def article_node(article: Article, base: str) -> URIRef:
    return article_iri(base, article.slug, article.id)


def to_graph(article: Article, base: str) -> Graph:
    """The article's own named graph: the NewsArticle and every node it points to.

    A link the input gave that is no IRI is percent-encoded or left out (`iri.as_iri`), with a warning
    added to `article.notices`, which join its validation report.
    """
    g = new_graph()
    notices = article.notices
    if article.id and (own := _iri(article.id, "url", notices)):  # warned of here; `article_iri` does the same
        if own.split(":", 1)[0].lower() not in DOCUMENT_SCHEMES:
            notices.append(Notice("Warning", "url", f"{article.id!r} is no document's IRI: the article's IRI is "
                                                    "minted from its name instead"))
    node = article_node(article, base)
    g.add((node, RDF.type, SCHEMA.NewsArticle))
    if article.kind and article.kind != "NewsArticle":
        g.add((node, RDF.type, SCHEMA[article.kind]))
    _text(g, node, SCHEMA.headline, article.headline)
    _date(g, node, SCHEMA.datePublished, article.date_published)
    _date(g, node, SCHEMA.dateModified, article.date_modified)
    _text(g, node, SCHEMA.dateline, article.dateline)
    _text(g, node, SCHEMA.articleBody, article.body or None)
    g.add((node, SCHEMA.wordCount, typed(str(article.word_count), XSD.integer)))
    _text(g, node, SCHEMA.inLanguage, article.language)
    _text(g, node, SCHEMA.articleSection, article.section)
    _text(g, node, SCHEMA.genre, article.genre)
    if article.free is not None:
        g.add((node, SCHEMA.isAccessibleForFree, typed("true" if article.free else "false", XSD.boolean)))
    for number, selector in enumerate(article.paywall, start=1):  # Google's paywalled-content markup
        part = fragment_iri(node, f"paywall-{number}")
        g.add((node, SCHEMA.hasPart, part))
        g.add((part, RDF.type, SCHEMA.WebPageElement))
        g.add((part, SCHEMA.isAccessibleForFree, typed("false", XSD.boolean)))
        g.add((part, SCHEMA.cssSelector, Literal(selector)))
    for number, correction in enumerate(article.corrections, start=1):
        comment = fragment_iri(node, f"correction-{number}")
        g.add((node, SCHEMA.correction, comment))
        g.add((comment, RDF.type, SCHEMA.CorrectionComment))
        g.add((comment, SCHEMA.text, Literal(correction.text)))
        _date(g, comment, SCHEMA.datePublished, correction.date)
    _text(g, node, SCHEMA.identifier, article.id if article.id and not article.url else article.slug)
    if article.guid:  # the feed's id: a PropertyValue, so the slug stays the one literal identifier
        guid = fragment_iri(node, "guid")
        g.add((node, SCHEMA.identifier, guid))
        g.add((guid, RDF.type, SCHEMA.PropertyValue))
        g.add((guid, SCHEMA.propertyID, Literal("guid")))
        g.add((guid, SCHEMA.value, Literal(article.guid)))
    _link(g, node, SCHEMA.url, article.url, notices)
    _text(g, node, SCHEMA.description, article.description)
    if article.keywords:
        g.add((node, SCHEMA.keywords, Literal(", ".join(article.keywords))))
    for number, image in enumerate(filter(None, [article.image, *article.more_images]), start=1):
        _media(g, node, SCHEMA.image, image, "image" if number == 1 else f"image-{number}", notices)
    if article.location:
        g.add((node, SCHEMA.locationCreated, _place(g, article.location, base)))
    for prop, people in ((SCHEMA.author, article.authors), (SCHEMA.contributor, article.contributors),
                         (SCHEMA.editor, article.editors)):
        for person in people:
            g.add((node, prop, _person(g, person, base, notices)))
    for org in article.source_organizations:
        g.add((node, SCHEMA.sourceOrganization, _organization(g, org, base, notices)))
    publisher = _organization(g, article.publisher, base, notices) if article.publisher else None
    if publisher is not None:
        g.add((node, SCHEMA.publisher, publisher))
    _page(g, node, g.value(node, SCHEMA.url), publisher, article.publisher)
    for number, media in enumerate(article.media, start=1):
        _media(g, node, SCHEMA.associatedMedia, media, f"{media.kind.lower()}-{number}", notices)
    amounts = [a for a in (*article.about, *article.mentions) if isinstance(a, MonetaryAmount)]
    for prop, things in ((SCHEMA.about, article.about), (SCHEMA.mentions, article.mentions)):
        for thing in things:
            if isinstance(thing, MonetaryAmount):
                g.add((node, prop, _amount(g, thing, fragment_iri(node, f"amount-{amounts.index(thing) + 1}"))))
            else:
                g.add((node, prop, _entity(g, thing, base, notices)))
    for number, quotation in enumerate(article.quotations, start=1):
        g.add((node, SCHEMA.hasPart, _quotation(g, quotation, node, fragment_iri(node, f"quote-{number}"), base,
                                                notices)))
    return g


def typed(lexical: str, datatype: URIRef) -> Literal:
    """A typed literal in the canonical lexical form the embedded store keeps, so that the store read back is
    the published files byte for byte: XSD 1.1's forms as Oxigraph has them ("26000000000", not
    "26000000000.0"; "...T10:00:00Z", not "+00:00"; "10:00:00.5", not "10:00:00.500"). Every typed literal
    of an article graph is made here. rdflib's own normalising stays off: it writes "+00:00" and drops a
    date's time zone."""
    return Literal(_canonical(lexical, str(datatype)), datatype=datatype, normalize=False)


@lru_cache(maxsize=4096)
def _canonical(lexical: str, datatype: str) -> str:
    """What Oxigraph gives back for the literal, asked of an in-memory store (pyoxigraph canonicalizes only
    what it stores), so that its rules, including which values it can read at all, are never copied."""
    from pyoxigraph import Literal as StoredLiteral, NamedNode, Quad, Store

    store = Store()
    node = NamedNode("urn:newsld:literal")
    store.add(Quad(node, node, StoredLiteral(lexical, datatype=NamedNode(datatype))))
    return next(iter(store)).object.value


def date_literal(value: str) -> Literal:
    """xsd:date or xsd:dateTime when the text is one; otherwise a plain string, which the shapes reject."""
    try:
        if _DATE.fullmatch(value):
            date.fromisoformat(value)
            return typed(value, XSD.date)
        if _DATETIME.fullmatch(value):
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            return typed(value, XSD.dateTime)
    except ValueError:
        pass
    return Literal(value)


def _iri(value: str, path: str, notices: list[Notice]) -> str | None:
    """`value` as an IRI (`iri.as_iri`), with a warning where the input's text had to be changed or left out."""
    iri = as_iri(value)
    if iri != value:
        change = f"published as <{iri}>" if iri else "left out"
        notices.append(Notice("Warning", path, f"{value!r} is not a valid IRI: {change}"))
    return iri


def _link(g: Graph, node: URIRef, prop: URIRef, value: str | None, notices: list[Notice]) -> None:
    """A link the input gave, kept where it is or can be made an IRI (a page's markup can hold anything) and
    leads to the web: a `javascript:` or `data:` "url" is no page, and pages that embed it would run it."""
    if not value or not (iri := _iri(value, schema_term(prop), notices)):
        return
    if iri.split(":", 1)[0].lower() not in DOCUMENT_SCHEMES[:2]:
        notices.append(Notice("Warning", schema_term(prop), f"{value!r} is not an http(s) link: left out"))
        return
    g.add((node, prop, URIRef(iri)))



def _text(g: Graph, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value:
        g.add((node, prop, Literal(value)))


def _date(g: Graph, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value:
        g.add((node, prop, date_literal(value)))


def _named(g: Graph, kind: str, name: str, base: str, iri: str | None = None) -> URIRef:
    """A shared entity node: its type and name are repeated in every article graph that mentions it. Two names
    for one node ("The Example Group" as publisher, "Example" in the text) keep the first as its name."""
    node = URIRef(iri) if iri else entity_iri(base, kind, name)
    g.add((node, RDF.type, SCHEMA[kind]))
    named = g.value(node, SCHEMA.name)
    g.add((node, SCHEMA.name if named is None or named == Literal(name) else SCHEMA.alternateName, Literal(name)))
    return node


def _entity(g: Graph, entity: Entity, base: str, notices: list[Notice]) -> URIRef:
    """The entity's node: the IRI its authority entry gives or names by a slug (checked: the file may hold
    anything), else the one of its kind and name."""
    pinned = entity.iri or (str(entity.key.iri(base)) if entity.key else None)
    node = _named(g, entity.kind, entity.name, base, pinned and _iri(pinned, "mentions", notices))
    for same in entity.same_as:
        _link(g, node, SCHEMA.sameAs, same, notices)
    _text(g, node, SCHEMA.jobTitle, entity.job_title)
    if entity.works_for:
        g.add((node, SCHEMA.worksFor, _entity(g, entity.works_for, base, notices)))
    return node


def _media(g: Graph, article: URIRef, prop: URIRef, media: MediaObject, local: str, notices: list[Notice]) -> None:
    """An image or a video, found by its URL: where that cannot be an IRI, there is nothing to point to."""
    url = _iri(media.url, schema_term(prop), notices)
    if not url:
        return
    node = fragment_iri(article, local)
    g.add((article, prop, node))
    g.add((node, RDF.type, SCHEMA[media.kind]))
    g.add((node, SCHEMA.url, URIRef(url)))
    if media.width:
        g.add((node, SCHEMA.width, typed(str(media.width), XSD.integer)))
    if media.height:
        g.add((node, SCHEMA.height, typed(str(media.height), XSD.integer)))
    _text(g, node, SCHEMA.caption, media.caption)


def _amount(g: Graph, amount: MonetaryAmount, node: URIRef) -> URIRef:
    g.add((node, RDF.type, SCHEMA.MonetaryAmount))
    g.add((node, SCHEMA.name, Literal(amount.text)))
    g.add((node, SCHEMA.currency, Literal(amount.currency)))
    g.add((node, SCHEMA.value, typed(amount.value, XSD.decimal)))
    return node


def _quotation(g: Graph, quotation: Quotation, article: URIRef, node: URIRef, base: str,
               notices: list[Notice]) -> URIRef:
    g.add((node, RDF.type, SCHEMA.Quotation))
    g.add((node, SCHEMA.text, Literal(quotation.text)))
    g.add((node, SCHEMA.isPartOf, article))
    if quotation.speaker:
        g.add((node, SCHEMA.creator, _entity(g, quotation.speaker, base, notices)))
    return node


def _place(g: Graph, place: Place, base: str) -> URIRef:
    node = _named(g, place.kind, place.name, base)
    if place.contained_in:
        g.add((node, SCHEMA.containedInPlace, _place(g, place.contained_in, base)))
    return node


def _page(g: Graph, article: URIRef, url: URIRef | None, publisher: URIRef | None, org: Organization | None) -> None:
    """The page graph search engines read (as Yoast publishes it): the article is the main entity of a
    WebPage at its URL (`{url}#webpage`), part of the WebSite at the URL's root (`{root}#website`), which
    the publisher publishes. Only for an article with a URL: without one there is no page to describe."""
    if url is None:
        return
    parts = urlsplit(str(url))
    page = URIRef(f"{str(url).split('#', 1)[0]}#webpage")
    root = f"{parts.scheme}://{parts.netloc}/"
    site = URIRef(f"{root}#website")
    g.add((article, SCHEMA.mainEntityOfPage, page))
    g.add((page, RDF.type, SCHEMA.WebPage))
    g.add((page, SCHEMA.url, url))
    g.add((page, SCHEMA.isPartOf, site))
    g.add((site, RDF.type, SCHEMA.WebSite))
    g.add((site, SCHEMA.url, URIRef(root)))
    if org is not None and publisher is not None:
        g.add((site, SCHEMA.name, Literal(org.name)))
        g.add((site, SCHEMA.publisher, publisher))


def _organization(g: Graph, org: Organization, base: str, notices: list[Notice]) -> URIRef:
    node = _named(g, "Organization", org.name, base)
    if org.kind != "Organization":
        g.add((node, RDF.type, SCHEMA[org.kind]))  # NewsMediaOrganization beside Organization, as for articles
    _link(g, node, SCHEMA.url, org.url, notices)
    for prop, value in org.trust:
        if prop == "foundingDate":
            _date(g, node, SCHEMA.foundingDate, value)
        else:
            _link(g, node, SCHEMA[prop], value, notices)
    if org.logo and (logo := _iri(org.logo, "logo", notices)) and logo.split(":", 1)[0].lower() in ("http", "https"):
        g.add((node, SCHEMA.logo, URIRef(logo)))  # the image itself, described as an ImageObject
        g.add((URIRef(logo), RDF.type, SCHEMA.ImageObject))
        g.add((URIRef(logo), SCHEMA.url, URIRef(logo)))
    return node


def _person(g: Graph, person: Person, base: str, notices: list[Notice]) -> URIRef:
    node = _named(g, "Person", person.name, base)
    _link(g, node, SCHEMA.url, person.url, notices)
    if person.affiliation:
        g.add((node, SCHEMA.affiliation, _organization(g, person.affiliation, base, notices)))
    return node
