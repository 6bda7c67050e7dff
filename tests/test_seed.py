"""The seed story publishes with the facts the newsroom expects."""
from __future__ import annotations

import pytest
from rdflib import RDF, XSD, Literal, URIRef

from pipeline import publish_file
from pipeline.namespaces import SCHEMA


@pytest.fixture(scope="module")
def seed(seed_path):
    return publish_file(str(seed_path))


def names(graph, nodes):
    return sorted(str(graph.value(n, SCHEMA.name)) for n in nodes)


def test_seed_has_no_violation(seed):
    assert seed.report.conforms, seed.report.results


def test_seed_is_a_news_article(seed):
    assert (seed.iri, RDF.type, SCHEMA.NewsArticle) in seed.graph


def test_seed_date_published_is_an_xsd_date(seed):
    assert seed.graph.value(seed.iri, SCHEMA.datePublished) == Literal("2022-01-28", datatype=XSD.date)


def test_seed_dateline_and_location_created(seed):
    assert seed.graph.value(seed.iri, SCHEMA.dateline) == Literal("TOKYO")
    place = seed.graph.value(seed.iri, SCHEMA.locationCreated)
    assert (place, RDF.type, SCHEMA.City) in seed.graph  # schema:City is a schema:Place
    assert seed.graph.value(place, SCHEMA.name) == Literal("Tokyo")


def test_seed_contributors_with_their_affiliations(seed):
    g = seed.graph
    people = {str(g.value(p, SCHEMA.name)): str(g.value(g.value(p, SCHEMA.affiliation), SCHEMA.name))
              for p in g.objects(seed.iri, SCHEMA.contributor)}
    assert people == {"Yuri Kageyama": "The Associated Press", "Stefan Nicola": "Bloomberg News"}


def test_seed_source_organization_is_the_wire_credit(seed):
    assert names(seed.graph, seed.graph.objects(seed.iri, SCHEMA.sourceOrganization)) == ["WPNS"]


def test_seed_video_is_associated_media(seed):
    (video,) = seed.graph.objects(seed.iri, SCHEMA.associatedMedia)
    assert (video, RDF.type, SCHEMA.VideoObject) in seed.graph
    assert seed.graph.value(video, SCHEMA.url) == URIRef("https://arkansasonline.com/128nissan/")
    assert str(video).startswith(str(seed.iri) + "#")


def test_seed_body_has_no_furniture(seed):
    body = str(seed.graph.value(seed.iri, SCHEMA.articleBody))
    for furniture in ("date 2022", "TOKYO --", "Video not showing", "Information for this article"):
        assert furniture not in body
    assert body.startswith("The French-Japanese auto alliance")
    assert seed.graph.value(seed.iri, SCHEMA.wordCount).toPython() == len(body.split())


def test_seed_headline_is_derived_and_reported_as_info(seed):
    headline = str(seed.graph.value(seed.iri, SCHEMA.headline))
    assert headline.startswith("The French-Japanese auto alliance of Renault and Nissan")
    assert [r.path for r in seed.report.results if r.severity == "Info"] == ["schema:headline"]


def test_seed_has_language_and_identifier(seed):
    assert seed.graph.value(seed.iri, SCHEMA.inLanguage) == Literal("en")
    assert seed.graph.value(seed.iri, SCHEMA.identifier) == Literal("000-76c7baf359d68961")


def test_seed_graph_has_no_blank_nodes(seed):
    assert not [t for t in seed.graph if any(getattr(x, "n3", None) and x.n3().startswith("_:") for x in t)]
