"""`Article` to an rdflib `Graph` in schema.org terms, IRIs minted by `iri`.

No blank nodes: entities get shared IRIs, article-local nodes fragment IRIs,
so graphs compare, replace and embed cleanly.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .iri import article_iri, entity_iri, fragment_iri, is_iri
from .model import Article, Entity, MediaObject, MonetaryAmount, Organization, Person, Place, Quotation
from .namespaces import SCHEMA

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("schema", SCHEMA, replace=True)
    graph.bind("xsd", XSD)
    return graph


def article_node(article: Article, base: str) -> URIRef:
    return article_iri(base, article.slug, article.id)


def to_graph(article: Article, base: str) -> Graph:
    """The article's own named graph: the NewsArticle and every node it points to."""
    g = new_graph()
    node = article_node(article, base)
    g.add((node, RDF.type, SCHEMA.NewsArticle))
    _text(g, node, SCHEMA.headline, article.headline)
    _date(g, node, SCHEMA.datePublished, article.date_published)
    _date(g, node, SCHEMA.dateModified, article.date_modified)
    _text(g, node, SCHEMA.dateline, article.dateline)
    _text(g, node, SCHEMA.articleBody, article.body or None)
    g.add((node, SCHEMA.wordCount, Literal(article.word_count)))
    _text(g, node, SCHEMA.inLanguage, article.language)
    _text(g, node, SCHEMA.articleSection, article.section)
    _text(g, node, SCHEMA.identifier, article.id if article.id and not article.url else article.slug)
    if article.url:
        _link(g, node, SCHEMA.url, article.url)
    _text(g, node, SCHEMA.description, article.description)
    if article.keywords:
        g.add((node, SCHEMA.keywords, Literal(", ".join(article.keywords))))
    if article.image:
        g.add((node, SCHEMA.image, _media(g, article.image, fragment_iri(node, "image"))))
    if article.location:
        g.add((node, SCHEMA.locationCreated, _place(g, article.location, base)))
    for prop, people in ((SCHEMA.author, article.authors), (SCHEMA.contributor, article.contributors),
                         (SCHEMA.editor, article.editors)):
        for person in people:
            g.add((node, prop, _person(g, person, base)))
    for org in article.source_organizations:
        g.add((node, SCHEMA.sourceOrganization, _organization(g, org, base)))
    if article.publisher:
        g.add((node, SCHEMA.publisher, _organization(g, article.publisher, base)))
    for number, media in enumerate(article.media, start=1):
        g.add((node, SCHEMA.associatedMedia, _media(g, media, fragment_iri(node, f"{media.kind.lower()}-{number}"))))
    amounts = [a for a in (*article.about, *article.mentions) if isinstance(a, MonetaryAmount)]
    for prop, things in ((SCHEMA.about, article.about), (SCHEMA.mentions, article.mentions)):
        for thing in things:
            if isinstance(thing, MonetaryAmount):
                g.add((node, prop, _amount(g, thing, fragment_iri(node, f"amount-{amounts.index(thing) + 1}"))))
            else:
                g.add((node, prop, _entity(g, thing, base)))
    for number, quotation in enumerate(article.quotations, start=1):
        g.add((node, SCHEMA.hasPart, _quotation(g, quotation, node, fragment_iri(node, f"quote-{number}"), base)))
    return g


def date_literal(value: str) -> Literal:
    """xsd:date or xsd:dateTime when the text is one; otherwise a plain string, which the shapes reject."""
    try:
        if _DATE.fullmatch(value):
            date.fromisoformat(value)
            return Literal(value, datatype=XSD.date)
        if _DATETIME.fullmatch(value):
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            return Literal(value, datatype=XSD.dateTime)
    except ValueError:
        pass
    return Literal(value)


def _link(g: Graph, node: URIRef, prop: URIRef, value: str | None) -> None:
    """A link the input gave, kept only when it is a well-formed IRI (a page's markup can hold anything)."""
    if value and is_iri(value):
        g.add((node, prop, URIRef(value)))


def _text(g: Graph, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value:
        g.add((node, prop, Literal(value)))


def _date(g: Graph, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value:
        g.add((node, prop, date_literal(value)))


def _named(g: Graph, kind: str, name: str, base: str, iri: str | None = None) -> URIRef:
    """A shared entity node: its type and name are repeated in every article graph that mentions it."""
    node = URIRef(iri) if iri else entity_iri(base, kind, name)
    g.add((node, RDF.type, SCHEMA[kind]))
    g.add((node, SCHEMA.name, Literal(name)))
    return node


def _entity(g: Graph, entity: Entity, base: str) -> URIRef:
    node = _named(g, entity.kind, entity.name, base, entity.iri)
    for same in entity.same_as:
        _link(g, node, SCHEMA.sameAs, same)
    _text(g, node, SCHEMA.jobTitle, entity.job_title)
    if entity.works_for:
        g.add((node, SCHEMA.worksFor, _entity(g, entity.works_for, base)))
    return node


def _media(g: Graph, media: MediaObject, node: URIRef) -> URIRef:
    g.add((node, RDF.type, SCHEMA[media.kind]))
    _link(g, node, SCHEMA.url, media.url)
    if media.width:
        g.add((node, SCHEMA.width, Literal(media.width)))
    if media.height:
        g.add((node, SCHEMA.height, Literal(media.height)))
    return node


def _amount(g: Graph, amount: MonetaryAmount, node: URIRef) -> URIRef:
    g.add((node, RDF.type, SCHEMA.MonetaryAmount))
    g.add((node, SCHEMA.name, Literal(amount.text)))
    g.add((node, SCHEMA.currency, Literal(amount.currency)))
    g.add((node, SCHEMA.value, Literal(amount.value, datatype=XSD.decimal)))
    return node


def _quotation(g: Graph, quotation: Quotation, article: URIRef, node: URIRef, base: str) -> URIRef:
    g.add((node, RDF.type, SCHEMA.Quotation))
    g.add((node, SCHEMA.text, Literal(quotation.text)))
    g.add((node, SCHEMA.isPartOf, article))
    if quotation.speaker:
        g.add((node, SCHEMA.creator, _entity(g, quotation.speaker, base)))
    return node


def _place(g: Graph, place: Place, base: str) -> URIRef:
    node = _named(g, place.kind, place.name, base)
    if place.contained_in:
        g.add((node, SCHEMA.containedInPlace, _place(g, place.contained_in, base)))
    return node


def _organization(g: Graph, org: Organization, base: str) -> URIRef:
    node = _named(g, "Organization", org.name, base)
    _link(g, node, SCHEMA.url, org.url)
    _link(g, node, SCHEMA.logo, org.logo)
    return node


def _person(g: Graph, person: Person, base: str) -> URIRef:
    node = _named(g, "Person", person.name, base)
    _link(g, node, SCHEMA.url, person.url)
    if person.affiliation:
        g.add((node, SCHEMA.affiliation, _organization(g, person.affiliation, base)))
    return node
