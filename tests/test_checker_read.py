"""The checker's reading stage: files, pages and URLs into one graph each, JSON-LD repaired where that is safe."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from conftest import SiteHandler, local_site
from pipeline.checker.read import Page, expand_inputs, read_page
from pipeline.sources.web import any_address
from pipeline.serialize import document_loader
from pipeline.sources.jsonld import JsonProblem, parse_json
from pipeline.errors import InputError
from pipeline.namespaces import SCHEMA
from pipeline.sources.html import ARTICLE_TYPES

ARTICLE = ('{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rates rise",'
           ' "author": {"@type": "Person", "name": "Ann Lee"}}')


def html_page(*blocks: str, body: str = "") -> str:
    scripts = "\n".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<!doctype html>\n<html lang=\"en\"><head><title>t</title>\n{scripts}\n</head><body>{body}</body></html>\n"


def read_html(tmp_path: Path, *blocks: str, body: str = "", name: str = "page.html") -> Page:
    path = tmp_path / name
    path.write_text(html_page(*blocks, body=body), encoding="utf-8")
    return read_page(str(path))


def rules(page: Page, severity: str | None = None) -> list[str]:
    return [f.rule for f in page.findings if severity in (None, f.severity)]


def types(page: Page) -> set[str]:
    return {str(o).removeprefix(str(SCHEMA)) for o in page.graph.objects(None, RDF.type)}


def headlines(page: Page) -> set[str]:
    return {str(o) for o in page.graph.objects(None, SCHEMA.headline)}


# -- repairs -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("block", "rule"), [
    (f"<!--\n{ARTICLE}\n-->", "jsonld/html-comment"),
    (f"\n//<![CDATA[\n{ARTICLE}\n//]]>\n", "jsonld/cdata"),
    (f"<![CDATA[{ARTICLE}]]>", "jsonld/cdata"),
    (f"<!--//--><![CDATA[//><!--\n{ARTICLE}\n//--><!]]>", "jsonld/cdata"),
    (ARTICLE.replace('"Rates rise"', '"Rates\n\trise"'), "jsonld/control-character"),
    (ARTICLE.replace('"Ann Lee"}', '"Ann Lee",},'), "jsonld/trailing-comma"),
    ('[' + ARTICLE + ',\n]', "jsonld/trailing-comma"),
])
def test_each_repair_is_a_warning_and_keeps_the_data(tmp_path, block, rule):
    page = read_html(tmp_path, block)
    assert rule in rules(page, "warning")
    assert not rules(page, "error")
    assert types(page) >= {"NewsArticle", "Person"}
    assert {h.split()[0] for h in headlines(page)} == {"Rates"}
    assert page.syntaxes["json-ld"] == 1


def test_repair_names_the_block_and_its_line_on_the_page(tmp_path):
    page = read_html(tmp_path, ARTICLE, ARTICLE.replace("}}", "},}"))
    [finding] = [f for f in page.findings if f.rule == "jsonld/trailing-comma"]
    assert "JSON-LD block 2 of 2 (line 4 of the page)" in finding.message
    assert "line 1, column" in finding.message


def test_clean_block_has_no_repair_even_with_markers_inside_its_strings(tmp_path):
    tricky = ('{"@context": "https://schema.org", "@type": "NewsArticle", '
              '"headline": "a ,} b <!-- c --> ]]> \'d\' ,]", "description": "<![CDATA[ x ]]>"}')
    page = read_html(tmp_path, tricky)
    assert page.findings == []
    assert headlines(page) == {"a ,} b <!-- c --> ]]> 'd' ,]"}


def test_repairs_leave_strings_alone_when_the_block_needs_repairing():
    data, repairs = parse_json('<!-- {"a": "x ,} <!-- y -->", "b": [1, 2,],} -->')
    assert data == {"a": "x ,} <!-- y -->", "b": [1, 2]}
    assert [r.rule for r in repairs] == ["jsonld/html-comment", "jsonld/trailing-comma"]
    assert repairs[1].count == 2


def test_repairs_keep_lines_and_columns_of_the_original():
    with pytest.raises(JsonProblem) as raised:
        parse_json('<!--\n{"a": 1,\n "b" 2}\n-->')
    assert (raised.value.rule, raised.value.line, raised.value.column) == ("jsonld/invalid-json", 3, 6)


def test_a_lone_double_slash_is_no_wrapper_to_strip():
    with pytest.raises(JsonProblem, match="line 1, column 1"):
        parse_json('// a comment\n{"a": 1}')


def test_single_quotes_are_an_error_and_the_other_blocks_still_read(tmp_path):
    page = read_html(tmp_path, "{'@context': 'https://schema.org', '@type': 'Organization'}", ARTICLE)
    [error] = [f for f in page.findings if f.severity == "error"]
    assert error.rule == "jsonld/single-quotes"
    assert "JSON-LD block 1 of 2" in error.message and "skipped" in error.message
    assert types(page) == {"NewsArticle", "Person"}
    assert page.syntaxes["json-ld"] == 1


def test_a_bad_block_between_two_good_ones_hides_neither(tmp_path):
    organization = '{"@context": "https://schema.org", "@type": "Organization", "name": "Example News"}'
    page = read_html(tmp_path, ARTICLE, '{"@context": "https://schema.org", "@type": "Thing" "name": "x"}',
                     organization)
    [error] = [f for f in page.findings if f.severity == "error"]
    assert error.rule == "jsonld/invalid-json"
    assert "JSON-LD block 2 of 3 (line 4 of the page)" in error.message
    assert "line 1, column 53 of the block, line 4 of the page" in error.message
    assert types(page) == {"NewsArticle", "Person", "Organization"}
    assert page.syntaxes == {"json-ld": 2, "microdata": 0, "rdfa": 0}


def test_blank_nodes_of_two_blocks_stay_two_nodes(tmp_path):
    page = read_html(tmp_path, ARTICLE, ARTICLE.replace("Ann Lee", "Bo Chen"))
    assert len(set(page.graph.subjects(RDF.type, SCHEMA.Person))) == 2
    assert len(set(page.graph.subjects(RDF.type, SCHEMA.NewsArticle))) == 2


# -- contexts and vocabularies -----------------------------------------------------------------------------------

@pytest.mark.parametrize("context", ["http://schema.org", "https://schema.org/", "http://schema.org/",
                                     "https://schema.org/docs/jsonldcontext.json",
                                     "http://schema.org/docs/jsonldcontext.json", "https://www.schema.org"])
def test_schema_org_context_under_any_of_its_addresses(tmp_path, context):
    page = read_html(tmp_path, ARTICLE.replace('"https://schema.org"', json.dumps(context)))
    assert page.findings == []
    assert types(page) == {"NewsArticle", "Person"}


@pytest.mark.parametrize("vocab", ["http://schema.org", "https://schema.org"])
def test_vocab_without_its_final_slash_is_read_as_schema_org(tmp_path, vocab):
    page = read_html(tmp_path, f'{{"@context": {{"@vocab": "{vocab}"}}, "@type": "NewsArticle", "headline": "H"}}')
    assert "jsonld/vocab-slash" in rules(page, "warning")
    assert (None, RDF.type, SCHEMA.NewsArticle) in page.graph
    assert headlines(page) == {"H"}


def test_https_terms_are_read_as_http_with_one_info_per_page(tmp_path):
    https = '{"@context": {"@vocab": "https://schema.org/"}, "@type": "NewsArticle", "headline": "H"}'
    page = read_html(tmp_path, https, https.replace("NewsArticle", "https://schema.org/Organization"))
    assert rules(page) == ["schemaorg/https"]
    assert [f.severity for f in page.findings] == ["info"]
    assert types(page) == {"NewsArticle", "Organization"}
    assert not any(str(t).startswith("https://schema.org") for triple in page.graph for t in triple)


def test_remote_context_is_never_fetched(site, tmp_path):
    block = json.dumps({"@context": ["https://schema.org", f"{site}/context.jsonld"], "@type": "NewsArticle",
                        "headline": "H", "mySpecialTerm": "x"})
    only = json.dumps({"@context": f"{site}/context.jsonld", "@type": "Thing", "name": "n"})
    page = read_html(tmp_path, block, only)
    remote = [f for f in page.findings if f.rule == "jsonld/remote-context"]
    assert len(remote) == 2
    assert "not fetched" in remote[0].message and f"{site}/context.jsonld" in remote[0].message
    assert "block 2 of 2" in remote[1].message and "skipped" in remote[1].message
    assert headlines(page) == {"H"}  # what schema.org's context defines is kept
    assert not SITE_REQUESTS, SITE_REQUESTS


def test_a_term_only_the_remote_context_defines_is_named_as_lost(site, tmp_path):
    block = json.dumps({"@context": [f"{site}/context.jsonld", {"headline": "http://schema.org/headline"}],
                        "headline": "H", "mySpecialTerm": "x"})
    page = read_html(tmp_path, block)
    [remote] = [f for f in page.findings if f.rule == "jsonld/remote-context"]
    assert remote.severity == "error" and "mySpecialTerm" in remote.message
    assert headlines(page) == {"H"}
    assert not SITE_REQUESTS


def test_the_loader_refuses_anything_but_schema_org(site):
    from pyld.jsonld import JsonLdError

    with pytest.raises(JsonLdError, match="refused"):
        document_loader(f"{site}/context.jsonld")
    assert document_loader("http://schema.org/docs/jsonldcontext.json")["document"]["@context"]["@vocab"] == str(SCHEMA)
    assert not SITE_REQUESTS


def test_block_without_context_is_an_error(tmp_path):
    page = read_html(tmp_path, '{"@type": "NewsArticle", "headline": "H"}', ARTICLE)
    [error] = [f for f in page.findings if f.severity == "error"]
    assert error.rule == "jsonld/no-context" and "headline" in error.message
    assert headlines(page) == {"Rates rise"}


def test_language_tag_that_is_no_tag_keeps_the_text(tmp_path):
    page = read_html(tmp_path, '{"@context": "https://schema.org", "@type": "NewsArticle", '
                               '"headline": {"@value": "H", "@language": "en_US"}}')
    assert rules(page) == ["jsonld/language-tag"]
    assert headlines(page) == {"H"}


def test_json_that_is_not_json_ld_is_an_error_not_an_exception(tmp_path):
    page = read_html(tmp_path, '{"@context": "https://schema.org", "@id": 5}', "[1, 2]", "[" * 60 + "]" * 60)
    assert [f.rule for f in page.findings if f.severity == "error"] == ["jsonld/invalid", "jsonld/invalid-json"]


# -- microdata, RDFa, pages without data ---------------------------------------------------------------------------

MICRODATA = """<article itemscope itemtype="https://schema.org/NewsArticle" itemid="https://news.example.com/a">
<h1 itemprop="headline">Micro headline</h1>
<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann Lee</span></span>
<a itemprop="url" href="/a">link</a>
<time itemprop="datePublished" datetime="2024-03-05">March 5</time>
</article>
<div itemscope itemtype="http://data-vocabulary.org/Breadcrumb"><span itemprop="title">Home</span></div>"""


def test_microdata_gives_schema_org_triples(tmp_path):
    page = read_html(tmp_path, body=MICRODATA)
    article = URIRef("https://news.example.com/a")
    assert (article, RDF.type, SCHEMA.NewsArticle) in page.graph
    assert str(page.graph.value(article, SCHEMA.headline)) == "Micro headline"
    author = page.graph.value(article, SCHEMA.author)
    assert str(page.graph.value(author, SCHEMA.name)) == "Ann Lee"
    assert page.graph.value(article, SCHEMA.url) == URIRef("file:///a")  # href="/a" against the file's own URI
    assert page.syntaxes == {"json-ld": 0, "microdata": 1, "rdfa": 0}
    assert rules(page) == ["schemaorg/https"]
    assert "Breadcrumb" not in " ".join(str(t) for t in types(page))


RDFA = """<div vocab="https://schema.org/" typeof="NewsArticle" resource="https://news.example.com/r">
<h1 property="headline">RDFa headline</h1>
<span property="author" typeof="Person"><span property="name">Bo Chen</span></span></div>
<p prefix="s: http://schema.org/" typeof="s:Organization"><span property="s:name">Example News</span></p>"""


def test_rdfa_gives_schema_org_triples_and_drops_other_vocabularies(tmp_path):
    path = tmp_path / "rdfa.html"
    path.write_text(html_page(body=RDFA).replace("<title>t</title>", '<title>t</title><meta property="og:title" '
                                                                      'content="OG title">'), encoding="utf-8")
    page = read_page(str(path))
    article = URIRef("https://news.example.com/r")
    assert str(page.graph.value(article, SCHEMA.headline)) == "RDFa headline"
    assert types(page) == {"NewsArticle", "Person", "Organization"}
    assert all(str(p).startswith(str(SCHEMA)) or p == RDF.type for p in page.graph.predicates())
    assert page.syntaxes["rdfa"] == 3


def test_page_without_structured_data_is_an_info(tmp_path):
    page = read_html(tmp_path, body='<p property="og:title">x</p><p>Just text.</p>')
    assert [(f.severity, f.rule) for f in page.findings] == [("info", "read/no-structured-data")]
    assert len(page.graph) == 0


# -- RDF and JSON-LD files ---------------------------------------------------------------------------------------

TURTLE = """@prefix schema: <https://schema.org/> .
<https://news.example.com/t> a schema:NewsArticle ; schema:headline "Turtle headline"@en ;
  schema:author [ a schema:Person ; schema:name "Ann" ] .
"""


@pytest.mark.parametrize(("name", "text", "syntax"), [
    ("a.ttl", TURTLE, "turtle"),
    ("a.nt", '<https://news.example.com/t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
             '<http://schema.org/NewsArticle> .\n<https://news.example.com/t> <http://schema.org/headline> '
             '"Turtle headline"@en .\n', "n-triples"),
    ("a.nq", '<https://news.example.com/t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
             '<http://schema.org/NewsArticle> <https://g/1> .\n<https://news.example.com/t> '
             '<http://schema.org/headline> "Turtle headline"@en <https://g/2> .\n', "n-quads"),
    ("a.trig", "@prefix schema: <http://schema.org/> .\n<https://g/1> { <https://news.example.com/t> a "
               'schema:NewsArticle }\n{ <https://news.example.com/t> schema:headline "Turtle headline"@en }\n', "trig"),
    ("a.jsonld", json.dumps({"@context": "https://schema.org", "@id": "https://news.example.com/t",
                             "@type": "NewsArticle", "headline": {"@value": "Turtle headline", "@language": "en"}}),
     "json-ld"),
    ("no-suffix", TURTLE, "turtle"),
])
def test_rdf_files_are_one_graph(tmp_path, name, text, syntax):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page = read_page(str(path))
    article = URIRef("https://news.example.com/t")
    assert (article, RDF.type, SCHEMA.NewsArticle) in page.graph
    assert page.graph.value(article, SCHEMA.headline) == Literal("Turtle headline", lang="en")
    assert page.syntaxes == {syntax: 1}
    assert set(rules(page)) <= {"schemaorg/https"}


def test_json_file_is_repaired_like_a_block(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(ARTICLE.replace("}}", "},}"), encoding="utf-8")
    page = read_page(str(path))
    assert rules(page) == ["jsonld/trailing-comma"]
    assert types(page) == {"NewsArticle", "Person"}


def test_file_without_suffix_is_sniffed_as_json_ld(tmp_path):
    path = tmp_path / "data"
    path.write_text("\ufeff  " + ARTICLE, encoding="utf-8")
    assert types(read_page(str(path))) == {"NewsArticle", "Person"}


def test_turtle_syntax_error_names_its_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(TURTLE.replace(' ;\n  schema:author', '\n  schema:author'), encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid Turtle: .*line 3") as raised:
        read_page(str(path))
    assert raised.value.name == str(path)


def test_json_syntax_error_in_a_json_ld_file_names_line_and_column(tmp_path):
    path = tmp_path / "bad.jsonld"
    path.write_text('{\n  "@context": "https://schema.org",\n  "headline" "x"\n}', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON: .* at line 3, column 14"):
        read_page(str(path))


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty file"),
    (b"  \n\t ", "empty file"),
    (b"<html>\x00\x01\x02</html>", "binary file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
])
def test_unreadable_files_are_one_clear_error(tmp_path, content, problem):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        read_page(str(path))


def test_too_big_missing_and_directory_are_clear_errors(tmp_path):
    big = tmp_path / "big.html"
    big.write_text(html_page(ARTICLE), encoding="utf-8")
    with pytest.raises(InputError, match="larger than the 100-byte limit"):
        read_page(str(big), max_bytes=100)
    with pytest.raises(InputError, match="no such file"):
        read_page(str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match="a directory"):
        read_page(str(tmp_path))


def test_page_in_a_legacy_charset_is_decoded_by_its_meta(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(html_page(ARTICLE.replace("Rates rise", "Zürich café"))
                     .replace("<title>", '<meta charset="windows-1252"><title>').encode("cp1252"))
    assert headlines(read_page(str(path))) == {"Zürich café"}


# -- directories -------------------------------------------------------------------------------------------------

def test_directory_expands_recursively_sorted_without_hidden_files(tmp_path):
    for name in ["b.html", "a.ttl", "sub/c.jsonld", "sub/deeper/d.nq", "sub/e.txt", ".hidden.html",
                 ".git/f.html", "sub/.cache/g.ttl", "Z.HTM"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    found, errors, _ = expand_inputs([str(tmp_path), str(tmp_path / "sub" / "e.txt"), str(tmp_path / "nope.html"),
                                   str(tmp_path / "empty"), "https://news.example.com/a", str(tmp_path / "b.html")])
    relative = [Path(f).relative_to(tmp_path).as_posix() if not f.startswith("https:") else f for f in found]
    assert relative == ["Z.HTM", "a.ttl", "b.html", "sub/c.jsonld", "sub/deeper/d.nq", "sub/e.txt",
                        "https://news.example.com/a"]
    assert [(Path(e.name).name, e.problem.split(" (")[0]) for e in errors] == [
        ("nope.html", "no such file or directory"), ("empty", "nothing to check in this directory")]


# -- URLs --------------------------------------------------------------------------------------------------------

SITE_REQUESTS: list[str] = []
"""Paths the server was asked for other than its pages: a context fetched by mistake would show here."""


class Handler(SiteHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        routes = {
            "/page": (html_page(ARTICLE, "{bad").encode(), "text/html; charset=utf-8"),
            "/data": (ARTICLE.encode(), "application/ld+json"),
            "/turtle": (TURTLE.encode(), "text/turtle"),
            "/sniffed": (html_page(ARTICLE).encode(), "application/octet-stream"),
            "/empty": (b"", "text/html"),
            "/missing": (b"not here", "text/plain"),
        }
        if self.path not in routes:
            SITE_REQUESTS.append(self.path)
        body, content_type = routes.get(self.path, (json.dumps({"@context": {"mySpecialTerm": "http://e/x"}}).encode(),
                                                     "application/ld+json"))
        self.send(body, content_type, status=404 if self.path == "/missing" else 200)


@pytest.fixture(scope="module")
def site():
    with local_site(Handler) as url:
        yield url


@pytest.mark.parametrize(("path", "expected"), [
    ("/page", {"NewsArticle", "Person"}),
    ("/data", {"NewsArticle", "Person"}),
    ("/turtle", {"NewsArticle", "Person"}),
    ("/sniffed", {"NewsArticle", "Person"}),
])
def test_url_is_read_by_its_content_type_or_its_first_bytes(site, path, expected):
    page = read_page(f"{site}{path}", allow=any_address)
    assert page.name == f"{site}{path}"
    assert types(page) == expected
    if path == "/page":
        assert rules(page, "error") == ["jsonld/invalid-json"]


def test_url_that_cannot_be_read_is_an_input_error(site):
    with pytest.raises(InputError, match="404"):
        read_page(f"{site}/missing", allow=any_address)
    with pytest.raises(InputError, match="empty answer"):
        read_page(f"{site}/empty", allow=any_address)
    with pytest.raises(InputError, match="limit"):
        read_page(f"{site}/page", max_bytes=100, allow=any_address)


# -- the shared corpus -------------------------------------------------------------------------------------------

def test_every_corpus_page_reads_and_article_markup_gives_an_article_node(corpus_dir):
    pages = sorted(corpus_dir.glob("d0*.html"))
    assert pages
    missing, timings = [], {}
    for path in pages:
        started = time.perf_counter()
        page = read_page(str(path))
        timings[path.name] = time.perf_counter() - started
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8")).get("embedded_article_markup")
        if not truth:
            continue
        syntax = {"json-ld": "json-ld", "microdata": "microdata"}[truth["syntax"]]
        assert page.syntaxes[syntax] >= 1, path.name
        articles = types(page) & ARTICLE_TYPES
        explained = any(f.severity == "error" for f in page.findings)
        if not articles and not explained:
            missing.append(path.name)
    assert not missing
    assert max(timings.values()) < 10, timings  # generous: a shared 2-core machine
