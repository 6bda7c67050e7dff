"""What the validation tests compare: pyshacl run fresh, exactly as `pipeline.validate` asks it to, and a
report graph's results without their blank node ids."""
from __future__ import annotations

from collections import Counter

import pyshacl
from rdflib import RDF, Graph, URIRef

from pipeline.namespaces import SH
from pipeline.validate import _SHACL_OPTIONS, load_shapes


def fresh_report_graph(graph: Graph, shapes: Graph | None = None) -> Graph:
    """Uncached: pyshacl builds its validator and reads the shapes anew, with newsld's options, and looks its
    constraint parameters up in its own plain list."""
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    shapes = shapes if shapes is not None else load_shapes()
    kept = vars(shape).get("CONSTRAINT_PARAMS")
    shape.CONSTRAINT_PARAMS = (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    try:
        _, report_graph, _ = pyshacl.validate(graph, shacl_graph=shapes, **_SHACL_OPTIONS)
    finally:
        if kept is None:
            del shape.CONSTRAINT_PARAMS
        else:
            shape.CONSTRAINT_PARAMS = kept
    return report_graph


def raw_results(report_graph: Graph) -> Counter:
    """Every result pyshacl reported, nested sh:detail ones included, with its component, its shape (when named)
    and how many details it has."""
    nested = set(report_graph.objects(None, SH.detail))

    def key(r):
        shape = report_graph.value(r, SH.sourceShape)
        return (str(report_graph.value(r, SH.focusNode)), str(report_graph.value(r, SH.resultPath)),
                str(report_graph.value(r, SH.value)), str(report_graph.value(r, SH.resultSeverity)),
                str(report_graph.value(r, SH.sourceConstraintComponent)),
                str(shape) if isinstance(shape, URIRef) else "_",
                tuple(sorted(map(str, report_graph.objects(r, SH.resultMessage)))), r in nested,
                len(list(report_graph.objects(r, SH.detail))))

    return Counter(key(r) for r in report_graph.subjects(RDF.type, SH.ValidationResult))


def findings(graph: Graph, article: URIRef) -> set[tuple[str, str, str | None]]:
    """What `validate` reports, as (severity, node, property) triples."""
    from pipeline.validate import validate

    return {(r.severity, r.node, r.path) for r in validate(graph, article).results}


def violation(node: URIRef, prop: str | None) -> tuple[str, str, str | None]:
    return ("Violation", str(node), f"schema:{prop}" if prop else None)


def warning(node: URIRef, prop: str) -> tuple[str, str, str]:
    return ("Warning", str(node), f"schema:{prop}")
