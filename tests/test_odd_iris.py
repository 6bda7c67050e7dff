"""URLs that are not IRIs (front matter id/url/image, a page's canonical link, JSON-LD image and author url) are
percent-encoded where that makes them IRIs and left out, with a warning, where nothing does; the batch publishes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from pipeline.cli import main
from pipeline.iri import as_iri, slugify
from pipeline.namespaces import SCHEMA

BASE = "https://newsld.example/"

ODD = {  # each with {n}, which makes it the input's own
    "http://x/{n}/a]b": "http://x/{n}/a%5Db",
    "http://[::1/{n}/a": None,
    "http://x/{n}/%zz": "http://x/{n}/%25zz",
    "http://x/{n}/a#q#b": "http://x/{n}/a#q%23b",
    "https://news.example.com/{n}/list?a[]=1&b=2 3": "https://news.example.com/{n}/list?a%5B%5D=1&b=2%203",
}


@pytest.mark.parametrize(("odd", "fixed"), ODD.items())
def test_a_url_that_is_no_iri_is_percent_encoded_or_refused(odd, fixed):
    assert as_iri(odd.format(n=1)) == (fixed.format(n=1) if fixed else None)


@pytest.mark.parametrize("iri", ["https://news.example.com/a%20b?x=1#top", "http://bücher.example/ü", "urn:isbn:0451450523",
                                 "http://[::1]:8080/a"])
def test_a_valid_iri_is_kept_as_it_is(iri):
    assert as_iri(iri) == iri


def test_a_slug_keeps_no_character_an_iri_cannot_hold():
    """A Japanese place name written with an ideographic variation selector (U+E0100): the selector goes."""
    assert slugify("葛\U000E0100飾") == "葛飾"


def _story(key: str, url: str) -> str:
    return (f"---\nheadline: Odd link\ndatePublished: 2022-01-28\n{key}: {url}\n---\n"
            "TOKYO -- Renault said on Thursday it would invest in electric vehicles.\n")


def _page(url: str) -> str:
    markup = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm reaches the coast",
              "datePublished": "2024-03-04", "image": url, "author": {"@type": "Person", "name": "Ann Lee", "url": url}}
    return (f'<html lang="en"><head><title>Storm reaches the coast</title><link rel="canonical" href="{url}">'
            f'<script type="application/ld+json">{json.dumps(markup)}</script></head><body><article>'
            "<h1>Storm reaches the coast</h1><p>LONDON -- The storm reached the coast on Monday night, the weather "
            "service said, and thousands of homes were left without power until the morning.</p></article></body></html>")


INPUTS = {f"{key}{n}.txt": (key, odd) for n, odd in enumerate(ODD) for key in ("id", "url", "image")}
PAGES = {f"page{n}.html": odd for n, odd in enumerate(ODD)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[int, Path, dict]:
    """One run over every odd input and a clean story; its exit code, output directory and report by source."""
    root = tmp_path_factory.mktemp("odd")
    (root / "in").mkdir()
    for name, (key, odd) in INPUTS.items():
        (root / "in" / name).write_text(_story(key, odd.format(n=name)), encoding="utf-8")
    for name, odd in PAGES.items():
        (root / "in" / name).write_text(_page(odd.format(n=name)), encoding="utf-8")
    (root / "in" / "clean.txt").write_text("date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.\n",
                                           encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(main, ["publish", "in", "--out", "out"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))
    return result.exit_code, root / "out", {Path(a["source"]).name: a for a in report["articles"]}


def _graph(out: Path, article: dict) -> Graph:
    return Graph().parse(out / f"{article['slug']}.ttl", format="turtle")


def _warned(article: dict, odd: str) -> bool:
    return any(r["severity"] == "Warning" and odd in r["message"] for r in article["results"])


def _expected(odd: str, name: str) -> tuple[str, URIRef | None]:
    fixed = ODD[odd]
    return odd.format(n=name), URIRef(fixed.format(n=name)) if fixed else None


def test_the_batch_publishes_every_input_and_exits_0(batch):
    code, out, articles = batch
    assert code == 0
    assert {a["status"] for a in articles.values()} == {"published"}
    assert set(articles) == {*INPUTS, *PAGES, "clean.txt"}
    assert (out / f"{articles['clean.txt']['slug']}.ttl").is_file()


@pytest.mark.parametrize("name", [n for n, (key, _) in INPUTS.items() if key == "id"])
def test_a_front_matter_id_becomes_the_article_iri_encoded_or_else_the_minted_one(batch, name):
    _, _, articles = batch
    odd, fixed = _expected(INPUTS[name][1], name)
    assert articles[name]["iri"] == str(fixed or f"{BASE}article/{Path(name).stem}")
    assert _warned(articles[name], odd)


@pytest.mark.parametrize("name", [n for n, (key, _) in INPUTS.items() if key == "url"])
def test_a_front_matter_url_is_published_encoded_or_left_out(batch, name):
    _, out, articles = batch
    odd, fixed = _expected(INPUTS[name][1], name)
    assert _graph(out, articles[name]).value(URIRef(articles[name]["iri"]), SCHEMA.url) == fixed
    assert _warned(articles[name], odd)


@pytest.mark.parametrize("name", [n for n, (key, _) in INPUTS.items() if key == "image"])
def test_a_front_matter_image_is_published_encoded_or_left_out(batch, name):
    _, out, articles = batch
    odd, fixed = _expected(INPUTS[name][1], name)
    graph = _graph(out, articles[name])
    image = graph.value(URIRef(articles[name]["iri"]), SCHEMA.image)
    assert (graph.value(image, SCHEMA.url) if image else None) == fixed
    assert _warned(articles[name], odd)


@pytest.mark.parametrize("name", PAGES)
def test_a_pages_canonical_link_image_and_author_url_are_published_encoded_or_left_out(batch, name):
    _, out, articles = batch
    odd, fixed = _expected(PAGES[name], name)
    graph = _graph(out, articles[name])
    article = URIRef(articles[name]["iri"])
    image = graph.value(article, SCHEMA.image)
    author = graph.value(article, SCHEMA.author)
    assert article == (fixed or URIRef(f"{BASE}article/{Path(name).stem}"))
    assert (graph.value(image, SCHEMA.url) if image else None) == fixed
    assert graph.value(author, SCHEMA.url) == fixed
    assert odd not in (out / f"{articles[name]['slug']}.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [name for name, odd in PAGES.items() if ODD[odd]])
def test_a_pages_link_published_encoded_is_warned_of(batch, name):
    _, _, articles = batch
    assert _warned(articles[name], PAGES[name].format(n=name))


@pytest.mark.parametrize("scheme_url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])
def test_a_url_that_is_no_web_link_is_left_out_of_the_graph_and_the_page(tmp_path, scheme_url):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s.txt").write_text(f"---\nurl: {scheme_url}\n---\ndate 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--html",
                                       "--no-load", "-v"])
    assert result.exit_code == 0, result.output
    assert "not an http(s) link" in result.output
    page = (tmp_path / "out" / "s.html").read_text(encoding="utf-8")
    assert "javascript:" not in page and 'rel="canonical"' not in page
    assert "javascript:" not in (tmp_path / "out" / "s.ttl").read_text(encoding="utf-8")
