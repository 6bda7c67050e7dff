"""SPARQL stores behind one small interface: the embedded Oxigraph store and any SPARQL 1.1 server.

Each article is one named graph, named by its IRI; loading replaces that
graph whole (one transaction, one Graph Store PUT, or one SPARQL Update) or
leaves the old one. Graphs new to the store go in bulk, and one by one when
the store refuses the bulk request, so that only the graphs it refuses fail.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Callable, Iterable, Protocol

from pyoxigraph import Literal, NamedNode, Quad, Triple

from ..chunks import chunks
from ..errors import InputError

BULK_CHUNK = 200
"""Graphs per bulk request: large enough to be fast, small enough to keep memory flat."""


@dataclass(frozen=True)
class NamedGraph:
    """One article's graph as the stores take it: named by the article's IRI, its triples as pyoxigraph terms."""

    name: str
    triples: frozenset[Triple]
    source: str  # where it was read from, for messages


def as_quads(graph: NamedGraph) -> list[Quad]:
    name = NamedNode(graph.name)
    return [Quad(t.subject, t.predicate, t.object, name) for t in graph.triples]


class Store(Protocol):
    """What loading and querying need from a store."""

    location: str  # for messages: a directory or an endpoint URL, never with credentials
    key: str  # the same store however it was named (a real path, an endpoint URL): what the manifest records

    def existing(self, names: list[str]) -> set[str]: ...
    def triples(self, name: str) -> set[Triple]: ...
    def replace(self, graph: NamedGraph) -> None: ...
    def add_new(self, graphs: list[NamedGraph]) -> None: ...
    def add_nquads(self, text: str) -> None: ...
    def drop(self, name: str) -> None: ...
    def query(self, sparql: str) -> QueryAnswer: ...
    def close(self) -> None: ...


@dataclass
class QueryAnswer:
    """A query's answer, whatever the store: solutions (variables and rows), a boolean, or triples."""

    variables: list[str] = field(default_factory=list)
    rows: list[list[object]] = field(default_factory=list)  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list[Triple] | None = None


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    triples: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"loaded": len(self.loaded), "replaced": len(self.replaced), "unchanged": len(self.unchanged),
                "failed": [{"graph": g, "message": m} for g, m in self.failed.items()], "triples": self.triples}


class StoreError(Exception):
    """The store could not be reached or refused a request; the message is safe to show (no credentials)."""


class StoreUnavailable(StoreError):
    """The store gave no answer: it cannot be reached, or said nothing in time. More requests now would
    only wait as long again, so a failed bulk request is not followed by one request per graph."""


def load(store: Store, graphs: Iterable[NamedGraph], progress=None) -> LoadReport:
    """Replace each graph whole; graphs the store does not have yet go in bulk; unchanged ones are left alone.
    A chunk's graphs after the store stops answering fail without a request each."""
    report = LoadReport()
    for chunk in chunks(graphs, BULK_CHUNK):
        try:
            present = store.existing([g.name for g in chunk])
        except StoreError as exc:
            report.failed.update({g.name: str(exc) for g in chunk})
            continue
        new = [g for g in chunk if g.name not in present]
        if new:
            report.failed.update(_added([g.name for g in new], lambda: store.add_new(new),
                                        lambda: _each(new, store.replace)))
            added = [g for g in new if g.name not in report.failed]
            report.loaded += [g.name for g in added]
            report.triples += sum(len(g.triples) for g in added)
        present_graphs = [g for g in chunk if g.name in present]
        report.failed.update(_each(present_graphs, partial(_replace_if_changed, store, report)))
        if progress:
            progress(len(chunk))
    return report


def _replace_if_changed(store: Store, report: LoadReport, graph: NamedGraph) -> None:
    """Replace a graph the store has, unless it is the same (then it is left alone, as `unchanged`)."""
    if same_graph(store.triples(graph.name), graph.triples):
        report.unchanged.append(graph.name)
        return
    store.replace(graph)
    report.replaced.append(graph.name)
    report.triples += len(graph.triples)


def load_nquads(store: Store, articles: dict[str, str]) -> dict[str, str]:
    """publish's way in: each article graph's N-Quad lines by graph name; the graphs that failed, with why.

    Graphs the store does not have yet go in as the text itself, in one request (the embedded store's bulk
    loader reads it without a Python object per triple); the others are parsed and go through `load`, which
    replaces each whole or leaves it alone when unchanged. An article whose text does not parse fails alone."""
    try:
        present = store.existing(list(articles))
    except StoreError as exc:
        return {name: str(exc) for name in articles}
    new = {name: text for name, text in articles.items() if name not in present}
    failed = _added(list(new), lambda: store.add_nquads("".join(new.values())),
                    lambda: _parsed_one_by_one(store, new)) if new else {}
    changed, unreadable = _parsed({name: text for name, text in articles.items() if name in present})
    return failed | unreadable | load(store, changed).failed


def _added(names: list[str], bulk: Callable[[], None], one_by_one: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The graphs that failed of those new to the store, sent in one `bulk` request. When the store refuses it
    (one graph it cannot read is enough), `one_by_one` loads them singly, so that only the graphs it refuses
    fail; not when the store gave no answer at all: each of the requests would wait as long again."""
    try:
        bulk()
        return {}
    except StoreUnavailable as exc:
        return dict.fromkeys(names, str(exc))
    except StoreError:
        return one_by_one()


def _each(graphs: list[NamedGraph], step: Callable[[NamedGraph], None]) -> dict[str, str]:
    """`step` on each graph; the graphs it failed for, with why. Once the store stops answering, the rest
    fail without a request each: every one would wait as long again."""
    failed: dict[str, str] = {}
    for position, graph in enumerate(graphs):
        try:
            step(graph)
        except StoreUnavailable as exc:
            return failed | {g.name: str(exc) for g in graphs[position:]}
        except StoreError as exc:
            failed[graph.name] = str(exc)
    return failed


def _parsed_one_by_one(store: Store, articles: dict[str, str]) -> dict[str, str]:
    """Each article's graph replaced whole on its own (a refused bulk request may have stored part of some);
    those whose text does not parse fail without a request."""
    graphs, unreadable = _parsed(articles)
    return unreadable | _each(graphs, store.replace)


def _parsed(articles: dict[str, str]) -> tuple[list[NamedGraph], dict[str, str]]:
    """Each article's graph from its N-Quads, and the articles whose text does not parse, with why."""
    from ..sources.published import graphs_from_nquads

    graphs: list[NamedGraph] = []
    unreadable: dict[str, str] = {}
    for name, text in articles.items():
        try:
            graphs += graphs_from_nquads(text, name)
        except InputError as exc:
            unreadable[name] = exc.problem
    return graphs, unreadable


_XSD = "http://www.w3.org/2001/XMLSchema#"
_VALUE = {
    _XSD + "decimal": Decimal, _XSD + "integer": int, _XSD + "double": float, _XSD + "float": float,
    _XSD + "boolean": lambda v: v.strip() in ("true", "1"), _XSD + "date": date.fromisoformat,
    _XSD + "dateTime": lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")),
}


def same_graph(a: Iterable[Triple], b: Iterable[Triple]) -> bool:
    """Equal up to the lexical forms stores canonicalise ("26000000000.0" and "26000000000" are one decimal).

    No blank nodes are ever published, so set equality is graph isomorphism.
    """
    return {_value_key(t) for t in a} == {_value_key(t) for t in b}


def _value_key(triple: Triple) -> tuple[object, object, object]:
    obj = triple.object
    if isinstance(obj, Literal) and (convert := _VALUE.get(obj.datatype.value)):
        try:
            return triple.subject, triple.predicate, (obj.datatype.value, convert(obj.value))
        except (ValueError, InvalidOperation):
            pass
    return triple.subject, triple.predicate, obj


def open_store(directory, endpoint: str | None = None, query: str | None = None, update: str | None = None,
               graph_store: str | None = None) -> Store:
    """A remote store when an endpoint is named (its derived URLs overridable one by one), else the embedded one."""
    if endpoint:
        from .remote import Endpoints, RemoteStore

        return RemoteStore(Endpoints.derive(endpoint, query=query, update=update, graph_store=graph_store))
    from .embedded import EmbeddedStore

    return EmbeddedStore(directory)
