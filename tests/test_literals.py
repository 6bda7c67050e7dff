"""Typed literals are published in the canonical form the embedded store keeps, so the store read back is the
published graph byte for byte: amounts (xsd:decimal), counts and sizes (xsd:integer), dates and date-times."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, Store, parse, serialize
from rdflib import Graph
from rdflib.compare import isomorphic

from cli_helpers import newsld, out_dir, story, workdir  # noqa: F401  (fixtures are used by name)
from pipeline.extract.amounts import parse_amount
from pipeline.mapping import to_graph
from pipeline.model import Article, MediaObject
from pipeline.serialize import to_ntriples
from pipeline.store.embedded import EmbeddedStore

BASE = "https://newsld.example/"

amounts = st.builds(
    lambda symbol, number, places, mult: parse_amount(f"{symbol}{number:,.{places}f}{mult}"),
    st.sampled_from(["$", "€", "£", "¥", "US$"]),
    st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False),
    st.integers(0, 4),
    st.sampled_from(["", " thousand", " million", " mln", "bn", " billion", " trillion"]),
)
offsets = st.one_of(
    st.sampled_from(["", "Z", "+00:00", "-00:00"]),
    st.builds(lambda minutes: f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}",
              st.integers(-23 * 60 - 59, 23 * 60 + 59)),
)
times = st.builds(
    lambda moment, precision, offset: moment.isoformat(timespec=precision) + offset,
    st.datetimes(), st.sampled_from(["minutes", "seconds", "milliseconds", "microseconds"]), offsets,
)


def stored(ntriples: str) -> set:
    """The triples an in-memory Oxigraph store gives back after loading `ntriples`."""
    store = Store()
    store.load(ntriples.encode("utf-8"), format=RdfFormat.N_TRIPLES)
    return {quad.triple for quad in store}


@settings(max_examples=200, deadline=None)
@given(amount=amounts, published=times, modified=st.dates().map(str), width=st.integers(1, 10**15),
       height=st.integers(1, 10**15), words=st.integers(0, 50))
def test_every_typed_literal_is_written_as_the_store_keeps_it(amount, published, modified, width, height, words):
    article = Article(slug="s", source="s", date_published=published, date_modified=modified, body="word " * words,
                      image=MediaObject("ImageObject", "https://news.example.com/a.jpg", width, height),
                      about=[amount])
    written = to_ntriples(to_graph(article, BASE))
    assert {quad.triple for quad in parse(written.encode("utf-8"), format=RdfFormat.N_TRIPLES)} == stored(written)


STORY = """---
headline: Nissan to invest in batteries
datePublished: 2022-01-28T10:00:00+00:00
---
TOKYO -- Nissan Motor Co. said on Thursday it would invest $26 billion in electric vehicles and $1.5 million
in a battery plant.

The plan was presented online by the alliance's chairman.
"""


def ntriples_lines(triples) -> list[str]:
    return sorted(serialize(list(triples), format=RdfFormat.N_TRIPLES).decode("utf-8").splitlines())


def test_the_store_read_back_is_the_published_turtle_line_for_line(newsld, out_dir, story):
    story("in/money.txt", STORY)
    assert newsld("publish", "in", "--out", out_dir).exit_code == 0
    published = list(parse((out_dir / "money.ttl").read_bytes(), format=RdfFormat.TURTLE))
    store = EmbeddedStore(out_dir / "store")
    try:
        loaded = store.triples(f"{BASE}article/money")
    finally:
        store.close()
    assert ntriples_lines(loaded) == ntriples_lines(published)
    assert '"26000000000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in "\n".join(ntriples_lines(published))
    assert isomorphic(Graph().parse(data="\n".join(ntriples_lines(loaded)), format="nt"),
                      Graph().parse(out_dir / "money.ttl", format="turtle"))
