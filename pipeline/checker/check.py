"""The checker's shape layers: each page's graph through pyshacl, the results as `Finding`s.

| layer | shapes | what it says |
| --- | --- | --- |
| `schemaorg` | `shapes/validate/schemaorg.ttl`, generated from the vocabulary | unknown terms, ranges, domains |
| `search` | `shapes/validate/search.ttl` | what search engines recommend for articles |
| `newsld` | `shapes/*.ttl`, the shapes `publish` uses | newsld's own policy |

Shapes are parsed and prepared once per process (`validate.shacl_report`).
"""
from __future__ import annotations

import time
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

from ..errors import InputError
from ..namespaces import SCHEMA, SH
from ..sources.web import Allow, public_only
from ..validate import ShaclResult, load_shapes, shacl_report, shacl_results, shapes_dir
from .findings import RULE, SEVERITIES, Finding
from .nodes import NodeLabels, describe, items, local
from .read import MAX_BYTES, Page, read_page
from .report import PageResult
from . import vocabulary

LAYERS = ("schemaorg", "search", "newsld")
DEFAULT_LAYERS = ("schemaorg", "search")
"""newsld's policy asks more than schema.org and search engines do (typed dates, a dateline, ...): it is for
pages made to that policy, so it runs when asked for."""
_SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
_UNKNOWN_TERM_RULES = {"schemaorg/unknown-type", "schemaorg/unknown-property"}


@lru_cache(maxsize=None)
def layer_shapes(layer: str) -> Graph:
    if layer == "newsld":
        return load_shapes()
    if layer == "schemaorg":
        return vocabulary.shapes()
    shapes = Graph()
    shapes.parse(shapes_dir() / "validate" / f"{layer}.ttl", format="turtle")
    return shapes


def check(page: Page, layers: tuple[str, ...] = DEFAULT_LAYERS, labels: NodeLabels | None = None) -> list[Finding]:
    """What reading found and what each layer's shapes find in the page's graph, worst first. Results are told
    apart by the nodes and values themselves: two authors the page wrote alike are two findings."""
    findings = list(dict.fromkeys(page.findings))
    if len(page.graph):
        labels = labels or NodeLabels(page.graph)
        for layer in layers:
            shapes = layer_shapes(layer)
            placed = {key: finding for result in shacl_results(shacl_report(page.graph, shapes))
                      for key, finding in _findings(result, shapes, labels, layer)}
            findings += placed.values()
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.node or "", f.path or "", f.rule, f.message,
                                           f.value or ""))


def _findings(result: ShaclResult, shapes: Graph, labels: NodeLabels, layer: str) -> list[tuple[tuple, Finding]]:
    """One finding per place the result's value sits: the node holding it and the property it is the value of.
    A result on a path of several steps or alternatives (`author/name`, `datePublished|dateModified`) is
    placed by finding the value in the page; where it cannot be (no value), the path is named as a whole.
    Each comes with its key: the rule, message, node, property and value as terms of the page's graph."""
    shape, path, value, message = result.shape, result.path, result.value, result.message
    rule = _rule(shape, shapes, path, layer)
    if rule in _UNKNOWN_TERM_RULES:
        term = value if rule == "schemaorg/unknown-type" else path
        if term is not None and (closest := vocabulary.closest_term(str(term))):
            message += f"; did you mean {closest}?"
    graph = labels.graph
    places: list[tuple[object, object]] = [(result.focus, path)]
    if not isinstance(path, URIRef) and shape is not None:
        sequences = _sequences(shapes.value(shape, SH.path), shapes)
        found = _places(graph, result.focus, value, sequences) if sequences and value is not None else []
        places = found or [(result.focus, _path_text(sequences, graph) if sequences else None)]
    return [((rule, message, node, predicate, value), _finding(rule, message, result, shapes, labels, node, predicate))
            for node, predicate in places]


def _finding(rule: str, message: str, result: ShaclResult, shapes: Graph, labels: NodeLabels, node,
             predicate) -> Finding:
    see = shapes.value(result.shape, RDFS.seeAlso) if result.shape is not None else None
    if see is None and isinstance(predicate, URIRef) and str(predicate).startswith(str(SCHEMA)):
        see = URIRef(f"https://schema.org/{local(predicate)}")
    return Finding(
        severity=_SEVERITY.get(result.severity, "error"),
        rule=rule,
        message=message,
        node=labels.label(node),
        path=labels.graph.namespace_manager.normalizeUri(predicate) if isinstance(predicate, URIRef) else predicate,
        value=describe(result.value, labels.graph) if result.value is not None else None,
        see=str(see) if see is not None else None,
    )


def _sequences(path, shapes: Graph) -> list[tuple[URIRef, ...]] | None:
    """A SHACL path as the predicate sequences it follows: `p`, a sequence `( p q )`, `[ sh:alternativePath
    ( ... ) ]` of those; None for the other kinds (inverse, zero-or-more, ...), which the checker's shapes
    do not use."""
    if isinstance(path, URIRef):
        return [(path,)]
    if path is None:
        return None
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        found: list[tuple[URIRef, ...]] = []
        for member in Collection(shapes, alternatives):
            if (sequences := _sequences(member, shapes)) is None:
                return None
            found += sequences
        return found
    if (path, RDF.first, None) in shapes:
        found = [()]
        for member in Collection(shapes, path):
            if (sequences := _sequences(member, shapes)) is None:
                return None
            found = [a + b for a in found for b in sequences]
        return found
    return None


def _places(graph: Graph, focus, value, sequences: list[tuple[URIRef, ...]]) -> list[tuple[object, URIRef]]:
    """(node, property) for each way `value` is reached from `focus` along `sequences`."""
    found = []
    for sequence in sequences:
        holders = {focus}
        for predicate in sequence[:-1]:
            holders = {o for h in holders for o in graph.objects(h, predicate)}
        found += [(h, sequence[-1]) for h in sorted(holders, key=str) if (h, sequence[-1], value) in graph]
    return list(dict.fromkeys(found))


def _path_text(sequences: list[tuple[URIRef, ...]], graph: Graph) -> str:
    """`schema:author/schema:name|schema:author`, as SPARQL writes a path."""
    name = graph.namespace_manager.normalizeUri
    return "|".join("/".join(name(p) for p in sequence) for sequence in sequences)


def _rule(shape, shapes: Graph, path, layer: str) -> str:
    """The rule's id: the shape's name in the rule namespace; newsld's own shapes are named by their node
    shape and property (`newsld/NewsArticleShape/headline`)."""
    if isinstance(shape, URIRef) and str(shape).startswith(str(RULE)):
        return str(shape)[len(str(RULE)):]
    owner = next(shapes.subjects(SH.property, shape), shape) if shape is not None else None
    name = local(owner) if isinstance(owner, URIRef) else "shape"
    return f"{layer}/{name}" + (f"/{local(path)}" if isinstance(path, URIRef) else "")


def check_input(argument: str, layers: tuple[str, ...] = DEFAULT_LAYERS, max_bytes: int | None = None,
                allow: Allow = public_only) -> PageResult:
    """One file, page or URL (fetched from the addresses `allow` accepts) read and checked; what cannot be read
    at all comes back `unreadable`, with why."""
    started = time.perf_counter()
    try:
        page = read_page(argument, max_bytes or MAX_BYTES, allow)
    except InputError as exc:
        return PageResult(argument, unreadable=exc.problem, seconds=time.perf_counter() - started)
    labels = NodeLabels(page.graph)  # one set of node names for the items and the findings
    return PageResult(argument, items=items(page.graph, labels), syntaxes=page.syntaxes,
                      findings=check(page, layers, labels),
                      seconds=time.perf_counter() - started)
