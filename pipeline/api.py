"""The pipeline as a library: one call from text to graph, JSON-LD, Turtle and report, without touching the disk.

    >>> from pipeline import publish_text
    >>> pub = publish_text("date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.")
    >>> pub.report.conforms, pub.jsonld["dateline"]
    (True, 'TOKYO')
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from .config import Config
from .extract import extract
from .extract.annotate import BATCH_SIZE, annotate
from .iri import slugify
from .mapping import article_node, to_graph
from .model import Article, Document, RawFile
from .profile import stage
from .errors import InputError
from .formats import ARTICLE_FILES, article_documents
from .outcome import ArticleOutcome, Status
from .publication import Publication
from .repair import validated
from .sources import parse_raw, read_input, read_text


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
    annotate(articles, config.models, config.language, config.authority, config.limits.entities)  # NER, entities
    for article in articles:
        with stage("map"):
            graph = to_graph(article, config.base)
            iri = article_node(article, config.base)
        with stage("validate"):
            report = validated(graph, iri, article.notices, config.validator)
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


def render_documents(items: list[Document | RawFile], config: Config,
                     formats: tuple[str, ...] = ARTICLE_FILES) -> list[ArticleOutcome]:
    """Read (what is still raw), publish and serialize a batch, in input order: the per-batch unit of work
    of a run, the same in the main process, a process pool or a Dask worker (one batch in, its outcomes out)."""
    read = [_parsed(item, config) for item in items]
    rendered = iter(_render([r for r in read if isinstance(r, Document)], config, formats))
    return [next(rendered) if isinstance(r, Document) else r for r in read]


def _parsed(item: Document | RawFile, config: Config) -> Document | ArticleOutcome:
    if isinstance(item, Document):
        return item
    with stage("read"):
        try:
            return parse_raw(item, config.limits)
        except InputError as exc:
            return ArticleOutcome.failed(item.name, exc.problem)


def _render(documents: list[Document], config: Config, formats: tuple[str, ...]) -> Iterator[ArticleOutcome]:
    for pub in publish_documents(documents, config):
        outcome = ArticleOutcome(pub.article.source, Status.INVALID, pub.article.slug, str(pub.iri), len(pub.graph),
                                 pub.report.results)
        if not pub.report.conforms:
            yield outcome
            continue
        with stage("serialize"):
            yield replace(outcome, status=Status.PUBLISHED, documents=article_documents(pub, formats),
                          nquads=pub.nquads, trig=pub.trig)
