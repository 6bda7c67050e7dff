"""`newsld validate` findings as a CI reads them: each names its node, property and offending value; numbers and
booleans where an entity belongs are range errors; a date without a time is judged the same however typed; a
byline carrying the publisher's name is flagged; items are the nodes nothing else points to.

Every case is a small page of its own, checked with `newsld validate PAGE --format json`.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ARTICLE_ID = "https://news.example.org/a#article"
ARTICLE = {
    "@context": "https://schema.org", "@type": "NewsArticle", "@id": ARTICLE_ID,
    "headline": "Council approves the new bridge", "image": "https://news.example.org/bridge.jpg",
    "datePublished": "2024-03-01T09:00:00+01:00", "dateModified": "2024-03-01T10:00:00+01:00",
    "author": {"@type": "Person", "name": "Jane Doe", "url": "https://news.example.org/jane"},
    "publisher": {"@type": "NewsMediaOrganization", "name": "Daily Example"},
}


def article(**changes) -> dict:
    data = {**ARTICLE, **changes}
    return {k: v for k, v in data.items() if v is not None}


def html(*blocks: dict) -> str:
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(b)}</script>\n' for b in blocks)
    return f"<!doctype html><html><head><title>t</title>\n{scripts}</head><body><p>Text.</p></body></html>"


def validate(tmp_path, text: str, name: str = "page.html") -> dict:
    """The JSON report's one page."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    [page] = json.loads(result.stdout)["pages"]
    return page


def findings(tmp_path, *blocks: dict, rule: str | None = None) -> list[dict]:
    found = validate(tmp_path, html(*blocks))["findings"]
    return [f for f in found if rule is None or f["rule"] == rule]


def where(found: list[dict]) -> set[tuple]:
    """(rule, node, property, value) of each finding."""
    return {(f["rule"], f["node"], f["path"], f["value"]) for f in found}


# --- every finding names its property and its value -------------------------------------------------

@pytest.mark.parametrize("prop", ["datePublished", "dateModified"])
def test_a_date_in_the_future_names_its_property(tmp_path, prop):
    found = findings(tmp_path, article(**{prop: "2999-03-04T10:00:00+01:00"}), rule="search/date-future")
    assert where(found) == {("search/date-future", ARTICLE_ID, f"schema:{prop}", "2999-03-04T10:00:00+01:00")}


def test_a_placeholder_on_both_dates_is_reported_on_each(tmp_path):
    placeholder = "0001-01-01T00:00:00Z"
    found = findings(tmp_path, article(datePublished=placeholder, dateModified=placeholder),
                     rule="search/date-placeholder")
    assert {f["path"] for f in found} == {"schema:datePublished", "schema:dateModified"}


def test_a_name_check_names_the_authors_name_on_the_author(tmp_path):
    author = {"@type": "Person", "name": "By Jane Doe", "url": "https://news.example.org/jane"}
    found = findings(tmp_path, article(author=author), rule="search/author-name-by")
    assert where(found) == {("search/author-name-by", f"{ARTICLE_ID} > author[1]", "schema:name", "By Jane Doe")}


def test_a_name_check_on_a_plain_text_author_names_author(tmp_path):
    found = findings(tmp_path, article(author="By Jane Doe"), rule="search/author-name-by")
    assert where(found) == {("search/author-name-by", ARTICLE_ID, "schema:author", "By Jane Doe")}


def test_a_node_value_is_given_as_the_page_wrote_it_not_as_a_path(tmp_path):
    found = findings(tmp_path, article(author={"@type": "Person", "name": "Jane Doe"}), rule="search/author-url")
    assert where(found) == {("search/author-url", ARTICLE_ID, "schema:author",
                             '{"@type": "Person", "name": "Jane Doe"}')}


def test_a_node_of_the_wrong_type_is_given_by_its_type_and_name(tmp_path):
    found = findings(tmp_path, article(isPartOf={"@type": "Product", "name": "Bridge kit"}), rule="schemaorg/range")
    assert where(found) == {("schemaorg/range", ARTICLE_ID, "schema:isPartOf",
                             '{"@type": "Product", "name": "Bridge kit"}')}


def test_every_finding_about_the_graph_names_a_property_and_no_value_is_a_path(tmp_path):
    messy = article(headline=None, datePublished="2999-01-01", dateModified="0001-01-01",
                    author=[{"@type": "person", "name": "By Jane Doe, Staff Writer"}, "Dr. John Roe and Ann Poe"],
                    isPartOf={"@type": "Product"}, image={"@type": "ImageObject", "width": 10, "height": 10})
    found = findings(tmp_path, messy)
    assert len(found) >= 10
    assert [f for f in found if not f["path"]] == []
    assert [f for f in found if " > " in (f["value"] or "")] == []


# --- numbers and booleans where an entity belongs ----------------------------------------------------

@pytest.mark.parametrize("prop, value, said", [("author", 42, "a number"), ("publisher", True, "true or false"),
                                               ("author", 4.5, "a number")])
def test_a_number_or_boolean_where_a_person_or_organization_belongs_is_a_range_error(tmp_path, prop, value, said):
    [error] = findings(tmp_path, article(**{prop: value}), rule="schemaorg/range")
    assert (error["severity"], error["path"], error["value"]) == ("error", f"schema:{prop}", json.dumps(value))
    assert said in error["message"]


def test_a_typed_number_in_turtle_is_a_range_error_too(tmp_path):
    turtle = ("@prefix schema: <http://schema.org/> .\n"
              "<https://news.example.org/a> a schema:NewsArticle ; schema:author 42 .\n")
    page = validate(tmp_path, turtle, "a.ttl")
    assert where(f for f in page["findings"] if f["severity"] == "error") == {
        ("schemaorg/range", "https://news.example.org/a", "schema:author", "42")}


def test_numbers_and_booleans_where_schema_org_takes_them_are_fine(tmp_path):
    publisher = {"@type": "NewsMediaOrganization", "name": "Daily Example", "numberOfEmployees": 50}
    image = {"@type": "ImageObject", "url": "https://news.example.org/b.jpg", "width": 1200, "height": 800}
    page = article(wordCount=800, isAccessibleForFree=False, publisher=publisher, image=image,
                   author="Jane Doe")  # a string where a Person belongs is schema.org's Text
    assert findings(tmp_path, page, rule="schemaorg/range") == []


# --- a date without a time, however it is typed ------------------------------------------------------

DAY = "2024-03-01"
DAY_FORMS = {
    "a JSON string": DAY,
    "a value object typed xsd:date": {"@type": "xsd:date", "@value": DAY},
    "a value object typed with the full IRI": {"@type": "http://www.w3.org/2001/XMLSchema#date", "@value": DAY},
}


def date_findings(found: list[dict]) -> set[tuple]:
    return {(f["rule"], f["severity"], f["path"], f["value"]) for f in found if f["rule"].startswith("search/date")}


@pytest.mark.parametrize("form", DAY_FORMS)
def test_a_day_without_a_time_gets_the_time_zone_advice_however_written(tmp_path, form):
    found = findings(tmp_path, article(datePublished=DAY_FORMS[form]))
    assert date_findings(found) == {("search/date-published-time", "info", "schema:datePublished", DAY)}
    [info] = [f for f in found if f["rule"] == "search/date-published-time"]
    assert "time zone" in info["message"]


def test_a_day_typed_xsd_date_in_turtle_gets_the_time_zone_advice(tmp_path):
    turtle = f"""@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://news.example.org/a> a schema:NewsArticle ; schema:headline "Bridge" ;
    schema:image <https://news.example.org/b.jpg> ;
    schema:datePublished "{DAY}"^^xsd:date ; schema:dateModified "{DAY}"^^xsd:date ;
    schema:author [ a schema:Person ; schema:name "Jane Doe" ; schema:url <https://news.example.org/jane> ] .
"""
    found = validate(tmp_path, turtle, "a.ttl")["findings"]
    assert date_findings(found) == {("search/date-published-time", "info", "schema:datePublished", DAY),
                                    ("search/date-modified-time", "info", "schema:dateModified", DAY)}


# --- an author named with the publisher's name beside a person's -------------------------------------

@pytest.mark.parametrize("name", ["Jane Doe | Daily Example", "Jane Doe - Daily Example", "Jane Doe / Daily Example",
                                  "Jane Doe – Daily Example", "Jane Doe, daily example", "Daily Example | Jane Doe",
                                  "Daily Example - Jane Doe"])
def test_a_persons_name_beside_the_publishers_is_flagged(tmp_path, name):
    author = {"@type": "Person", "name": name, "url": "https://news.example.org/jane"}
    found = findings(tmp_path, article(author=author), rule="search/author-is-publisher")
    assert where(found) == {("search/author-is-publisher", f"{ARTICLE_ID} > author[1]", "schema:name", name)}
    assert found[0]["severity"] == "warning"


def test_a_plain_text_author_beside_the_publishers_name_is_flagged(tmp_path):
    found = findings(tmp_path, article(author="Jane Doe | Daily Example"), rule="search/author-is-publisher")
    assert where(found) == {("search/author-is-publisher", ARTICLE_ID, "schema:author", "Jane Doe | Daily Example")}


@pytest.mark.parametrize("type_", [None, "person"])
def test_an_author_not_typed_as_an_organization_is_taken_for_a_person(tmp_path, type_):
    author = {"@type": type_, "name": "By Jane Doe, Daily Example", "url": "https://news.example.org/jane"}
    found = findings(tmp_path, article(author={k: v for k, v in author.items() if v}),
                     rule="search/author-is-publisher")
    assert [f["value"] for f in found] == ["By Jane Doe, Daily Example"]


def test_the_publishers_name_alone_is_flagged_by_the_same_rule(tmp_path):
    author = {"@type": "Person", "name": " daily example", "url": "https://news.example.org/d"}
    found = findings(tmp_path, article(author=author))
    assert [(f["rule"], f["value"]) for f in found if "publisher" in f["rule"]] == [
        ("search/author-is-publisher", " daily example")]


@pytest.mark.parametrize("author, publisher", [
    ({"@type": "Person", "name": "Jane Doe"}, "Daily Example"),
    ({"@type": "Person", "name": "Bo Daily-Example"}, "Example"),  # a double-barrelled name, not a separator
    ({"@type": "Person", "name": "Jane Doe | Daily Examples"}, "Daily Example"),  # another name
    ({"@type": "Organization", "name": "Daily Example | Sport"}, "Daily Example"),  # the organization's own name
    ({"@type": "Person", "name": "Jane Doe | "}, ""),  # no publisher name to compare
])
def test_near_misses_are_not_flagged(tmp_path, author, publisher):
    page = article(author={**author, "url": "https://news.example.org/x"},
                   publisher={"@type": "Organization", "name": publisher})
    assert findings(tmp_path, page, rule="search/author-is-publisher") == []


# --- items: the nodes nothing else points to ----------------------------------------------------------

def items(tmp_path, *blocks: dict) -> list[tuple[str, list[str]]]:
    return [(i["node"], i["types"]) for i in validate(tmp_path, html(*blocks))["items"]]


def test_an_article_pointing_to_its_author_and_publisher_is_one_item(tmp_path):
    page = article(author={"@type": "Person", "@id": "https://news.example.org/jane", "name": "Jane Doe"},
                   publisher={"@type": "NewsMediaOrganization", "@id": "https://news.example.org/#org",
                              "name": "Daily Example"})
    assert items(tmp_path, page) == [(ARTICLE_ID, ["NewsArticle"])]


def test_two_unrelated_top_level_nodes_are_two_items(tmp_path):
    organization = {"@context": "https://schema.org", "@type": "Organization", "name": "Daily Example"}
    assert items(tmp_path, article(), organization) == [("Organization", ["Organization"]),
                                                        (ARTICLE_ID, ["NewsArticle"])]


def test_a_graph_linked_by_ids_is_one_item_per_node_nothing_points_to(tmp_path):
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": ARTICLE_ID, "headline": "Bridge",
         "isPartOf": {"@id": "https://news.example.org/a"}, "author": {"@id": "https://news.example.org/jane"}},
        {"@type": "WebPage", "@id": "https://news.example.org/a", "isPartOf": {"@id": "https://news.example.org/"}},
        {"@type": "WebSite", "@id": "https://news.example.org/", "publisher": {"@id": "https://news.example.org/#org"}},
        {"@type": "Organization", "@id": "https://news.example.org/#org", "name": "Daily Example"},
        {"@type": "Person", "@id": "https://news.example.org/jane", "name": "Jane Doe"},
    ]}
    assert items(tmp_path, graph) == [(ARTICLE_ID, ["NewsArticle"])]


def test_nodes_that_only_point_to_each_other_are_one_item(tmp_path):
    """A ring nothing else points into would leave no item: it is one, its node with the most statements."""
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": ARTICLE_ID, "mainEntityOfPage": {"@id": "https://news.example.org/a"},
         "headline": "Bridge", "hasPart": [{"@id": f"{ARTICLE_ID}-q{i}"} for i in (1, 2)]},
        {"@type": "WebPage", "@id": "https://news.example.org/a", "mainEntity": {"@id": ARTICLE_ID}},
        *({"@type": "Quotation", "@id": f"{ARTICLE_ID}-q{i}", "isPartOf": {"@id": ARTICLE_ID}} for i in (1, 2)),
    ]}
    assert items(tmp_path, graph) == [(ARTICLE_ID, ["NewsArticle"])]
