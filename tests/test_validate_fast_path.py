"""`pipeline.validate`'s fast path: the article's graph read in place (no clone), SPARQL strings parsed
once, and only the shapes that can find focus nodes evaluated.

The contract is tests/test_validate_speed_contract.py's: whichever way a validation goes, pyshacl
reports what a fresh `pyshacl.validate` reports, and the caller's graph is left as it was. These cases
aim at what the fast path skips or shortcuts: targets of every kind, subclasses stated in the data,
several types on a node, SPARQL targets and constraints, and the shapes graphs and data graphs that
must take pyshacl's own way instead (rules, datasets).
"""
from __future__ import annotations


import pytest
from rdflib import Dataset, Graph, Literal, Namespace

from shacl_helpers import fresh_report_graph, raw_results
from pipeline.mapping import new_graph
from pipeline.namespaces import SCHEMA, SH
from pipeline.validate import (_parsed_query, _prepared_shapes, _ReadOnlyView, report_of, shacl_report, shacl_results,
                               load_shapes, validate)

EX = Namespace("https://newsld.example/fast/")
PREFIXES = """\
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://newsld.example/fast/> .
"""
SHAPE_PREFIXES = PREFIXES + "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"

# Findings of most kinds, from the project's shapes.
ARTICLE = PREFIXES + """
ex:a a schema:NewsArticle ;
    schema:headline "One", "Two" ;
    schema:datePublished "2022-01-28T10:00:00"^^xsd:dateTime ;
    schema:author ex:jane, ex:wire ;
    schema:publisher ex:wire ;
    schema:locationCreated ex:jane ;
    schema:mentions ex:jane, ex:both, ex:review, ex:untyped, "text", [ schema:name "blank" ] ;
    schema:hasPart ex:q .
ex:jane a schema:Person ; schema:name "Jane" ; schema:worksFor ex:both ; schema:sameAs "Q1" .
ex:wire a schema:Corporation ; schema:name "" .
ex:both a schema:Organization, schema:Thing ; schema:name "Both" .
ex:review a schema:Review .
ex:q a schema:Quotation ; schema:text "Quoted" ; schema:creator ex:review ; schema:isPartOf ex:a .
"""

# Classes and their subclasses stated in the data: targets and kinds reach instances of subclasses.
SUBCLASSES = ARTICLE + """
ex:Reporter rdfs:subClassOf schema:Person .
ex:Outlet rdfs:subClassOf schema:Organization .
ex:kim a ex:Reporter .
ex:review a ex:Outlet .
ex:a schema:contributor ex:kim .
"""

# No article, nothing but nodes the article shapes do not target.
NO_ARTICLE = PREFIXES + """
ex:p a schema:Product ; schema:name "Widget", "Gadget" .
ex:m a schema:MonetaryAmount ; schema:currency "usd" .
"""

# People only by a subclass of schema:Person.
ONLY_SUBCLASSES = NO_ARTICLE + """
ex:Reporter rdfs:subClassOf schema:Person .
ex:kim a ex:Reporter ; schema:worksFor ex:p .
"""

# Every kind of target, a SPARQL constraint, a shape without a message.
TARGETS = """
ex:NodeTarget a sh:NodeShape ; sh:targetNode ex:jane, ex:nobody ;
    sh:property [ sh:path schema:email ; sh:minCount 1 ; sh:message "needs an email" ] .
ex:Thing a rdfs:Class, sh:NodeShape ;
    sh:property [ sh:path schema:name ; sh:minCount 1 ] .
ex:SubjectsOf a sh:NodeShape ; sh:targetSubjectsOf schema:worksFor ;
    sh:property [ sh:path schema:jobTitle ; sh:minCount 1 ; sh:severity sh:Info ; sh:message "no job title" ] .
ex:ObjectsOf a sh:NodeShape ; sh:targetObjectsOf schema:mentions ; sh:nodeKind sh:IRI ; sh:message "a blank node" .
ex:Unused a sh:NodeShape ; sh:targetObjectsOf schema:nowhere ; sh:class schema:Nothing .
ex:Subclassed a sh:NodeShape ; sh:targetClass schema:Person ;
    sh:property [ sh:path schema:url ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "no url" ] .
ex:Sparql a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
    sh:sparql [ sh:message "mentions {?value} twice over" ;
                sh:select "SELECT $this ?value WHERE { $this <http://schema.org/mentions> ?value . ?value a ?t . FILTER(?t != <http://schema.org/Person>) }" ] .
ex:SparqlTarget a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ;
                sh:select "SELECT ?this WHERE { ?x <http://schema.org/author> ?this }" ] ;
    sh:property [ sh:path schema:affiliation ; sh:minCount 1 ; sh:message "no affiliation" ] .
ex:ThingNamed a sh:PropertyShape ; sh:targetClass schema:Thing ; sh:path schema:name ; sh:maxCount 0 ;
    sh:message "a Thing with a name" .
"""

# A SHACL rule: the data graph gets a triple, so pyshacl's own run on a clone is used.
RULE = """
ex:Ruled a sh:NodeShape ; sh:targetClass schema:Person ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate schema:description ; sh:object "ruled" ] ;
    sh:property [ sh:path schema:description ; sh:maxCount 0 ; sh:message "ruled over" ] .
"""


def graph_of(turtle: str, **kwargs) -> Graph:
    graph = Graph(**kwargs) if kwargs else new_graph()
    graph.parse(data=turtle, format="turtle")
    return graph


def shapes_of(turtle: str) -> Graph:
    return Graph().parse(data=SHAPE_PREFIXES + turtle, format="turtle")


PROJECT = {"article": ARTICLE, "subclasses": SUBCLASSES, "no-article": NO_ARTICLE,
           "only-subclasses": ONLY_SUBCLASSES}


@pytest.mark.parametrize("name", PROJECT)
def test_the_project_shapes_take_the_fast_path_and_report_as_pyshacl_does(name):
    shapes = load_shapes()
    assert _prepared_shapes(shapes)._plan is not None
    graph = graph_of(PROJECT[name])
    assert _ReadOnlyView.of(graph) is not None

    expected = fresh_report_graph(graph, shapes)
    assert raw_results(shacl_report(graph, shapes)) == raw_results(expected)
    assert validate(graph, EX.a) == report_of(shacl_results(expected), graph, EX.a, ())


def test_the_cases_find_what_they_are_meant_to():
    findings = {(r.node, r.path) for r in validate(graph_of(SUBCLASSES), EX.a).results}
    assert (str(EX.a), "schema:mentions") in findings  # the review, the untyped node, the text
    assert (str(EX.a), "schema:locationCreated") in findings
    assert (str(EX.kim), "schema:name") in findings  # a Reporter is a Person: a target by subclass
    assert (str(EX.q), "schema:creator") not in findings  # the review is an Outlet, so an Organization
    assert validate(graph_of(ARTICLE), EX.a).count("Violation") >= 8
    findings = {(r.node, r.path) for r in validate(graph_of(ONLY_SUBCLASSES), EX.a).results}
    assert {(str(EX.kim), "schema:name"), (str(EX.kim), "schema:worksFor")} <= findings


@pytest.mark.parametrize("name", PROJECT)
def test_every_kind_of_target_reports_as_pyshacl_does(name):
    shapes = shapes_of(TARGETS)
    assert _prepared_shapes(shapes)._plan is not None
    graph = graph_of(PROJECT[name])

    assert raw_results(shacl_report(graph, shapes)) == raw_results(fresh_report_graph(graph, shapes))


def test_a_graph_without_the_usual_prefixes_is_validated_and_left_as_it_was():
    graph = graph_of(ARTICLE, bind_namespaces="none")
    triples, prefixes = set(graph), set(graph.namespace_manager.namespaces())
    shapes = shapes_of(TARGETS)

    ours = [raw_results(shacl_report(graph, shapes)), raw_results(shacl_report(graph, load_shapes()))]

    assert set(graph) == triples
    assert set(graph.namespace_manager.namespaces()) == prefixes  # pyshacl binds sh: in what it reads
    assert ours == [raw_results(fresh_report_graph(graph, shapes)), raw_results(fresh_report_graph(graph, load_shapes()))]


def test_shapes_with_rules_run_on_a_clone_and_leave_the_callers_graph_alone():
    shapes = shapes_of(RULE)
    assert _prepared_shapes(shapes)._plan is None
    graph = graph_of(ARTICLE)
    triples = set(graph)

    report = raw_results(shacl_report(graph, shapes))

    assert report == raw_results(fresh_report_graph(graph_of(ARTICLE), shapes))
    assert sum(report.values()) == 1  # the one Person, described by the rule in the clone
    assert set(graph) == triples


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's, about pyshacl's use of a Dataset
def test_a_dataset_is_left_to_pyshacl():
    dataset = Dataset()
    dataset.graph(EX.g).parse(data=ARTICLE, format="turtle")
    assert _ReadOnlyView.of(dataset) is None
    shapes = load_shapes()

    assert raw_results(shacl_report(dataset, shapes)) == raw_results(fresh_report_graph(dataset, shapes))


def test_the_view_reads_the_callers_triples_and_refuses_to_write():
    graph = graph_of(ARTICLE)
    view = _ReadOnlyView(graph)

    assert set(view) == set(graph) and len(view) == len(graph)
    assert set(view.objects(EX.a, SCHEMA.author)) == {EX.jane, EX.wire}
    for write in (lambda: view.add((EX.a, SCHEMA.name, Literal("x"))),
                  lambda: view.remove((EX.a, None, None)),
                  lambda: view.addN([(EX.a, SCHEMA.name, Literal("x"), view)])):
        with pytest.raises(TypeError):
            write()
    assert set(graph) == set(view)


def test_sparql_strings_are_parsed_once_per_process():
    shapes = shapes_of(TARGETS)
    validate(graph_of(ARTICLE), EX.a, shapes=shapes)
    before = _parsed_query.cache_info()

    for turtle in (ARTICLE, SUBCLASSES, ARTICLE):
        validate(graph_of(turtle), EX.a, shapes=shapes)

    after = _parsed_query.cache_info()
    assert after.misses == before.misses
    assert after.hits >= before.hits + 6  # the SPARQL target and the SPARQL constraint, three times


def test_changes_to_a_loaded_shapes_graph_are_seen(tmp_path):
    (tmp_path / "article.ttl").write_text(SHAPE_PREFIXES + """
        ex:ArticleShape a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
            sh:property [ sh:path schema:wordCount ; sh:minCount 1 ; sh:severity sh:Violation ;
                          sh:message "needs a word count" ] .
    """, encoding="utf-8")
    shapes = load_shapes(tmp_path)
    graph = graph_of(ARTICLE)
    assert [r.message for r in validate(graph, EX.a, shapes=shapes).results] == ["needs a word count"]

    size = len(shapes)
    shapes.add((EX.ArticleShape, SH.property, EX.needsBody))  # and again: no change
    shapes.add((EX.ArticleShape, SH.property, EX.needsBody))
    shapes.add((EX.needsBody, SH.path, SCHEMA.articleBody))
    shapes.add((EX.needsBody, SH.minCount, Literal(1)))
    shapes.add((EX.needsBody, SH.message, Literal("needs a body")))
    assert len(shapes) == size + 4 == len(list(shapes))
    assert sorted(r.message for r in validate(graph, EX.a, shapes=shapes).results) == ["needs a body",
                                                                                       "needs a word count"]

    shapes.remove((EX.needsBody, None, None))
    shapes.remove((None, SH.property, EX.needsBody))
    assert len(shapes) == size == len(list(shapes))
    assert [r.message for r in validate(graph, EX.a, shapes=shapes).results] == ["needs a word count"]


def test_every_property_shape_in_shapes_is_applied():
    """The entity files' node shapes have no target: their property shapes target the classes themselves
    (so that pyshacl checks all of an article's people at once). A property shape added without its
    target would never be checked."""
    shapes = load_shapes()
    targets = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)

    def targeted(shape) -> bool:
        return any((shape, t, None) in shapes for t in targets)

    used = set(shapes.objects(None, SH.node))  # kind shapes: applied to the values of other shapes
    unapplied = [(owner, shapes.value(p, SH.path)) for owner, p in shapes.subject_objects(SH.property)
                 if not (targeted(p) or targeted(owner) or owner in used)]
    assert unapplied == []
