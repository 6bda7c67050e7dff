"""One article through every stage up to validation: what the output formats (`formats`) are made from."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from rdflib import Graph, URIRef

from .model import Article
from .serialize import jsonld_text, rdf_triples, to_jsonld, to_ntriples, to_nquads, to_trig_block, to_turtle
from .validate import Report


@dataclass
class Publication:
    """One article through every stage; serializations are made on first use."""

    article: Article
    iri: URIRef
    graph: Graph
    report: Report

    @cached_property
    def jsonld(self) -> dict[str, Any]:
        return to_jsonld(self.graph, self.iri)

    @cached_property
    def jsonld_text(self) -> str:
        return jsonld_text(self.jsonld)

    @cached_property
    def ntriples(self) -> str:
        return to_ntriples(self.graph)

    @cached_property
    def triples(self) -> list[Any]:
        """pyoxigraph's triples of the graph, parsed once for the Turtle and the N-Quads."""
        return rdf_triples(self.ntriples)

    @cached_property
    def turtle(self) -> str:
        return to_turtle(self.triples)

    @cached_property
    def nquads(self) -> str:
        return to_nquads(self.triples, str(self.iri))

    @cached_property
    def trig(self) -> str:
        """The article's block of dataset.trig."""
        return to_trig_block(self.turtle, str(self.iri))
