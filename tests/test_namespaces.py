"""The schema.org namespace object: rdflib's `Namespace`, each term made once."""
from __future__ import annotations

import pickle

import pytest
from rdflib import Namespace, URIRef

from pipeline.namespaces import SCHEMA, TermNamespace


def test_a_term_read_twice_is_the_same_object():
    assert SCHEMA.headline is SCHEMA.headline
    assert SCHEMA["headline"] is SCHEMA["headline"]


def test_terms_are_the_iris_rdflibs_namespace_makes():
    plain = Namespace(str(SCHEMA))
    for name in ("name", "NewsArticle", "title", "format", "count"):
        assert SCHEMA[name] == plain[name] and type(SCHEMA[name]) is URIRef
    assert SCHEMA.name == plain.name and SCHEMA.title == plain.title


def test_the_namespace_is_still_a_string():
    assert SCHEMA == "http://schema.org/" and SCHEMA.startswith("http://") and "http://schema.org/x" in SCHEMA


def test_pythons_special_names_are_not_terms():
    with pytest.raises(AttributeError):
        SCHEMA.__wrapped__


def test_a_namespace_survives_pickling_as_workers_receive_it():
    copy = pickle.loads(pickle.dumps(TermNamespace("http://example.org/")))
    assert copy.Thing == URIRef("http://example.org/Thing") and copy.Thing is copy.Thing
