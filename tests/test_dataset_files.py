"""The run's dataset files hold every published article in its own named graph, equal to its Turtle."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from pipeline.cli import main

STORIES = {
    "one.txt": "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.",
    "two.txt": "date 2022-01-29 PARIS, France -- Renault said on Friday it would invest too.",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("run")
    for name, text in STORIES.items():
        (root / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(root / "one.txt"), str(root / "two.txt"), "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.mark.parametrize(("name", "fmt"), [("dataset.trig", "trig"), ("dataset.nq", "nquads")])
def test_dataset_file_has_one_named_graph_per_article_equal_to_its_turtle(out, name, fmt):
    dataset = Dataset()
    dataset.parse(out / name, format=fmt)
    for slug in ("one", "two"):
        iri = URIRef(f"https://newsld.example/article/{slug}")
        turtle = Graph().parse(out / f"{slug}.ttl", format="turtle")
        assert isomorphic(dataset.graph(iri), turtle)
    assert len(dataset.graph(URIRef("https://newsld.example/article/three"))) == 0
    assert len(dataset.default_graph) == 0
