"""Layer 2 of `newsld validate`, shapes/validate/search.ttl: what Google recommends for articles.

Cases start from one article that comes out clean (`CLEAN`) and change a property, or add authors,
images or date values, each case its own value; the report is compared as a set of
(rule id, severity, value) with what the change should cause, so a rule that fires too widely fails
as surely as one that does not fire. Every rule has cases that fire it and near misses that must not.
Rule ids come from each result's sh:sourceShape.

Many cases share one page (several authors, images or date values on one article), because every
article costs pyshacl a fresh parse of each SPARQL rule: one validation per page, cached.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from pipeline.namespaces import SH
from pipeline.validate import shacl_report

SEARCH_TTL = Path(__file__).resolve().parent.parent / "shapes" / "validate" / "search.ttl"
RULE = "urn:newsld:rule:"
GOOGLE_DOCS = "https://developers.google.com/search/docs/"

PREFIXES = """\
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.com/> .
"""
EX = "https://example.com/"
A = URIRef(EX + "a")

# The article's own properties, as Turtle objects; a page replaces some (None removes one).
ARTICLE = {
    "schema:headline": '"Council approves the budget"',
    "schema:image": "ex:img",
    "schema:datePublished": '"2019-11-15T15:09:20+01:00"',
    "schema:dateModified": '"2019-11-15T18:00:00+01:00"',
    "schema:author": "ex:jane",
    "schema:publisher": "ex:paper",
}
NODES = """
ex:img a schema:ImageObject ; schema:url <https://example.com/a.jpg> ; schema:width 1200 ; schema:height 800 .
ex:jane a schema:Person ; schema:name "Jane Doe" ; schema:url <https://example.com/staff/jane-doe> .
ex:paper a schema:NewsMediaOrganization ; schema:name "Daily Planet" ; schema:url <https://example.com/> .
"""


def page(extra: str = "", type_: str = "schema:NewsArticle", **props: str | None) -> str:
    """The clean article with `props` (keyword `datePublished` for schema:datePublished) replaced,
    and `extra` Turtle (other nodes) added."""
    properties = dict(ARTICLE)
    properties.update({f"schema:{name}": value for name, value in props.items()})
    body = " ;\n    ".join(f"{p} {o}" for p, o in properties.items() if o is not None)
    return f"{PREFIXES}\nex:a a {type_} ;\n    {body} .\n{NODES}{extra}"


def authors_page(authors: list[tuple[str | None, str | None, bool]]) -> str:
    """The article with authors ex:x0, ex:x1... given as (name, type, has url)."""
    nodes = []
    for i, (name, type_, url) in enumerate(authors):
        parts = [f"a {type_}"] if type_ else []
        if name is not None:
            parts.append(f"schema:name {json.dumps(name)}")
        if url:
            parts.append(f"schema:url <https://example.com/staff/{i}>")
        nodes.append(f"ex:x{i} {' ; '.join(parts) or 'schema:description ' + json.dumps('?')} .")
    return page("\n".join(nodes) + "\n", author=", ".join(f"ex:x{i}" for i in range(len(authors))))


@lru_cache(maxsize=1)
def search_shapes() -> Graph:
    """Parsed once: `shacl_report` keeps one prepared validator per shapes graph."""
    return Graph().parse(SEARCH_TTL, format="turtle")


@lru_cache(maxsize=None)
def report(data: str, format: str = "turtle") -> frozenset[tuple]:
    """(rule id, severity, focus node, value) of every result; one validation per distinct page."""
    graph = Graph().parse(data=data, format=format)
    report_graph = shacl_report(graph, search_shapes())
    results = set()
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        assert not list(report_graph.objects(result, SH.detail)), "a nested (sh:detail) result"
        shape = str(report_graph.value(result, SH.sourceShape))
        assert shape.startswith(RULE), f"a result from {shape}, not a rule"
        severity = str(report_graph.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        results.add((shape[len(RULE):], severity, report_graph.value(result, SH.focusNode),
                     _plain(report_graph.value(result, SH.value))))
    return frozenset(results)


def _plain(value):
    """A literal as its lexical form (typed or not); a node as itself."""
    return str(value) if isinstance(value, Literal) else value


def found(data: str, format: str = "turtle") -> set[tuple]:
    """(rule id, severity, value) reported on the article ex:a."""
    return {(rule, severity, value) for rule, severity, focus, value in report(data, format) if focus == A}


def on(data: str, value: str) -> set[tuple]:
    """What is reported on the article about one value (a lexical form, or ex:name for a node)."""
    return {f for f in found(data) if f[2] == _node(value)}


def W(rule: str, value: str | None = None) -> tuple:
    """A warning from rule `search/<rule>` on `value` (lexical form, or ex:name for a node)."""
    return (f"search/{rule}", "Warning", _node(value))


def I(rule: str, value: str | None = None) -> tuple:  # noqa: E743
    return (f"search/{rule}", "Info", _node(value))


def _node(value: str | None):
    return URIRef(EX + value[3:]) if value and value.startswith("ex:") else value


CLEAN = page()


def test_clean_article_has_no_findings():
    assert report(CLEAN) == frozenset()


# --- recommended properties -----------------------------------------------------------------------

def test_missing_recommended_properties():
    bare = page(headline=None, image=None, author=None, datePublished=None, dateModified=None)
    assert found(bare) == {W("headline"), W("image"), W("author"), W("date-published"), W("date-modified")}


@pytest.mark.parametrize("prop, rule", [("headline", "headline"), ("datePublished", "date-published")])
def test_each_missing_property_on_its_own(prop, rule):
    assert found(page(**{prop: None})) == {W(rule)}


def test_image_as_a_url_is_enough():
    assert found(page(image='<https://example.com/a.jpg>, "https://example.com/b.jpg"')) == set()


# --- authors --------------------------------------------------------------------------------------

# Each author's name and type (all have a url), with what it should cause.
AUTHORS = {
    # names that are not just a name
    "By Jane Doe": {"author-name-by"},
    "by Jane Doe": {"author-name-by"},
    "BY: Jane Doe": {"author-name-by"},
    "Posted by Jane Doe": {"author-name-by"},
    "Jane Doe, Staff Writer": {"author-name-title"},  # one person with a title, not two people
    "Senior Editor Jane Doe": {"author-name-title"},
    "Jane Doe, Correspondent": {"author-name-title"},
    "Times Staff": {"author-name-title"},
    "Jane Doe | Reporter": {"author-name-title"},
    "Foreign Desk": {"author-name-title"},
    "Special to the Planet": {"author-name-title"},
    "Dr. Jane Doe": {"author-name-honorific"},
    "Prof Jane Doe": {"author-name-honorific"},
    "Jane Doe, PhD": {"author-name-honorific"},
    "Jane Doe Ph.D.": {"author-name-honorific"},
    "Jane Doe, M.D.": {"author-name-honorific"},
    "Jane Doe and John Roe": {"author-name-multiple"},
    "Jane Doe & John Roe": {"author-name-multiple"},
    "Jane Doe, John Roe": {"author-name-multiple"},
    "Jane Doe; John Roe": {"author-name-multiple"},
    "J. Doe, J. Roe and K. Poe": {"author-name-multiple"},
    "By Dr. Jane Doe and John Roe": {"author-name-by", "author-name-honorific", "author-name-multiple"},
    "daily planet": {"author-is-publisher"},  # the publisher's name, whatever the case
    "DAILY PLANET": {"author-is-publisher"},
    # near misses
    "Byron Smith": set(), "Jane Bywater": set(), "Abby Doe": set(),
    "Bea Writerson": set(), "Ines Internationale": set(), "Drew Doe": set(), "Msimang Doe": set(),
    "Jane Mdlalose": set(), "Jane Esquivel": set(), "Doe, Jane": set(), "Jane Doe, Jr.": set(),
    "Andrew Anderson": set(), "Sandy Randall": set(), "Jane Planet": set(), "Jane Doe": set(),
}
PERSONS = authors_page([(name, "schema:Person", True) for name in AUTHORS])


@pytest.mark.parametrize("name", AUTHORS)
def test_author_name(name):
    assert on(PERSONS, name) == {W(rule, name) for rule in AUTHORS[name]}


def test_author_names_report_nothing_else():
    assert found(PERSONS) == {W(rule, name) for name, rules in AUTHORS.items() for rule in rules}


def test_organizations_named_like_the_publisher_or_a_board():
    """A wire story: the agency is both the author and the publisher, typed as the organization it is."""
    data = authors_page([("Daily Planet", "schema:Organization", True),
                         ("Daily Planet", "schema:NewsMediaOrganization", True),
                         ("Editorial Board", "schema:Organization", True)])
    assert found(data) == set()
    assert found(page(author="ex:paper")) == set()


def test_an_organization_named_with_and_or_ampersand_is_one_author():
    data = authors_page([("Procter & Gamble", "schema:Organization", True),
                         ("Simon and Schuster", "schema:Corporation", True)])
    assert found(data) == set()


@pytest.mark.parametrize("type_", [None, "schema:person", "schema:Thing"])
def test_an_author_not_typed_as_an_organization_named_for_two_people_is_still_flagged(type_):
    data = authors_page([("Jane Doe & John Roe", type_, True)])
    assert on(data, "Jane Doe & John Roe") == {W("author-name-multiple", "Jane Doe & John Roe")}


# (name, type, has url) of each author ex:x<i>, with the rules it should fire.
AUTHOR_NODES = [
    (("Jane Doe", None, True), {"author-type"}),
    (("Jane Doe", "schema:Thing", True), {"author-type"}),
    (("Jane Doe", "schema:CreativeWork", True), {"author-type"}),
    (("Daily Planet", None, True), {"author-type"}),  # and author-is-publisher, on its name
    (("Jane Doe", "schema:Organization", True), set()),
    (("Jane Doe", "schema:Corporation", True), set()),
    (("Jane Doe", "schema:Person, schema:Thing", True), set()),
    ((None, "schema:Person", True), {"author-name"}),
    (("Jane Doe", "schema:Person", False), {"author-url"}),
    ((None, None, False), {"author-type", "author-name", "author-url"}),
]
NODES_PAGE = authors_page([spec for spec, _ in AUTHOR_NODES])


@pytest.mark.parametrize("i", range(len(AUTHOR_NODES)))
def test_author_node(i):
    assert on(NODES_PAGE, f"ex:x{i}") == {W(rule, f"ex:x{i}") for rule in AUTHOR_NODES[i][1]}


def test_untyped_author_named_like_the_publisher():
    """Not typed as an Organization, so taken for a person's name."""
    assert on(NODES_PAGE, "Daily Planet") == {W("author-is-publisher", "Daily Planet")}


def test_author_with_same_as_instead_of_url():
    data = page('ex:x a schema:Person ; schema:name "Jane Doe" ; schema:sameAs <https://en.wikipedia.org/wiki/X> .',
                author="ex:x")
    assert found(data) == set()


def test_author_as_plain_text():
    data = page(author='"Jane Doe", "By Jane Doe and John Roe"')
    assert found(data) == {W("author-text", "Jane Doe"), W("author-text", "By Jane Doe and John Roe"),
                           W("author-name-by", "By Jane Doe and John Roe"),
                           W("author-name-multiple", "By Jane Doe and John Roe")}


# --- dates ----------------------------------------------------------------------------------------

# datePublished values, with what each should cause. All on one article: the format rules look at
# each value alone; dateModified is later than all of them and the rules comparing dates are tested below.
DATES = {
    # not ISO 8601
    "November 15, 2019": {W("date-published-format", "November 15, 2019")},
    "15/11/2019": {W("date-published-format", "15/11/2019")},
    "2019-11-15 15:09:20+01:00": {W("date-published-format", "2019-11-15 15:09:20+01:00")},
    "2019-11": {W("date-published-format", "2019-11")},
    "2019-13-15": {W("date-published-format", "2019-13-15")},
    "20191115": {W("date-published-format", "20191115")},
    "2019-11-15T25:00:00Z": {W("date-published-format", "2019-11-15T25:00:00Z")},
    # ISO 8601, no time zone
    "2019-11-15T15:09:20": {W("date-published-timezone", "2019-11-15T15:09:20")},
    "2019-11-15T15:09": {W("date-published-timezone", "2019-11-15T15:09")},
    "2019-11-15T15:09:20.5": {W("date-published-timezone", "2019-11-15T15:09:20.5")},
    # ISO 8601, no time
    "2019-11-15": {I("date-published-time", "2019-11-15")},
    # a placeholder
    "0001-01-01T00:00:00Z": {W("date-placeholder", "0001-01-01T00:00:00Z")},
    "1899-12-31": {W("date-placeholder", "1899-12-31"), I("date-published-time", "1899-12-31")},
    # fine
    "1900-01-01T00:00:00Z": set(),
    "2019-11-15T15:09:20Z": set(),
    "2019-11-15T15:09:20.123+01:00": set(),
    "2019-11-15T15:09+0100": set(),
    "2019-11-15T15:09:20-05": set(),
}
DATES_PAGE = page(datePublished=", ".join(json.dumps(d) for d in DATES),
                  dateModified='"2020-01-01T00:00:00Z"')


@pytest.mark.parametrize("value", DATES)
def test_date_published_format(value):
    assert on(DATES_PAGE, value) == DATES[value]


def test_date_modified_format():
    """The same rules, on dateModified: one value of each kind."""
    data = page(datePublished='"2000-01-01T00:00:00Z"',
                dateModified='"Friday", "2019-11-15T15:09:20", "2019-11-15", "2019-11-15T15:09:20Z"')
    assert found(data) == {W("date-modified-format", "Friday"), W("date-modified-timezone", "2019-11-15T15:09:20"),
                           I("date-modified-time", "2019-11-15")}


def test_typed_dates():
    data = page(datePublished='"2019-11-15"^^xsd:date, "2019-11-15T15:09:20"^^xsd:dateTime',
                dateModified='"2019-11-16T10:00:00Z"^^xsd:dateTime, "Friday"^^xsd:dateTime')
    assert found(data) == {I("date-published-time", "2019-11-15"),
                           W("date-published-timezone", "2019-11-15T15:09:20"),
                           W("date-modified-format", "Friday")}


# datePublished, dateModified, whether dateModified is earlier: one article each, on one page.
ORDER = [
    ("2019-11-15T15:09:20+01:00", "2019-11-15T14:00:00+01:00", True),  # same day, an hour earlier
    ("2019-11-15T15:09:20+01:00", "2019-11-15T14:30:00Z", False),  # 14:30Z is 15:30+01:00: later
    ("2019-11-15T15:09:20+01:00", "2019-11-15T14:00:00Z", True),  # 14:00Z is 15:00+01:00: earlier
    ("2019-11-16T01:00:00+09:00", "2019-11-15T20:00:00Z", False),  # an earlier day on the face of it only
    ("2019-11-15T10:00:00Z", "2019-11-14", True),  # a date: by day
    ("2019-11-15T10:00:00Z", "2019-11-15", False),  # the same day
    ("2019-11-15", "2019-11-14T23:00:00Z", True),
    ("2019-11-15", "2019-11-15T09:00:00Z", False),
    ("2019-11-15", "2019-11-14", True),
    ("2019-11-15T10:00:00", "2019-11-15T09:00:00", False),  # no zones: by day
    ("2019-11-15T10:00:00", "2019-11-14T23:00:00", True),
    ("2019-11-15T10:00:00", "2019-11-14T18:00:00Z", True),  # one zone: by day
    ("2019-11-15", "14 Nov 2019", False),  # not a date: does not compare
    ('"2019-11-15"^^xsd:date', '"2019-11-14T10:00:00Z"^^xsd:dateTime', True),
    ('"2019-11-15T10:00:00Z"^^xsd:dateTime', '"2019-11-15T11:00:00Z"^^xsd:dateTime', False),
]


def _turtle(value: str) -> str:
    return value if value.startswith('"') else json.dumps(value)


def _lexical(turtle: str) -> str:
    """A Turtle literal's lexical form as rdflib keeps it (typed date-times normalised: Z is +00:00)."""
    graph = Graph().parse(data=f"{PREFIXES}ex:s ex:p {turtle} .", format="turtle")
    return str(next(graph.objects(None, URIRef(EX + "p"))))


ORDER_PAGE = PREFIXES + "".join(
    f"ex:o{i} a schema:NewsArticle ; schema:datePublished {_turtle(published)} ;"
    f" schema:dateModified {_turtle(modified)} .\n" for i, (published, modified, _) in enumerate(ORDER))


@pytest.mark.parametrize("i", range(len(ORDER)))
def test_date_modified_before_date_published(i):
    _, modified, earlier = ORDER[i]
    got = {(rule, value) for rule, _, focus, value in report(ORDER_PAGE)
           if rule == "search/date-order" and focus == URIRef(f"{EX}o{i}")}
    assert got == ({("search/date-order", _lexical(_turtle(modified)))} if earlier else set())


def _from_now(**delta) -> datetime:
    return datetime.now(timezone.utc) + timedelta(**delta)


def test_dates_in_the_future():
    """Exact for a date-time with a zone; a date, or a date-time without a zone, is in the future
    once its day has begun nowhere yet (midnight at UTC+14)."""
    soon = _from_now(hours=3).strftime("%Y-%m-%dT%H:%M:%SZ")
    day = _from_now(days=2).date().isoformat()
    local = _from_now(days=3).strftime("%Y-%m-%dT%H:%M:%S")
    past = _from_now(hours=-1).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    today = datetime.now(timezone.utc).date().isoformat()  # begun in UTC, so everywhere east of it
    data = PREFIXES + f"""
ex:a a schema:NewsArticle ; schema:datePublished {json.dumps(soon)}, {json.dumps(past)}, {json.dumps(today)} ;
    schema:dateModified {json.dumps(day)}, {json.dumps(local)}, "2999-01-01"^^xsd:date, "Friday" .
"""
    assert {f for f in found(data) if f[0] == "search/date-future"} == {
        W("date-future", soon), W("date-future", day), W("date-future", local), W("date-future", "2999-01-01")}


# --- images ---------------------------------------------------------------------------------------

# (width, height) of each image ex:i<n> of the article (None: not given), and whether it is too small.
IMAGES = [
    (("200", "100"), True), (('"200"', '"100"'), True), (('"300px"', '"150px"'), True),
    (("[ a schema:QuantitativeValue ; schema:value 200 ]", "[ a schema:QuantitativeValue ; schema:value 100 ]"), True),
    (("249", "200"), True),
    (("1200", "800"), False), (('"1200"', '"800"'), False), (('"1200px"', '"800 px"'), False),
    (("[ schema:value 1200 ]", '"675"'), False), (("250", "200"), False),  # 50,000 exactly: enough
    (("200", None), False), ((None, None), False),  # not given: nothing to say
    (('"1,200"', '"800"'), False),
    (("<https://example.com/qv/1>", "<https://example.com/qv/2>"), False),  # digits in an IRI are no size
    (("<https://example.com/qv/3>", "<https://example.com/qv/4>"), True),
]
QUANTITIES = """
<https://example.com/qv/1> a schema:QuantitativeValue ; schema:value 1200 .
<https://example.com/qv/2> a schema:QuantitativeValue ; schema:value 800 .
<https://example.com/qv/3> a schema:QuantitativeValue ; schema:value 120 .
<https://example.com/qv/4> a schema:QuantitativeValue ; schema:value 80 .
"""
IMAGES_PAGE = page("".join(
    f"ex:i{n} a schema:ImageObject ; schema:url <https://example.com/{n}.jpg>"
    + "".join(f" ; schema:{p} {v}" for p, v in zip(("width", "height"), dims) if v is not None) + " .\n"
    for n, (dims, _) in enumerate(IMAGES)) + QUANTITIES, image=", ".join(f"ex:i{n}" for n in range(len(IMAGES))))


@pytest.mark.parametrize("n", range(len(IMAGES)))
def test_image_size(n):
    assert on(IMAGES_PAGE, f"ex:i{n}") == ({W("image-size", f"ex:i{n}")} if IMAGES[n][1] else set())


def test_only_the_articles_images_are_measured():
    """A small logo is the publisher's, not the article's image."""
    data = page("ex:paper schema:logo [ a schema:ImageObject ; schema:width 60 ; schema:height 60 ] .")
    assert report(data) == frozenset()


# --- which nodes ----------------------------------------------------------------------------------

CHECKED = ["schema:Article", "schema:BlogPosting", "schema:OpinionNewsArticle", "schema:LiveBlogPosting",
           "schema:TechArticle"]
NOT_CHECKED = ["schema:WebPage", "schema:SocialMediaPosting", "schema:CreativeWork"]
TYPES_PAGE = PREFIXES + "".join(f'ex:t{i} a {t} ; schema:author "By Jane Doe and John Roe" .\n'
                                for i, t in enumerate(CHECKED + NOT_CHECKED))


@pytest.mark.parametrize("i", range(len(CHECKED + NOT_CHECKED)))
def test_which_types_are_articles(i):
    rules = {rule for rule, _, focus, _ in report(TYPES_PAGE) if focus == URIRef(f"{EX}t{i}")}
    if i < len(CHECKED):
        assert rules == {"search/headline", "search/image", "search/date-published", "search/date-modified",
                         "search/author-text", "search/author-name-by", "search/author-name-multiple"}
    else:
        assert rules == set()


# --- a page's JSON-LD, as a Yoast-style @graph -----------------------------------------------------

YOAST = {
    "@context": {"@vocab": "http://schema.org/"},
    "@graph": [
        {"@type": "Article", "@id": "https://example.com/story/#article",
         "isPartOf": {"@id": "https://example.com/story/"},
         "author": {"@id": "https://example.com/#/schema/person/1"},
         "headline": "Council approves the budget",
         "datePublished": "2019-11-15T15:09:20+00:00", "dateModified": "2019-11-14T10:00:00+00:00",
         "publisher": {"@id": "https://example.com/#organization"},
         "image": {"@id": "https://example.com/story/#primaryimage"}},
        {"@type": "WebPage", "@id": "https://example.com/story/", "name": "Council approves the budget",
         "datePublished": "2019-11-15T15:09:20+00:00", "dateModified": "2999-01-01T00:00:00+00:00",
         "primaryImageOfPage": {"@id": "https://example.com/story/#primaryimage"}},
        {"@type": "ImageObject", "@id": "https://example.com/story/#primaryimage",
         "url": "https://example.com/a.jpg", "width": 300, "height": 150},
        {"@type": "Organization", "@id": "https://example.com/#organization", "name": "Daily Planet",
         "logo": {"@type": "ImageObject", "width": 60, "height": 60}},
        {"@type": "Person", "@id": "https://example.com/#/schema/person/1", "name": "By Jane Doe",
         "image": {"@type": "ImageObject", "width": 96, "height": 96}},
    ],
}


def test_json_ld_page():
    article = URIRef("https://example.com/story/#article")
    assert report(json.dumps(YOAST), "json-ld") == {
        ("search/author-url", "Warning", article, URIRef("https://example.com/#/schema/person/1")),
        ("search/author-name-by", "Warning", article, "By Jane Doe"),
        ("search/date-order", "Warning", article, "2019-11-14T10:00:00+00:00"),
        ("search/image-size", "Warning", article, URIRef("https://example.com/story/#primaryimage")),
    }


# --- the shapes file itself -----------------------------------------------------------------------

def _reporting_shapes(shapes: Graph) -> set:
    """Shapes with a severity or a message: those whose results reach the report."""
    return set(shapes.subjects(SH.severity, None)) | set(shapes.subjects(SH.message, None))


def test_every_rule_is_named_documented_and_not_an_error():
    shapes = search_shapes()
    rules = _reporting_shapes(shapes)
    assert len(rules) >= 20
    for shape in rules:
        assert isinstance(shape, URIRef) and str(shape).startswith(RULE + "search/"), shape
        assert str(shapes.value(shape, RDFS.seeAlso)).startswith(GOOGLE_DOCS), shape
        assert shapes.value(shape, SH.message), shape
        assert shapes.value(shape, SH.severity) in (SH.Warning, SH.Info), shape


def test_every_rule_hangs_off_the_one_article_shape():
    shapes = search_shapes()
    hubs = set(shapes.subjects(SH.targetClass, None))
    assert len(hubs) == 1
    assert set(shapes.objects(next(iter(hubs)), SH.property)) == _reporting_shapes(shapes)
    assert not set(shapes.subjects(SH.node, None)), "no sh:node: nested results and deep recursion"
