"""Turtle and JSON-LD are one graph; JSON-LD reads as search engines expect; nothing is fetched."""
from __future__ import annotations

import json

import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import graph_from_jsonld
from pipeline import publish_file
from pipeline.serialize import document_loader



@pytest.fixture(scope="module")
def publications(stories):
    return [publish_file(str(p)) for p in stories]


def test_jsonld_and_turtle_are_isomorphic(publications):
    for pub in publications:
        turtle = Graph().parse(data=pub.turtle, format="turtle")
        assert isomorphic(turtle, graph_from_jsonld(json.loads(pub.jsonld_text))), pub.article.source


def test_turtle_is_the_mapped_graph(publications):
    for pub in publications:
        assert isomorphic(Graph().parse(data=pub.turtle, format="turtle"), pub.graph)


def test_jsonld_has_schema_org_context_and_the_article_at_the_root(publications):
    for pub in publications:
        assert pub.jsonld["@context"] == "https://schema.org"
        assert pub.jsonld["@type"] == "NewsArticle"
        assert pub.jsonld["@id"] == str(pub.iri)


def test_jsonld_uses_plain_schema_org_terms(publications):
    text = publications[0].jsonld_text
    assert '"schema:' not in text
    assert '"datePublished"' in text and '"headline"' in text


def test_jsonld_nests_entities_for_top_down_reading(publications):
    contributors = publications[0].jsonld["contributor"]
    assert {c["name"] for c in contributors} == {"Yuri Kageyama", "Stefan Nicola"}
    assert all(c["affiliation"]["@type"] == "Organization" for c in contributors)


def test_turtle_uses_the_schema_prefix(publications):
    assert "@prefix schema: <http://schema.org/> ." in publications[0].turtle


def test_turtle_starts_each_subject_after_a_blank_line_with_its_type_first(publications):
    for pub in publications:
        blocks = pub.turtle.split("\n\n")[1:]  # after the prefixes
        subjects = [block.split(" ", 1)[0] for block in blocks]
        assert subjects[0] == f"<{pub.iri}>"  # the article before its own #fragment nodes and the entities
        assert len(subjects) == len(set(subjects)) == len(set(pub.graph.subjects()))
        assert all(block.split(" ", 2)[1] == "a" for block in blocks)


def test_turtle_writes_every_literal_on_one_line(publications):
    body_lines = publications[0].article.body.count("\n")
    assert body_lines > 0
    statement_lines = [line for line in publications[0].turtle.splitlines() if line.startswith("\tschema:articleBody")]
    assert len(statement_lines) == 1 and statement_lines[0].count("\\n") == body_lines


def test_remote_contexts_are_refused():
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand({"@context": "https://example.org/context.jsonld", "name": "x"},
                      {"documentLoader": document_loader})
