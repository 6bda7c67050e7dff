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


@pytest.mark.parametrize("line", ["}", "<https://newsld.example/article/b> {"])
def test_carried_over_articles_keep_whole_trig_blocks_whatever_their_body_lines_look_like(tmp_path, line):
    """A body line that looks like the end or the start of a block never cuts one (literals are written on
    one line, their line breaks escaped), and both articles are carried over."""
    stories = {"a.txt": f"date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.\n\n{line}\n\n"
                        "The plan was approved.",
               "b.txt": "date 2022-01-29 PARIS -- Renault said on Friday it would invest too."}
    for name, text in stories.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = ["publish", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(tmp_path / "out"), "--no-load"]
    assert CliRunner().invoke(main, run).exit_code == 0
    first = (tmp_path / "out" / "dataset.trig").read_bytes()
    rerun = CliRunner().invoke(main, [*run, "--format", "json"])
    assert '"skipped": 2' in rerun.stdout
    assert (tmp_path / "out" / "dataset.trig").read_bytes() == first
    dataset = Dataset()
    dataset.parse(tmp_path / "out" / "dataset.trig", format="trig")
    for slug in ("a", "b"):
        turtle = Graph().parse(tmp_path / "out" / f"{slug}.ttl", format="turtle")
        assert isomorphic(dataset.graph(URIRef(f"https://newsld.example/article/{slug}")), turtle)
