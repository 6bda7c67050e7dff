"""`newsld validate`: any page or file checked offline, findings with node, property, rule and link."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import SiteHandler, local_site
from pipeline.cli import main

ARTICLE = {
    "@context": "https://schema.org", "@type": "NewsArticle", "@id": "https://news.example.org/a#article",
    "headline": "Council approves the new bridge", "image": "https://news.example.org/bridge.jpg",
    "datePublished": "2024-03-01T09:00:00+01:00", "dateModified": "2024-03-01T10:00:00+01:00",
    "author": {"@type": "Person", "name": "Jane Doe", "url": "https://news.example.org/jane"},
    "publisher": {"@type": "NewsMediaOrganization", "name": "Example News"},
}


def page(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>\n' for b in blocks)
    return f"<!doctype html><html><head><title>t</title>\n{scripts}</head><body><p>Text.</p></body></html>"


def article(**changes) -> str:
    data = {**ARTICLE, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not None})


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def findings(result) -> list[dict]:
    return [f for p in json.loads(result.stdout)["pages"] for f in p["findings"]]


def test_a_clean_article_page_passes_with_its_items_listed(tmp_path):
    result = run(write(tmp_path, "a.html", page(article())))
    assert result.exit_code == 0, result.output
    assert "1 item (NewsArticle); 0 errors, 0 warnings" in result.stdout


def test_a_misspelt_property_is_an_error_naming_the_closest_real_term(tmp_path):
    result = run(write(tmp_path, "a.html", page(article(headline=None, headLine="Council approves"))), "--format", "json")
    assert result.exit_code == 1
    typo = [f for f in findings(result) if f["rule"] == "schemaorg/unknown-property"]
    assert len(typo) == 1 and "did you mean headline" in typo[0]["message"]
    assert typo[0]["node"] == "https://news.example.org/a#article" and typo[0]["see"]


def test_a_misspelt_type_is_an_error_naming_the_closest_real_type(tmp_path):
    result = run(write(tmp_path, "a.html", page(article(**{"@type": "NewsArtcle"}))), "--format", "json")
    assert result.exit_code == 1
    typo = [f for f in findings(result) if f["rule"] == "schemaorg/unknown-type"]
    assert len(typo) == 1 and "did you mean NewsArticle" in typo[0]["message"]


def test_a_node_without_id_is_named_by_its_way_from_the_item(tmp_path):
    author = {**ARTICLE["author"], "headline": "Jane's column"}
    result = run(write(tmp_path, "a.html", page(article(**{"@id": None, "author": author}))), "--format", "json")
    misplaced = [f for f in findings(result) if f["rule"] == "schemaorg/domain"]
    assert [(f["node"], f["path"]) for f in misplaced] == [("NewsArticle > author[1]", "schema:headline")]


def test_a_node_with_an_id_is_named_by_it(tmp_path):
    result = run(write(tmp_path, "a.html", page(article(headline=None))), "--format", "json")
    assert [f["node"] for f in findings(result) if f["rule"] == "search/headline"] == [ARTICLE["@id"]]


def test_one_broken_block_hides_none_of_the_others(tmp_path):
    person = json.dumps({"@context": "https://schema.org", "@type": "Person", "name": "Ann Roe"})
    result = run(write(tmp_path, "a.html", page(article(), "{'@type': 'Thing'}", person)), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)["pages"][0]
    assert {t for item in report["items"] for t in item["types"]} == {"NewsArticle", "Person"}
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["jsonld/single-quotes"]


def test_a_repaired_block_is_a_warning_and_its_data_is_checked(tmp_path):
    result = run(write(tmp_path, "a.html", page(article()[:-1] + ",}")), "--format", "json")
    assert result.exit_code == 0
    assert "jsonld/trailing-comma" in {f["rule"] for f in findings(result) if f["severity"] == "warning"}


def test_json_report_counts_items_and_rules(tmp_path):
    result = run(write(tmp_path, "a.html", page(article(image=None))), "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["pages"] == 1 and report["summary"]["items"] == 1
    assert {"severity": "warning", "rule": "search/image", "count": 1} in report["summary"]["by_rule"]


def test_junit_report_has_a_test_case_per_input_and_a_failure_for_errors(tmp_path):
    good = write(tmp_path, "good.html", page(article()))
    bad = write(tmp_path, "bad.html", page(article(headline=None, headLine="x")))
    result = run(good, bad, "--format", "junit")
    assert result.exit_code == 1
    suite = ET.fromstring(result.stdout)
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {good, bad}
    assert cases[good].find("failure") is None
    assert "schemaorg/unknown-property" in cases[bad].find("failure").text
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


def test_an_unreadable_input_is_one_line_and_the_others_are_still_checked(tmp_path):
    good = write(tmp_path, "good.html", page(article()))
    empty = write(tmp_path, "empty.html", "")
    result = run(empty, good, str(tmp_path / "missing.html"), "--format", "json")
    assert result.exit_code == 2  # a path that is not there is a usage error, as for every command
    assert f"{empty}: empty file" in result.stderr and "missing.html: no such file" in result.stderr
    assert "Traceback" not in result.output
    assert [p["name"] for p in json.loads(result.stdout)["pages"] if p["unreadable"] is None] == [good]


def test_a_directory_is_checked_file_by_file(tmp_path):
    write(tmp_path, "a.html", page(article()))
    write(tmp_path, "b.jsonld", article())
    write(tmp_path, "c.ttl", "@prefix schema: <http://schema.org/> .\n<https://x.example/p> a schema:Person ;"
                             " schema:name \"Ann\" .\n")
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [p["name"].rsplit("/", 1)[-1] for p in json.loads(result.stdout)["pages"]] == ["a.html", "b.jsonld", "c.ttl"]


def test_the_newsld_layer_accepts_what_publish_writes(tmp_path, seed_path):
    """The whole output directory: article files and dataset files; report.json, manifest.json and the
    store are not structured data and are left out."""
    published = CliRunner().invoke(main, ["publish", str(seed_path), "--out", str(tmp_path / "out")])
    assert published.exit_code == 0, published.output
    result = run(str(tmp_path / "out"), "--layer", "newsld", "--layer", "schemaorg", "--format", "json")
    assert result.exit_code == 0, [f for f in findings(result) if f["severity"] == "error"]
    checked = sorted(Path(p["name"]).name for p in json.loads(result.stdout)["pages"])
    assert checked == ["000-76c7baf359d68961.jsonld", "000-76c7baf359d68961.ttl", "dataset.nq", "dataset.trig"]


def test_the_newsld_layer_reports_what_publish_would_refuse(tmp_path):
    result = run(write(tmp_path, "a.jsonld", article(headline=None)), "--layer", "newsld", "--format", "json")
    assert result.exit_code == 1
    assert any(f["rule"].startswith("newsld/") and f["path"] == "schema:headline" for f in findings(result))


def test_a_deep_yoast_style_graph_validates(tmp_path):
    nodes = [{"@type": "WebPage", "@id": f"https://x.example/#p{i}", "isPartOf": {"@id": f"https://x.example/#p{i + 1}"},
              "breadcrumb": {"@type": "BreadcrumbList", "itemListElement": {"@type": "ListItem", "position": 1,
                                                                            "item": {"@id": f"https://x.example/#p{i}"}}}}
             for i in range(40)]
    graph = {"@context": "https://schema.org", "@graph": [json.loads(article()), *nodes]}
    result = run(write(tmp_path, "yoast.html", page(json.dumps(graph))), "--layer", "schemaorg", "--layer", "search",
                 "--layer", "newsld", "--format", "json")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    # the article, and the chain's first WebPage (pointed to only by its own breadcrumb): every other page
    # is pointed to by the one before it
    assert [item["node"] for item in json.loads(result.stdout)["pages"][0]["items"]] == [
        "https://news.example.org/a#article", "https://x.example/#p0"]


class Handler(SiteHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send(page(article()).encode(), "text/html; charset=utf-8")


@pytest.fixture(scope="module")
def site():
    with local_site(Handler) as url:
        yield url


def test_a_url_is_fetched_and_checked(site):
    result = run(f"{site}/story", "--format", "json", "--allow-private-addresses")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pages"][0]["items"][0]["types"] == ["NewsArticle"]


def test_an_unknown_report_format_is_a_usage_error(tmp_path):
    assert run(write(tmp_path, "a.html", page(article())), "--format", "xml").exit_code == 2


def test_infos_are_listed_only_with_verbose(tmp_path):
    dateonly = write(tmp_path, "a.html", page(article(datePublished="2024-03-01", dateModified="2024-03-02")))
    assert "search/date-published-time" not in run(dateonly).stdout
    assert "info    https://news.example.org/a#article schema:datePublished" in run(dateonly, "-v").stdout


def test_shapes_are_parsed_once_per_process_not_per_page(tmp_path):
    from pipeline.checker.check import check_input, layer_shapes

    first = write(tmp_path, "a.html", page(article()))
    second = write(tmp_path, "b.html", page(article(headline="Another headline")))
    check_input(first)
    parsed = layer_shapes.cache_info().misses
    check_input(second)
    assert layer_shapes.cache_info().misses == parsed


def test_a_file_over_max_bytes_is_one_line_naming_the_limit(tmp_path):
    big = write(tmp_path, "a.html", page(article()))
    result = run(big, "--max-bytes", "100")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"newsld: error: {big}: file is {len(Path(big).read_bytes()):,} "
                                                  "bytes, larger than the 100-byte limit"]


def test_unreadable_inputs_are_named_on_stderr_in_the_text_report_too(tmp_path):
    binary = tmp_path / "b.html"
    binary.write_bytes(b"\x00\x01\x02" * 40)
    malformed = write(tmp_path, "m.ttl", "@prefix s: <http://schema.org/> .\n<a> s:name .")
    result = run(str(binary), malformed)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and f"{binary}: binary file" in lines[0] and "m.ttl: not valid Turtle" in lines[1]
    assert "2 unreadable" in result.stdout and "Traceback" not in result.output


def test_a_finding_about_the_page_itself_has_no_empty_node(tmp_path):
    result = run(write(tmp_path, "a.html", page(article(), "{'@type': 'Thing'}")))
    line = next(line for line in result.stdout.splitlines() if "jsonld/single-quotes" in line)
    assert line.startswith("  error   JSON-LD block 2 of 2")


TERMINAL_CONTROLS = "\x01\x02\x1b\x7f\x85\x9b\u202a\u202e\u2066\u2069"
"""C0 controls, DEL, C1 controls (\\x9b is an 8-bit CSI) and bidi overrides and isolates: what a hostile page can put
in a term to drive the terminal or reorder a report's text."""


def hostile_page(tmp_path) -> str:
    """A page with those characters in a JSON-LD key, an @type value and a microdata itemprop."""
    block = article(**{"@type": ["NewsArticle", "Evil\x02\x9bType\u2066"], "head\x01line\x1b]0;owned\x07\x85": "x"})
    microdata = (f'<div itemscope itemtype="https://schema.org/NewsArticle">'
                 f'<span itemprop="name\x1b[2J\x7f\u202aevil\u202e\u2069">N</span></div>')
    return write(tmp_path, "hostile.html", page(block).replace("<p>Text.</p>", microdata))


def test_junit_report_is_xml_when_terms_hold_control_characters(tmp_path):
    result = run(hostile_page(tmp_path), "--format", "junit")
    assert result.exit_code == 1
    said = "".join(ET.fromstring(result.stdout).find("testcase").itertext())
    assert r"head\x01line\x1b]0;owned\x07\x85" in said and r"name\x1b[2J\x7f\u202aevil\u202e\u2069" in said


def test_text_report_shows_control_characters_escaped_not_raw(tmp_path):
    result = run(hostile_page(tmp_path))
    assert result.exit_code == 1
    assert not set(TERMINAL_CONTROLS) & set(result.stdout)
    assert r"head\x01line\x1b]0;owned\x07\x85" in result.stdout and r"Evil\x02\x9bType\u2066" in result.stdout
    assert r"name\x1b[2J\x7f\u202aevil\u202e\u2069" in result.stdout


def test_json_report_escapes_control_characters_and_keeps_terms_exact(tmp_path):
    result = run(hostile_page(tmp_path), "--format", "json")
    assert not set(TERMINAL_CONTROLS) & set(result.stdout)
    types = {t for page in json.loads(result.stdout)["pages"] for item in page["items"] for t in item["types"]}
    assert "Evil\x02\x9bType\u2066" in types
    assert "<http://schema.org/name\x1b[2J\x7f\u202aevil\u202e\u2069>" in {f["path"] for f in findings(result)}


def test_a_link_leading_out_of_a_checked_directory_is_skipped_with_a_warning(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "private.html").write_text("<html><body>private</body></html>", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<html><body>public</body></html>", encoding="utf-8")
    (site / "linked.html").symlink_to(secret / "private.html")
    result = CliRunner().invoke(main, ["validate", str(site), "--format", "json"])
    assert "linked.html" in result.stderr and "outside" in result.stderr
    assert "linked.html" not in result.stdout and "page.html" in result.stdout


EXTENDED = """<!doctype html><html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge reopens",
 "datePublished": "2025-03-04T09:00:00+00:00", "paywallTier": "gold"}
</script></head><body><h1>Bridge reopens</h1></body></html>"""


def test_a_sites_own_extension_term_is_accepted_when_named(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(EXTENDED, encoding="utf-8")
    reported = run(str(page), "--format", "json")
    assert "schemaorg/unknown-property" in reported.stdout and reported.exit_code == 1
    ignored = run(str(page), "--format", "json", "--ignore-unknown", "paywallTier")
    assert "schemaorg/unknown-property" not in ignored.stdout


def test_the_configuration_names_extension_terms_and_the_failing_severity(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text(EXTENDED, encoding="utf-8")
    (tmp_path / "newsld.toml").write_text('[validate]\nignore_unknown = ["paywallTier"]\nfail_on = "never"\n')
    monkeypatch.chdir(tmp_path)
    result = run(str(page), "--format", "json")
    assert "schemaorg/unknown-property" not in result.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_sets_the_severity_that_fails(tmp_path, fail_on, code):
    page = tmp_path / "page.html"
    page.write_text(EXTENDED.replace(', "paywallTier": "gold"', ""), encoding="utf-8")
    result = run(str(page), "--fail-on", fail_on)
    assert result.exit_code == code, result.stdout
