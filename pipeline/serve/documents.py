"""The documents `newsld serve` and `newsld site` give: an article in every format, an entity's page.

An article's documents are made from its named graph alone, by the same
functions `publish` writes its files with (`formats.FORMATS`). An entity's
document holds what the articles say of it (its name, types, jobTitle,
worksFor, sameAs, ...) and, newest first, the articles that are about it,
mention it, were written by it or quote it, `PAGE_SIZE` at a time. Queries take
the entity's IRI as a term pyoxigraph has checked (`NamedNode`), never as text.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from pyoxigraph import Literal as OxLiteral, NamedNode, RdfFormat, Triple, serialize
from rdflib import RDF, Graph, URIRef

from ..formats import FORMATS
from ..iri import CATEGORY
from ..namespaces import SCHEMA
from ..pages import ALTERNATES, ArticleView, EntityView, Listed, article_html, entity_html
from ..serialize import CONTEXT_URL, jsonld_text, search_profile, to_jsonld, to_jsonld_graph, to_nquads, to_turtle
from .source import Source

PAGE_SIZE = 50
"""Articles per page of an entity's document."""
CATEGORIES = tuple(sorted(set(CATEGORY.values())))
"""The path segments of entity IRIs: person, organization, place, product, event."""

ARTICLE_VARIANTS = ("html", "turtle", "jsonld", "ntriples", "nquads")
"""An article's formats, in order of preference when the client likes several equally (browsers: HTML)."""
ENTITY_VARIANTS = ("html", "turtle", "jsonld")


@dataclass(frozen=True)
class Document:
    """One representation: its bytes, media type, validator and date."""

    body: bytes
    media_type: str
    etag: str
    last_modified: datetime | None


@dataclass(frozen=True)
class Site:
    """Where IRIs are served: an IRI under `base` is the path after it; any other article IRI (a canonical
    URL elsewhere) is `/article?iri=...` on a server, and `/article/{its identifier}` in a static site
    (`static`: files cannot answer query strings, so pages are `{path}/page-N{suffix}` there too)."""

    base: str
    static: bool = False
    elsewhere: tuple[tuple[str, str], ...] = ()  # static only: (IRI, slug) of articles not under base

    def article_path(self, iri: str, suffix: str = "") -> str:
        if iri.startswith(f"{self.base}article/") and "?" not in iri and "#" not in iri:
            return "/" + quote(iri[len(self.base):], safe="/%") + suffix
        if self.static and (slug := dict(self.elsewhere).get(iri)):
            return f"/article/{quote(slug, safe='')}{suffix}"
        return f"/article{suffix}?iri={quote(iri, safe='')}"

    def entity_path(self, iri: str, suffix: str = "") -> str:
        return "/" + quote(iri[len(self.base):], safe="/%") + suffix if iri.startswith(self.base) else iri

    def page_path(self, path: str, suffix: str, page: int) -> str:
        """Page `page` of an entity's document (`path` without suffix)."""
        if page <= 1:
            return f"{path}{suffix}"
        return f"{path}/page-{page}{suffix}" if self.static else f"{path}{suffix}?page={page}"

    def iri(self, category: str, slug: str) -> str:
        return f"{self.base}{category}/{slug}"


def media_type(variant: str) -> str:
    kind = FORMATS[variant].media_type
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("+json") else kind


def suffix(variant: str) -> str:
    return FORMATS[variant].suffix


# ---------------------------------------------------------------- articles


def article_document(triples: frozenset[Triple], iri: str, variant: str, site: Site) -> Document:
    """The article's graph in one format; the ETag is the graph's hash (so every variant changes with it)."""
    ordered = sorted(triples, key=str)
    nquads = to_nquads(ordered, iri)
    tag = hashlib.sha256(nquads.encode("utf-8")).hexdigest()[:20]
    if variant == "nquads":
        body = nquads
    elif variant == "turtle":
        body = to_turtle(ordered)
    elif variant == "ntriples":
        body = serialize(ordered, format=RdfFormat.N_TRIPLES).decode("utf-8")
    else:
        graph = _rdflib(ordered)
        jsonld = to_jsonld(graph, URIRef(iri))
        if variant == "jsonld":
            body = jsonld_text(jsonld)
        else:
            links = {s: site.article_path(iri, s) for _, _, s in ALTERNATES}
            body = article_html(ArticleView.of(graph, URIRef(iri)), search_profile(jsonld), links)
    return Document(body.encode("utf-8"), media_type(variant), f'"{tag}-{variant}"', _article_date(triples, iri))


def _article_date(triples: frozenset[Triple], iri: str) -> datetime | None:
    """dateModified, else datePublished: when the article says it last changed."""
    dates = {t.predicate.value: t.object.value for t in triples
             if t.subject == NamedNode(iri) and t.predicate.value in (_MODIFIED, _PUBLISHED)}
    return http_date(dates.get(_MODIFIED) or dates.get(_PUBLISHED))


_MODIFIED, _PUBLISHED = str(SCHEMA.dateModified), str(SCHEMA.datePublished)


def http_date(value: str | None) -> datetime | None:
    """An ISO date or date-time as an aware datetime (midnight UTC for a day), or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _rdflib(triples: list[Triple]) -> Graph:
    graph = Graph()
    graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


# ---------------------------------------------------------------- entities

_OWN = """PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?p ?o ?name WHERE { GRAPH ?g { ENTITY ?p ?o OPTIONAL { ?o schema:name ?name } } }"""

_ARTICLES = """PREFIX schema: <http://schema.org/>
SELECT ?article (SAMPLE(?h) AS ?headline) (MAX(STR(?d)) AS ?date) (SAMPLE(?d) AS ?published)
       (GROUP_CONCAT(DISTINCT ?role; separator=" ") AS ?roles) (SAMPLE(?quote) AS ?quotation)
WHERE {
  GRAPH ?article {
    { ?article schema:about ENTITY . BIND("about" AS ?role) }
    UNION { ?article schema:mentions ENTITY . BIND("mentions" AS ?role) }
    UNION { ?article schema:author ENTITY . BIND("author" AS ?role) }
    UNION { ?article schema:contributor ENTITY . BIND("contributor" AS ?role) }
    UNION { ?quote schema:creator ENTITY ; schema:isPartOf ?article . BIND("quoted" AS ?role) }
    ?article schema:headline ?h .
    OPTIONAL { ?article schema:datePublished ?d }
  }
}
GROUP BY ?article ORDER BY DESC(MAX(STR(?d))) ?article LIMIT LIMIT_ OFFSET OFFSET_"""

_ROLE = {"about": SCHEMA.about, "mentions": SCHEMA.mentions, "author": SCHEMA.author,
         "contributor": SCHEMA.contributor}


def bind_entity(query: str, iri: str) -> str:
    """The query with the entity as a checked IRI term: `NamedNode` refuses anything that is no IRI."""
    return query.replace("ENTITY", str(NamedNode(iri)))


@dataclass(frozen=True)
class EntityData:
    """One page of what the store says of an entity."""

    iri: str
    own: list[tuple[Any, Any, Any]]  # predicate, object, the object's name (pyoxigraph terms)
    articles: list[list[Any]]  # article, headline, date, published, roles, quotation
    more: bool
    page: int
    state: str | None = None  # the store's state it was read in


def entity_data(source: Source, iri: str, page: int, state: str | None = None) -> EntityData | None:
    """The entity's triples and one page of its articles; None when the store knows nothing of it."""
    own = source.select(bind_entity(_OWN, iri)).rows
    paged = _ARTICLES.replace("LIMIT_", str(PAGE_SIZE + 1)).replace("OFFSET_", str((page - 1) * PAGE_SIZE))
    rows = source.select(bind_entity(paged, iri)).rows
    if not own and not rows:
        return None
    return EntityData(iri, [tuple(r) for r in own], rows[:PAGE_SIZE], len(rows) > PAGE_SIZE, page, state)


def entity_graph(data: EntityData) -> Graph:
    """The entity's document as a graph: its own statements, the names of what they point to, and for each
    listed article its headline, date and how it relates to the entity."""
    graph = Graph()
    graph.bind("schema", str(SCHEMA))
    entity = URIRef(data.iri)
    for predicate, obj, name in data.own:
        graph.add((entity, URIRef(predicate.value), _term(obj)))
        if name is not None:
            graph.add((_term(obj), SCHEMA.name, _term(name)))
    for article, headline, _, published, roles, quotation in data.articles:
        node = URIRef(article.value)
        graph.add((node, SCHEMA.headline, _term(headline)))
        if published is not None:
            graph.add((node, SCHEMA.datePublished, _term(published)))
        for role in roles.value.split():
            if role in _ROLE:
                graph.add((node, _ROLE[role], entity))
            elif quotation is not None:
                graph.add((_term(quotation), RDF.type, SCHEMA.Quotation))
                graph.add((_term(quotation), SCHEMA.creator, entity))
                graph.add((_term(quotation), SCHEMA.isPartOf, node))
    return graph


def _term(term: Any) -> Any:
    """A pyoxigraph term as rdflib's."""
    from rdflib import BNode, Literal

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, OxLiteral):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


def entity_document(data: EntityData, variant: str, site: Site, path: str) -> Document:
    """The entity's page in one format (`path`: where the entity is served, without suffix)."""
    graph = entity_graph(data)
    if variant == "turtle":
        body = to_turtle(sorted(_pyoxigraph(graph), key=str))
    elif variant == "jsonld":
        body = jsonld_text(to_jsonld_graph(graph))
    else:
        body = entity_html(_view(data, site, path), _profile(graph, data, site, path),
                           {s: site.page_path(path, s, data.page) for _, _, s in ALTERNATES})
    tag = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20]
    dates = [http_date(row[2].value) for row in data.articles if row[2] is not None]
    return Document(body.encode("utf-8"), media_type(variant), f'"{tag}"', max((d for d in dates if d), default=None))


def _pyoxigraph(graph: Graph) -> list[Triple]:
    from pyoxigraph import parse

    return [Triple(q.subject, q.predicate, q.object) for q in
            parse(graph.serialize(format="nt").encode("utf-8"), format=RdfFormat.N_TRIPLES)]


def _view(data: EntityData, site: Site, path: str) -> EntityView:
    own: dict[str, list[Any]] = {}
    names = {}
    for predicate, obj, name in data.own:
        own.setdefault(predicate.value, []).append(obj)
        if name is not None:
            names[obj.value] = name.value
    kinds = sorted(o.value.rsplit("/", 1)[-1] for o in own.get(str(RDF.type), []))
    return EntityView(
        name=min((o.value for o in own.get(str(SCHEMA.name), [])), default=data.iri),
        kinds=tuple(kinds),
        job_titles=tuple(sorted({o.value for o in own.get(str(SCHEMA.jobTitle), [])})),
        works_for=tuple(sorted((names.get(o.value, o.value), site.entity_path(o.value, ".html"))
                               for o in own.get(str(SCHEMA.worksFor), []))),
        same_as=tuple(sorted({o.value for o in own.get(str(SCHEMA.sameAs), [])})),
        articles=tuple(Listed(site.article_path(a.value), h.value, d.value if d is not None else None,
                              tuple(r.value.split())) for a, h, d, _, r, _ in data.articles),
        previous=site.page_path(path, ".html", data.page - 1) if data.page > 1 else None,
        next=site.page_path(path, ".html", data.page + 1) if data.more else None,
    )


def _profile(graph: Graph, data: EntityData, site: Site, path: str) -> dict[str, Any]:
    """The page's JSON-LD: a ProfilePage for a person who wrote any of the articles (as Google describes
    profile pages), else a WebPage, with the entity as its main entity."""
    entity = URIRef(data.iri)
    authored = any({"author", "contributor"} & set(row[4].value.split()) for row in data.articles)
    is_person = (entity, RDF.type, SCHEMA.Person) in graph
    main: dict[str, Any] = {"@id": data.iri}
    kinds = sorted(str(o).rsplit("/", 1)[-1] for o in graph.objects(entity, RDF.type))
    if kinds:
        main["@type"] = kinds[0] if len(kinds) == 1 else kinds
    for key in ("name", "jobTitle", "sameAs"):
        values = sorted(str(o) for o in graph.objects(entity, SCHEMA[key]))
        if values:
            main[key] = values[0] if len(values) == 1 else values
    return {"@context": CONTEXT_URL, "@type": "ProfilePage" if authored and is_person else "WebPage",
            "@id": site.base.rstrip("/") + path + ".html", "mainEntity": main}
