"""The page's nodes as a reader meets them: its items, a name for each node, and a node value as the page wrote it.

An item is a typed schema.org node that no other node points to (a page whose NewsArticle points to its author
and publisher has one item). Nodes that only point to each other in a ring nothing else points into (an article
and its quotations, linked by `hasPart` and `isPartOf`; a WebPage whose `mainEntity` is the article naming it as
`mainEntityOfPage`) would leave no item at all: such a ring is one item, its typed node with the most statements
(one with an IRI first, where two have as many).
"""
from __future__ import annotations

import json
from collections import defaultdict, deque
from typing import Iterator

from rdflib import RDF, BNode, Graph, Literal, URIRef

from ..namespaces import SCHEMA

NAMING = (SCHEMA.name, SCHEMA.headline, SCHEMA.url, SCHEMA.contentUrl)
"""The properties that tell a blank node from its neighbours, the first one it has shown beside its type."""
MAX_VALUE = 120  # characters of a value in a finding


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
                    steps[parent] = (current, f"{local(predicate)}[{self._position(parent, predicate, current)}]")
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
        types = sorted(local(t) for t in self.graph.objects(node, RDF.type))
        return "/".join(types) if types else "(untyped node)"


def items(graph: Graph, labels: NodeLabels | None = None) -> list[tuple[str, list[str]]]:
    """The page's items (see the module's docstring) with their schema.org types, by label."""
    labels = labels or NodeLabels(graph)
    children: dict[object, set] = defaultdict(set)
    pointed: set = set()
    nodes: set = set()
    for subject, predicate, value in graph:
        nodes.add(subject)
        if predicate != RDF.type and not isinstance(value, Literal):
            nodes.add(value)
            if value != subject:
                children[subject].add(value)
                pointed.add(value)
    tops = nodes - pointed
    reached, queue = set(tops), deque(tops)
    while queue:
        for child in children[queue.popleft()] - reached:
            reached.add(child)
            queue.append(child)
    for ring in _source_rings(nodes - reached, children):
        typed = [n for n in ring if _types(graph, n)]
        if typed:
            tops.add(min(typed, key=lambda n: (-len(list(graph.predicate_objects(n))), not isinstance(n, URIRef),
                                               labels.label(n))))
    found = [(labels.label(n), types) for n in tops if (types := _types(graph, n))]
    return sorted(found)


def _types(graph: Graph, node: object) -> list[str]:
    return sorted(local(t) for t in graph.objects(node, RDF.type) if str(t).startswith(str(SCHEMA)))


def _source_rings(nodes: set, children: dict[object, set]) -> list[set]:
    """The strongly connected components of `nodes` that no other component points into (Tarjan's
    algorithm, iterative: a page may chain thousands of nodes)."""
    index: dict[object, int] = {}
    low: dict[object, int] = {}
    stack: list = []
    on_stack: set = set()
    components: list[set] = []

    def enter(node: object) -> tuple[object, Iterator]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, iter(sorted(children[node] & nodes, key=str))

    for start in sorted(nodes, key=str):
        if start in index:
            continue
        work = [enter(start)]
        while work:
            node, pending = work[-1]
            for child in pending:
                if child not in index:
                    work.append(enter(child))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while (member := stack.pop()) != node:
                        on_stack.discard(member)
                        component.add(member)
                    on_stack.discard(node)
                    components.append(component | {node})
    owner = {n: i for i, component in enumerate(components) for n in component}
    entered = {owner[child] for n in nodes for child in children[n] & nodes if owner[child] != owner[n]}
    return [c for i, c in enumerate(components) if i not in entered]


def describe(value: object, graph: Graph) -> str:
    """A value as the page wrote it: a literal's text, an IRI, or a blank node as a JSON object with its
    type and the first `NAMING` property it has (`{"@type": "Person", "name": "Jane Doe"}`), else its first
    property holding text; at most `MAX_VALUE` characters."""
    if isinstance(value, BNode):
        node: dict[str, object] = {}
        types = sorted(local(t) for t in graph.objects(value, RDF.type))
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        named = [(p, graph.value(value, p)) for p in NAMING if (value, p, None) in graph][:1]
        if not named:  # no naming property: the first that holds text, so the node can be found in the page
            named = sorted(((p, o) for p, o in graph.predicate_objects(value)
                            if p != RDF.type and isinstance(o, Literal)), key=lambda po: (local(po[0]), str(po[1])))[:1]
        node.update((local(p), str(o)) for p, o in named)
        text = json.dumps(node, ensure_ascii=False)
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 3] + "..."


def local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text
