"""Publish what can be published: a shape violation outside what an article cannot exist without is repaired.

A page's own markup is the publisher's evidence, not a contract, and extraction can be wrong too: an
organisation given two names, an image without a url, a bad modification date must not cost the whole
article. Validation runs; every Violation outside `ESSENTIAL` is repaired where the repair is certain (a
second name becomes an `alternateName`) and otherwise left out (the value, or the node and every link to
it), each with a Warning that says what went and why; then validation runs again on what is left. Only a
violation of the headline, the publication date or the body (or one no repair removes) keeps the article
from being written. `newsld validate` checks a page as it is and repairs nothing.
"""
from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from .model import Notice
from .namespaces import SCHEMA, SH, schema_term
from .validate import Report, ShaclResult, load_shapes, report_of, validation_results

ESSENTIAL = frozenset({SCHEMA.headline, SCHEMA.datePublished, SCHEMA.articleBody})
"""The article's own properties whose violation keeps it from being published."""
ROUNDS = 3
"""Repair and validate again at most this many times: a repair can bring out a violation it hid."""


def validated(graph: Graph, article: URIRef, notices: list[Notice], validator: str = "pyshacl") -> Report:
    """The report of `graph` once repaired (in place); the repairs join `notices` as Warnings. `validator` names
    the engine (`config.VALIDATORS`)."""
    shapes = load_shapes()
    results = validation_results(graph, shapes, validator)
    for _ in range(ROUNDS):
        repairs = repair(graph, article, results)
        if not repairs:
            break
        notices.extend(repairs)
        results = validation_results(graph, shapes, validator)
    return report_of(results, graph, article, notices)


def repair(graph: Graph, article: URIRef, results: list[ShaclResult]) -> list[Notice]:
    """Each repairable Violation of `results` (a report's, `shacl_results`) repaired in `graph`; what was done,
    as Warnings."""
    done: list[Notice] = []
    for result in sorted(results, key=_order):
        if result.severity != SH.Violation:
            continue
        focus, path, value, message = result.focus, result.path, result.value, result.message
        if (focus, None, None) not in graph:
            continue  # gone with a node dropped before
        too_many = result.component == SH.MaxCountConstraintComponent
        if focus == article and (not isinstance(path, URIRef) or path in ESSENTIAL):
            continue  # what the article cannot exist without: the violation stands
        if too_many and isinstance(path, URIRef):
            done += _one_value(graph, focus, path, message)
        elif isinstance(path, URIRef) and (focus == article or path != SCHEMA.name):
            done += _without_values(graph, focus, path, value, message) or _without_node(graph, article, focus, message)
        else:
            done += _without_node(graph, article, focus, message)  # no usable name, or a whole node refused
    if done:
        _keep_reachable(graph, article)
    return done


def _order(result: ShaclResult) -> tuple[str, ...]:
    """Results in the order of what they say, not of their blank nodes' ids (random, and each engine's own): the
    first of two results dropping one node words its Warning, the same on every run and with either engine."""
    return tuple(str(term or "") for term in (result.focus, result.path, result.value, result.component,
                                              result.message))


def _without_values(graph: Graph, node: Node, path: URIRef, value: Node | None, message: str) -> list[Notice]:
    """The offending values of one property (an author's bad url, the article's bad dateModified); none when the
    property has no value to take away (a value that is missing)."""
    values = [value] if value is not None and (node, path, value) in graph else list(graph.objects(node, path))
    where = schema_term(path) if node == _root(graph) else schema_term(_link(graph, node))
    owner = "" if node == _root(graph) else f"{_shown(graph, node)}: "
    for each in values:
        graph.remove((node, path, each))
    return [Notice("Warning", where, f"{owner}{schema_term(path)} {_shown(graph, each)} left out: {message}")
            for each in values]


def _root(graph: Graph) -> Node | None:
    """The article: the one NewsArticle of an article's graph."""
    return next(iter(graph.subjects(RDF.type, SCHEMA.NewsArticle)), None)


def _one_value(graph: Graph, node: Node, path: URIRef, message: str) -> list[Notice]:
    """The value sorted first kept; the others of a name become alternate names, of anything else go."""
    kept, *others = sorted(graph.objects(node, path))
    for other in others:
        graph.remove((node, path, other))
        if path == SCHEMA.name:
            graph.add((node, SCHEMA.alternateName, other))
    what = "kept as alternateName" if path == SCHEMA.name else "left out"
    where = schema_term(path) if node == _root(graph) else schema_term(_link(graph, node))
    return [Notice("Warning", where, f"{_shown(graph, node)}: {', '.join(repr(str(o)) for o in others)} {what} "
                                     f"({message})")]


def _without_node(graph: Graph, article: URIRef, node: Node, message: str) -> list[Notice]:
    notice = Notice("Warning", schema_term(_link(graph, node)), f"{_shown(graph, node)} left out: {message}")
    for subject, predicate in list(graph.subject_predicates(node)):
        graph.remove((subject, predicate, node))
    graph.remove((node, None, None))
    return [notice]


def _keep_reachable(graph: Graph, article: URIRef) -> None:
    """Nodes only a dropped node led to go with it: an article's graph is what its article points to."""
    reached, todo = {article}, [article]
    while todo:
        for value in graph.objects(todo.pop(), None):
            if isinstance(value, URIRef) and value not in reached and (value, None, None) in graph:
                reached.add(value)
                todo.append(value)
    for subject in set(graph.subjects()) - reached:
        graph.remove((subject, None, None))


def _link(graph: Graph, node: Node) -> URIRef:
    """The property by which `node` hangs in the article (schema:mentions when nothing points to it)."""
    return next((p for p in graph.predicates(None, node) if isinstance(p, URIRef)), SCHEMA.mentions)


def _shown(graph: Graph, node: Node) -> str:
    """A node as a reader knows it: its type and name, else its value."""
    if isinstance(node, Literal):
        return repr(str(node))
    kind = graph.value(node, RDF.type)
    name = graph.value(node, SCHEMA.name)
    kind_name = str(kind).removeprefix(str(SCHEMA)) if kind is not None else "node"
    return f"{kind_name} {str(name)!r}" if name is not None else f"{kind_name} <{node}>"

