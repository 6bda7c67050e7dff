"""The SHACL shapes for what an article speaks of: quotations, amounts, products, events, sameAs links.

Like tests/test_shapes.py, every test starts from one complete article (`VALID`),
which must come out clean, removes and/or adds a few triples, and compares the
whole report as a set of (severity, focus node, path).
"""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from shacl_helpers import findings as shacl_findings, violation, warning
from pipeline.mapping import new_graph
from pipeline.namespaces import SCHEMA
from pipeline.validate import validate

PREFIXES = """\
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix art: <https://newsld.example/article/> .
@prefix person: <https://newsld.example/person/> .
@prefix org: <https://newsld.example/organization/> .
@prefix place: <https://newsld.example/place/> .
@prefix product: <https://newsld.example/product/> .
@prefix event: <https://newsld.example/event/> .
@prefix ex: <https://newsld.example/test/> .
@prefix wd: <https://www.wikidata.org/entity/> .
"""

VALID = PREFIXES + """
art:000-76c7 a schema:NewsArticle ;
    schema:headline "Renault, Nissan to invest $26 billion in electric vehicles" ;
    schema:datePublished "2022-01-28"^^xsd:date ;
    schema:dateModified "2022-01-29T10:00:00+09:00"^^xsd:dateTime ;
    schema:url <https://example.com/story> ;
    schema:image <https://example.com/a.jpg> ;
    schema:author person:jane-arraf ;
    schema:publisher org:example-news ;
    schema:locationCreated place:tokyo ;
    schema:about org:renault, <https://newsld.example/article/000-76c7#amount-1> ;
    schema:mentions person:carlos-ghosn, person:makoto-uchida, org:nissan-motor, place:tokyo, place:japan,
                    place:kanagawa, product:playstation, event:tokyo-motor-show ;
    schema:hasPart <https://newsld.example/article/000-76c7#quote-1> .

<https://newsld.example/article/000-76c7#quote-1> a schema:Quotation ;
    schema:text "This period belongs to the past" ;
    schema:creator person:jean-dominique-senard ;
    schema:isPartOf art:000-76c7 .

<https://newsld.example/article/000-76c7#amount-1> a schema:MonetaryAmount ;
    schema:name "$26 billion" ;
    schema:currency "USD" ;
    schema:value "26000000000.0"^^xsd:decimal .

person:jane-arraf a schema:Person ;
    schema:name "Jane Arraf" ;
    schema:url <https://news.example.com/staff/jane-arraf> .
person:jean-dominique-senard a schema:Person ;
    schema:name "Jean-Dominique Senard" ;
    schema:jobTitle "Chairman" ;
    schema:worksFor org:renault .
person:carlos-ghosn a schema:Person ;
    schema:name "Carlos Ghosn" ;
    schema:sameAs wd:Q260520 .
person:makoto-uchida a schema:Person ;
    schema:name "Makoto Uchida" ;
    schema:jobTitle "Chief Executive Officer" ;
    schema:worksFor org:nissan-motor ;
    schema:sameAs wd:Q123 .

org:example-news a schema:Organization ;
    schema:name "Example News" ;
    schema:logo <https://news.example.com/logo.png> .
org:renault a schema:Corporation ;
    schema:name "Renault" ;
    schema:sameAs wd:Q6686 .
org:nissan-motor a schema:Corporation ;
    schema:name "Nissan Motor Co." ;
    schema:sameAs wd:Q20165, <https://www.nissan-global.com/> .

place:tokyo a schema:City ;
    schema:name "Tokyo" ;
    schema:containedInPlace place:japan ;
    schema:sameAs wd:Q1490 .
place:japan a schema:Country ;
    schema:name "Japan" ;
    schema:sameAs wd:Q17 .
place:kanagawa a schema:AdministrativeArea ;
    schema:name "Kanagawa" ;
    schema:containedInPlace place:japan .

product:playstation a schema:Product ;
    schema:name "PlayStation" ;
    schema:sameAs wd:Q10680 .
event:tokyo-motor-show a schema:Event ;
    schema:name "Tokyo Motor Show" ;
    schema:sameAs wd:Q1148466 .
"""

BASE = "https://newsld.example/"
ARTICLE = URIRef(BASE + "article/000-76c7")
QUOTE = URIRef(BASE + "article/000-76c7#quote-1")
AMOUNT = URIRef(BASE + "article/000-76c7#amount-1")
PRODUCT = URIRef(BASE + "product/playstation")
EVENT = URIRef(BASE + "event/tokyo-motor-show")
THING = URIRef(BASE + "test/thing")  # a node added by a test

A = "art:000-76c7"  # the nodes in Turtle snippets
Q = "<https://newsld.example/article/000-76c7#quote-1>"
M = "<https://newsld.example/article/000-76c7#amount-1>"

ABOUT_CLASSES = ["Person", "Organization", "Corporation", "Place", "City", "Country", "AdministrativeArea",
                 "Product", "Event", "MonetaryAmount"]
SAME_AS_CLASSES = ["Person", "Organization", "Corporation", "Place", "City", "Country", "AdministrativeArea",
                   "Product", "Event"]


def article(drop: tuple[tuple[URIRef, URIRef], ...] = (), add: str = "") -> Graph:
    """`VALID` without every (subject, predicate, *) in `drop` and with the Turtle in `add`."""
    graph = new_graph()
    graph.parse(data=VALID, format="turtle")
    for subject, predicate in drop:
        graph.remove((subject, predicate, None))
    if add:
        graph.parse(data=PREFIXES + add, format="turtle")
    return graph


def findings(graph: Graph) -> set[tuple[str, str, str | None]]:
    return shacl_findings(graph, ARTICLE)


def node_of(cls: str) -> str:
    """Turtle for `ex:thing` as a valid node of `cls`."""
    if cls == "MonetaryAmount":
        return 'ex:thing a schema:MonetaryAmount ; schema:currency "EUR" ; schema:value "5.0"^^xsd:decimal .'
    return f'ex:thing a schema:{cls} ; schema:name "Kanto" .'


# --- the complete article ---------------------------------------------------------

def test_complete_article_with_quotation_amount_and_entities_has_no_findings():
    report = validate(article(), ARTICLE)

    assert report.count("Violation") == 0
    assert report.count("Warning") == 0
    assert report.results == ()


# --- Quotation: text -----------------------------------------------------------------

def test_quotation_without_text_is_a_violation():
    assert findings(article(drop=((QUOTE, SCHEMA.text),))) == {violation(QUOTE, "text")}


def test_quotation_with_two_texts_is_a_violation():
    graph = article(add=f'{Q} schema:text "We will invest together" .')
    assert findings(graph) == {violation(QUOTE, "text")}


@pytest.mark.parametrize("value", ['""', '"   "', '"\\n\\t"', "42", '"This period belongs to the past"@en',
                                   "<https://example.com/quote>"],
                         ids=["empty", "blank", "whitespace", "number", "language-tagged", "iri"])
def test_quotation_text_that_is_not_non_empty_text_is_a_violation(value):
    graph = article(drop=((QUOTE, SCHEMA.text),), add=f"{Q} schema:text {value} .")
    assert findings(graph) == {violation(QUOTE, "text")}


# --- Quotation: speaker ----------------------------------------------------------------

def test_quotation_without_a_speaker_is_only_a_warning():
    report = validate(article(drop=((QUOTE, SCHEMA.creator),)), ARTICLE)

    assert {(r.severity, r.node, r.path) for r in report.results} == {warning(QUOTE, "creator")}
    assert report.results[0].message == "A quotation should name its speaker"


def test_quotation_with_two_speakers_is_a_violation():
    graph = article(add=f"{Q} schema:creator person:makoto-uchida .")
    assert findings(graph) == {violation(QUOTE, "creator")}


@pytest.mark.parametrize("value", ["place:tokyo", "product:playstation", "ex:untyped", '"Jean-Dominique Senard"'],
                         ids=["place", "product", "untyped-iri", "text"])
def test_quotation_speaker_that_is_not_a_person_or_organization_is_a_violation(value):
    graph = article(drop=((QUOTE, SCHEMA.creator),), add=f"{Q} schema:creator {value} .")
    assert findings(graph) == {violation(QUOTE, "creator")}


@pytest.mark.parametrize("cls", ["Person", "Organization", "Corporation"])
def test_person_or_organization_is_accepted_as_quotation_speaker(cls):
    graph = article(drop=((QUOTE, SCHEMA.creator),), add=f"""
        {Q} schema:creator ex:thing .
        ex:thing a schema:{cls} ; schema:name "Nissan spokesperson" .
    """)
    assert findings(graph) == set()


# --- Quotation: article ----------------------------------------------------------------

def test_quotation_not_part_of_an_article_is_a_violation():
    assert findings(article(drop=((QUOTE, SCHEMA.isPartOf),))) == {violation(QUOTE, "isPartOf")}


@pytest.mark.parametrize("value", ["ex:review", "org:renault", "ex:untyped", '"art:000-76c7"'],
                         ids=["other-creative-work", "organization", "untyped-iri", "text"])
def test_quotation_part_of_something_other_than_a_news_article_is_a_violation(value):
    graph = article(drop=((QUOTE, SCHEMA.isPartOf),), add=f"""
        {Q} schema:isPartOf {value} .
        ex:review a schema:Review .
    """)
    assert findings(graph) == {violation(QUOTE, "isPartOf")}


# --- MonetaryAmount -----------------------------------------------------------------

@pytest.mark.parametrize("prop", ["currency", "value"])
def test_amount_without_currency_or_value_is_a_violation(prop):
    assert findings(article(drop=((AMOUNT, SCHEMA[prop]),))) == {violation(AMOUNT, prop)}


@pytest.mark.parametrize("prop, second", [
    ("currency", '"JPY"'),
    ("value", '"3000000000000.0"^^xsd:decimal'),
])
def test_amount_with_two_currencies_or_values_is_a_violation(prop, second):
    assert findings(article(add=f"{M} schema:{prop} {second} .")) == {violation(AMOUNT, prop)}


@pytest.mark.parametrize("value", ['"usd"', '"US$"', '"$"', '"USDX"', '"US"', '" USD"', "840", '"USD"@en'],
                         ids=["lower-case", "symbol-prefixed", "symbol", "four-letters", "two-letters",
                              "padded", "numeric-code", "language-tagged"])
def test_amount_currency_that_is_not_an_iso_4217_code_is_a_violation(value):
    graph = article(drop=((AMOUNT, SCHEMA.currency),), add=f"{M} schema:currency {value} .")
    assert findings(graph) == {violation(AMOUNT, "currency")}


@pytest.mark.parametrize("value", ['"26000000000.0"', "26000000000", "2.6E10", '"26 billion"^^xsd:decimal',
                                   '"$26 billion"'],
                         ids=["untyped-text", "integer", "double", "ill-formed-decimal", "as-printed"])
def test_amount_value_that_is_not_an_xsd_decimal_is_a_violation(value):
    graph = article(drop=((AMOUNT, SCHEMA.value),), add=f"{M} schema:value {value} .")
    assert findings(graph) == {violation(AMOUNT, "value")}


def test_amount_name_that_is_not_text_is_a_violation():
    graph = article(drop=((AMOUNT, SCHEMA.name),), add=f"{M} schema:name 26000000000 .")
    assert findings(graph) == {violation(AMOUNT, "name")}


def test_amount_without_a_name_is_accepted():
    assert findings(article(drop=((AMOUNT, SCHEMA.name),))) == set()


# --- Product and Event: names ----------------------------------------------------------

@pytest.mark.parametrize("node", [PRODUCT, EVENT], ids=["Product", "Event"])
def test_product_or_event_without_a_name_is_a_violation(node):
    assert findings(article(drop=((node, SCHEMA.name),))) == {violation(node, "name")}


@pytest.mark.parametrize("cls", ["Product", "Event"])
def test_product_or_event_with_two_names_is_a_violation(cls):
    graph = article(add=f'ex:thing a schema:{cls} ; schema:name "PlayStation", "PS1" .')
    assert findings(graph) == {violation(THING, "name")}


@pytest.mark.parametrize("cls", ["Product", "Event"])
@pytest.mark.parametrize("value", ['""', '"   "', "42", '"PlayStation"@en'],
                         ids=["empty", "blank", "number", "language-tagged"])
def test_product_or_event_name_that_is_not_non_empty_text_is_a_violation(cls, value):
    graph = article(add=f"ex:thing a schema:{cls} ; schema:name {value} .")
    assert findings(graph) == {violation(THING, "name")}


# --- NewsArticle: about, mentions, hasPart ------------------------------------------------

@pytest.mark.parametrize("prop", ["about", "mentions"])
@pytest.mark.parametrize("value", [f"{Q}", "ex:review", "ex:untyped", '"Renault"'],
                         ids=["quotation", "other-creative-work", "untyped-iri", "text"])
def test_article_about_or_mentioning_something_of_another_kind_is_a_violation(prop, value):
    graph = article(add=f"""
        {A} schema:{prop} {value} .
        ex:review a schema:Review .
    """)
    assert findings(graph) == {violation(ARTICLE, prop)}


@pytest.mark.parametrize("prop", ["about", "mentions"])
@pytest.mark.parametrize("cls", ABOUT_CLASSES)
def test_every_entity_kind_and_amount_is_accepted_as_what_an_article_is_about_or_mentions(prop, cls):
    graph = article(add=f"""
        {A} schema:{prop} ex:thing .
        {node_of(cls)}
    """)
    assert findings(graph) == set()


@pytest.mark.parametrize("value", [M, "person:carlos-ghosn", "ex:review", "ex:untyped",
                                   '"This period belongs to the past"'],
                         ids=["amount", "person", "other-creative-work", "untyped-iri", "text"])
def test_article_part_that_is_not_a_quotation_is_a_violation(value):
    graph = article(add=f"""
        {A} schema:hasPart {value} .
        ex:review a schema:Review .
    """)
    assert findings(graph) == {violation(ARTICLE, "hasPart")}


def test_article_with_several_quotations_is_accepted():
    graph = article(add=f"""
        {A} schema:hasPart ex:thing .
        ex:thing a schema:Quotation ; schema:text "We will invest together" ;
            schema:creator person:makoto-uchida ; schema:isPartOf {A} .
    """)
    assert findings(graph) == set()


# --- sameAs: IRIs, not text ---------------------------------------------------------------

@pytest.mark.parametrize("cls", SAME_AS_CLASSES)
@pytest.mark.parametrize("value", ['"https://www.wikidata.org/entity/Q123"', '"Q123"', "[ schema:name \"Q123\" ]"],
                         ids=["iri-as-text", "identifier-as-text", "blank-node"])
def test_same_as_that_is_not_an_iri_is_a_violation(cls, value):
    graph = article(add=f"""
        {node_of(cls)}
        ex:thing schema:sameAs {value} .
    """)
    assert findings(graph) == {violation(THING, "sameAs")}


@pytest.mark.parametrize("cls", SAME_AS_CLASSES)
def test_same_as_iri_is_accepted(cls):
    graph = article(add=f"""
        {node_of(cls)}
        ex:thing schema:sameAs wd:Q123, <https://en.wikipedia.org/wiki/Kant%C5%8D_region> .
    """)
    assert findings(graph) == set()
