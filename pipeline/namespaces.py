"""The one schema.org namespace object; every schema.org term in the code goes through it. And SHACL's, `SH`.

`http://schema.org/` because that is what `"@context": "https://schema.org"` resolves to,
so Turtle and embedded JSON-LD are one graph (rdflib's own `SDO` is the https namespace).
"""
from rdflib import Namespace

SCHEMA = Namespace("http://schema.org/")
SCHEMA_HTTPS = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")


def schema_term(iri: str) -> str:
    """A schema.org IRI as its term ("http://schema.org/headline" -> "headline"), as reports name paths."""
    return str(iri).removeprefix(str(SCHEMA))
