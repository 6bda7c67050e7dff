"""The article JSON-LD is built without PyLD, and is PyLD's frame output key for key (issue 19, point 2).

`to_jsonld` builds the framed, compacted tree straight from the graph (`pipeline.jsonld_tree`). PyLD stays
here as the reference, run as `to_jsonld` ran it before: from_rdf with native types, frame from the
article with `@embed: @once` and schema.org's context cut to the graph's terms, keys made plain. The
two must give the same dict and the same text on every dev-corpus article and on generated graphs.
"""
from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from pyld.jsonld import JsonLdError
from pyoxigraph import NamedNode
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from pipeline.api import publish_file
from pipeline.jsonld_tree import term_order
from pipeline.serialize import (CONTEXT_URL, _context_for, _plain_keys, _pyld_dataset, _schema_terms,
                                document_loader, jsonld_text, schema_context, to_jsonld)

pytestmark = [
    pytest.mark.filterwarnings("ignore:Parsing weird boolean"),  # rdflib, on generated ill-typed literals
    pytest.mark.slow,  # every dev-corpus article and generated graphs, through PyLD
]

SCHEMA = "http://schema.org/"
ARTICLE = URIRef("https://news.example.org/2024/03/parser")


def pyld_tree(graph: Graph, root: URIRef) -> dict:
    """The reference: what `to_jsonld` returned while it ran PyLD."""
    expanded = jsonld.from_rdf(_pyld_dataset(graph), {"useNativeTypes": True})
    framed = jsonld.frame(expanded, {"@context": _context_for(_schema_terms(graph)), "@id": str(root),
                                     "@embed": "@once"}, {"documentLoader": document_loader, "omitGraph": True})
    framed["@context"] = CONTEXT_URL
    return _plain_keys(framed, set(schema_context()["@context"]))


def assert_as_pyld(graph: Graph, root: URIRef) -> None:
    """The same dict and the same JSON text (which also tells true from 1 and 1 from 1.0); or both refuse."""
    try:
        expected = pyld_tree(graph, root)
    except JsonLdError:
        with pytest.raises(ValueError):
            to_jsonld(graph, root)
        return
    got = to_jsonld(graph, root)
    assert got == expected
    assert jsonld_text(got) == jsonld_text(expected)


def graph_of(*triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def s(term: str) -> URIRef:
    return URIRef(SCHEMA + term)


# --- the dev corpus ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_graphs(corpus_dir: Path, stories: list[Path]) -> list[tuple[str, Graph, URIRef]]:
    """Every page and wire story of the dev corpus, published."""
    graphs = []
    for path in [*sorted(corpus_dir.glob("d*.html")), *stories]:
        publication = publish_file(str(path))
        graphs.append((path.name, publication.graph, publication.iri))
    return graphs


def test_every_corpus_article_is_framed_as_pyld_frames_it(corpus_graphs):
    differ = [name for name, graph, iri in corpus_graphs
              if jsonld_text(to_jsonld(graph, iri)) != jsonld_text(pyld_tree(graph, iri))
              or to_jsonld(graph, iri) != pyld_tree(graph, iri)]
    assert len(corpus_graphs) > 80 and differ == []


# --- generated graphs --------------------------------------------------------------------------------------

IRI_CHARS = st.sampled_from(list("abcxyz019-._~!$&'()*+,;=:@/%") + ["%20", "%C3%A9", "é", "ü", "Ā", "名", "🙂"])


@st.composite
def iris(draw, base: str = "https://news.example.org/", confusing: bool = True) -> str:
    """IRIs the writer accepts (pyoxigraph's RFC 3987), odd characters included; some in schema.org's or
    XML Schema's namespace, which compact to `schema:` and `xsd:` CURIEs, and (unless not `confusing`)
    some of the scheme `schema:`, which both refuse to compact."""
    starts = [base, base, base, "http://schema.org/", "urn:x:", "https://例え.jp/",
              "http://www.w3.org/2001/XMLSchema#", "http://EXAMPLE.org/a?q=1&b="]
    start = draw(st.sampled_from(starts + ["schema:"] if confusing and draw(st.integers(0, 30)) == 0 else starts))
    iri = start + "".join(draw(st.lists(IRI_CHARS, max_size=8))) + draw(st.sampled_from(["", "#x", "#quote-1"]))
    try:
        NamedNode(iri)
    except ValueError:
        iri = start + "fallback"
    return iri


PREDICATES = [s(term) for term in (
    "name", "headline", "author", "creator", "mentions", "about", "worksFor", "text", "hasPart", "caption",
    "value", "currency", "width", "inLanguage", "keywords", "wordCount", "isAccessibleForFree", "citation",
    "isPartOf", "url", "sameAs", "image", "contentUrl", "logo", "datePublished", "dateModified", "birthDate",
    "notInTheContext", "type", "id", "HTML", "Date")] + [
    RDF.type, URIRef("http://purl.org/dc/terms/title"), URIRef("https://example.org/ns#odd(1)")]
"""Plain, `@id`-coerced and date-typed terms, a term schema.org lacks, ones shadowing keywords or defined
elsewhere (HTML is rdf:HTML), and IRIs of other vocabularies."""

TYPES = [s(term) for term in ("NewsArticle", "Article", "Person", "Organization", "City", "ImageObject",
                              "MonetaryAmount", "Quotation", "Date", "HTML")] + [
    URIRef("https://example.org/ns#Kind"), URIRef(SCHEMA), URIRef(str(XSD.string))]

DATATYPES = [XSD.date, XSD.dateTime, XSD.gYear, XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.boolean,
             XSD.string, XSD.anyURI, XSD.duration, s("Date"), s("DateTime"), RDF.HTML,
             URIRef("https://example.org/dt#odd")]
LEXICAL = ["1", "01", "+5", "-0", "1.0", "1.50", "1e3", "NaN", "INF", "true", "TRUE", "0", "false", "", " 7",
           "2024-03-05", "2024-03-05T10:00:00Z", "P1D", "١٢", "1_000", "12345678901234567890"]

texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12).filter(lambda text: text != "@null")
literals = st.one_of(
    texts.map(Literal),
    st.tuples(texts, st.sampled_from(["en", "EN-gb", "fr", "mi", "zh-Hant-TW", "de-CH-1996"])).map(
        lambda pair: Literal(pair[0], lang=pair[1])),
    st.tuples(st.one_of(st.sampled_from(LEXICAL), texts), st.sampled_from(DATATYPES)).map(
        lambda pair: Literal(pair[0], datatype=pair[1])),
    st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
              st.decimals(allow_nan=False, allow_infinity=False, places=2)).map(Literal),
)


@st.composite
def triple_soups(draw) -> tuple[Graph, URIRef]:
    """Random statements over a few nodes: shared nodes reached twice, cycles back to the article, nodes
    reached only through others, nodes the article never reaches, objects that are never subjects."""
    root = URIRef(draw(iris(confusing=False)))
    nodes = [root, *(URIRef(draw(iris())) for _ in range(draw(st.integers(0, 5))))]
    objects = st.one_of(st.sampled_from(nodes), st.sampled_from(nodes), iris().map(URIRef), literals)
    graph = graph_of(*draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(PREDICATES), objects),
                                    min_size=len(nodes), max_size=40)))
    for node in nodes:
        for kind in draw(st.lists(st.sampled_from(TYPES), max_size=2)):
            graph.add((node, RDF.type, kind))
    return graph, root


@st.composite
def articles(draw) -> tuple[Graph, URIRef]:
    """An article as publishing makes one: several authors working for one organisation, quotations by
    them pointing back to the article, amounts, an image, dates, language-tagged and typed literals."""
    article = URIRef(draw(iris(confusing=False)))
    org = URIRef(draw(iris()))
    published = Literal(draw(st.sampled_from(["2024-03-05", "2024-03-05T10:00:00Z"])),
                        datatype=draw(st.sampled_from([XSD.date, XSD.dateTime, s("Date")])))
    graph = graph_of((article, RDF.type, s("NewsArticle")), (org, RDF.type, s("Organization")),
                     (org, s("name"), Literal("Acme")), (org, s("sameAs"), URIRef(draw(iris()))),
                     (article, s("datePublished"), published), (article, s("headline"), draw(literals)),
                     (article, s("publisher"), org))
    people = [URIRef(draw(iris())) for _ in range(draw(st.integers(1, 4)))]
    for number, person in enumerate(people):
        graph.add((person, RDF.type, s("Person")))
        graph.add((person, s("name"), Literal(f"Person {number}", lang=draw(st.sampled_from(["en", "EN"])))))
        graph.add((person, s("worksFor"), org))
        graph.add((article, draw(st.sampled_from([s("author"), s("mentions")])), person))
        quote = URIRef(f"{article}#quote-{number + 1}")
        graph.add((quote, RDF.type, s("Quotation")))
        graph.add((quote, s("creator"), person))
        graph.add((quote, s("isPartOf"), article))
        graph.add((quote, s("text"), draw(literals)))
        graph.add((article, s("hasPart"), quote))
    for number in range(draw(st.integers(0, 2))):
        amount = URIRef(f"{article}#amount-{number}")
        graph.add((article, s("mentions"), amount))
        graph.add((amount, RDF.type, s("MonetaryAmount")))
        graph.add((amount, s("value"), Literal(draw(st.decimals(0, 10 ** 9, places=2)))))
        graph.add((amount, s("currency"), Literal("USD")))
    image = URIRef(draw(iris()))
    graph.add((article, s("image"), image))
    graph.add((image, RDF.type, s("ImageObject")))
    graph.add((image, s("width"), Literal(draw(st.integers(0, 4000)))))
    graph.add((image, s("caption"), draw(literals)))
    for predicate, value in draw(st.lists(st.tuples(st.sampled_from(PREDICATES), literals), max_size=6)):
        graph.add((draw(st.sampled_from([article, org, image, *people])), predicate, value))
    return graph, article


GENERATED = settings(max_examples=int(os.environ.get("NEWSLD_JSONLD_EXAMPLES", "300")), deadline=None,
                     derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
"""300 graphs of each kind (30,000 with NEWSLD_JSONLD_EXAMPLES=30000 for a longer hunt), the same every run."""


@GENERATED
@given(triple_soups())
def test_generated_graphs_are_framed_as_pyld_frames_them(case):
    assert_as_pyld(*case)


@GENERATED
@given(articles())
def test_generated_articles_are_framed_as_pyld_frames_them(case):
    assert_as_pyld(*case)


# --- the rules, one each -----------------------------------------------------------------------------------

PERSON = URIRef("https://news.example.org/person/jane-doe")


def test_a_node_reached_twice_is_nested_where_first_met_and_named_after():
    quote = URIRef(f"{ARTICLE}#quote-1")
    graph = graph_of((ARTICLE, s("author"), PERSON), (ARTICLE, s("hasPart"), quote), (quote, s("creator"), PERSON),
                     (PERSON, s("name"), Literal("Jane Doe")), (quote, s("isPartOf"), ARTICLE))
    tree = to_jsonld(graph, ARTICLE)
    assert tree["author"] == {"@id": str(PERSON), "name": "Jane Doe"}
    assert tree["hasPart"] == {"@id": str(quote), "creator": {"@id": str(PERSON)}, "isPartOf": str(ARTICLE)}
    assert_as_pyld(graph, ARTICLE)


def test_values_compact_by_the_terms_coercion():
    graph = graph_of((ARTICLE, s("url"), ARTICLE),
                     (ARTICLE, s("datePublished"), Literal("2024-03-05", datatype=s("Date"))),
                     (ARTICLE, s("dateModified"), Literal("2024-03-06", datatype=XSD.date)),
                     (ARTICLE, s("wordCount"), Literal(412)), (ARTICLE, s("isAccessibleForFree"), Literal(True)),
                     (ARTICLE, s("value"), Literal(Decimal("1.50"))),
                     (ARTICLE, s("name"), Literal("Parser", lang="EN")))
    assert to_jsonld(graph, ARTICLE) == {
        "@context": CONTEXT_URL, "@id": str(ARTICLE),
        "dateModified": {"@type": "xsd:date", "@value": "2024-03-06"}, "datePublished": "2024-03-05",
        "isAccessibleForFree": True, "name": {"@language": "en", "@value": "Parser"}, "url": str(ARTICLE),
        "value": {"@type": "xsd:decimal", "@value": "1.50"}, "wordCount": 412}
    assert_as_pyld(graph, ARTICLE)


def test_a_literal_where_the_term_wants_an_iri_keeps_the_compact_iri_key():
    graph = graph_of((ARTICLE, s("url"), Literal("https://news.example.org/elsewhere")), (ARTICLE, s("url"), ARTICLE))
    assert to_jsonld(graph, ARTICLE)["schema:url"] == "https://news.example.org/elsewhere"
    assert_as_pyld(graph, ARTICLE)


def test_several_values_are_a_list_in_the_graphs_order():
    graph = graph_of(*[(ARTICLE, s("keywords"), Literal(word)) for word in ("b", "a", "c")])
    assert to_jsonld(graph, ARTICLE)["keywords"] == ["a", "b", "c"]
    assert_as_pyld(graph, ARTICLE)


def test_an_article_iri_that_reads_as_a_compact_iri_is_refused():
    """PyLD expanded the frame's `@id` against the context and framed another node, or none."""
    with pytest.raises(ValueError, match="compact IRI"):
        to_jsonld(graph_of((URIRef("schema:x"), s("name"), Literal("x"))), URIRef("schema:x"))


def test_a_blank_node_is_refused():
    with pytest.raises(ValueError, match="blank node"):
        to_jsonld(graph_of((ARTICLE, s("author"), BNode())), ARTICLE)


def test_the_string_null_stays_a_string_where_pyld_drops_it():
    graph = graph_of((ARTICLE, s("headline"), Literal("@null")))
    assert to_jsonld(graph, ARTICLE)["headline"] == "@null"
    assert pyld_tree(graph, ARTICLE)["headline"] is None


def test_an_article_missing_from_its_graph_is_the_context_alone():
    graph = graph_of((PERSON, s("name"), Literal("Jane Doe")))
    assert to_jsonld(graph, ARTICLE) == {"@context": CONTEXT_URL}
    assert_as_pyld(graph, ARTICLE)


def test_the_text_is_stable_json():
    graph = graph_of((ARTICLE, RDF.type, s("NewsArticle")), (ARTICLE, s("headline"), Literal("Ā 名 🙂")))
    assert json.loads(jsonld_text(to_jsonld(graph, ARTICLE))) == {
        "@context": CONTEXT_URL, "@id": str(ARTICLE), "@type": "NewsArticle", "headline": "Ā 名 🙂"}


@GENERATED
@given(triple_soups())
def test_triples_are_read_in_rdflibs_order_of_terms(case):
    graph, _ = case
    assert sorted(graph, key=term_order) == sorted(graph)
