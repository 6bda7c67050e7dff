"""Pages nested deeper than parsers like: elements around the article, JSON-LD inside its block. `validate` and
`publish` read what they can and say what they could not, never a silent "no structured data" or a traceback."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from cli_helpers import assert_no_traceback, assert_one_error_line
from pipeline.cli import main
from pipeline.namespaces import SCHEMA

MARKUP = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Dock strike ends after nine days",
          "datePublished": "2024-03-01T09:00:00+01:00", "image": "https://news.example.org/dock.jpg",
          "author": {"@type": "Person", "name": "Ann Lee", "url": "https://news.example.org/ann-lee"}}
STORY = ("<h1>Dock strike ends after nine days</h1>"
         "<p>ROTTERDAM - Dock workers at Europe's largest port returned to work on Friday after a nine-day strike "
         "over pay ended with a deal that raises wages by six percent over two years.</p>"
         "<p>Shipping lines had diverted dozens of vessels to Antwerp and Hamburg during the stoppage, and the port "
         "authority said it would take a week to clear the backlog of containers.</p>")


def page(depth: int, markup: str = json.dumps(MARKUP)) -> str:
    """The story and its JSON-LD block inside `depth` nested <div>s."""
    article = f'<article>{STORY}<script type="application/ld+json">{markup}</script></article>'
    return f"<!doctype html><html><head><title>t</title></head><body>{'<div>' * depth}{article}{'</div>' * depth}</body></html>"


def nested_json(depth: int, kind: str) -> str:
    """The article's markup with an `about` nested `depth` levels of objects or arrays deep."""
    inner = '{"@type": "Thing", "name": "port"}'
    about = ('{"@type": "Thing", "subjectOf": ' * depth + inner + "}" * depth if kind == "objects"
             else "[" * depth + inner + "]" * depth)
    return json.dumps(MARKUP)[:-1] + f', "about": {about}}}'


def write(directory: Path, name: str, text: str) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return str(directory / name)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert_no_traceback(result)
    return result


def published_graph(out: Path, slug: str) -> Graph:
    return Graph().parse(out / f"{slug}.ttl", format="turtle")


@pytest.mark.parametrize("depth", [300, 2000])
def test_validate_reads_json_ld_inside_deeply_nested_elements(tmp_path, depth):
    result = invoke("validate", write(tmp_path, "deep.html", page(depth)), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [item["types"] for item in json.loads(result.stdout)["pages"][0]["items"]] == [["NewsArticle"]]


def test_validate_says_a_page_nested_past_the_parsers_limit_was_not_read_whole(tmp_path):
    result = invoke("validate", write(tmp_path, "deep.html", page(5000)), "--format", "json")
    assert result.exit_code == 1
    errors = [f for f in json.loads(result.stdout)["pages"][0]["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["read/html-stopped"]
    assert "the rest of the page was not read" in errors[0]["message"]


@pytest.mark.parametrize("depth", [300, 2000])
def test_publish_reads_an_article_inside_deeply_nested_elements_as_it_reads_it_unnested(tmp_path, depth):
    flat = invoke("publish", write(tmp_path / "flat", "story.html", page(0)), "--out", str(tmp_path / "flat-out"))
    deep = invoke("publish", write(tmp_path / "deep", "story.html", page(depth)), "--out", str(tmp_path / "deep-out"))
    assert flat.exit_code == 0 and deep.exit_code == 0, deep.output
    graph = published_graph(tmp_path / "deep-out", "story")
    assert (None, SCHEMA.headline, Literal("Dock strike ends after nine days")) in graph
    assert isomorphic(graph, published_graph(tmp_path / "flat-out", "story"))


def test_publish_refuses_a_page_nested_past_the_parsers_limit_in_one_line(tmp_path):
    story = write(tmp_path, "story.html", page(5000))
    result = invoke("publish", story, "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert_one_error_line(result, story, "the rest of the page was not read")


@pytest.mark.parametrize("kind", ["objects", "arrays"])
@pytest.mark.parametrize("depth", [300, 2000])
def test_validate_names_the_depth_limit_of_json_ld_nested_too_deep(tmp_path, depth, kind):
    result = invoke("validate", write(tmp_path, "deep.html", page(0, nested_json(depth, kind))), "--format", "json")
    assert result.exit_code == 1
    errors = [f["message"] for f in json.loads(result.stdout)["pages"][0]["findings"] if f["severity"] == "error"]
    assert len(errors) == 1 and "nested deeper than 50 levels" in errors[0], errors


@pytest.mark.parametrize("kind", ["objects", "arrays"])
@pytest.mark.parametrize("depth", [300, 2000])
def test_publish_warns_that_json_ld_nested_too_deep_was_skipped(tmp_path, depth, kind):
    out = tmp_path / "out"
    invoke("publish", write(tmp_path, "story.html", page(0, nested_json(depth, kind))), "--out", str(out))
    messages = [r["message"] for a in json.loads((out / "report.json").read_text())["articles"] for r in a["results"]]
    assert any("nested deeper than 50 levels" in m and "skipped" in m for m in messages), messages


def nested_items(depth: int) -> str:
    """The story as a microdata NewsArticle whose `about` item nests `depth` items deep, each in a <div> of its own."""
    item = '<div itemprop="about" itemscope itemtype="https://schema.org/Thing"><div><span itemprop="name">port</span>'
    return (f'<!doctype html><html><head><title>t</title></head><body><article itemscope '
            f'itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Dock strike ends after nine days</h1>'
            f'{STORY}{item * depth}{"</div></div>" * depth}</article></body></html>')


def test_validate_refuses_microdata_nested_too_deep_in_seconds(tmp_path):
    """extruct's time grows with the cube of the items' nesting: minutes for the thousand levels huge_tree reads."""
    started = time.perf_counter()
    result = invoke("validate", write(tmp_path, "deep.html", nested_items(1000)), "--format", "json")
    assert time.perf_counter() - started < 60
    errors = [f["message"] for f in json.loads(result.stdout)["pages"][0]["findings"] if f["severity"] == "error"]
    assert errors == ["the page's microdata nests items deeper than 50 levels; it was not read"]


def test_publish_warns_that_microdata_nested_too_deep_was_not_read(tmp_path):
    out = tmp_path / "out"
    started = time.perf_counter()
    invoke("publish", write(tmp_path, "story.html", nested_items(1000)), "--out", str(out))
    assert time.perf_counter() - started < 60
    messages = [r["message"] for a in json.loads((out / "report.json").read_text())["articles"] for r in a["results"]]
    assert "the page's microdata nests items deeper than 50 levels; it was not read" in messages, messages


def test_validate_says_rdfa_nested_deeper_than_pyrdfa_walks_was_not_read(tmp_path):
    level = '<div vocab="https://schema.org/" typeof="Thing" property="subjectOf">'
    deep = f"<!doctype html><html><head><title>t</title></head><body>{level * 1500}{'</div>' * 1500}</body></html>"
    result = invoke("validate", write(tmp_path, "deep.html", deep), "--format", "json")
    assert result.exit_code == 1
    errors = [f["message"] for f in json.loads(result.stdout)["pages"][0]["findings"] if f["severity"] == "error"]
    assert "the page's RDFa could not be read (its elements nest too deeply for it)" in errors, errors
