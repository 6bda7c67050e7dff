"""Published RDF read back for loading: an output directory, a dataset file, or one article's Turtle or JSON-LD.

Each item is one named graph (the article IRI) with its triples, as
pyoxigraph terms, the currency of the store layer.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple, parse

from ..errors import InputError

DATASET_FORMATS = {".nq": RdfFormat.N_QUADS, ".trig": RdfFormat.TRIG}
GRAPH_FORMATS = {".ttl": RdfFormat.TURTLE, ".nt": RdfFormat.N_TRIPLES, ".jsonld": None}
NEWS_ARTICLE = NamedNode("http://schema.org/NewsArticle")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class NamedGraph:
    name: str
    triples: frozenset[Triple]
    source: str


def read_published(path: str) -> Iterator[NamedGraph]:
    """The named graphs in `path`: a publish output directory (its dataset.nq), a dataset, or an article file."""
    p = Path(path)
    if p.is_dir():
        dataset = p / "dataset.nq"
        if not dataset.is_file():
            raise InputError(path, "no dataset.nq here: not a newsld output directory")
        p = dataset
    elif not p.exists():
        raise InputError(path, "no such file or directory")
    suffix = p.suffix.lower()
    if suffix in DATASET_FORMATS:
        yield from _dataset(p, DATASET_FORMATS[suffix])
    elif suffix in GRAPH_FORMATS:
        yield _article(p, GRAPH_FORMATS[suffix])
    else:
        known = ", ".join([*DATASET_FORMATS, *GRAPH_FORMATS])
        raise InputError(path, f"cannot load {suffix or 'a file without suffix'}: expected one of {known}")


def _dataset(path: Path, fmt: RdfFormat) -> Iterator[NamedGraph]:
    yield from _grouped(parse(path=path, format=fmt), str(path), fmt.name)


def graphs_from_nquads(text: str, source: str) -> Iterator[NamedGraph]:
    yield from _grouped(parse(text, format=RdfFormat.N_QUADS), source, "N-Quads")


def _grouped(quads, source: str, fmt: str) -> Iterator[NamedGraph]:
    graphs: dict[str, set[Triple]] = defaultdict(set)
    try:
        for quad in quads:
            if isinstance(quad.graph_name, DefaultGraph):
                raise InputError(source, f"triple outside any named graph ({quad.triple}): load needs one "
                                         "named graph per article")
            graphs[quad.graph_name.value].add(quad.triple)
    except SyntaxError as exc:
        raise InputError(source, f"not valid {fmt}: {exc}") from None
    for name in graphs:
        yield NamedGraph(name, frozenset(graphs[name]), source)


def _article(path: Path, fmt: RdfFormat | None) -> NamedGraph:
    try:
        if fmt is None:
            triples = {q.triple for q in parse(_jsonld_to_nquads(path), format=RdfFormat.N_QUADS)}
        else:
            triples = {q.triple for q in parse(path=path, format=fmt)}
    except SyntaxError as exc:
        raise InputError(str(path), f"not valid RDF: {exc}") from None
    articles = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == NEWS_ARTICLE}
    if len(articles) != 1 or not isinstance(next(iter(articles)), NamedNode):
        raise InputError(str(path), f"expected one NewsArticle with an IRI to name the graph, found {len(articles)}")
    return NamedGraph(next(iter(articles)).value, frozenset(triples), str(path))


def _jsonld_to_nquads(path: Path) -> str:
    """JSON-LD through PyLD with the local schema.org context: a remote context is refused, never fetched."""
    from pyld import jsonld

    from ..serialize import document_loader

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader})
    except (ValueError, jsonld.JsonLdError) as exc:
        raise SyntaxError(str(exc).splitlines()[0]) from None


def as_quads(graph: NamedGraph) -> list[Quad]:
    name = NamedNode(graph.name)
    return [Quad(t.subject, t.predicate, t.object, name) for t in graph.triples]
