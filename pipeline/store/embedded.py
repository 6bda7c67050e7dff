"""The embedded store: pyoxigraph on a directory, nothing to install or start."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Store as OxStore, Triple, serialize

from ..sources.published import NamedGraph, as_quads
from . import QueryAnswer, StoreError


class EmbeddedStore:
    def __init__(self, directory: Path) -> None:
        self.location = str(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._store = OxStore(str(directory))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                message = "the store is open in another process (another newsld load or query?)"
            raise StoreError(f"{directory}: cannot open the embedded store: {message}") from None

    def existing(self, names: list[str]) -> set[str]:
        return {n for n in names if self._store.contains_named_graph(NamedNode(n))}

    def triples(self, name: str) -> set[Triple]:
        return {q.triple for q in self._store.quads_for_pattern(None, None, None, NamedNode(name))}

    def replace(self, graph: NamedGraph) -> None:
        """One SPARQL Update, so one transaction: the old graph or the new one, never a mix."""
        name = str(NamedNode(graph.name))  # validated IRI in <...>
        body = serialize([t for t in graph.triples], format=RdfFormat.N_TRIPLES).decode("utf-8")
        try:
            self._store.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}")
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.location}: {exc}") from None

    def add_new(self, graphs: list[NamedGraph]) -> None:
        """pyoxigraph's bulk loader: the fast path for graphs the store does not have yet."""
        try:
            self._store.bulk_extend(q for g in graphs for q in as_quads(g))
        except OSError as exc:
            raise StoreError(f"{self.location}: {exc}") from None

    def query(self, sparql: str) -> QueryAnswer:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise StoreError(f"query is not valid SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.location}: {exc}") from None
        return answer_of(result)

    def close(self) -> None:
        self._store.flush()
        del self._store


def answer_of(result: object) -> QueryAnswer:
    """pyoxigraph's result objects (from its store or its results parser) as a `QueryAnswer`."""
    if isinstance(result, QueryBoolean):
        return QueryAnswer(boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        return QueryAnswer(variables=variables, rows=[[row[v] for v in variables] for row in result])
    return QueryAnswer(triples=list(result))
