"""The seed's graph holds every entity, quotation and amount of the hand-made list, and nothing invented."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Literal

from pipeline import publish_file
from pipeline.namespaces import SCHEMA

TRUTH = json.loads((Path(__file__).parent / "fixtures" / "seed_entities.json").read_text(encoding="utf-8"))
FAMILY = {
    "Person": (SCHEMA.Person,),
    "Organization": (SCHEMA.Organization, SCHEMA.Corporation),
    "Place": (SCHEMA.Place, SCHEMA.City, SCHEMA.Country),
}


@pytest.fixture(scope="module")
def seed(seed_path):
    return publish_file(str(seed_path))


def spoken_of(pub, classes) -> set[str]:
    nodes = {o for p in (SCHEMA.about, SCHEMA.mentions) for o in pub.graph.objects(pub.iri, p)}
    return {str(pub.graph.value(n, SCHEMA.name)) for n in nodes
            if any((n, RDF.type, c) in pub.graph for c in classes)}


@pytest.mark.parametrize("family", ["Person", "Organization", "Place"])
def test_seed_entities_are_all_found_with_their_type_and_none_invented(seed, family):
    assert spoken_of(seed, FAMILY[family]) == set(TRUTH[family])


def test_seed_quotations_have_their_right_speakers(seed):
    g = seed.graph
    quotes = {(str(g.value(q, SCHEMA.text)), str(g.value(g.value(q, SCHEMA.creator), SCHEMA.name)))
              for q in g.objects(seed.iri, SCHEMA.hasPart)}
    assert quotes == {tuple(q) for q in TRUTH["Quotation"]}
    assert all(g.value(q, SCHEMA.isPartOf) == seed.iri for q in g.objects(seed.iri, SCHEMA.hasPart))


def test_seed_amounts_are_right(seed):
    g = seed.graph
    amounts = {(str(g.value(a, SCHEMA.currency)), str(g.value(a, SCHEMA.value)))
               for a in g.subjects(RDF.type, SCHEMA.MonetaryAmount)}
    assert amounts == {tuple(a) for a in TRUTH["MonetaryAmount"]}


def test_seed_roles(seed):
    g = seed.graph
    (uchida,) = g.subjects(SCHEMA.name, Literal("Makoto Uchida"))
    assert str(g.value(uchida, SCHEMA.jobTitle)) == "Chief Executive Officer"
    assert str(g.value(g.value(uchida, SCHEMA.worksFor), SCHEMA.name)) == "Nissan Motor Co."


def test_seed_with_entities_still_passes_the_shapes(seed):
    assert seed.report.conforms
