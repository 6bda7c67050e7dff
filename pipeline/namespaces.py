"""The one schema.org namespace object; every schema.org term in the code goes through it. And SHACL's, `SH`.

`http://schema.org/` because that is what `"@context": "https://schema.org"` resolves to,
so Turtle and embedded JSON-LD are one graph (rdflib's own `SDO` is the https namespace).
"""
from functools import lru_cache

from rdflib import Namespace, URIRef


class TermNamespace(Namespace):
    """rdflib's `Namespace`, each term made once: `SCHEMA.name` builds and checks a new `URIRef` at every
    access, and an article's mapping, JSON-LD and repair name a hundred terms (0.2 ms an article)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)  # AttributeError for Python's special names, as rdflib's
        self.__dict__[name] = term  # found by plain attribute lookup from now on
        return term

    def __getitem__(self, key: str) -> URIRef:  # type: ignore[override]
        try:
            return _term(self, key)
        except TypeError:  # an unhashable key: rdflib's answer, uncached
            return super().__getitem__(key)


@lru_cache(maxsize=4096)
def _term(namespace: Namespace, key: str) -> URIRef:
    """Bounded: item keys can come from input (a page's `@type`), attribute names only from the code."""
    return Namespace.__getitem__(namespace, key)


SCHEMA = TermNamespace("http://schema.org/")
SCHEMA_HTTPS = TermNamespace("https://schema.org/")
SH = TermNamespace("http://www.w3.org/ns/shacl#")


def schema_term(iri: str) -> str:
    """A schema.org IRI as its term ("http://schema.org/headline" -> "headline"), as reports name paths."""
    return str(iri).removeprefix(str(SCHEMA))
