"""The pipeline as a library: one call from text to graph, JSON-LD, Turtle and report, without touching the disk.

    >>> from pipeline import publish_text
    >>> pub = publish_text("date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.")
    >>> pub.report.conforms, pub.jsonld["dateline"]
    (True, 'TOKYO')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Iterator

from rdflib import Graph, URIRef

from .config import Config
from .extract import extract
from .extract.annotate import BATCH_SIZE, annotate
from .iri import slugify
from .mapping import article_node, to_graph
from .model import Article, Document, RawFile
from .profile import stage
from .serialize import jsonld_text, rdf_triples, to_jsonld, to_ntriples, to_nquads, to_trig_block, to_turtle
from .errors import InputError
from .sources import parse_raw, read_input, read_text
from .repair import validated
from .validate import Report


@dataclass
class Publication:
    """One article through every stage; serializations are made on first use."""

    article: Article
    iri: URIRef
    graph: Graph
    report: Report

    @cached_property
    def jsonld(self) -> dict[str, Any]:
        return to_jsonld(self.graph, self.iri)

    @cached_property
    def jsonld_text(self) -> str:
        return jsonld_text(self.jsonld)

    @cached_property
    def ntriples(self) -> str:
        return to_ntriples(self.graph)

    @cached_property
    def triples(self) -> list[Any]:
        """pyoxigraph's triples of the graph, parsed once for the Turtle and the N-Quads."""
        return rdf_triples(self.ntriples)

    @cached_property
    def turtle(self) -> str:
        return to_turtle(self.triples)

    @cached_property
    def nquads(self) -> str:
        return to_nquads(self.triples, str(self.iri))


def publish_documents(documents: Iterable[Document], config: Config | None = None,
                      batch_size: int = BATCH_SIZE) -> Iterator[Publication]:
    """extract -> annotate -> map -> validate (and repair), in batches so that NER runs through `nlp.pipe`."""
    config = config or Config()
    batch: list[Article] = []
    for document in documents:
        with stage("extract"):
            batch.append(extract(document, config))
        if len(batch) == batch_size:
            yield from _finish(batch, config)
            batch = []
    yield from _finish(batch, config)


def _finish(articles: list[Article], config: Config) -> Iterator[Publication]:
    with stage("annotate (NER)"):
        annotate(articles, config)
    for article in articles:
        with stage("map"):
            graph = to_graph(article, config.base)
            iri = article_node(article, config.base)
        with stage("validate"):
            report = validated(graph, iri, article.notices)
        yield Publication(article, iri, graph, report)


def publish_document(document: Document, config: Config | None = None) -> Publication:
    """One read document through every stage."""
    return next(publish_documents([document], config))


def publish_text(text: str | bytes, config: Config | None = None, name: str = "-", slug: str | None = None) -> Publication:
    """A story given as text; `slug` (default: from `name`) names its IRI when the story has no own id."""
    return publish_document(read_text(text, name=name, slug=slug or slugify(name if name != "-" else "stdin")), config)


def publish_file(path: str, config: Config | None = None) -> Publication:
    """A story or a page on disk, or a URL (`-` for standard input); a feed gives its first entry."""
    for item in read_input(path):
        if isinstance(item, InputError):
            raise item
        return publish_document(item, config)
    raise InputError(path, "nothing to publish")


@dataclass(frozen=True)
class Rendered:
    """One article as text, ready to write: what a worker process sends back (picklable, no graphs).
    An input that could not be read comes back with its `error` and nothing else."""

    source: str
    slug: str = ""
    iri: str = ""
    conforms: bool = False
    record: dict[str, Any] = field(default_factory=dict)
    turtle: str = ""
    jsonld: str = ""
    html: str | None = None
    nquads: str = ""
    trig: str = ""
    error: str | None = None


def render_documents(items: list[Document | RawFile], config: Config, write_html: bool = False) -> list[Rendered]:
    """Read (what is still raw), publish and serialize a batch, in input order: the per-batch unit of work
    of a run, the same in the main process, a process pool or a Dask worker."""
    read = [_parsed(item, config) for item in items]
    rendered = iter(_render([r for r in read if isinstance(r, Document)], config, write_html))
    return [next(rendered) if isinstance(r, Document) else r for r in read]


def _parsed(item: Document | RawFile, config: Config) -> Document | Rendered:
    if isinstance(item, Document):
        return item
    with stage("read"):
        try:
            return parse_raw(item, config.limits)
        except InputError as exc:
            return Rendered(item.name, error=exc.problem)


def _render(documents: list[Document], config: Config, write_html: bool) -> Iterator[Rendered]:
    for pub in publish_documents(documents, config):
        record = {"triples": len(pub.graph), "violations": pub.report.count("Violation"),
                  "warnings": pub.report.count("Warning"), "infos": pub.report.count("Info"),
                  "results": [r.as_dict() for r in pub.report.results]}
        base = dict(source=pub.article.source, slug=pub.article.slug, iri=str(pub.iri), record=record)
        if not pub.report.conforms:
            yield Rendered(conforms=False, **base)
            continue
        with stage("serialize"):
            html = None
            if write_html:
                from .embed import article_page

                html = article_page(pub)
            yield Rendered(conforms=True, turtle=pub.turtle, jsonld=pub.jsonld_text, html=html,
                           nquads=pub.nquads, trig=to_trig_block(pub.turtle, str(pub.iri)), **base)
