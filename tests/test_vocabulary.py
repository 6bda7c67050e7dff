"""Every schema.org class and property newsld writes exists in the vocabulary (release in ../shared/schemaorg)."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph

from pipeline import publish_file
from pipeline.namespaces import SCHEMA


@pytest.fixture(scope="module")
def vocabulary(schemaorg_dir):
    g = Graph()
    g.parse(schemaorg_dir / "schemaorg-current-http.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def published(stories):
    return [publish_file(str(p)) for p in stories]


def test_every_class_used_is_a_schema_org_class(vocabulary, published):
    used = {o for pub in published for o in pub.graph.objects(None, RDF.type)}
    unknown = {c for c in used if (c, RDF.type, RDFS.Class) not in vocabulary}
    assert used and not unknown


def test_every_property_used_is_a_schema_org_property(vocabulary, published):
    used = {p for pub in published for p in pub.graph.predicates() if p != RDF.type}
    assert all(p.startswith(str(SCHEMA)) for p in used)
    unknown = {p for p in used if (p, RDF.type, RDF.Property) not in vocabulary}
    assert used and not unknown
