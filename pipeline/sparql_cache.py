"""Parsed SPARQL kept per query text: rdflib parses and translates a query string on every call, and
pyshacl sends the same few SPARQL constraints and targets for every page (10-200 ms a parse).

`install()` wraps rdflib's `SPARQLProcessor.query` once per process so that a string query is
parsed and translated once (rdflib's own `prepareQuery`, whose result is made to be evaluated many
times) and evaluated from then on. Results are the same; only the parsing is skipped.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery

    @lru_cache(maxsize=512)
    def prepared(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
        return prepareQuery(text, initNs=dict(namespaces), base=base)

    original = SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 - rdflib's names
        if isinstance(strOrQuery, str):
            try:
                key = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            except TypeError:
                return original(self, strOrQuery, initBindings, initNs, base, DEBUG)
            strOrQuery = prepared(strOrQuery, base, key)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    _installed = True
