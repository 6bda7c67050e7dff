"""SHACL validation with pyshacl against every Turtle file in `shapes/`, parsed once per process."""
from __future__ import annotations

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
    from pyshacl import validate as shacl_validate  # heavy: imported only by commands that validate

    _, report_graph, _ = shacl_validate(
        graph, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", advanced=True, allow_warnings=True, allow_infos=True,
    )
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
