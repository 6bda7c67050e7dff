"""An article's framed, compacted JSON-LD built straight from its graph, without PyLD at run time.

The tree is the one PyLD gave (from_rdf with native types, frame from the article with `@embed: @once`,
compaction with schema.org's context cut to the graph's terms, keys as `serialize._plain_keys` leaves them),
at a tenth of the cost; tests/test_jsonld_tree.py holds it to PyLD's output. Only the parts of PyLD's
algorithms that schema.org's context can reach are here: its terms are plain, `@type: @id` or typed
(`TERM_KEYS`), with no containers, languages or scoped contexts. Article graphs hold IRIs and literals;
a blank node, an `rdf:nil` object (a collection) or an `rdf:JSON` literal is refused, not framed otherwise.
One difference is deliberate: PyLD's framing turns a string "@null" into null; here it stays a string.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import _ORDERING

from .serialize import CONTEXT_URL, schema_context

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE, XSD_STRING = RDF_NS + "type", XSD_NS + "string"
REFUSED_OBJECTS = {RDF_NS + "nil": "an RDF collection", RDF_NS + "JSON": "an rdf:JSON literal"}
KEPT_TERMS = ("schema", "xsd", "id", "type")
"""What `serialize._context_for` keeps of schema.org's context beside the terms a graph uses."""
TERM_KEYS = {"@id", "@type"}
"""The only keys of schema.org's term definitions, hence the only rules of term selection needed here."""
KEYWORD_ALIASES = {"id": "@id", "type": "@type"}
PREFIX_END = re.compile(r".*[:/?#\[\]@]$")  # a simple term whose IRI ends so is a prefix (JSON-LD 1.1)
_INTEGER = re.compile(r"^[+-]?\d+$")


def _double(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


NATIVE: dict[str, Callable[[str], Any]] = {
    XSD_NS + "boolean": {"true": True, "1": True, "false": False, "0": False}.get,
    XSD_NS + "integer": lambda text: int(text) if _INTEGER.match(text) else None,
    XSD_NS + "double": _double,
}
"""PyLD's useNativeTypes: these datatypes become JSON booleans and numbers where the lexical form allows."""


@dataclass
class Context:
    """schema.org's context cut to a graph's terms, as compaction reads it: each term's IRI and coercion,
    each IRI's terms by coercion (PyLD's inverse context, first term by length then name), the prefixes."""

    terms: dict[str, tuple[str, str | None]]
    inverse: dict[str, dict[str, str]]
    prefixes: dict[str, str]
    vocab: str
    keys: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)

    def compact(self, iri: str, vocab: bool, prefs: tuple[str, ...] = ("@id", "@none")) -> str:
        """PyLD's IRI compaction: a term for the preferred coercions, a suffix of `@vocab`, a CURIE, the IRI."""
        if vocab:
            by_kind = self.inverse.get(iri, {})
            for pref in prefs:
                if pref in by_kind:
                    return by_kind[pref]
            suffix = iri[len(self.vocab):]
            if iri.startswith(self.vocab) and suffix and suffix not in self.terms:
                return suffix
        curies = [f"{term}:{iri[len(base):]}" for term, base in self.prefixes.items()
                  if iri.startswith(base) and iri != base]
        usable = [curie for curie in curies if curie not in self.terms]
        if usable:
            return min(usable, key=lambda curie: (len(curie), curie))
        if any(iri.startswith(term + ":") for term in self.prefixes):
            raise ValueError(f"IRI {iri} reads as a compact IRI of the context")
        return iri

    def key(self, prop: str, prefs: tuple[str, ...]) -> str:
        if (prop, prefs) not in self.keys:
            self.keys[prop, prefs] = self.compact(prop, True, prefs)
        return self.keys[prop, prefs]


@lru_cache(maxsize=256)
def context_for(used: frozenset[str]) -> Context:
    full = schema_context()["@context"]
    kept = {term: full[term] for term in (*KEPT_TERMS, *used) if term in full}
    prefixes = {term: value for term, value in kept.items()
                if isinstance(value, str) and ":" not in term and PREFIX_END.match(value)}

    def expand(value: str) -> str:
        if value.startswith("@"):
            return value
        if value in kept:
            definition = kept[value]
            return expand(definition if isinstance(definition, str) else definition["@id"])
        prefix, colon, rest = value.partition(":")
        if colon:
            return prefixes[prefix] + rest if prefix in prefixes and not rest.startswith("//") else value
        return full["@vocab"] + value

    terms: dict[str, tuple[str, str | None]] = {}
    for term, definition in kept.items():
        if isinstance(definition, str):
            terms[term] = (definition if definition.startswith("@") else expand(definition), None)
            continue
        if not set(definition) <= TERM_KEYS or ":" in term:
            raise ValueError(f"schema.org's context defines {term} with rules not built here: {definition}")
        kind = definition.get("@type")
        terms[term] = (expand(definition["@id"]), expand(kind) if kind else None)
    inverse: dict[str, dict[str, str]] = {}
    for term in sorted(terms, key=lambda t: (len(t), t)):
        iri, kind = terms[term]
        inverse.setdefault(iri, {}).setdefault(kind or "@none", term)
    return Context(terms, inverse, prefixes, full["@vocab"])


def _value(literal: Literal) -> dict[str, Any]:
    """A literal as PyLD's from_rdf (native types) and expansion (language lower-cased) give it."""
    text = str(literal)
    if literal.language:
        return {"@value": text, "@language": literal.language.lower()}
    datatype = str(literal.datatype) if literal.datatype else XSD_STRING
    if datatype in REFUSED_OBJECTS:
        raise ValueError(f"{REFUSED_OBJECTS[datatype]} is not framed here: {literal!r}")
    native = NATIVE[datatype](text) if datatype in NATIVE else None
    if native is not None:
        return {"@value": native}
    return {"@value": text} if datatype == XSD_STRING else {"@value": text, "@type": datatype}


def _same(value: dict[str, Any]) -> tuple:
    """PyLD's compare_values as a key: equal @value (true is not 1, 1 is 1.0), @type and @language."""
    if "@id" in value:
        return (value["@id"],)
    return value.get("@type"), value.get("@language"), isinstance(value["@value"], bool), value["@value"]


def node_map(graph: Graph) -> tuple[dict[str, dict[str, list[dict[str, Any]]]], frozenset[str]]:
    """Each node's values by property, in the order PyLD reads them (the sorted triples, duplicates dropped),
    and the schema.org terms the graph uses (its properties and types: what the context is cut to)."""
    nodes: dict[str, dict[str, list[dict[str, Any]]]] = {}
    seen: set[tuple] = set()
    used: set[str] = set()
    vocab = schema_context()["@context"]["@vocab"]
    for s, p, o in sorted(graph, key=term_order):
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise ValueError(f"a blank node is not framed here: {s} {p} {o}")
        prop = str(p)
        for iri in (prop, str(o)) if prop == RDF_TYPE else (prop,):
            if iri.startswith(vocab):
                used.add(iri[len(vocab):])
        if isinstance(o, URIRef):
            if str(o) in REFUSED_OBJECTS:
                raise ValueError(f"{REFUSED_OBJECTS[str(o)]} is not framed here: {s} {p} {o}")
            value: dict[str, Any] = {"@id": str(o)}
            if prop == RDF_TYPE:
                prop = "@type"
            else:
                nodes.setdefault(str(o), {})
        else:
            value = _value(o)
        key = (str(s), prop, _same(value))
        if key not in seen:
            seen.add(key)
            nodes.setdefault(str(s), {}).setdefault(prop, []).append(value)
    return nodes, frozenset(used)


def term_order(triple: tuple[Any, Any, Any]) -> tuple:
    """rdflib's order of triples (`sorted(graph)`: by kind of term, then text) as a key of plain strings, so
    that sorting compares in C; two literals (in any place) still compare as rdflib compares them (by value).
    A fifth of the tree's cost went to rdflib's Python comparisons."""
    s, p, o = triple
    return (_ORDERING[type(s)], s if isinstance(s, Literal) else str(s),
            _ORDERING[type(p)], p if isinstance(p, Literal) else str(p),
            _ORDERING[type(o)], o if isinstance(o, Literal) else str(o))


def framed_tree(graph: Graph, root: URIRef) -> dict[str, Any]:
    """`root` at the top, each node it reaches nested where PyLD's depth-first walk (properties in IRI order)
    meets it first, by `@id` after; compacted with schema.org's context, `@context` its URL."""
    nodes, used = node_map(graph)
    context = context_for(used)
    context.compact(str(root), False)  # refuses a root PyLD would have read as a CURIE ("schema:x")
    tree: dict[str, Any] = {"@context": CONTEXT_URL}
    if str(root) in nodes:
        tree.update(_node(context, nodes, str(root), set()))
    return tree


def _node(context: Context, nodes: dict[str, dict[str, list[dict[str, Any]]]], iri: str,
          embedded: set[str]) -> dict[str, Any]:
    embedded.add(iri)
    node = nodes[iri]
    out: dict[str, Any] = {"id": context.compact(iri, False)}
    if "@type" in node:
        types = [context.compact(value["@id"], True) for value in node["@type"]]
        out["type"] = types[0] if len(types) == 1 else types
    for prop in sorted(node):
        if prop == "@type":
            continue
        for value in node[prop]:
            if "@id" in value:
                target = value["@id"]
                term = context.compact(target, True)
                prefs = ("@vocab", "@id", "@none") if context.terms.get(term, ("",))[0] == target \
                    else ("@id", "@vocab", "@none")
                key = context.key(prop, prefs)
                if target in embedded or not nodes[target]:
                    embedded.add(target)
                    coercion = context.terms.get(key, ("", None))[1]
                    compacted = context.compact(target, coercion == "@vocab")
                    item: Any = compacted if coercion in ("@id", "@vocab") else {"@id": compacted}
                else:
                    item = _node(context, nodes, target, embedded)
            else:
                key = context.key(prop, (value["@type"], "@none") if "@type" in value else ("@none",))
                item = _compact_value(context, key, value)
            if key not in out:
                out[key] = item
            elif isinstance(out[key], list):
                out[key].append(item)
            else:
                out[key] = [out[key], item]
    return {_plain_key(key, value, out): value for key, value in out.items()}


def _compact_value(context: Context, key: str, value: dict[str, Any]) -> Any:
    """The plain value where the term's coercion says its datatype or it has none; else a value object."""
    if len(value) == 1 or value.get("@type", "") == context.terms.get(key, ("", None))[1]:
        return value["@value"]
    if "@type" in value:
        return {"@type": context.compact(value["@type"], True), "@value": value["@value"]}
    return {"@language": value["@language"], "@value": value["@value"]}


def _plain_key(key: str, value: Any, node: dict[str, Any]) -> str:
    """`serialize._plain_keys` for one key: `schema:datePublished` holding value objects only as
    `datePublished` where the node has no such key, `id`/`type` as `@id`/`@type`."""
    term = key.removeprefix("schema:")
    if key != term and term in schema_context()["@context"] and term not in node and all(
            isinstance(v, dict) and "@value" in v for v in (value if isinstance(value, list) else [value])):
        key = term
    return KEYWORD_ALIASES.get(key, key)
