"""Generate shapes/validate/schemaorg.ttl, layer 1 of `newsld validate`: conformance to the schema.org vocabulary.

    .venv/bin/python tools/schemaorg_shapes.py [--vocabulary PATH] [--out PATH] [--check]

The vocabulary defaults to ../shared/schemaorg/schemaorg-current-http.ttl beside the checkout
(or $NEWSLD_SHARED/schemaorg/...); the output to shapes/validate/schemaorg.ttl. `--check` writes
nothing and exits 1 when the file on disk differs from what would be generated.

The output is deterministic (sorted sets, no timestamps), so regenerating from the same
vocabulary gives the same bytes. What the shapes check, and why they are written the way they
are, is described in the header of the generated file (HEADER below).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NS = "http://schema.org/"
NSRX = "http://schema[.]org/"  # the namespace as a regex, without a backslash to escape through three syntaxes
SP = "[ ]"  # a space in a regex: pyshacl reads "...Service " in a query as a SERVICE clause
RULE = "urn:newsld:rule:"
DATAMODEL = "https://schema.org/docs/datamodel.html"
FULL = "https://schema.org/docs/full.html"
SOURCE = "tools/schemaorg_shapes.py"


def default_vocabulary() -> Path:
    shared = Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared"))
    return shared / "schemaorg" / "schemaorg-current-http.ttl"


DEFAULT_OUT = ROOT / "shapes" / "validate" / "schemaorg.ttl"

XSD = "http://www.w3.org/2001/XMLSchema#"
LITERAL_KINDS = {
    # kind -> the datatypes of literals of that kind, as JSON-LD (a JSON number or true/false), Turtle
    # and typed value objects give them; the range rule judges these literals, and no others
    "number": tuple(XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                                      "nonNegativeInteger", "positiveInteger")) + tuple(NS + t for t in
                                                                                      ("Number", "Integer", "Float")),
    "boolean": (XSD + "boolean", NS + "Boolean"),
}
NUMBER_STANDS_FOR = ("QuantitativeValue", "QuantitativeValueDistribution", "MonetaryAmount")
"""Classes (with their subclasses) a bare number may stand for, as publishers write `"numberOfEmployees": 50`:
the number is the value's `value`. Anywhere a data type is in the range a number or a boolean is accepted too."""


# --- the vocabulary ---------------------------------------------------------------------------------

@dataclass
class Vocabulary:
    """The schema.org terms, by local name, and what the shapes need to know about them."""

    classes: list[str]
    properties: list[str]
    superclasses: dict[str, set[str]]
    domains: dict[str, set[str]]  # property -> classes (domainIncludes), only schema.org classes
    ranges: dict[str, set[str]]  # property -> classes (rangeIncludes)
    datatypes: set[str]  # the data types and their subclasses: Text, URL, Number, Integer, Date, Quantity, ...
    superseded: dict[str, str]  # term -> its replacement (schema:supersededBy)
    subclasses: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        subclasses: dict[str, set[str]] = defaultdict(set)
        for cls, supers in self.superclasses.items():
            for sup in supers:
                subclasses[sup].add(cls)
        self.subclasses = dict(subclasses)

    def descendants(self, cls: str) -> set[str]:
        """`cls` and every class below it."""
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.subclasses.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def closure(self, classes) -> set[str]:
        return set().union(*(self.descendants(c) for c in classes)) if classes else set()


def load_vocabulary(path: Path) -> Vocabulary:
    from rdflib import RDF, RDFS, Graph, URIRef

    graph = Graph()
    graph.parse(path, format="turtle")

    def local(term) -> str | None:
        return str(term)[len(NS):] if isinstance(term, URIRef) and str(term).startswith(NS) else None

    schema = lambda name: URIRef(NS + name)  # noqa: E731
    classes = sorted({n for n in map(local, graph.subjects(RDF.type, RDFS.Class)) if n})
    properties = sorted({n for n in map(local, graph.subjects(RDF.type, RDF.Property)) if n})
    known = set(classes)
    for name in classes + properties:
        if not re.fullmatch(r"[A-Za-z0-9]+", name):  # the regexes below rely on it
            raise ValueError(f"unexpected schema.org term name {name!r}")

    def related(subject: str, predicate) -> set[str]:
        return {n for n in map(local, graph.objects(schema(subject), predicate)) if n in known}

    datatype_roots = {n for n in map(local, graph.subjects(RDF.type, schema("DataType"))) if n}
    vocabulary = Vocabulary(
        classes=classes,
        properties=properties,
        superclasses={c: related(c, RDFS.subClassOf) for c in classes},
        domains={p: related(p, schema("domainIncludes")) for p in properties},
        ranges={p: related(p, schema("rangeIncludes")) for p in properties},
        datatypes=set(),
        superseded={local(a): local(b) for a, b in graph.subject_objects(schema("supersededBy"))
                    if local(a) and local(b)},
    )
    vocabulary.datatypes = vocabulary.closure(datatype_roots)
    return vocabulary


# --- regexes ----------------------------------------------------------------------------------------

def trie(words) -> str:
    """A regex matching exactly one of `words` (letters and digits only), as a prefix tree: fast to match
    and compact. It is not anchored: the caller puts what must follow (a space, `$`) after it."""
    root: dict = {}
    for word in sorted(set(words)):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [char + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    if not root:
        raise ValueError("empty word list")
    return emit(root)


@dataclass
class Rules:
    """The regexes the shapes apply. Rows are strings built in SPARQL from full IRIs:

    * domain rows: "<type of the subject> <property>";
    * range rows: "<value> <type of the value> <property>", where <value> is the value's IRI or `_:`
      for a blank node, and <type> is empty when the value has no rdf:type;
    * literal rows: "<kind> <property>" for a number or a boolean (LITERAL_KINDS), read by a regex of
      their own: rdflib hashes a REGEX's pattern on every call, so every character added to `misfit`
      would cost on every node row.
    A regex matches a row that is wrong. A node is reported only when every row of it is wrong
    (a node typed both CreativeWork and Product is fine as isPartOf)."""

    known_type: str  # sh:pattern for rdf:type values: not schema.org, or a schema.org class
    unknown_property: str  # matches a schema.org predicate that is not a property
    misplaced: str  # matches a domain row that is wrong
    misfit: str  # matches a range row that is wrong
    literal_misfit: str  # matches a literal row that is wrong
    superseded: str  # ",term=replacement,...," for schema:supersededBy
    domain_checked: list[str]
    range_checked: list[str]


def build_rules(v: Vocabulary) -> Rules:
    classes = trie(v.classes)
    role = v.descendants("Role")

    def branches(groups: dict[str, list[str]]) -> str:
        # one branch per class C: "<C or a subclass of C> <a property that expects C>". Classes with the
        # most subclasses first: a row that is fine usually matches one of the first branches.
        order = sorted(groups, key=lambda c: (-len(v.descendants(c)), c))
        return "|".join(f"{trie(v.descendants(c))}{SP}{NSRX}{trie(groups[c])}$" for c in order)

    # Domain: the property is declared on one of the subject's types or on a supertype of it. Properties
    # declared on Thing fit everything; a Role repeats the property of the node it qualifies.
    domain_checked = [p for p in v.properties if v.domains[p] and "Thing" not in v.domains[p]]
    by_domain: dict[str, list[str]] = defaultdict(list)
    for p in domain_checked:
        for cls in v.domains[p]:
            by_domain[cls].append(p)
    misplaced = (f"^(?={NSRX}{classes}{SP}{NSRX}{trie(domain_checked)}$)"
                 f"{NSRX}(?!{branches({c: by_domain[c] for c in by_domain if c not in role})}"
                 f"|{trie(role)}{SP})")

    # Range: values that are nodes (IRIs, blank nodes), numbers and booleans; see the header for literals.
    range_checked = [p for p in v.properties if v.ranges[p] and "Thing" not in v.ranges[p]]
    entity = [p for p in range_checked if v.ranges[p] - v.datatypes]  # some range is not a data type
    entity_set = set(entity)
    url = [p for p in range_checked if "URL" in v.ranges[p]]
    data_only = [p for p in range_checked if p not in entity_set]
    no_url = [p for p in data_only if "URL" not in v.ranges[p]]
    boolean = [p for p in no_url if "Boolean" in v.ranges[p]]
    text = [p for p in no_url if "Boolean" not in v.ranges[p]]
    by_range: dict[str, list[str]] = defaultdict(list)
    for p in range_checked:
        for cls in v.ranges[p] - v.datatypes:  # a node typed Text or Date is not a text or a date
            by_range[cls].append(p)
    fits = branches(by_range) + f"|{trie(role)}{SP}{NSRX}{trie(entity)}$"  # a Role stands in for any entity
    alternatives = [
        # a blank node without a type, where only data (text, numbers, dates, URLs) is expected
        f"_:{SP}{SP}{NSRX}{trie(data_only)}$",
        # an IRI without a type where text, a number or a date is expected (schema:True/False are Booleans)
        f"(?!_:{SP})[^ ]+{SP}{SP}{NSRX}{trie(text)}$",
        # a typed value of a type outside the range (an IRI is fine wherever a URL is)
        f"(?!(?!_:{SP})[^ ]+{SP}[^ ]+{SP}{NSRX}{trie(url)}$)[^ ]+{SP}(?={NSRX}{classes}{SP}{NSRX}{trie(range_checked)}$)"
        f"{NSRX}(?!{fits})",
    ]
    if boolean:
        alternatives.insert(2, f"(?!_:{SP}|{NSRX}(?:True|False){SP})[^ ]+{SP}{SP}{NSRX}{trie(boolean)}$")
    misfit = "^(?:" + "|".join(alternatives) + ")"
    # a number or a boolean where only entities are expected ("author": 42, "publisher": true)
    number_fits = v.datatypes | v.closure(NUMBER_STANDS_FOR)
    no_number = [p for p in range_checked if not v.ranges[p] & number_fits]
    no_boolean = [p for p in range_checked if not v.ranges[p] & v.datatypes]
    literal_misfit = f"^(?:number{SP}{NSRX}{trie(no_number)}|boolean{SP}{NSRX}{trie(no_boolean)})$"

    rules = Rules(
        known_type=f"^(?!{NSRX})|^{NSRX}{classes}$",
        unknown_property=f"^{NSRX}(?!{trie(v.properties)}(?:-input|-output)?$)",
        misplaced=misplaced,
        misfit=misfit,
        literal_misfit=literal_misfit,
        superseded="," + ",".join(f"{a}={b}" for a, b in sorted(v.superseded.items())) + ",",
        domain_checked=domain_checked,
        range_checked=range_checked,
    )
    for regex in (rules.known_type, rules.unknown_property, rules.misplaced, rules.misfit, rules.literal_misfit):
        if '"' in regex or "\\" in regex:  # vocabulary.py reads a target's regex as its longest literal
            raise ValueError("a rule regex must hold no quote or backslash")
        re.compile(regex)
    return rules


# --- SPARQL -----------------------------------------------------------------------------------------

def sparql_string(text: str) -> str:
    """A SPARQL string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def local_name(var: str) -> str:
    return f'STRAFTER(STR({var}), "{NS}")'


def _in(var: str, iris) -> str:
    return f"{var} IN ({', '.join(f'<{iri}>' for iri in iris)})"


def judged(value: str) -> str:
    """The values the range rule reads: nodes, and literals of a LITERAL_KINDS datatype. An IF, not ||: rdflib
    evaluates every operand of || and &&, and this runs on every triple of the page."""
    kinds = [i for k in LITERAL_KINDS.values() for i in k]
    return f"IF(isLiteral({value}), {_in(f'DATATYPE({value})', kinds)}, true)"


def literal_kind(value: str) -> str:
    """A judged literal's kind: "number" or "boolean"."""
    return f'IF({_in(f"DATATYPE({value})", LITERAL_KINDS["boolean"])}, "boolean", "number")'


def range_row(value: str, type_: str, prop: str) -> str:
    return (f'CONCAT(IF(isBlank({value}), "_:", STR({value})), " ", COALESCE(STR({type_}), ""), " ", '
            f'STR({prop}))')


def literal_row(value: str, prop: str) -> str:
    return f'CONCAT({literal_kind(value)}, " ", STR({prop}))'


def misfits(value: str, type_: str, prop: str, misfit: str, literal_misfit: str) -> str:
    """Whether the value's row is wrong: a literal's by `literal_misfit`, a node's by `misfit` (rdflib's IF
    evaluates only the branch it takes)."""
    return (f"IF(isLiteral({value}), REGEX({literal_row(value, prop)}, {literal_misfit}), "
            f"REGEX({range_row(value, type_, prop)}, {misfit}))")


def queries(r: Rules) -> dict[str, str]:
    unknown, misplaced, misfit = (sparql_string(x) for x in (r.unknown_property, r.misplaced, r.misfit))
    literal_misfit = sparql_string(r.literal_misfit)
    superseded = sparql_string(r.superseded)
    # the term's local name, then the table: "actors,actors=actor,albums=album,..." -> "actor"
    lookup = sparql_string(r"^([A-Za-z0-9]+),(?:[^,]+,)*\1=([A-Za-z0-9]+),.*$")
    return {
        # unknown-property: the page's distinct predicates first (one regex each), then their subjects
        "unknown-property target": f"""SELECT ?this WHERE {{
    {{ {{ SELECT DISTINCT ?p WHERE {{ ?s ?p ?o }} }}
      BIND (REGEX(STR(?p), {unknown}) AS ?unknown) FILTER (?unknown) }}
    ?this ?p ?value .
}}""",
        "unknown-property select": f"""SELECT $this ?path ?value ?name WHERE {{
    $this ?path ?value .
    BIND (REGEX(STR(?path), {unknown}) AS ?unknown) FILTER (?unknown)
    BIND ({local_name('?path')} AS ?name)
}}""",
        # domain: the page's distinct (type, property) pairs first, then the nodes that have one
        "domain target": f"""SELECT ?this WHERE {{
    {{ {{ SELECT DISTINCT ?t ?p WHERE {{ ?s a ?t ; ?p ?o }} }}
      BIND (REGEX(CONCAT(STR(?t), " ", STR(?p)), {misplaced}) AS ?misplaced) FILTER (?misplaced) }}
    ?this a ?t ; ?p ?value .
}}""",
        "domain select": f"""SELECT $this ?path ?value ?name
       (GROUP_CONCAT(DISTINCT ?typeName; separator=", ") AS ?types) WHERE {{
    BIND ({misplaced} AS ?misplaced)
    $this a ?type ; ?path ?value .
    FILTER (REGEX(CONCAT(STR(?type), " ", STR(?path)), ?misplaced))
    FILTER NOT EXISTS {{ $this a ?other . FILTER (!REGEX(CONCAT(STR(?other), " ", STR(?path)), ?misplaced)) }}
    BIND ({local_name('?path')} AS ?name)
    BIND ({local_name('?type')} AS ?typeName)
}} GROUP BY $this ?path ?value ?name""",
        # range: every value that is a node, with each of its types (or none), and every number and boolean
        "range target": f"""SELECT ?this WHERE {{
    {{ ?this ?p ?value . FILTER ({judged('?value')}) }}
    OPTIONAL {{ ?value a ?t }}
    BIND ({misfits('?value', '?t', '?p', misfit, literal_misfit)} AS ?misfit) FILTER (?misfit)
}}""",
        "range select": f"""SELECT $this ?path ?value ?name
       (GROUP_CONCAT(DISTINCT ?kind; separator=" or ") AS ?got) WHERE {{
    BIND ({misfit} AS ?misfit)
    BIND ({literal_misfit} AS ?literalMisfit)
    {{ $this ?path ?value . FILTER ({judged('?value')}) }}
    OPTIONAL {{ ?value a ?type }}
    FILTER ({misfits('?value', '?type', '?path', '?misfit', '?literalMisfit')})
    FILTER NOT EXISTS {{ ?value a ?other . FILTER (!REGEX({range_row('?value', '?other', '?path')}, ?misfit)) }}
    BIND ({local_name('?path')} AS ?name)
    BIND (IF(isLiteral(?value), IF({literal_kind('?value')} = "number", "a number", "true or false"),
             IF(BOUND(?type), CONCAT("a ", {local_name('?type')}),
                IF(isBlank(?value), "an object without a type", "a link"))) AS ?kind)
}} GROUP BY $this ?path ?value ?name""",
        # superseded: the shape's targets already picked the nodes that use such a term
        "superseded select": f"""SELECT $this ?path ?value ?name ?replacement WHERE {{
    {{ $this ?path ?value . BIND (?path AS ?term) }}
    UNION {{ $this a ?value . BIND (<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> AS ?path) BIND (?value AS ?term) }}
    FILTER (STRSTARTS(STR(?term), "{NS}"))
    BIND (CONCAT({local_name('?term')}, {superseded}) AS ?row)
    FILTER (REGEX(?row, {lookup}))
    BIND ({local_name('?term')} AS ?name)
    BIND (REPLACE(?row, {lookup}, "$2") AS ?replacement)
}}""",
    }


# --- Turtle -----------------------------------------------------------------------------------------

def turtle_string(text: str) -> str:
    """A Turtle string literal: long form for queries (readable line breaks), short form otherwise."""
    escaped = text.replace("\\", "\\\\")
    if "\n" in text:  # a quote needs escaping only where it could end the string
        return '"""' + re.sub(r'"(?=")|"$', '\\\\"', escaped) + '"""'
    return '"' + escaped.replace('"', '\\"') + '"'


HEADER = """\
# schema.org conformance: layer 1 of `newsld validate`.
#
# GENERATED by {source} from {vocabulary} (sha256 {digest}).
# Do not edit: change the generator and run
#     .venv/bin/python {source}
# (tests/test_schemaorg_shapes.py fails when this file is not what the generator writes).
#
# {classes} classes, {properties} properties. Every shape that reports is named urn:newsld:rule:<rule id>
# and links its documentation with rdfs:seeAlso.
#
#   schemaorg/unknown-type      Violation  an rdf:type in the schema.org namespace that is not a class
#   schemaorg/unknown-property  Violation  a predicate in the schema.org namespace that is not a property
#                                          (sh:resultPath and sh:value name the term); NAME-input and
#                                          NAME-output (schema.org Actions annotations, Yoast's
#                                          "query-input") are accepted for every property NAME
#   schemaorg/range             Violation  a value that is none of the property's expected types
#   schemaorg/domain            Warning    a property used on a type that neither declares it nor
#                                          inherits it (untyped nodes are not checked)
#   schemaorg/superseded        Warning    a property or type replaced by another (schema:supersededBy);
#                                          the message names the replacement
#
# How values are judged (https://schema.org/docs/datamodel.html):
# * A string is never reported. schema.org says a Text may stand where an entity is expected, and
#   search engines accept a plain author name; JSON-LD from pages carries dates, numbers and booleans
#   as plain strings. Whether a literal is a well-formed date or URL is for the search-engine and
#   newsld layers to judge.
# * A number or a boolean (a JSON number or true/false, or a literal typed as one) is a Violation
#   where the range holds no data type (`"author": 42`, `"publisher": true`). A number is fine where
#   a QuantitativeValue or a MonetaryAmount is expected (`"numberOfEmployees": 50`, as publishers
#   write it), and both are fine wherever any data type is (a Distance for an image's width).
# * A node of a type outside the range, and not a subclass of one of the range's types, is a
#   Violation (a Person as datePublished, a Place as author). A node with several types is fine when
#   one of them fits; a node whose types are outside schema.org is not judged; a Role (and its
#   subclasses) may stand for any entity, as schema.org's Role pattern allows, and may carry the
#   property it qualifies.
# * A node where only data is expected (Text, Number, Date, DateTime, Time, Boolean, Quantity) is a
#   Violation, except that an IRI is fine wherever URL is in the range (typed or not: the page's
#   `url` is often the IRI of its WebPage node), and schema:True / schema:False wherever Boolean is.
# * A node without a type where an entity is expected is fine: it is a reference.
# * Subclasses are expanded here, from the vocabulary's rdfs:subClassOf: the data graph carries no
#   vocabulary and validation runs without inference.
#
# How it is written, and why (measured with pyshacl 0.40 / rdflib 7.6):
# * pyshacl spends ~50 us per shape per page even when the shape has no focus node, ~15 us per
#   sh:targetSubjectsOf / sh:targetClass term, and re-reads sh:in and sh:ignoredProperties lists on
#   every validation (~30 us per member), so one shape per property (3,000 shapes for range and
#   domain) would cost 0.1 to 0.3 s per page. Regexes are compiled once. So the vocabulary is folded
#   into prefix-tree regexes, applied by five shapes: unknown-type by sh:pattern; superseded by a
#   few dozen target terms and a SPARQL constraint; and the three rules that need the predicate as
#   data (unknown-property, range, domain) by a SHACL-AF SPARQL target each, which finds the nodes
#   at fault, and a SPARQL constraint that runs on those nodes only and reports each term
#   (sh:resultPath) and value (sh:value).
# * A row is reported when it matches the rule's regex; a node only when all its rows do (one per
#   rdf:type). Each regex appears once in the target query and once in the constraint query: SPARQL
#   targets take no parameters. Regexes are written without quotes or backslashes (`[.]`, `[ ]`),
#   so that the longest string literal of a target query is its regex as is.
# * Regexes use Python's `re` syntax (look-ahead), which is what pyshacl (sh:pattern) and rdflib
#   (SPARQL REGEX) apply. In targets REGEX is BINDed before FILTER: rdflib formats a FILTER's whole
#   expression, a 100 kB regex included, each time it evaluates one.
# * No sh:node: no nested results, no recursion depth to mind (no max_validation_depth).
# * Even so rdflib parses every SPARQL query anew on each use (10-200 ms a query) and evaluates
#   ~0.1 ms a row, so pyshacl needs 0.1-0.2 s per news page for this file, and ~0.1 s more per node
#   at fault (each constraint query is parsed again for each focus node).
#   pipeline/validate.py takes the parsing away: it parses each query text once per process
#   (`_parsed_query`).
"""


def render(v: Vocabulary, vocabulary_name: str, digest: str) -> str:
    r = build_rules(v)
    q = queries(r)
    for name, text in q.items():
        _check_pyshacl_accepts(name, text)
    lines = [HEADER.format(source=SOURCE, vocabulary=vocabulary_name, digest=digest,
                           classes=len(v.classes), properties=len(v.properties))]
    lines.append("""\
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
@prefix rule: <urn:newsld:rule:schemaorg/> .
@prefix nsx: <https://newsld.example/shapes/schemaorg#> .
""")

    def shape(name: str, body: list[str]) -> None:
        lines.append(f"rule:{name}\n    " + " ;\n    ".join(body) + " .\n")

    shape("unknown-type", [
        "a sh:PropertyShape",
        "sh:targetSubjectsOf rdf:type",
        "sh:path rdf:type",
        f"sh:pattern {turtle_string(r.known_type)}",
        "sh:severity sh:Violation",
        'sh:message "This type is not defined by schema.org: check its spelling and capital letters"',
        f"rdfs:seeAlso <{FULL}>",
    ])
    shape("unknown-property", [
        "a sh:NodeShape",
        f"sh:target [ a sh:SPARQLTarget ; sh:select {turtle_string(q['unknown-property target'])} ]",
        f"sh:sparql [ sh:select {turtle_string(q['unknown-property select'])} ]",
        "sh:severity sh:Violation",
        'sh:message "{?name} is not a schema.org property: check its spelling and capital letters"',
        f"rdfs:seeAlso <{FULL}>",
    ])
    shape("range", [
        "a sh:NodeShape",
        f"sh:target [ a sh:SPARQLTarget ; sh:select {turtle_string(q['range target'])} ]",
        f"sh:sparql [ sh:select {turtle_string(q['range select'])} ]",
        "sh:severity sh:Violation",
        'sh:message "{?name} does not take {?got} as its value (see https://schema.org/{?name})"',
        f"rdfs:seeAlso <{DATAMODEL}>",
    ])
    shape("domain", [
        "a sh:NodeShape",
        f"sh:target [ a sh:SPARQLTarget ; sh:select {turtle_string(q['domain target'])} ]",
        f"sh:sparql [ sh:select {turtle_string(q['domain select'])} ]",
        "sh:severity sh:Warning",
        'sh:message "{?name} is not a property of {?types} in schema.org (see https://schema.org/{?name})"',
        f"rdfs:seeAlso <{DATAMODEL}>",
    ])
    superseded_props = sorted(t for t in v.superseded if t in set(v.properties))
    superseded_classes = sorted(t for t in v.superseded if t in set(v.classes))
    targets = ([f"sh:targetSubjectsOf {', '.join('schema:' + p for p in superseded_props)}"] if superseded_props
               else []) + ([f"sh:targetClass {', '.join('schema:' + c for c in superseded_classes)}"]
                           if superseded_classes else [])
    if targets:
        shape("superseded", [
            "a sh:NodeShape",
            *targets,
            f"sh:sparql [ sh:select {turtle_string(q['superseded select'])} ]",
            "sh:severity sh:Warning",
            'sh:message "{?name} is superseded in schema.org: use {?replacement} instead '
            '(see https://schema.org/{?replacement})"',
            f"rdfs:seeAlso <{FULL}>",
        ])

    lines.append("""\
# The term lists, for pipeline/checker/vocabulary.py (is_class, is_property, closest_term, replacement).
# No shape reads them.""")
    lines.append("nsx:vocabulary\n    " + " ;\n    ".join([
        f"nsx:classes {turtle_string(' '.join(v.classes))}",
        f"nsx:properties {turtle_string(' '.join(v.properties))}",
        f"nsx:supersededBy {turtle_string(r.superseded.strip(','))}",
    ]) + " .\n")
    return "\n".join(lines)


def _check_pyshacl_accepts(name: str, text: str) -> None:
    """pyshacl refuses SPARQL constraints whose text looks like MINUS, VALUES or SERVICE, and pre-binds
    $value wherever it sees it; it finds them with regexes, which a class name in a regex could
    trip (`...Service ` reads as SERVICE). Fail here rather than at validation time."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper as Q

    if name.endswith("select"):
        for regex in (Q.has_minus_regex, Q.has_values_regex, Q.has_service_regex):
            if regex.search(text):
                raise ValueError(f"pyshacl would refuse the {name} query ({regex.pattern!r} matches)")
        if any(m.group(1) in ("this", "shapesGraph", "currentShape") for m in Q.has_as_var_regex.finditer(text)):
            raise ValueError(f"the {name} query rebinds a pre-bound variable")
    if name.endswith("target") and Q.bind_this_regex.search(text) is None:
        raise ValueError(f"the {name} query must select ?this")


def generate(vocabulary: Path) -> str:
    data = vocabulary.read_bytes()
    return render(load_vocabulary(vocabulary), vocabulary.name, hashlib.sha256(data).hexdigest())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocabulary", type=Path, default=None,
                        help="schema.org vocabulary, Turtle, http://schema.org/ namespace "
                             "(default: ../shared/schemaorg/schemaorg-current-http.ttl or $NEWSLD_SHARED)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT.relative_to(ROOT)}")
    parser.add_argument("--check", action="store_true", help="only compare with the file on disk")
    args = parser.parse_args(argv)
    vocabulary = args.vocabulary or default_vocabulary()
    if not vocabulary.is_file():
        parser.error(f"vocabulary not found: {vocabulary}")
    text = generate(vocabulary)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
        if current != text:
            print(f"{args.out} is not what {SOURCE} generates from {vocabulary}", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
