"""Turtle, JSON-LD (framed, local schema.org context), and N-Quads / TriG lines for the run's dataset.

JSON-LD is made from the graph itself, so it is the same graph as the Turtle: an
article's framed tree directly (`jsonld_tree`), an entity page's `@graph` by PyLD.
The schema.org context is always read from the copy inside the package: nothing
is fetched at run time.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from .namespaces import SCHEMA

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SCHEMA_HOSTS = ("schema.org", "www.schema.org")
_SCHEMA_CONTEXT_PATHS = ("", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
CONTEXT_URL = "https://schema.org"
"""What search engines expect in `@context`; resolved locally by `document_loader`."""


@lru_cache(maxsize=1)
def schema_context() -> dict[str, Any]:
    return json.loads((resources.files("pipeline") / "context" / "schemaorg.jsonld").read_text(encoding="utf-8"))


def is_schema_context(url: Any) -> bool:
    """schema.org's context under any address pages give it: either scheme, www or not, the final slash or not,
    or where schema.org serves the file."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return (parts.scheme.lower() in ("http", "https") and parts.netloc.lower() in SCHEMA_HOSTS
            and parts.path.rstrip("/") in _SCHEMA_CONTEXT_PATHS and not parts.query)


def document_loader(url: str, options: dict | None = None) -> dict[str, Any]:
    """PyLD loader that knows only schema.org's context, from the local copy; any other URL is refused.

    "static" lets PyLD keep the processed context (the local copy never changes) instead of processing
    its 3,000 terms again for every document."""
    from pyld.jsonld import JsonLdError

    if is_schema_context(url):
        return {"contextUrl": None, "documentUrl": url, "document": schema_context(), "tag": "static"}
    raise JsonLdError(f"remote context {url} refused: newsld resolves only schema.org, from its local copy",
                      "jsonld.LoadDocumentError", code="loading document failed")


TURTLE_PREFIXES = {"schema": str(SCHEMA), "xsd": str(XSD)}
"""The prefixes of every article graph (`mapping.new_graph`)."""


def to_ntriples(graph: Graph) -> str:
    """The graph's N-Triples: what its Turtle and its N-Quad lines are both made from."""
    return graph.serialize(format="nt")


def rdf_triples(ntriples: str) -> list[Any]:
    """The graph as pyoxigraph triples: what its Turtle and its N-Quad lines are both written from."""
    from pyoxigraph import RdfFormat, parse

    return list(parse(ntriples.encode("utf-8"), format=RdfFormat.N_TRIPLES))


def to_turtle(triples: list[Any]) -> str:
    """Diff-friendly Turtle: prefixes, then each subject's statements in sorted order (its type first), one
    literal per line. Written by pyoxigraph: five times faster than rdflib's pretty-printer, which the
    article graphs (all IRIs, no blank nodes to nest) do not need."""
    from pyoxigraph import RdfFormat, serialize

    ordered = sorted(triples, key=_statement_order)
    text = serialize(ordered, format=RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES).decode("utf-8")
    return _SUBJECT_START.sub("\n\n", text)  # a blank line before each subject (literals keep "\n" escaped)


def _statement_order(triple: Any) -> tuple[str, bool, str, str]:
    """By subject (the article before its `#quote-1` nodes), its type first, then by predicate and object."""
    predicate = triple.predicate.value
    return triple.subject.value, predicate != _RDF_TYPE, predicate, str(triple.object)


_SUBJECT_START = re.compile(r"\n(?=[^\t@\n])")  # pyoxigraph indents a subject's statements with a tab
_RDF_TYPE = str(RDF.type)


def to_jsonld(graph: Graph, root: URIRef) -> dict[str, Any]:
    """`root` at the top, the nodes it points to nested the first time they appear, by `@id` after.

    Built straight from the graph (`jsonld_tree`): the tree PyLD's framing gave, at a tenth of the cost;
    tests/test_jsonld_tree.py holds the two equal."""
    from .jsonld_tree import framed_tree

    return framed_tree(graph, root)


def to_jsonld_graph(graph: Graph) -> dict[str, Any]:
    """Every node at the top level (`@graph`), in `@id` order: for documents with no one root, such as an
    entity's page, whose articles point to it rather than it to them."""
    from pyld import jsonld

    expanded = jsonld.from_rdf(_pyld_dataset(graph), {"useNativeTypes": True})
    compacted = jsonld.compact(expanded, {"@context": _context_for(_schema_terms(graph))},
                               {"documentLoader": document_loader, "graph": True})
    compacted["@context"] = CONTEXT_URL
    compacted["@graph"] = sorted(compacted.get("@graph", []), key=lambda node: node.get("id", ""))
    return _plain_keys(compacted, set(schema_context()["@context"]))


_PLAIN_STRINGS = {"xsd:date", "xsd:dateTime", "xsd:time", "xsd:gYear", "xsd:duration"}
_NUMBERS = {"xsd:integer": int, "xsd:decimal": float, "xsd:double": float, "xsd:float": float}


def search_profile(document: Any, terms: dict[str, Any] | None = None) -> Any:
    """The JSON-LD as search engines' examples write it: dates as plain strings, numbers as JSON numbers,
    schema.org enumeration members as their plain names where the context takes a term there.

    Read as linked data it is the same graph except for those literals: schema.org's context types a plain
    date string as `schema:Date` (`schema:DateTime` for a date-time) where the linked-data form says
    `xsd:date`, and a JSON number as `xsd:integer` or `xsd:double` where it says `xsd:decimal`."""
    terms = schema_context()["@context"] if terms is None else terms
    if isinstance(document, list):
        return [search_profile(item, terms) for item in document]
    if not isinstance(document, dict):
        return document
    if set(document) == {"@type", "@value"} and isinstance(document["@type"], str):
        kind, value = document["@type"], document["@value"]
        if kind in _PLAIN_STRINGS:
            return value
        if kind in _NUMBERS:
            number = _NUMBERS[kind](value)
            return int(number) if isinstance(number, float) and number.is_integer() and abs(number) < 2 ** 53 \
                else number
        if kind == "xsd:boolean":
            return value in (True, "true", "1")
        return document
    out = {}
    for key, value in document.items():
        definition = terms.get(key)
        vocab = isinstance(definition, dict) and definition.get("@type") == "@vocab"
        out[key] = _enumeration(value) if vocab else search_profile(value, terms)
    return out


def _enumeration(value: Any) -> Any:
    """`{"@id": "schema:InStock"}` as the plain term `"InStock"`, which the context maps back to the same IRI."""
    if isinstance(value, list):
        return [_enumeration(v) for v in value]
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        for prefix in ("schema:", "http://schema.org/", "https://schema.org/"):
            if value["@id"].startswith(prefix):
                return value["@id"][len(prefix):]
    return value


def _schema_terms(graph: Graph) -> frozenset[str]:
    prefix = "http://schema.org/"
    used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}
    return frozenset(term[len(prefix):] for term in used if term.startswith(prefix))


@lru_cache(maxsize=256)
def _context_for(terms: frozenset[str]) -> dict[str, Any]:
    """schema.org's context cut down to the terms a graph uses, each defined exactly as the full context does.

    Compaction processes the whole context (3,000 terms) on every call, a
    tenth of a second; with the same definitions for every term in use, the
    result is the same document, which then names the full context by URL.
    """
    full = schema_context()["@context"]
    keep = {"@vocab", "schema", "xsd", "id", "type", *terms}
    return {key: value for key, value in full.items() if key in keep}


def _pyld_dataset(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    """The graph in PyLD's own dataset form: no N-Quads text in between, so no line-splitting surprises
    (PyLD's N-Quads parser splits on U+2028) and no parsing cost."""
    return {"@default": [{"subject": _pyld_term(s), "predicate": _pyld_term(p), "object": _pyld_term(o)}
                         for s, p, o in sorted(graph)]}


def _pyld_term(term: Any) -> dict[str, str]:
    if isinstance(term, Literal):
        node = {"type": "literal", "value": str(term),
                "datatype": str(term.datatype) if term.datatype else (RDF_LANG_STRING if term.language else XSD_STRING)}
        if term.language:
            node["language"] = term.language
        return node
    if isinstance(term, BNode):
        return {"type": "blank node", "value": f"_:{term}"}
    return {"type": "IRI", "value": str(term)}


def jsonld_text(document: dict[str, Any]) -> str:
    """Stable, diff-friendly text: two-space indent, keys in the frame's order, UTF-8 kept readable."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_KEYWORD_ALIASES = {"id": "@id", "type": "@type"}
"""schema.org's context aliases the keywords; search engines' documentation and tools use `@id` and `@type`."""


def _plain_keys(node: Any, terms: set[str]) -> Any:
    """Keys as search engines expect them, each meaning the same triple as before.

    `id`/`type` become `@id`/`@type`.  `"schema:datePublished": {"@type": "xsd:date", ...}`
    becomes `"datePublished": {...}`: compaction picks the compact IRI when a
    value's datatype differs from the context's coercion (schema.org declares
    dates as `schema:Date`), but a value object is never coerced.
    """
    if isinstance(node, list):
        return [_plain_keys(item, terms) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        value = _plain_keys(value, terms)
        term = key.removeprefix("schema:")
        if key.startswith("schema:") and term in terms and term not in node and _all_value_objects(value):
            key = term
        out[_KEYWORD_ALIASES.get(key, key)] = value
    return out


def _all_value_objects(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(isinstance(v, dict) and "@value" in v for v in items)


def to_nquads(triples: list[Any], name: str) -> str:
    """The article's triples as sorted N-Quad lines in its own named graph, written by pyoxigraph (the same
    text whether the triples come from a fresh graph or from the published Turtle read back).

    Lines end at "\n" only: N-Quads escapes "\n" and "\r" inside literals but not U+2028, form feeds or
    the like, which `str.splitlines` would also split on."""
    from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

    graph = NamedNode(name)
    text = serialize([Quad(t.subject, t.predicate, t.object, graph) for t in triples], format=RdfFormat.N_QUADS)
    return "".join(sorted(line + "\n" for line in text.decode("utf-8").split("\n") if line))


def dataset_blocks(turtle: str, name: str) -> tuple[str, str]:
    """An article's TriG block and N-Quad lines, made again from its published Turtle."""
    from pyoxigraph import RdfFormat, parse

    return to_trig_block(turtle, name), to_nquads(list(parse(turtle.encode("utf-8"), format=RdfFormat.TURTLE)), name)


TRIG_HEADER = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in TURTLE_PREFIXES.items())
"""The prefixes of every article's Turtle, written once at the top of dataset.trig."""


def to_trig_block(turtle: str, name: str) -> str:
    """One `<name> { ... }` block made from the article's Turtle (serialized once, not twice): its leading
    prefix lines dropped, since they head the file once, and its statements left as they are."""
    lines = turtle.split("\n")
    start = next((i for i, line in enumerate(lines) if not line.startswith("@prefix")), len(lines))
    return f"<{name}> {{\n" + "\n".join(lines[start:]).strip("\n") + "\n}\n"
