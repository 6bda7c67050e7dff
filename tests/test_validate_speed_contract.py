"""`validate()` keeps one prepared pyshacl validator per shapes graph and swaps each article in.

The contract: reusing it changes nothing. Every report through the prepared path equals the
one a fresh, uncached `pyshacl.validate` gives for the same graph, however articles alternate,
and nothing of one article (focus nodes, results, the cloned graph) shows up in another's report.
"""
from __future__ import annotations


from rdflib import Graph, Literal, URIRef

from shacl_helpers import fresh_report_graph, raw_results
from pipeline.mapping import new_graph
from pipeline.namespaces import SH
from pipeline.validate import report_of, shacl_report, shacl_results, load_shapes, validate

PREFIXES = """\
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://newsld.example/contract/> .
"""

# Violations and a SPARQL-targeted warning (a Person author without a url).
BROKEN = PREFIXES + """
ex:a a schema:NewsArticle ;
    schema:datePublished "soon" ;
    schema:inLanguage "english!" ;
    schema:author ex:jane, ex:anon ;
    schema:publisher ex:paper ;
    schema:mentions ex:widget, ex:story, "free text" .
ex:jane a schema:Person ; schema:name "Jane" .
ex:anon a schema:Person ; schema:name "Anon", "Anonymous" .
ex:paper a schema:Organization .
ex:widget a schema:Product ; schema:name "" .
ex:story a schema:CreativeWork .
"""

# Other nodes, other findings: a place that is not one, a moneyless amount, an event with two names.
OTHER = PREFIXES + """
ex:b a schema:NewsArticle ;
    schema:headline "Second" , "Second again" ;
    schema:datePublished "2022-01-28"^^xsd:date ;
    schema:locationCreated ex:somewhere ;
    schema:about ex:deal, ex:summit ;
    schema:author ex:wire .
ex:somewhere a schema:Thing ; schema:name "Somewhere" .
ex:deal a schema:MonetaryAmount .
ex:summit a schema:Event ; schema:name "Summit", "The Summit" ; schema:sameAs "not an iri" .
ex:wire a schema:Organization ; schema:name "Wire" .
"""

# Nothing wrong: findings from the other two must not leak into it.
CLEAN = PREFIXES + """
ex:c a schema:NewsArticle ;
    schema:headline "Clean" ;
    schema:datePublished "2022-01-28"^^xsd:date ;
    schema:dateModified "2022-01-29T10:00:00+09:00"^^xsd:dateTime ;
    schema:image <https://example.com/c.jpg> ;
    schema:author ex:joe ;
    schema:publisher ex:wire .
ex:joe a schema:Person ; schema:name "Joe" ; schema:url <https://example.com/joe> .
ex:wire a schema:Organization ; schema:name "Wire" ; schema:logo <https://example.com/wire.png> .
"""

EX = "https://newsld.example/contract/"
ARTICLES = {"broken": (BROKEN, URIRef(EX + "a")), "other": (OTHER, URIRef(EX + "b")),
            "clean": (CLEAN, URIRef(EX + "c"))}


def graph_of(turtle: str) -> Graph:
    graph = new_graph()
    graph.parse(data=turtle, format="turtle")
    return graph


def test_prepared_validation_equals_fresh_pyshacl_while_articles_alternate():
    graphs = {name: graph_of(turtle) for name, (turtle, _) in ARTICLES.items()}
    expected = {}
    for name, graph in graphs.items():
        fresh = fresh_report_graph(graph)
        expected[name] = (raw_results(fresh), report_of(shacl_results(fresh), graph, ARTICLES[name][1], ()))

    # the cases are worth comparing: different findings, both severities, one clean
    assert expected["broken"][1].count("Violation") >= 5 and expected["broken"][1].count("Warning") >= 1
    assert expected["other"][1].count("Violation") >= 3
    assert expected["clean"][1].results == ()
    assert expected["broken"][1] != expected["other"][1]

    for name in ["broken", "other", "broken", "clean", "other", "clean", "broken", "broken", "other"]:
        graph, article = graphs[name], ARTICLES[name][1]
        raw, report = expected[name]
        assert raw_results(shacl_report(graph, load_shapes())) == raw, name
        assert validate(graph, article) == report, name


def test_each_fresh_copy_of_an_article_gets_the_same_report():
    """A new graph object with the same triples (as each batch run makes) is validated alike."""
    turtle, article = ARTICLES["broken"]
    reports = {validate(graph_of(turtle), article) for _ in range(3)}

    assert len(reports) == 1
    assert reports == {report_of(shacl_results(fresh_report_graph(graph_of(turtle))), graph_of(turtle), article, ())}


def test_validation_leaves_the_callers_graph_untouched():
    graph = graph_of(BROKEN)
    triples, prefixes = set(graph), set(graph.namespace_manager.namespaces())

    validate(graph, ARTICLES["broken"][1])
    validate(graph, ARTICLES["broken"][1])

    assert set(graph) == triples
    assert set(graph.namespace_manager.namespaces()) == prefixes


def test_a_shapes_graph_given_by_the_caller_is_used_and_its_later_changes_are_seen():
    shapes = Graph()
    shapes.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <http://schema.org/> .
        <urn:test:ArticleShape> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
            sh:property [ sh:path schema:wordCount ; sh:minCount 1 ; sh:message "needs a word count" ] .
    """, format="turtle")
    graph, article = graph_of(CLEAN), ARTICLES["clean"][1]

    assert [r.message for r in validate(graph, article, shapes=shapes).results] == ["needs a word count"]
    assert validate(graph, article).results == ()  # the shapes in shapes/ again

    shapes.add((URIRef("urn:test:ArticleShape"), SH.property, URIRef("urn:test:needs-a-body")))
    shapes.add((URIRef("urn:test:needs-a-body"), SH.path, URIRef("http://schema.org/articleBody")))
    shapes.add((URIRef("urn:test:needs-a-body"), SH.minCount, Literal(1)))
    shapes.add((URIRef("urn:test:needs-a-body"), SH.message, Literal("needs a body")))

    report = validate(graph, article, shapes=shapes)
    assert sorted(r.message for r in report.results) == ["needs a body", "needs a word count"]
    assert report == report_of(shacl_results(fresh_report_graph(graph, shapes)), graph, article, ())
