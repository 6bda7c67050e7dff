"""SHACL validation with pyshacl against every Turtle file in `shapes/`, parsed and prepared once per process."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef

from .model import Notice
from .namespaces import SCHEMA

SH = Namespace("http://www.w3.org/ns/shacl#")
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One finding: which node, which property, what is wrong and how much it matters."""

    severity: str  # "Violation" | "Warning" | "Info"
    node: str
    path: str | None
    message: str
    value: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"severity": self.severity, "node": self.node, "path": self.path,
                "message": self.message, "value": self.value}


@dataclass(frozen=True)
class Report:
    results: tuple[Result, ...]

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0


def shapes_dir() -> Path:
    """`shapes/` beside the package in a checkout; the copy inside the package in an installed wheel."""
    packaged = resources.files("pipeline") / "shapes"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "shapes"


@lru_cache(maxsize=4)
def load_shapes(directory: Path | None = None) -> Graph:
    shapes = Graph()
    for path in sorted((directory or shapes_dir()).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def validate(graph: Graph, article: URIRef, notices: tuple[Notice, ...] | list[Notice] = (),
             shapes: Graph | None = None) -> Report:
    """Shape results, worst first, followed by what extraction noticed about `article`."""
    report_graph = _shacl_report(graph, shapes if shapes is not None else load_shapes())
    return _report(report_graph, graph, article, notices)


# pyshacl.validate() as this module calls it; `_PreparedShapes` must stay equivalent to it.
_SHACL_OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": True, "allow_infos": True}


class _PreparedShapes:
    """One pyshacl `Validator` kept per shapes graph, so the shapes are read (shapes harvested,
    SHACL-AF targets gathered) once per process instead of once per article.

    pyshacl keeps no per-data-graph state in its `ShapesGraph` or `Shape`s (constraint components
    are built afresh on every evaluation); what a run leaves on the `Validator` (the cloned target
    graph, the data graph, in-place and pre-inference flags) is reset before each run. The data graph
    is still cloned per run (advanced mode), as pyshacl.validate() does, so the caller's graph is
    never touched. A lock keeps two threads from swapping data graphs under each other.
    """

    def __init__(self, shapes: Graph):
        from pyshacl.entrypoints import make_default_logger
        from pyshacl.monkey import apply_patches
        from pyshacl.validator import Validator, assign_baked_in

        apply_patches()
        assign_baked_in()
        self._lock = threading.Lock()
        self._shapes = shapes
        # An empty stand-in data graph: every run swaps in the article's graph first.
        options = dict(_SHACL_OPTIONS, inplace=False, logger=make_default_logger(name="pyshacl-validate"))
        self._validator = Validator(_data_graph(Graph()), shacl_graph=shapes, options=options)
        self._size = len(shapes)  # after pyshacl added its system triples to the shapes graph

    def is_for(self, shapes: Graph) -> bool:
        return shapes is self._shapes and len(shapes) == self._size

    def report_graph(self, graph: Graph) -> Graph:
        from pyshacl.entrypoints import make_default_logger

        data = _data_graph(graph)
        with self._lock:
            v = self._validator
            # as pyshacl.validate() does per call: a fresh handler on its logger, on today's stderr
            make_default_logger(name="pyshacl-validate")
            v.data_graph = data
            v.data_graph_is_multigraph = data.is_multigraph()
            v._target_graph = None  # else run() would validate the previous article's clone again
            v.inplace = bool(v.options["inplace"])
            v.pre_inferenced = False
            try:
                _, report_graph, _ = v.run()
            finally:
                v.data_graph = v._target_graph = None  # hold no article past its validation
        return report_graph


_prepared: list[_PreparedShapes] = []  # most recently used last; a few shapes graphs at most
_prepared_lock = threading.Lock()


def _prepared_shapes(shapes: Graph) -> _PreparedShapes:
    with _prepared_lock:
        for i, prepared in enumerate(_prepared):
            if prepared.is_for(shapes):
                _prepared.append(_prepared.pop(i))
                return prepared
        prepared = _PreparedShapes(shapes)
        _prepared[:] = [p for p in _prepared if p._shapes is not shapes][-3:] + [prepared]
        return prepared


def _data_graph(graph: Graph):
    from pyshacl.graph_abstraction import DataGraph

    return graph if isinstance(graph, DataGraph) else DataGraph.from_rdflib(graph)


def _shacl_report(graph: Graph, shapes: Graph) -> Graph:
    """pyshacl's report graph for `graph`, as pyshacl.validate(graph, shacl_graph=shapes, **_SHACL_OPTIONS)."""
    return _prepared_shapes(shapes).report_graph(graph)


def _report(report_graph: Graph, graph: Graph, article: URIRef, notices) -> Report:
    nested = set(report_graph.objects(None, SH.detail))  # pyshacl's inner result of a failed sh:node: shown once, by its parent
    results = [_result(report_graph, r, graph) for r in report_graph.subjects(RDF.type, SH.ValidationResult)
               if r not in nested]
    results += [Result(n.severity, str(article), _compact(SCHEMA[n.path], graph), n.message) for n in notices]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return Report(tuple(sorted(set(results), key=lambda r: (order[r.severity], r.node, r.path or "", r.message))))


def _result(report: Graph, node, data: Graph) -> Result:
    severity = report.value(node, SH.resultSeverity)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    message = report.value(node, SH.resultMessage)
    return Result(
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        node=str(report.value(node, SH.focusNode)),
        path=_compact(path, data) if isinstance(path, URIRef) else None,
        message=str(message) if message else "constraint not met",
        value=str(value) if value is not None else None,
    )


def _compact(iri: URIRef, graph: Graph) -> str:
    return graph.namespace_manager.normalizeUri(iri)
