"""publish's loads (`load_nquads`) when one article's N-Quads are broken: that article fails alone, every other
article of the batch loads; into the embedded store and into an Oxigraph server."""
from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize
from rdflib import Graph
from rdflib.compare import isomorphic

from pipeline.store import Store, load_nquads, open_store
from servers import start_oxigraph

SCHEMA = "http://schema.org/"
BROKEN = 2  # the article whose text the parser refuses


def _iri(number: int) -> str:
    return f"https://newsld.example/article/batch-{number}"


def _nquads(number: int, version: str) -> str:
    """One article graph's N-Quads, as publish hands them to the store."""
    article = NamedNode(_iri(number))
    quads = [Quad(article, NamedNode(SCHEMA + "headline"), Literal(f"{version} headline {number}"), article),
             Quad(article, NamedNode(SCHEMA + "articleBody"), Literal(f"{version} body {number}"), article)]
    return serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8")


def _broken(number: int, version: str) -> str:
    """The article's N-Quads with a raw line break inside a literal, which N-Quads does not allow."""
    return _nquads(number, version).replace(f"{version} body", f"{version}\nbody", 1)


def _batch(version: str, count: int = 5) -> dict[str, str]:
    return {_iri(n): (_broken if n == BROKEN else _nquads)(n, version) for n in range(count)}


def _stored(store: Store, number: int) -> Graph:
    return _graph(store.triples(_iri(number)))


def _published(number: int, version: str) -> Graph:
    return _graph(q.triple for q in parse(_nquads(number, version), format=RdfFormat.N_QUADS))


def _graph(triples) -> Graph:
    text = serialize(list(triples), format=RdfFormat.N_TRIPLES).decode("utf-8")
    assert text, "no triples"
    return Graph().parse(data=text, format="nt")


@pytest.fixture(params=["embedded", pytest.param("oxigraph", marks=pytest.mark.slow)])  # slow: a real server
def store(request, tmp_path):
    server = start_oxigraph(tmp_path / "oxigraph") if request.param == "oxigraph" else None
    opened = open_store(tmp_path / "store", server.base_url if server else None)
    yield opened
    opened.close()
    if server:
        server.stop()


def test_a_new_graph_the_parser_refuses_fails_alone_and_the_rest_of_the_batch_loads(store):
    failed = load_nquads(store, _batch("new"))
    assert list(failed) == [_iri(BROKEN)]
    assert "not valid N-Quads" in failed[_iri(BROKEN)]
    assert store.existing([_iri(n) for n in range(5)]) == {_iri(n) for n in range(5) if n != BROKEN}
    for number in (0, 1, 3, 4):
        assert isomorphic(_stored(store, number), _published(number, "new")), number
    assert list(load_nquads(store, _batch("new"))) == [_iri(BROKEN)], "a rerun fails the same one alone"


def test_a_changed_graph_the_parser_refuses_fails_alone_and_keeps_its_old_version(store):
    assert load_nquads(store, {_iri(n): _nquads(n, "old") for n in range(5)}) == {}
    failed = load_nquads(store, _batch("new"))
    assert list(failed) == [_iri(BROKEN)]
    for number in range(5):
        version = "old" if number == BROKEN else "new"
        assert isomorphic(_stored(store, number), _published(number, version)), number
