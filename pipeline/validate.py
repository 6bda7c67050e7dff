"""SHACL validation against every Turtle file in `shapes/`, parsed and prepared once per process.

pyshacl is the reference engine. pyshacl-turbo (`pip install 'newsld[fast]'`), a Rust engine with pyshacl's
API, gives the same results five times faster; tests/test_validator_contract.py holds it to pyshacl's report,
result by result. Publish uses it where it is installed (`engine`, `config.VALIDATORS`); `newsld validate` and the
functions here default to pyshacl.
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import RDF, RDFS, BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory, SimpleMemory
from rdflib.term import Node

from .config import VALIDATORS
from .model import Notice
from .namespaces import SCHEMA, SH

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
    # Besides the files' own prefixes only the core ones are bound: pyshacl copies the shapes graph's
    # prefixes into every report graph it makes.
    shapes = Graph(store=_ShapesStore(), bind_namespaces="core")
    for path in sorted((directory or shapes_dir()).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


class _ShapesStore(SimpleMemory):
    """rdflib's SimpleMemory store, counting its triples.

    pyshacl reads the shapes graph thousands of times per article, and SimpleMemory, which keeps no
    named graphs, answers those reads faster than rdflib's default store. It counts its triples one by
    one, though, and `_PreparedShapes.is_for` asks for the count on every validation: this keeps it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._count = 0

    def add(self, triple, context, quoted=False) -> None:
        if next(self.triples(triple, context), None) is None:
            self._count += 1
        super().add(triple, context, quoted)

    def remove(self, triple_pattern, context=None) -> None:
        self._count -= sum(1 for _ in self.triples(triple_pattern, context))
        super().remove(triple_pattern, context)

    def __len__(self, context=None) -> int:
        return self._count


AUTO_TURBO = True
"""Whether auto picks pyshacl-turbo where it is installed: only while the contract test finds no difference
between its results and pyshacl's (on every dev-corpus article and on generated graphs)."""


def turbo_installed() -> bool:
    return importlib.util.find_spec("pyshacl_turbo") is not None


def engine(validator: str = "auto") -> str:
    """The engine a `--validator` choice runs: "pyshacl" or "turbo"."""
    if validator not in VALIDATORS:
        raise ValueError(f"validator must be one of {', '.join(VALIDATORS)}, got {validator!r}")
    if validator == "auto":
        return "turbo" if AUTO_TURBO and turbo_installed() else "pyshacl"
    return validator


def validate(graph: Graph, article: URIRef, notices: tuple[Notice, ...] | list[Notice] = (),
             shapes: Graph | None = None, validator: str = "pyshacl") -> Report:
    """Shape results, worst first, followed by what extraction noticed about `article`."""
    results = validation_results(graph, shapes if shapes is not None else load_shapes(), validator)
    return report_of(results, graph, article, notices)


# pyshacl.validate() as this module calls it; `_PreparedShapes` must stay equivalent to it.
_SHACL_OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": True, "allow_infos": True,
                  "max_validation_depth": 50}
"""pyshacl's default depth (15) is too shallow for Yoast-style @graph pages, whose nodes nest through
each other; 50 lets them validate and still stops a cycle."""


class _PreparedShapes:
    """One pyshacl `Validator` kept per shapes graph, so the shapes are read (shapes harvested,
    SHACL-AF targets gathered) once per process instead of once per article.

    pyshacl keeps no per-data-graph state in its `ShapesGraph` or `Shape`s (constraint components
    are built afresh on every evaluation); what a run leaves on the `Validator` (the target graph,
    the data graph, in-place and pre-inference flags) is reset before each run. A lock keeps two
    threads from swapping data graphs under each other.

    The caller's graph is never modified. pyshacl.validate() works on a clone of it (in advanced mode
    because SHACL rules may add triples). Where the shapes have no rules and the graph is a plain
    in-memory rdflib graph, the triples are read in place through a `_ReadOnlyView` instead, and the
    run follows a `_RunPlan`; otherwise the graph is cloned and run as pyshacl.validate() does.
    """

    def __init__(self, shapes: Graph):
        from pyshacl.entrypoints import make_default_logger
        from pyshacl.monkey import apply_patches
        from pyshacl.validator import Validator, assign_baked_in

        apply_patches()
        assign_baked_in()
        _constraint_lookup_by_hash()
        self._lock = threading.Lock()
        self._shapes = shapes
        # An empty stand-in data graph: every run swaps in the article's graph first.
        options = dict(_SHACL_OPTIONS, inplace=False, logger=make_default_logger(name="pyshacl-validate"))
        self._validator = Validator(_data_graph(Graph()), shacl_graph=shapes, options=options)
        rules = (None, SH.rule, None) in shapes  # SHACL-AF rules add triples to the data graph
        self._plan = None if rules else _RunPlan.of(self._validator)
        self._size = len(shapes)  # after pyshacl added its system triples to the shapes graph

    def is_for(self, shapes: Graph) -> bool:
        return shapes is self._shapes and len(shapes) == self._size

    def report_graph(self, graph: Graph) -> Graph:
        from pyshacl.entrypoints import make_default_logger

        view = _ReadOnlyView.of(graph) if self._plan is not None else None
        data = _data_graph(view if view is not None else graph)
        with self._lock:
            v = self._validator
            # as pyshacl.validate() does per call: a fresh handler on its logger, on today's stderr
            make_default_logger(name="pyshacl-validate")
            v.data_graph = data
            v.data_graph_is_multigraph = data.is_multigraph()
            v._target_graph = None  # else run() would validate the previous article's graph again
            v.inplace = bool(v.options["inplace"])
            v.pre_inferenced = False
            try:
                if view is not None:
                    report_graph = self._plan.run(v, data)
                else:
                    _, report_graph, _ = v.run()
            finally:
                v.data_graph = v._target_graph = None  # hold no article past its validation
        return report_graph

    def results(self, graph: Graph) -> list[ShaclResult]:
        return list(shacl_results(self.report_graph(graph)))


class _TurboShapes:
    """pyshacl-turbo's program for one shapes graph, compiled once per process with the options pyshacl runs with
    (`_SHACL_OPTIONS`). The program is a copy of the shapes, so a shapes graph that has changed since (pyshacl
    adds two triples of its own when it prepares one) is compiled again. Its runs share no state: no lock."""

    def __init__(self, shapes: Graph):
        from pyshacl_turbo import __version__, compile_shapes

        self._shapes = shapes
        self._size = len(shapes)
        self._program = compile_shapes(shapes, advanced=_SHACL_OPTIONS["advanced"])
        self._direct = __version__ == DIRECT_TURBO

    def is_for(self, shapes: Graph) -> bool:
        return shapes is self._shapes and len(shapes) == self._size

    def report_graph(self, graph: Graph) -> Graph:
        options = {k: v for k, v in _SHACL_OPTIONS.items() if k not in ("inference", "advanced")}
        _, report_graph, _ = self._program.validate(graph, **options)  # inference "none" is its default
        return report_graph

    def results(self, graph: Graph) -> list[ShaclResult]:
        """`shacl_results(self.report_graph(graph))`, read from the engine's own output (its terms and quads):
        building the report graph in rdflib, triple by triple with its prefixes bound, cost as much again as
        validating. This reads the layout of the pinned release (`DIRECT_TURBO`); any other goes through the
        report graph. tests/test_validator_contract.py holds the two ways equal."""
        from pyshacl_turbo import _emit_recursion_warnings
        from pyshacl_turbo.rdf import input_graph

        if not self._direct:
            return list(shacl_results(self.report_graph(graph)))
        data = input_graph(graph, direct=True)  # as CompiledShapes.validate does with an rdflib graph
        _, report, _, _, recursion = self._program._native.validate(
            data.source, data.format, data.base, False, 100, _SHACL_OPTIONS["max_validation_depth"], False,
            _SHACL_OPTIONS["allow_infos"], _SHACL_OPTIONS["allow_warnings"], False, [], [],
            [(prefix, str(namespace)) for prefix, namespace in data.namespaces.items()])
        _emit_recursion_warnings(recursion)
        return _native_results(report, {**self._program._blank_nodes, **data.blank_nodes})


DIRECT_TURBO = "0.6.5"
"""The pyshacl-turbo release whose output `_TurboShapes.results` reads directly (pyproject pins it)."""


def _native_results(report: tuple[list, list], blank_nodes: dict[str, BNode]) -> list[ShaclResult]:
    """The top-level results of pyshacl-turbo's report as it leaves the engine: records of terms (kind, text,
    datatype, language) and quads of record indices. A term is made as its report graph would have it."""
    records, quads = report

    def term(index: int) -> Node:
        kind, text, datatype, language = records[index]
        if kind == 0:
            return URIRef(text)
        if kind == 1:
            return blank_nodes.get(text) or BNode(text)
        return Literal(text, language, URIRef(datatype) if datatype else None, normalize=False)

    first: dict[int, dict[str, int]] = {}  # subject -> predicate -> its first value, as Graph.value gives
    messages: dict[int, list[str]] = {}
    results: dict[int, None] = {}
    nested: set[int] = set()
    for subject, predicate, value, _ in quads:
        name = records[predicate][1]
        first.setdefault(subject, {}).setdefault(name, value)
        if name == _MESSAGE:
            messages.setdefault(subject, []).append(records[value][1])
        elif name == _DETAIL:
            nested.add(value)
        elif name == _TYPE and records[value][:2] == (0, _VALIDATION_RESULT):
            results[subject] = None
    found = []
    for subject in results:
        if subject in nested:
            continue
        fields = {URIRef(name): term(index) for name, index in first[subject].items() if name in _RESULT_FIELDS}
        found.append(_result_of(fields, messages.get(subject, ())))
    return found


_DETAIL, _MESSAGE, _TYPE = str(SH.detail), str(SH.resultMessage), str(RDF.type)
_VALIDATION_RESULT = str(SH.ValidationResult)
_RESULT_FIELDS = frozenset(map(str, (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape,
                                     SH.sourceConstraintComponent)))


class _ConstraintParameters(list):
    """pyshacl's list of constraint parameters (sh:minCount, sh:pattern, ...), answering `in` by hash.

    Every evaluation of every shape asks, for each of the shape's predicates, whether it is in this
    list: some thirty equality tests each, a third of what validating an article cost. The list stays
    a list for pyshacl, which copies and extends it in advanced mode.
    """

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def copy(self) -> _ConstraintParameters:
        return _ConstraintParameters(self)

    def append(self, item) -> None:
        super().append(item)
        self._members = self._members | {item}

    def __contains__(self, item) -> bool:
        return item in self._members


def _constraint_lookup_by_hash() -> None:
    """Hand pyshacl's shape module the constraint parameters as `_ConstraintParameters` (it caches the
    list on itself on first use); a pyshacl laid out otherwise is left as it is."""
    try:
        from pyshacl import shape
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:
        return
    shape.CONSTRAINT_PARAMS = (_ConstraintParameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


class _RunPlan:
    """What Validator.run() does with a graph read in place, skipping the shapes that cannot apply.

    run() evaluates every shape of the shapes graph, also those that only serve inside others (in
    sh:node, sh:or, sh:qualifiedValueShape, ...) and those whose target class or property the graph
    lacks: such a shape finds no focus node and reports nothing. The plan reads each shape's targets
    once and, per graph, evaluates in run()'s order only the shapes that may find focus nodes. It
    exists only for shapes graphs where run() would do nothing else: no SHACL rules, functions or
    custom target types (with advanced=True, inference "none", no ontology graph).
    """

    def __init__(self, shapes: list):
        # (shape, None: always evaluated | (target classes, sh:targetSubjectsOf, sh:targetObjectsOf))
        self.shapes = shapes

    @classmethod
    def of(cls, validator) -> _RunPlan | None:
        """The plan for the validator's shapes graph, or None where run() must do the run."""
        try:
            from pyshacl.functions import gather_functions
            from pyshacl.target import gather_target_types

            sg = validator.shacl_graph
            if gather_target_types(sg) or gather_functions(validator.make_executor(), sg):
                return None
            planned = []
            for shape in sg.shapes:  # harvests the shapes, as run() does on its first call
                shape.set_advanced(True)  # as run() does in advanced mode
                nodes, classes, implicit_classes, objects_of, subjects_of = map(list, shape.target())
                if nodes or (shape.node, SH.target, None) in sg.graph:
                    planned.append((shape, None))
                elif classes or implicit_classes or subjects_of or objects_of:
                    planned.append((shape, (frozenset(classes + implicit_classes), frozenset(subjects_of),
                                            frozenset(objects_of))))
            return cls(planned)
        except (ImportError, AttributeError, TypeError, ValueError):  # a pyshacl unlike 0.40: run() runs
            return None

    def run(self, validator, data) -> Graph:
        executor = validator.make_executor()
        # a class's targets include the instances of its subclasses: with subclasses stated, evaluate them all
        subclasses = next(data.subjects(RDFS.subClassOf, None), None) is not None
        found: dict = {}

        def has_instances(cls) -> bool:
            if cls not in found:
                found[cls] = subclasses or next(data.subjects(RDF.type, cls), None) is not None
            return found[cls]

        def uses(predicate) -> bool:
            if predicate not in found:
                found[predicate] = next(data.subject_objects(predicate), None) is not None
            return found[predicate]

        conforms, results = True, []
        for shape, targets in self.shapes:
            if targets is not None:
                classes, subjects_of, objects_of = targets
                if not (any(map(has_instances, classes)) or any(map(uses, subjects_of)) or any(map(uses, objects_of))):
                    continue
            shape_conforms, shape_results = shape.validate(executor, data)
            conforms = conforms and shape_conforms
            results.extend(shape_results)
        report_graph, _ = validator.create_validation_report(validator.shacl_graph, conforms, results)
        return report_graph


class _ReadOnlyView(Graph):
    """The caller's graph as pyshacl's clone of it would read, without copying a triple.

    Triples are read through the caller's graph itself. The namespace manager is a fresh one, set up
    as pyshacl's clone_graph() sets up the clone's: pyshacl binds `sh` in it when it writes a result,
    and SPARQL queries default to its prefixes. Writing triples through the view is refused.

    SPARQL query strings (SHACL-AF targets, SPARQL constraints) are parsed once per process: rdflib
    would parse and translate the same string again on every run.
    """

    @classmethod
    def of(cls, graph: Graph) -> _ReadOnlyView | None:
        """A view of `graph`, or None where pyshacl is left to clone it (datasets, other stores)."""
        if not isinstance(graph, Graph) or isinstance(graph, (ConjunctiveGraph, Dataset)):
            return None  # pyshacl's own DataGraph is a Dataset too
        if not isinstance(graph.store, (Memory, SimpleMemory)):
            return None
        return cls(graph)

    def __init__(self, graph: Graph):
        namespaces = Graph(bind_namespaces="core").namespace_manager
        for prefix, namespace in graph.namespace_manager.namespaces():
            namespaces.bind(prefix, namespace, override=True, replace=True)
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=namespaces,
                         base=graph.base)
        self._graph = graph

    # Reads: through the caller's graph object, which rdflib's store then remembers as the reader of
    # its triples, as it would after any read of the caller's own.
    def triples(self, triple):
        return self._graph.triples(triple)

    def triples_choices(self, triple, context=None):
        return self._graph.triples_choices(triple, context)

    def __len__(self) -> int:
        return len(self._graph)

    def add(self, triple):
        raise TypeError("validation must not change the graph it validates")

    def addN(self, quads):  # noqa: N802
        raise TypeError("validation must not change the graph it validates")

    def remove(self, triple):
        raise TypeError("validation must not change the graph it validates")

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and processor == "sparql":
            initNs = initNs or dict(self.namespaces())  # noqa: N806  (as Graph.query defaults them)
            try:
                query_object = _parsed_query(query_object, kwargs.get("base"), tuple(sorted(initNs.items())))
            except TypeError:  # namespaces that cannot be a cache key: parsed as rdflib does
                pass
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@lru_cache(maxsize=256)
def _parsed_query(text: str, base: str | None, namespaces: tuple):
    """The query rdflib's SPARQL processor would make of `text` (parsed and translated), made once."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces))


_prepared: list[_PreparedShapes | _TurboShapes] = []  # most recently used last; a few shapes graphs at most
_prepared_lock = threading.Lock()


def _prepared_shapes(shapes: Graph, kind: type = _PreparedShapes):
    """`shapes` prepared for one engine (`_PreparedShapes`: pyshacl, `_TurboShapes`: pyshacl-turbo)."""
    with _prepared_lock:
        for i, prepared in enumerate(_prepared):
            if type(prepared) is kind and prepared.is_for(shapes):
                _prepared.append(_prepared.pop(i))
                return prepared
        prepared = kind(shapes)
        _prepared[:] = [p for p in _prepared if p._shapes is not shapes or type(p) is not kind][-3:] + [prepared]
        return prepared


def _data_graph(graph: Graph):
    from pyshacl.graph_abstraction import DataGraph

    return graph if isinstance(graph, DataGraph) else DataGraph.from_rdflib(graph)


def shacl_report(graph: Graph, shapes: Graph, validator: str = "pyshacl") -> Graph:
    """pyshacl's report graph for `graph`, as pyshacl.validate(graph, shacl_graph=shapes, **_SHACL_OPTIONS), made
    by the engine `validator` names (`config.VALIDATORS`)."""
    return _engine_shapes(shapes, validator).report_graph(graph)


def validation_results(graph: Graph, shapes: Graph, validator: str = "pyshacl") -> list[ShaclResult]:
    """`shacl_results(shacl_report(graph, shapes, validator))`: what publishing reads of a report, made without
    the report graph where the engine allows."""
    return _engine_shapes(shapes, validator).results(graph)


def _engine_shapes(shapes: Graph, validator: str) -> _PreparedShapes | _TurboShapes:
    return _prepared_shapes(shapes, _TurboShapes if engine(validator) == "turbo" else _PreparedShapes)


@dataclass(frozen=True)
class ShaclResult:
    """One sh:ValidationResult of a report graph, its terms as pyshacl gave them: what publish's `Result`
    and the checker's `Finding` are each made of."""

    focus: Node | None
    path: Node | None
    value: Node | None
    message: str
    severity: Node | None  # sh:Violation, sh:Warning, sh:Info (or a shape's own severity)
    shape: Node | None  # sh:sourceShape
    component: Node | None = None  # sh:sourceConstraintComponent (sh:MaxCountConstraintComponent, ...)


def shacl_results(report_graph: Graph) -> Iterator[ShaclResult]:
    """Each result of pyshacl's report graph but the inner results of a failed sh:node, shown once, by their parent."""
    nested = set(report_graph.objects(None, SH.detail))
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        if node not in nested:
            yield _shacl_result(report_graph, node)


def _shacl_result(report_graph: Graph, node: Node) -> ShaclResult:
    fields: dict = {}
    messages = []
    for p, o in report_graph.predicate_objects(node):  # one pass over the result, not one lookup per field
        fields.setdefault(p, o)  # the first, as report_graph.value(node, p) gives
        if p == SH.resultMessage:
            messages.append(str(o))
    return _result_of(fields, messages)


def _result_of(fields: dict[Node, Node], messages: Iterable[str]) -> ShaclResult:
    """A result from its first value of each property and all its messages, of which it says the least: a shape
    may give several (one a language), which an engine reports in no fixed order, and a report read twice must
    say the same."""
    return ShaclResult(focus=fields.get(SH.focusNode), path=fields.get(SH.resultPath), value=fields.get(SH.value),
                       message=min((m for m in messages if m), default="constraint not met"),
                       severity=fields.get(SH.resultSeverity), shape=fields.get(SH.sourceShape),
                       component=fields.get(SH.sourceConstraintComponent))


def report_of(shacl: Iterable[ShaclResult], graph: Graph, article: URIRef, notices) -> Report:
    """A report's results (`shacl_results`) as a `Report`: worst first, then what extraction noticed about
    `article`."""
    compact: dict = {}  # a path's prefixed name, worked out once per report
    results = {_result(r, graph, compact) for r in shacl}
    results.update(Result(n.severity, str(article), _compact(SCHEMA[n.path], graph), n.message) for n in notices)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return Report(tuple(sorted(results, key=lambda r: (order[r.severity], r.node, r.path or "", r.message,
                                                       r.value or ""))))


def _result(result: ShaclResult, data: Graph, compact: dict) -> Result:
    path = result.path
    if isinstance(path, URIRef) and path not in compact:
        compact[path] = _compact(path, data)
    return Result(
        severity=str(result.severity).rsplit("#", 1)[-1] if result.severity else "Violation",
        node=str(result.focus),
        path=compact[path] if isinstance(path, URIRef) else None,
        message=result.message,
        value=str(result.value) if result.value is not None else None,
    )


def _compact(iri: URIRef, graph: Graph) -> str:
    return graph.namespace_manager.normalizeUri(iri)
