"""What `newsld serve` reads: the embedded store (through `StoreReader`) or any SPARQL 1.1 server.

Both answer the same three questions, so the documents never know which one they
came from: an article's graph, a SELECT, and the store's state (`state`: the same
state, the same data, so documents may be kept; `None` when a remote store cannot
tell, and every request asks it again).
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pyoxigraph import NamedNode, Triple

from ..store import QueryAnswer, StoreError
from ..store.embedded import answer_of, generation
from ..store.reader import StoreReader


class Source(Protocol):
    location: str

    def state(self) -> str | None: ...
    def last_state(self) -> str | None: ...
    def graph(self, iri: str) -> frozenset[Triple]: ...
    def select(self, sparql: str) -> QueryAnswer: ...


class EmbeddedSource:
    """The embedded store, read between publishes (`store.reader`)."""

    def __init__(self, directory: Path) -> None:
        self.reader = StoreReader(directory)
        self.location = str(directory)

    def state(self) -> str:
        return "%x-%x" % generation(self.reader.directory)

    def last_state(self) -> str | None:
        """The state last read, while a writer holds the store: documents made from it are still whole."""
        last = self.reader.last_generation
        return "%x-%x" % last if last else None

    def graph(self, iri: str) -> frozenset[Triple]:
        with self.reader.reading() as (store, _):
            return frozenset(q.triple for q in store.quads_for_pattern(None, None, None, NamedNode(iri)))

    def select(self, sparql: str) -> QueryAnswer:
        with self.reader.reading() as (store, _):
            try:
                return answer_of(store.query(sparql))
            except (SyntaxError, OSError) as exc:
                raise StoreError(f"{self.location}: {exc}") from None


class EndpointSource:
    """A SPARQL 1.1 server, through the same remote store `load` writes to."""

    def __init__(self, store) -> None:
        self.store = store
        self.location = store.location

    def state(self) -> None:
        return None

    def last_state(self) -> None:
        return None

    def graph(self, iri: str) -> frozenset[Triple]:
        return frozenset(self.store.triples(iri))

    def select(self, sparql: str) -> QueryAnswer:
        return self.store.query(sparql)
