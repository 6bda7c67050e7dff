"""`newsld embed --jsonld FILE` takes an article's JSON-LD only: schema.org's @context and an @type.

Anything else (not JSON, NaN or Infinity, nested past 50 levels, not one object, another vocabulary or none, an
@vocab that is not exactly http(s)://schema.org/, no type, a type that is no kind of article or no name) is one
error line naming FILE, exit 1, and the page as it was: nothing of it reaches the page's head.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli_helpers import assert_no_traceback, assert_one_error_line
from pipeline.cli import main

PAGE = b"<!doctype html>\n<html><head>\n<title>Bridge</title>\n</head>\n<body><p>Hello</p></body></html>\n"

ARTICLE = {"@type": "NewsArticle", "headline": "Harbour bridge reopens", "datePublished": "2025-03-04"}
"""A small article node; each case gives it a context, or not."""

REFUSED = [
    pytest.param("{not json", "not JSON", id="malformed JSON"),
    pytest.param('{"@context": "https://schema.org", "@type": "NewsArticle",}', "not JSON", id="trailing comma"),
    pytest.param(json.dumps([{"@context": "https://schema.org", **ARTICLE}]), "a JSON list", id="a list"),
    pytest.param('"NewsArticle"', "a JSON string", id="a string"),
    pytest.param("42", "a JSON number", id="a number"),
    pytest.param("null", "a JSON null", id="null"),
    pytest.param(json.dumps(ARTICLE), "schema.org @context", id="no context"),
    pytest.param(json.dumps({"@context": "https://example.org/vocab", **ARTICLE}), "schema.org @context",
                 id="another vocabulary"),
    pytest.param(json.dumps({"@context": {"@vocab": "https://example.org/"}, **ARTICLE}), "schema.org @context",
                 id="an object naming another vocabulary"),
    pytest.param(json.dumps({"@context": "schema.org", **ARTICLE}), "schema.org @context", id="no scheme"),
    pytest.param(json.dumps({"@context": "ftp://schema.org", **ARTICLE}), "schema.org @context",
                 id="neither http nor https"),
    pytest.param(json.dumps({"@context": 7, **ARTICLE}), "schema.org @context", id="a number as context"),
    pytest.param(json.dumps({"@context": "https://schema.org", "headline": "x"}), "@type", id="no type"),
    pytest.param(json.dumps({"@context": "https://schema.org", "@type": ""}), "@type", id="an empty type"),
    pytest.param(json.dumps({"@context": "https://schema.org", "@type": [3]}), "@type", id="a type that is no name"),
    pytest.param(json.dumps({"@context": "https://schema.org", "@graph": [{"headline": "x"}]}), "@type",
                 id="a graph without types"),
    pytest.param(json.dumps({"@context": {"@vocab": "https://schema.org/"}, "type": "NewsArticle"}), "@type",
                 id="'type' where the context does not alias it"),
    pytest.param("{}", "schema.org @context", id="an empty object"),
    pytest.param('{"@context": "https://schema.org", "@type": "NewsArticle", "wordCount": NaN}', "NaN is no JSON",
                 id="NaN"),
    pytest.param('{"@context": "https://schema.org", "@type": "NewsArticle", "wordCount": Infinity}',
                 "Infinity is no JSON", id="Infinity"),
    pytest.param('{"@context": "https://schema.org", "@type": "NewsArticle", "wordCount": -Infinity}',
                 "-Infinity is no JSON", id="-Infinity"),
    pytest.param('{"@context": "https://schema.org", "@type": "NewsArticle", "wordCount": ' + "9" * 5000 + "}",
                 "not JSON", id="a number past Python's digit limit"),
    pytest.param(json.dumps({"@context": "https://schema.org", "@type": "Person", "name": "Ann Lee"}),
                 "@type Person is no article", id="a Person alone"),
    pytest.param(json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "Daily"},
                                                                          {"@type": "WebPage"}]}),
                 "is no article", id="a graph without an article"),
    pytest.param(json.dumps({"@context": "https://schema.org", **ARTICLE, "@type": "NewsArticel"}),
                 "did you mean NewsArticle?", id="a misspelt kind of article"),
    pytest.param(json.dumps({"@context": "https://schema.org", **ARTICLE, "@type": {"@id": "NewsArticle"}}),
                 "@type is a JSON object", id="an object as @type"),
    pytest.param(json.dumps({"@context": "https://schema.org", "@graph": [{**ARTICLE, "@type": {"x": 1}}]}),
                 "@type is a JSON object", id="an object as @type in the @graph"),
    pytest.param(json.dumps({"@context": "https://schema.org", **ARTICLE, "@type": "https://example.org/NewsArticle"}),
                 "is no article", id="another vocabulary's NewsArticle"),
    pytest.param(json.dumps({"@context": {"@vocab": "https://schema.org"}, **ARTICLE}), "schema.org @context",
                 id="an @vocab without the final slash"),
    pytest.param(json.dumps({"@context": {"@vocab": "https://schema.org/docs/"}, **ARTICLE}), "schema.org @context",
                 id="an @vocab under schema.org"),
    pytest.param(json.dumps({"@context": {"@vocab": "https://www.schema.org/"}, **ARTICLE}), "schema.org @context",
                 id="an @vocab on www"),
    pytest.param(json.dumps({"@context": {"schema": "http://schema.org"}, **ARTICLE}), "schema.org @context",
                 id="a prefix without the final slash"),
    pytest.param("[" * 100_000 + "]" * 100_000, "nested deeper", id="100,000 nested lists"),
    pytest.param('{"a":' * 100_000 + "1" + "}" * 100_000, "nested deeper", id="100,000 nested objects"),
    pytest.param(json.dumps({"@context": "https://schema.org", **ARTICLE, "about": json.loads('{"a":' * 200 + "1"
                                                                                              + "}" * 200)}),
                 "nested deeper", id="an article nesting 200 levels"),
    pytest.param(json.dumps({"@context": "https://schema.org", **ARTICLE, "headline": "\ud800"}), "lone surrogate",
                 id="a lone surrogate escape"),
]

ACCEPTED = [
    pytest.param({"@context": "https://schema.org", **ARTICLE}, id="https"),
    pytest.param({"@context": "http://schema.org/", **ARTICLE}, id="http, final slash"),
    pytest.param({"@context": "https://www.schema.org", **ARTICLE}, id="www"),
    pytest.param({"@context": ["https://schema.org", {"ex": "https://example.org/"}], **ARTICLE}, id="a list"),
    pytest.param({"@context": {"@vocab": "https://schema.org/"}, **ARTICLE}, id="an object with @vocab"),
    pytest.param({"@context": {"schema": "http://schema.org/"}, **ARTICLE}, id="an object with a prefix"),
    pytest.param({"@context": "https://schema.org", "@graph": [{"@id": "#org", "name": "Daily"}, ARTICLE]},
                 id="@type in the @graph only"),
    pytest.param({"@context": "https://schema.org", "@type": ["NewsArticle", "ReportageNewsArticle"],
                  "headline": "x"}, id="a list of types"),
    pytest.param({"@context": "https://schema.org", "type": "NewsArticle", "headline": "x"},
                 id="'type', which schema.org's context aliases to @type"),
    pytest.param({"@context": "https://schema.org", "@type": ["WebPage", "BlogPosting"], "headline": "x"},
                 id="a kind of article among other types"),
    pytest.param({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, ARTICLE]},
                 id="a page and its article in the @graph"),
    pytest.param({"@context": {"schema": "https://schema.org/"}, **ARTICLE, "@type": "schema:AnalysisNewsArticle"},
                 id="a compact IRI with a schema.org prefix"),
    pytest.param({"@context": "https://schema.org", **ARTICLE, "@type": "http://schema.org/ReportageNewsArticle"},
                 id="schema.org's IRI for the kind"),
]


def embed(tmp_path, jsonld: str | bytes, *options):
    """Run `newsld embed page.html --jsonld a.jsonld` over PAGE, from `tmp_path`."""
    jsonld_path = tmp_path / "a.jsonld"
    if isinstance(jsonld, bytes):
        jsonld_path.write_bytes(jsonld)
    else:
        jsonld_path.write_text(jsonld, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    return CliRunner().invoke(main, ["embed", str(page), "--jsonld", str(jsonld_path), *options]), jsonld_path


@pytest.mark.parametrize(("jsonld", "says"), REFUSED)
def test_what_is_no_articles_jsonld_is_one_error_line_naming_the_file_and_exit_1(tmp_path, jsonld, says):
    result, jsonld_path = embed(tmp_path, jsonld)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert_one_error_line(result, str(jsonld_path), says)
    assert result.stdout == ""


@pytest.mark.parametrize(("jsonld", "says"), REFUSED)
def test_what_is_refused_leaves_the_page_untouched_in_place(tmp_path, jsonld, says):
    result, _ = embed(tmp_path, jsonld, "--in-place")
    assert result.exit_code == 1
    assert (tmp_path / "page.html").read_bytes() == PAGE


def test_what_is_refused_writes_no_output_file(tmp_path):
    result, _ = embed(tmp_path, json.dumps(ARTICLE), "-o", str(tmp_path / "out.html"))
    assert result.exit_code == 1
    assert not (tmp_path / "out.html").exists()


def test_a_file_that_is_not_utf8_is_one_error_line_naming_it(tmp_path):
    result, jsonld_path = embed(tmp_path, b'{"@context": "https://schema.org", "@type": "NewsArticle", "x": "\xff"}',
                                "--in-place")
    assert result.exit_code == 1
    assert_one_error_line(result, str(jsonld_path), "UTF-8")
    assert (tmp_path / "page.html").read_bytes() == PAGE


@pytest.mark.parametrize("document", ACCEPTED)
def test_schema_org_jsonld_with_a_type_is_embedded(tmp_path, document):
    result, _ = embed(tmp_path, json.dumps(document), "--profile", "linked-data")
    assert result.exit_code == 0, result.stderr
    page = result.stdout_bytes
    start = page.index(b"data-newsld>") + len(b"data-newsld>")
    assert json.loads(page[start:page.index(b"</script>", start)]) == document


def test_what_publish_writes_still_embeds(tmp_path):
    (tmp_path / "story.txt").write_text("date 2025-03-04 OSLO -- The harbour bridge reopened on Tuesday after "
                                        "two years of repairs, the city council said.\n", encoding="utf-8")
    published = CliRunner().invoke(main, ["publish", str(tmp_path / "story.txt"), "--out", str(tmp_path / "out"),
                                          "--no-load"])
    assert published.exit_code == 0, published.output
    result, _ = embed(tmp_path, (tmp_path / "out" / "story.jsonld").read_text(encoding="utf-8"), "--in-place")
    assert result.exit_code == 0, result.stderr
    assert b"data-newsld>" in (tmp_path / "page.html").read_bytes()
