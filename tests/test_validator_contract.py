"""pyshacl-turbo held to pyshacl's report, result by result.

pyshacl is the reference. Publish validates with pyshacl-turbo where it is installed (`--validator auto`), and
only because these tests find nothing it reports otherwise: for every dev-corpus article (the pages and the wire
stories, each mapped as publish maps it) and for generated article graphs (wrong types, missing and empty names,
bad and zoneless dates, extra nodes, paywalled parts, several authors, subclasses stated in the data), both
engines give the same results: focus node, path, value, severity, source constraint component, source shape,
message, nested or not. Publish's own outcome (the repaired graph and its `Report`) is the same either way too.

Skipped where pyshacl-turbo is not installed, except under CI, whose `test` extra installs it.
"""
from __future__ import annotations

import copy
import os
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from pipeline.config import Config
from pipeline.mapping import article_node, new_graph, to_graph
from pipeline.model import Article, Document
from pipeline.namespaces import SCHEMA, SH
from pipeline.repair import validated
from pipeline.validate import engine, load_shapes, shacl_report, shacl_results, turbo_installed, validation_results

hypothesis = pytest.importorskip("hypothesis")  # the `test` extra installs it

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

pytestmark = pytest.mark.slow  # every dev-corpus article and generated graphs, through both engines

EX = Namespace("https://newsld.example/contract/")


@pytest.fixture(scope="module", autouse=True)
def turbo() -> None:
    if not turbo_installed():
        message = "pyshacl-turbo is not installed (pip install 'newsld[fast]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def results(report_graph: Graph) -> list[tuple[str, ...]]:
    """Every result of a report graph, nested sh:detail ones included, as a sorted list of tuples of N3 terms."""
    nested = set(report_graph.objects(None, SH.detail))

    def n3(term: Node | None) -> str:
        return term.n3() if term is not None else "-"

    def row(result: Node) -> tuple[str, ...]:
        value = lambda p: n3(report_graph.value(result, p))  # noqa: E731
        return (value(SH.focusNode), value(SH.resultPath), value(SH.value), value(SH.resultSeverity),
                value(SH.sourceConstraintComponent), value(SH.sourceShape),
                " | ".join(sorted(map(str, report_graph.objects(result, SH.resultMessage)))),
                "nested" if result in nested else "top", str(len(list(report_graph.objects(result, SH.detail)))))

    return sorted(row(r) for r in report_graph.subjects(RDF.type, SH.ValidationResult))


def same_results(graph: Graph) -> list[tuple[str, ...]]:
    """Both engines' results for `graph`, asserted equal (and `graph` left as it was); pyshacl's."""
    before = set(graph)
    shapes = load_shapes()
    reference = results(shacl_report(graph, shapes, "pyshacl"))
    assert results(shacl_report(graph, shapes, "turbo")) == reference
    # what publish reads: turbo's results made without its report graph are pyshacl's top-level results
    assert Counter(validation_results(graph, shapes, "turbo")) == Counter(validation_results(graph, shapes, "pyshacl"))
    assert set(graph) == before
    return reference


def same_publication(graph: Graph, article: URIRef, notices: list) -> None:
    """Publish's validation (repairs included) ends with the same graph and the same `Report` either way."""
    outcomes = {}
    for validator in ("pyshacl", "turbo"):
        repaired = new_graph()
        repaired += graph
        outcomes[validator] = (repaired, validated(repaired, article, list(notices), validator))
    (py_graph, py_report), (turbo_graph, turbo_report) = outcomes["pyshacl"], outcomes["turbo"]
    assert turbo_report == py_report
    assert isomorphic(turbo_graph, py_graph)


# --- the dev corpus ------------------------------------------------------------------------------------------

def corpus_inputs(corpus: Path) -> list[Path]:
    """The pages and the wire stories (d032.txt, not d032.gold_body.txt)."""
    stories = [p for p in corpus.glob("d*.txt") if p.name.count(".") == 1]
    return sorted(corpus.glob("d*.html")) + sorted(stories)


@pytest.fixture(scope="module")
def corpus_articles(corpus_dir) -> list[Article]:
    """Every corpus input read, extracted and annotated with its entities, as publish does before mapping."""
    from pipeline.extract import extract
    from pipeline.extract.annotate import annotate
    from pipeline.sources import read_input

    config = Config()
    articles = [extract(item, config) for path in corpus_inputs(corpus_dir) for item in read_input(str(path))
                if isinstance(item, Document)]
    annotate(articles, config.models, config.language, config.authority, config.limits.entities)
    return articles


def mapped(article: Article) -> tuple[Graph, URIRef, list]:
    """The article's graph as publish maps it, its IRI, and the notices extraction and mapping left."""
    article = copy.deepcopy(article)  # mapping adds its notices to the article
    graph = to_graph(article, Config().base)
    return graph, article_node(article, Config().base), article.notices


def test_every_corpus_article_gets_pyshacls_results_from_turbo(corpus_articles):
    assert len(corpus_articles) >= 80  # the corpus: 79 pages and 11 wire stories
    differing = []
    for article in corpus_articles:
        graph, _, _ = mapped(article)
        try:
            same_results(graph)
        except AssertionError:
            differing.append(article.source)
    assert differing == []


def test_every_corpus_article_publishes_the_same_with_turbo(corpus_articles):
    for article in corpus_articles:
        same_publication(*mapped(article))


def test_the_corpus_exercises_findings_of_each_severity(corpus_articles):
    """Equal reports of conforming articles alone would prove little."""
    severities = {row[3] for article in corpus_articles for row in same_results(mapped(article)[0])}
    assert {SH.Violation.n3(), SH.Warning.n3()} <= severities


# --- generated graphs ----------------------------------------------------------------------------------------

TYPES = (SCHEMA.Person, SCHEMA.Organization, SCHEMA.Corporation, SCHEMA.Place, SCHEMA.City, SCHEMA.Country,
         SCHEMA.Product, SCHEMA.Event, SCHEMA.MonetaryAmount, SCHEMA.Thing, SCHEMA.Review, SCHEMA.ImageObject,
         SCHEMA.VideoObject, SCHEMA.WebPageElement, SCHEMA.Quotation, SCHEMA.NewsArticle, EX.Reporter)
"""Node types, right and wrong for where a node is linked; ex:Reporter a subclass of schema:Person when the
graph says so."""

TEXT = (Literal("Jane Doe"), Literal(""), Literal("   "), Literal("Jane", lang="en"), Literal(3), Literal("x\ny"),
        URIRef("https://example.com/name"))
DATES = (Literal("2022-01-28", datatype=XSD.date), Literal("2022-01-28T10:00:00Z", datatype=XSD.dateTime),
         Literal("2022-01-28T10:00:00+09:00", datatype=XSD.dateTime),
         Literal("2022-01-28T10:00:00", datatype=XSD.dateTime),  # no time zone: a Warning
         Literal("2022-02-30", datatype=XSD.date), Literal("soon", datatype=XSD.dateTime),  # ill-typed
         Literal("2022-01-28"), Literal("28 January 2022"))
LINKS = (URIRef("https://example.com/page"), URIRef("https://www.wikidata.org/wiki/Q42"), Literal("example.com"),
         Literal("Q42"))
NUMBERS = (Literal(640), Literal(-1), Literal("1.5", datatype=XSD.decimal), Literal("wide"),
           Literal("abc", datatype=XSD.integer))

NODE_PROPERTIES = {
    SCHEMA.name: TEXT, SCHEMA.alternateName: TEXT, SCHEMA.jobTitle: TEXT, SCHEMA.text: TEXT,
    SCHEMA.url: LINKS, SCHEMA.sameAs: LINKS, SCHEMA.contentUrl: LINKS, SCHEMA.logo: LINKS,
    SCHEMA.currency: (Literal("USD"), Literal("usd"), Literal("dollars")),
    SCHEMA.value: NUMBERS, SCHEMA.width: NUMBERS, SCHEMA.height: NUMBERS,
    SCHEMA.cssSelector: (Literal(".premium"), Literal("#paywall"), Literal("div.locked"), Literal("")),
    SCHEMA.isAccessibleForFree: (Literal(False), Literal(True), Literal("false")),
}
"""Literal-valued properties of the nodes an article links to, each with good and bad values."""

NODE_LINKS = (SCHEMA.worksFor, SCHEMA.affiliation, SCHEMA.containedInPlace, SCHEMA.creator, SCHEMA.isPartOf)
ARTICLE_LINKS = (SCHEMA.author, SCHEMA.contributor, SCHEMA.editor, SCHEMA.publisher, SCHEMA.sourceOrganization,
                 SCHEMA.locationCreated, SCHEMA.about, SCHEMA.mentions, SCHEMA.hasPart, SCHEMA.image,
                 SCHEMA.associatedMedia)
ARTICLE_PROPERTIES = {
    SCHEMA.headline: TEXT, SCHEMA.datePublished: DATES, SCHEMA.dateModified: DATES,
    SCHEMA.inLanguage: (Literal("en"), Literal("pt-BR"), Literal("english!")),
    SCHEMA.wordCount: NUMBERS, SCHEMA.articleBody: TEXT, SCHEMA.dateline: TEXT,
    SCHEMA.url: LINKS, SCHEMA.image: LINKS, SCHEMA.isAccessibleForFree: (Literal(False), Literal(True)),
}


def values(table: dict, most: int) -> st.SearchStrategy:
    """(property, value) pairs from `table`: none, one or several values of a property."""
    return st.lists(st.sampled_from(list(table)).flatmap(lambda p: st.tuples(st.just(p), st.sampled_from(table[p]))),
                    max_size=most)


@st.composite
def article_graphs(draw) -> tuple[Graph, URIRef]:
    graph = new_graph()
    article = EX.article
    graph.add((article, RDF.type, SCHEMA.NewsArticle))
    nodes: list[Node] = [article]
    for number in range(draw(st.integers(0, 7))):
        node = BNode(f"b{number}") if draw(st.booleans()) and number % 3 == 2 else EX[f"node{number}"]
        nodes.append(node)
        for kind in draw(st.lists(st.sampled_from(TYPES), max_size=2)):
            graph.add((node, RDF.type, kind))
        for prop, value in draw(values(NODE_PROPERTIES, 5)):
            graph.add((node, prop, value))
    if draw(st.booleans()):
        graph.add((EX.Reporter, RDFS.subClassOf, SCHEMA.Person))
    for prop, value in draw(values(ARTICLE_PROPERTIES, 9)):
        graph.add((article, prop, value))
    for _ in range(draw(st.integers(0, 12))):  # links between the nodes: authors, parts, places, employers, ...
        subject = draw(st.sampled_from(nodes))
        prop = draw(st.sampled_from(ARTICLE_LINKS if subject == article else NODE_LINKS))
        target = draw(st.sampled_from(nodes + [Literal("a plain name")]))
        graph.add((subject, prop, target))
    return graph, article


CONTRACT = settings(max_examples=int(os.environ.get("NEWSLD_CONTRACT_EXAMPLES", "300")), deadline=None,
                    derandomize=True, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@CONTRACT
@given(article_graphs())
def test_generated_graphs_get_pyshacls_results_from_turbo(case):
    graph, _ = case
    same_results(graph)


@CONTRACT
@given(article_graphs())
def test_generated_graphs_publish_the_same_with_turbo(case):
    graph, article = case
    same_publication(graph, article, [])


# --- the choice ----------------------------------------------------------------------------------------------

def test_auto_is_turbo_where_it_is_installed():
    assert turbo_installed()  # the test extra installs it
    assert engine("auto") == "turbo"
    assert engine("pyshacl") == "pyshacl"
    assert Config().validator == "auto"


def test_auto_is_pyshacl_where_turbo_is_not_installed(monkeypatch):
    from pipeline import validate

    monkeypatch.setattr(validate, "turbo_installed", lambda: False)
    assert engine("auto") == "pyshacl"


def test_an_unknown_validator_is_refused():
    with pytest.raises(ValueError, match="validator must be one of"):
        engine("fastest")


def test_publish_validates_with_the_engine_validator_names(tmp_path, seed_path):
    """--validator pyshacl and --validator turbo each run their engine, and publish the same files."""
    from conftest import publish_outputs

    from pipeline import validate

    outputs = {}
    for validator, kind in (("pyshacl", validate._PreparedShapes), ("turbo", validate._TurboShapes)):
        validate._prepared.clear()
        outputs[validator] = publish_outputs(seed_path, tmp_path / validator, "--validator", validator)
        assert {type(prepared) for prepared in validate._prepared} == {kind}
    assert outputs["turbo"] == outputs["pyshacl"]


# --- what publish reads of turbo's report ------------------------------------------------------------------------

def test_turbo_results_read_without_the_report_graph_keep_nested_and_blank_node_findings():
    from pipeline import publish_text

    pub = publish_text("date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest in Tokyo.")
    graph, stranger = pub.graph, BNode("stranger")
    graph.add((pub.iri, SCHEMA.author, stranger))  # an author that is a place: sh:node's nested results
    graph.add((stranger, RDF.type, SCHEMA.Place))
    report = shacl_report(graph, load_shapes(), "turbo")
    assert set(report.objects(None, SH.detail)), "no nested result to leave out"
    direct = validation_results(graph, load_shapes(), "turbo")
    assert Counter(direct) == Counter(shacl_results(report))
    assert any(result.value == stranger for result in direct)


def test_another_turbo_release_is_read_through_its_report_graph(monkeypatch):
    from pipeline import publish_text, validate

    graph = publish_text("date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest in Tokyo.").graph
    expected = Counter(validation_results(graph, load_shapes(), "turbo"))
    monkeypatch.setattr(validate, "DIRECT_TURBO", "0.0.0")
    monkeypatch.setattr(validate, "_prepared", [])  # the engine is read again, with the release it reads
    monkeypatch.setattr(validate, "_native_results", lambda *_: pytest.fail("read a layout it does not know"))
    assert Counter(validation_results(graph, load_shapes(), "turbo")) == expected


def test_a_shape_with_several_messages_gives_the_least_of_them_with_either_engine_every_time():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .
        <https://newsld.example/contract/NameShape> a sh:NodeShape ; sh:targetClass schema:Person ;
            sh:property [ sh:path schema:name ; sh:minCount 1 ;
                          sh:message "Zu nennen"@de, "A person needs a name"@en, "Il faut un nom"@fr ] .
        """, format="turtle")
    graph = Graph()
    graph.add((EX.someone, RDF.type, SCHEMA.Person))
    messages = {result.message for validator in ("pyshacl", "turbo") for _ in range(8)
                for result in validation_results(graph, shapes, validator)}
    assert messages == {"A person needs a name"}
