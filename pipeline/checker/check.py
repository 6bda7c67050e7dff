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
from collections import deque
from functools import lru_cache

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from ..errors import InputError
from ..namespaces import SCHEMA, SH
from ..sources.web import Allow, public_only
from ..validate import ShaclResult, load_shapes, shacl_report, shacl_results, shapes_dir
from .findings import RULE, SEVERITIES, Finding
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
    """What reading found and what each layer's shapes find in the page's graph, worst first."""
    findings = list(page.findings)
    if len(page.graph):
        labels = labels or NodeLabels(page.graph)
        for layer in layers:
            shapes = layer_shapes(layer)
            findings += [_finding(result, shapes, labels, layer)
                         for result in shacl_results(shacl_report(page.graph, shapes))]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(set(findings), key=lambda f: (order[f.severity], f.node or "", f.path or "", f.rule, f.message,
                                                f.value or ""))


def items(graph: Graph, labels: NodeLabels | None = None) -> list[tuple[str, list[str]]]:
    """The page's items as search engines count them: typed schema.org nodes that no other node points to
    (or that have an IRI of their own), with their types."""
    labels = labels or NodeLabels(graph)
    found = []
    for node in sorted(set(graph.subjects(RDF.type, None)), key=str):
        types = sorted(_local(t) for t in graph.objects(node, RDF.type) if str(t).startswith(str(SCHEMA)))
        if types and (isinstance(node, URIRef) or next(graph.subjects(None, node), None) is None):
            found.append((labels.label(node), types))
    return found


class NodeLabels:
    """A node as a reader finds it: its IRI, or for a blank node the way to it from an item, such as
    `NewsArticle > author[1]` (values of a property in a stable order, counted from 1)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._labels: dict[object, str] = {}

    def label(self, node: object) -> str:
        if not isinstance(node, BNode):
            return str(node)
        if node not in self._labels:
            self._labels[node] = self._path(node)
        return self._labels[node]

    def _path(self, node: BNode) -> str:
        """Breadth-first up the incoming edges to the nearest node with an IRI or with no parent."""
        steps: dict[object, tuple[object, str] | None] = {node: None}
        queue = deque([node])
        while queue:
            current = queue.popleft()
            parents = sorted(self.graph.subject_predicates(current), key=lambda sp: (str(sp[1]), str(sp[0])))
            if isinstance(current, URIRef) or not parents:
                return " > ".join([self._name(current), *self._down(current, steps)])
            for parent, predicate in parents:
                if parent not in steps:
                    steps[parent] = (current, f"{_local(predicate)}[{self._position(parent, predicate, current)}]")
                    queue.append(parent)
        return "_:" + str(node)  # a cycle of blank nodes only

    @staticmethod
    def _down(start: object, steps: dict) -> list[str]:
        """The steps from the item down to the node (`steps[parent]` is the child it was reached from)."""
        path, current = [], start
        while (link := steps.get(current)) is not None:
            current, step = link
            path.append(step)
        return path

    def _position(self, parent: object, predicate: URIRef, value: object) -> int:
        values = sorted(self.graph.objects(parent, predicate), key=lambda v: (isinstance(v, BNode), str(v)))
        return values.index(value) + 1

    def _name(self, node: object) -> str:
        if isinstance(node, URIRef):
            return str(node)
        types = sorted(_local(t) for t in self.graph.objects(node, RDF.type))
        return "/".join(types) if types else "(untyped node)"


def _finding(result: ShaclResult, shapes: Graph, labels: NodeLabels, layer: str) -> Finding:
    shape, path, value, message = result.shape, result.path, result.value, result.message
    rule = _rule(shape, shapes, path, layer)
    if rule in _UNKNOWN_TERM_RULES:
        term = value if rule == "schemaorg/unknown-type" else path
        if term is not None and (closest := vocabulary.closest_term(str(term))):
            message += f"; did you mean {closest}?"
    see = shapes.value(shape, RDFS.seeAlso) if shape is not None else None
    if see is None and isinstance(path, URIRef) and str(path).startswith(str(SCHEMA)):
        see = URIRef(f"https://schema.org/{_local(path)}")
    return Finding(
        severity=_SEVERITY.get(result.severity, "error"),
        rule=rule,
        message=message,
        node=labels.label(result.focus),
        path=labels.graph.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else None,
        value=_value(value, labels),
        see=str(see) if see is not None else None,
    )


def _rule(shape, shapes: Graph, path, layer: str) -> str:
    """The rule's id: the shape's name in the rule namespace; newsld's own shapes are named by their node
    shape and property (`newsld/NewsArticleShape/headline`)."""
    if isinstance(shape, URIRef) and str(shape).startswith(str(RULE)):
        return str(shape)[len(str(RULE)):]
    owner = next(shapes.subjects(SH.property, shape), shape) if shape is not None else None
    name = _local(owner) if isinstance(owner, URIRef) else "shape"
    return f"{layer}/{name}" + (f"/{_local(path)}" if isinstance(path, URIRef) else "")


def _value(value, labels: NodeLabels) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        text = str(value)
        return text if len(text) <= 120 else text[:117] + "..."
    return labels.label(value)


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


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
