"""Publish what can be published: violations outside headline, publication date and body are repaired or left
out with a warning; those three still keep an article from being written."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from pipeline.api import publish_file
from pipeline.mapping import new_graph
from pipeline.model import Notice
from pipeline.namespaces import SCHEMA
from pipeline.repair import validated

ARTICLE = URIRef("https://news.example/article/a")
PREFIXES = "@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
WHOLE = """<https://news.example/article/a> a schema:NewsArticle ; schema:headline "Council approves budget" ;
    schema:datePublished "2024-03-01"^^xsd:date ; schema:articleBody "The council approved it." ;
    schema:wordCount 4 ; schema:inLanguage "en" ;
    schema:publisher <https://news.example/organization/daily> .
<https://news.example/organization/daily> a schema:Organization ; schema:name "Daily Example" .
"""


def graph(extra: str = "", whole: str = WHOLE) -> Graph:
    return new_graph().parse(data=PREFIXES + whole + extra, format="turtle")


def warnings(notices: list[Notice]) -> list[str]:
    return [n.message for n in notices if n.severity == "Warning"]


def test_a_media_object_without_a_url_is_left_out_with_a_warning_and_the_article_published():
    g = graph("<https://news.example/article/a> schema:associatedMedia <https://news.example/article/a#video-1> .\n"
              "<https://news.example/article/a#video-1> a schema:VideoObject ; schema:name \"clip\" .")
    notices: list[Notice] = []
    report = validated(g, ARTICLE, notices)
    assert report.conforms
    assert (None, SCHEMA.associatedMedia, None) not in g and (URIRef(f"{ARTICLE}#video-1"), None, None) not in g
    assert any("VideoObject 'clip' left out" in m and "url" in m for m in warnings(notices))


def test_an_organisation_with_two_names_keeps_one_and_the_other_as_alternate_name():
    g = graph('<https://news.example/organization/daily> schema:name "The Daily Example" .')
    notices: list[Notice] = []
    assert validated(g, ARTICLE, notices).conforms
    org = URIRef("https://news.example/organization/daily")
    assert len(set(g.objects(org, SCHEMA.name))) == 1 and len(set(g.objects(org, SCHEMA.alternateName))) == 1
    assert any("alternateName" in m for m in warnings(notices))


def test_a_bad_modification_date_is_left_out_and_the_article_published():
    g = graph('<https://news.example/article/a> schema:dateModified "last Tuesday" .')
    notices: list[Notice] = []
    assert validated(g, ARTICLE, notices).conforms
    assert g.value(ARTICLE, SCHEMA.dateModified) is None
    assert any("'last Tuesday' left out" in m for m in warnings(notices))


def test_a_node_only_a_dropped_node_led_to_goes_with_it():
    g = graph("<https://news.example/article/a> schema:author <https://news.example/person/x> .\n"
              "<https://news.example/person/x> a schema:Person ; schema:name \"\" ; "
              "schema:worksFor <https://news.example/organization/only-x> .\n"
              "<https://news.example/organization/only-x> a schema:Organization ; schema:name \"Only X\" .")
    assert validated(g, ARTICLE, []).conforms
    assert (URIRef("https://news.example/organization/only-x"), None, None) not in g


def test_a_missing_headline_still_keeps_the_article_from_being_published():
    g = graph(whole=WHOLE.replace('schema:headline "Council approves budget" ;', ""))
    report = validated(g, ARTICLE, [])
    assert not report.conforms
    assert any(r.path == "schema:headline" and r.severity == "Violation" for r in report.results)


def test_a_bad_publication_date_still_keeps_the_article_from_being_published():
    g = graph(whole=WHOLE.replace('"2024-03-01"^^xsd:date', '"sometime in March"'))
    assert not validated(g, ARTICLE, []).conforms
    assert g.value(ARTICLE, SCHEMA.datePublished) == Literal("sometime in March")


PAGE = """<html lang="en"><head><title>Council approves budget</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Council approves budget", "datePublished": "2024-03-01T10:00:00Z",
"author": {"@type": "Person", "name": "Jane Doe"},
"publisher": {"@type": "Organization", "name": "The Daily Example Group"}}</script></head>
<body><article><h1>Council approves budget</h1>
<p>SPRINGFIELD -- The city council approved a budget of $4 million on Tuesday after a long debate among its
members about schools and roads.</p>
<p>Mayor John Smith told Daily Example the plan would help families across the city, and the council voted
seven to two in favour of it.</p></article></body></html>"""


def test_a_page_whose_publisher_the_text_names_otherwise_is_published_with_both_names(tmp_path: Path):
    page = tmp_path / "budget.html"
    page.write_text(PAGE, encoding="utf-8")
    publication = publish_file(str(page))
    assert publication.report.conforms
    publisher = publication.graph.value(publication.iri, SCHEMA.publisher)
    assert publication.graph.value(publisher, SCHEMA.name) == Literal("The Daily Example Group")
    assert publication.graph.value(publisher, SCHEMA.alternateName) == Literal("Daily Example")


def test_an_authors_bad_property_goes_and_the_author_stays():
    g = graph("<https://news.example/article/a> schema:author <https://news.example/person/x> .\n"
              "<https://news.example/person/x> a schema:Person ; schema:name \"Jane Doe\" ; schema:sameAs \"not a link\" .")
    notices: list[Notice] = []
    assert validated(g, ARTICLE, notices).conforms
    assert g.value(URIRef("https://news.example/person/x"), SCHEMA.name) == Literal("Jane Doe")
    assert (ARTICLE, SCHEMA.author, URIRef("https://news.example/person/x")) in g
    assert any("'not a link' left out" in m for m in warnings(notices))


def test_two_modification_dates_keep_one():
    g = graph('<https://news.example/article/a> schema:dateModified "2024-03-02"^^xsd:date, "2024-03-03"^^xsd:date .')
    assert validated(g, ARTICLE, []).conforms
    assert len(set(g.objects(ARTICLE, SCHEMA.dateModified))) == 1
