"""The SHACL shapes in `shapes/`: each constraint, broken on its own, is reported with its severity and path.

Every test starts from one complete article (`VALID`), which must come out clean,
removes and/or adds a few triples, and compares the whole report as a set of
(severity, focus node, path): a constraint that fires too widely fails a test too.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from shacl_helpers import findings as shacl_findings, violation, warning
from pipeline.mapping import new_graph
from pipeline.namespaces import SCHEMA, SH
from pipeline.validate import load_shapes, validate

PREFIXES = """\
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix art: <https://newsld.example/article/> .
@prefix person: <https://newsld.example/person/> .
@prefix org: <https://newsld.example/organization/> .
@prefix place: <https://newsld.example/place/> .
@prefix ex: <https://newsld.example/test/> .
"""

VALID = PREFIXES + """
art:000-76c7 a schema:NewsArticle ;
    schema:headline "Renault, Nissan to invest $26 billion in electric vehicles" ;
    schema:datePublished "2022-01-28"^^xsd:date ;
    schema:dateModified "2022-01-29T10:00:00+09:00"^^xsd:dateTime ;
    schema:articleBody "The alliance plans to invest in electric vehicle technology." ;
    schema:wordCount 9 ;
    schema:dateline "TOKYO" ;
    schema:inLanguage "en" ;
    schema:articleSection "Business" ;
    schema:identifier "000-76c7" ;
    schema:url <https://example.com/story> ;
    schema:image <https://example.com/a.jpg> ;
    schema:author person:jane-arraf ;
    schema:contributor person:stefan-nicola ;
    schema:editor person:tom-brown ;
    schema:sourceOrganization org:wpns ;
    schema:publisher org:example-news ;
    schema:locationCreated place:tokyo ;
    schema:associatedMedia <https://newsld.example/article/000-76c7#videoobject-1>,
                           <https://newsld.example/article/000-76c7#imageobject-2> .

<https://newsld.example/article/000-76c7#videoobject-1> a schema:VideoObject ;
    schema:url <https://arkansasonline.com/128nissan/> .
<https://newsld.example/article/000-76c7#imageobject-2> a schema:ImageObject ;
    schema:contentUrl <https://example.com/b.jpg> ;
    schema:width 640 ;
    schema:height 480 .

person:jane-arraf a schema:Person ;
    schema:name "Jane Arraf" ;
    schema:url <https://news.example.com/staff/jane-arraf> ;
    schema:jobTitle "Correspondent" ;
    schema:worksFor org:example-news .
person:stefan-nicola a schema:Person ;
    schema:name "Stefan Nicola" ;
    schema:affiliation org:bloomberg-news .
person:tom-brown a schema:Person ;
    schema:name "Tom Brown" .

org:wpns a schema:Organization ;
    schema:name "WPNS" .
org:example-news a schema:Organization ;
    schema:name "Example News" ;
    schema:url <https://news.example.com/> ;
    schema:logo <https://news.example.com/logo.png> .
org:bloomberg-news a schema:Organization ;
    schema:name "Bloomberg News" .

place:tokyo a schema:Place ;
    schema:name "Tokyo" ;
    schema:containedInPlace place:japan .
place:japan a schema:Place ;
    schema:name "Japan" .
"""

BASE = "https://newsld.example/"
ARTICLE = URIRef(BASE + "article/000-76c7")
VIDEO = URIRef(BASE + "article/000-76c7#videoobject-1")
PHOTO = URIRef(BASE + "article/000-76c7#imageobject-2")
JANE = URIRef(BASE + "person/jane-arraf")
STEFAN = URIRef(BASE + "person/stefan-nicola")
TOM = URIRef(BASE + "person/tom-brown")
WPNS = URIRef(BASE + "organization/wpns")
NEWS = URIRef(BASE + "organization/example-news")
TOKYO = URIRef(BASE + "place/tokyo")
THING = URIRef(BASE + "test/thing")  # a node added by a test

A = "art:000-76c7"  # the article in Turtle snippets


def article(drop: tuple[tuple[URIRef, URIRef], ...] = (), add: str = "") -> Graph:
    """`VALID` without every (subject, predicate, *) in `drop` and with the Turtle in `add`."""
    graph = new_graph()
    graph.parse(data=VALID, format="turtle")
    for subject, predicate in drop:
        graph.remove((subject, predicate, None))
    if add:
        graph.parse(data=PREFIXES + add, format="turtle")
    return graph


def findings(graph: Graph) -> set[tuple[str, str, str | None]]:
    return shacl_findings(graph, ARTICLE)


# --- the complete article ---------------------------------------------------------

def test_complete_article_has_no_violations_and_no_warnings():
    report = validate(article(), ARTICLE)

    assert report.count("Violation") == 0
    assert report.count("Warning") == 0
    assert report.results == ()


# --- NewsArticle: required, single-valued ------------------------------------------

def test_article_without_headline_is_a_violation():
    assert findings(article(drop=((ARTICLE, SCHEMA.headline),))) == {violation(ARTICLE, "headline")}


def test_article_without_date_published_is_a_violation():
    assert findings(article(drop=((ARTICLE, SCHEMA.datePublished),))) == {violation(ARTICLE, "datePublished")}


@pytest.mark.parametrize("prop, second", [
    ("headline", '"Another headline"'),
    ("datePublished", '"2022-01-27"^^xsd:date'),
    ("dateModified", '"2022-01-30T08:00:00Z"^^xsd:dateTime'),
])
def test_article_with_two_values_of_a_single_valued_property_is_a_violation(prop, second):
    assert findings(article(add=f"{A} schema:{prop} {second} .")) == {violation(ARTICLE, prop)}


# --- NewsArticle: literal values ------------------------------------------------

@pytest.mark.parametrize("value", ['""', '"   "', "42", '"Renault, Nissan"@en'], ids=["empty", "blank", "number", "language-tagged"])
def test_headline_that_is_not_non_empty_text_is_a_violation(value):
    graph = article(drop=((ARTICLE, SCHEMA.headline),), add=f"{A} schema:headline {value} .")
    assert findings(graph) == {violation(ARTICLE, "headline")}


@pytest.mark.parametrize("prop", ["datePublished", "dateModified"])
@pytest.mark.parametrize("value", ['"Thursday"', '"2022-01-28"', '"2022-02-30"^^xsd:date', "20220128"],
                         ids=["free-text", "untyped-iso-date", "impossible-date", "number"])
def test_date_that_is_not_an_xsd_date_or_date_time_is_a_violation(prop, value):
    graph = article(drop=((ARTICLE, SCHEMA[prop]),), add=f"{A} schema:{prop} {value} .")
    assert findings(graph) == {violation(ARTICLE, prop)}


@pytest.mark.parametrize("prop", ["datePublished", "dateModified"])
@pytest.mark.parametrize("value", [
    '"2022-01-28"^^xsd:date',
    '"2019-11-19T23:11:00-05:00"^^xsd:dateTime',
    '"2022-01-28T09:00:00Z"^^xsd:dateTime',
    '"2022-01-28T09:00:00.250+05:30"^^xsd:dateTime',
], ids=["date", "date-time-offset", "date-time-utc", "date-time-fraction"])
def test_date_or_date_time_with_time_zone_is_accepted(prop, value):
    graph = article(drop=((ARTICLE, SCHEMA[prop]),), add=f"{A} schema:{prop} {value} .")
    assert findings(graph) == set()


@pytest.mark.parametrize("value", ["-1", '"578"', "5.5"], ids=["negative", "text", "decimal"])
def test_word_count_that_is_not_a_non_negative_integer_is_a_violation(value):
    graph = article(drop=((ARTICLE, SCHEMA.wordCount),), add=f"{A} schema:wordCount {value} .")
    assert findings(graph) == {violation(ARTICLE, "wordCount")}


def test_word_count_of_zero_is_accepted():
    graph = article(drop=((ARTICLE, SCHEMA.wordCount),), add=f"{A} schema:wordCount 0 .")
    assert findings(graph) == set()


@pytest.mark.parametrize("prop", ["articleBody", "dateline", "inLanguage"])
def test_text_property_with_a_non_text_value_is_a_violation(prop):
    graph = article(drop=((ARTICLE, SCHEMA[prop]),), add=f"{A} schema:{prop} 42 .")
    assert findings(graph) == {violation(ARTICLE, prop)}


@pytest.mark.parametrize("tag", ["English", "e", "en_US", "en-", "-en", "en US", "english-language"])
def test_language_that_is_not_a_bcp47_tag_is_a_violation(tag):
    graph = article(drop=((ARTICLE, SCHEMA.inLanguage),), add=f'{A} schema:inLanguage "{tag}" .')
    assert findings(graph) == {violation(ARTICLE, "inLanguage")}


@pytest.mark.parametrize("tag", ["en", "EN", "pt-BR", "zh-Hant-TW", "gsw", "es-419"])
def test_bcp47_language_tag_is_accepted(tag):
    graph = article(drop=((ARTICLE, SCHEMA.inLanguage),), add=f'{A} schema:inLanguage "{tag}" .')
    assert findings(graph) == set()


# --- links: IRIs, not text ---------------------------------------------------------

@pytest.mark.parametrize("node, turtle_node, prop", [
    (ARTICLE, A, "url"),
    (ARTICLE, A, "image"),
    (NEWS, "org:example-news", "url"),
    (NEWS, "org:example-news", "logo"),
    (VIDEO, "<https://newsld.example/article/000-76c7#videoobject-1>", "url"),
    (PHOTO, "<https://newsld.example/article/000-76c7#imageobject-2>", "contentUrl"),
], ids=["article-url", "article-image", "organization-url", "organization-logo", "media-url", "media-contentUrl"])
def test_link_given_as_text_instead_of_an_iri_is_a_violation(node, turtle_node, prop):
    graph = article(drop=((node, SCHEMA[prop]),), add=f'{turtle_node} schema:{prop} "https://example.com/x" .')
    assert findings(graph) == {violation(node, prop)}


def test_logo_may_be_an_image_object_node():
    graph = article(drop=((NEWS, SCHEMA.logo),), add="""
        org:example-news schema:logo [ a schema:ImageObject ; schema:contentUrl <https://news.example.com/logo.png> ] .
    """)
    assert findings(graph) == set()


# --- NewsArticle: what the related nodes are ---------------------------------------

@pytest.mark.parametrize("prop", ["author", "contributor", "editor"])
def test_credited_agent_that_is_not_a_person_or_organization_is_a_violation(prop):
    graph = article(drop=((ARTICLE, SCHEMA[prop]),), add=f"{A} schema:{prop} place:japan .")
    assert findings(graph) == {violation(ARTICLE, prop)}


@pytest.mark.parametrize("prop", ["contributor", "editor"])
@pytest.mark.parametrize("cls", ["Organization", "Corporation"])
def test_organization_may_be_credited_as_contributor_or_editor(prop, cls):
    graph = article(drop=((ARTICLE, SCHEMA[prop]),), add=f"""
        {A} schema:{prop} ex:thing .
        ex:thing a schema:{cls} ; schema:name "Associated Press" .
    """)
    assert findings(graph) == set()


@pytest.mark.parametrize("cls", ["Organization", "Corporation"])
def test_organization_credited_as_author_needs_no_url(cls):
    graph = article(drop=((ARTICLE, SCHEMA.author),), add=f"""
        {A} schema:author ex:thing .
        ex:thing a schema:{cls} ; schema:name "Associated Press" .
    """)
    assert findings(graph) == set()


@pytest.mark.parametrize("subject, turtle_subject, prop, also", [
    (ARTICLE, A, "sourceOrganization", set()),
    # a publisher, whatever it is, is also asked for a logo
    (ARTICLE, A, "publisher", {warning(TOKYO, "logo")}),
    (STEFAN, "person:stefan-nicola", "affiliation", set()),
    (JANE, "person:jane-arraf", "worksFor", set()),
], ids=["sourceOrganization", "publisher", "affiliation", "worksFor"])
def test_organization_valued_property_with_a_non_organization_is_a_violation(subject, turtle_subject, prop, also):
    graph = article(drop=((subject, SCHEMA[prop]),), add=f"{turtle_subject} schema:{prop} place:tokyo .")
    assert findings(graph) == {violation(subject, prop)} | also


@pytest.mark.parametrize("turtle_subject, prop", [
    (A, "sourceOrganization"),
    (A, "publisher"),
    ("person:stefan-nicola", "affiliation"),
    ("person:jane-arraf", "worksFor"),
])
def test_corporation_is_accepted_where_an_organization_is_expected(turtle_subject, prop):
    graph = article(add=f"""
        {turtle_subject} schema:{prop} ex:thing .
        ex:thing a schema:Corporation ; schema:name "Nissan Motor Co." ; schema:logo <https://example.com/n.png> .
    """)
    assert findings(graph) == set()


@pytest.mark.parametrize("subject, turtle_subject, prop", [
    (ARTICLE, A, "locationCreated"),
    (TOKYO, "place:tokyo", "containedInPlace"),
], ids=["locationCreated", "containedInPlace"])
def test_location_that_is_not_a_place_is_a_violation(subject, turtle_subject, prop):
    graph = article(drop=((subject, SCHEMA[prop]),), add=f"{turtle_subject} schema:{prop} org:wpns .")
    assert findings(graph) == {violation(subject, prop)}


@pytest.mark.parametrize("turtle_subject, prop", [(A, "locationCreated"), ("place:tokyo", "containedInPlace")])
@pytest.mark.parametrize("cls", ["City", "Country", "AdministrativeArea"])
def test_place_subclass_is_accepted_as_a_location(turtle_subject, prop, cls):
    graph = article(add=f"""
        {turtle_subject} schema:{prop} ex:thing .
        ex:thing a schema:{cls} ; schema:name "Kanto" .
    """)
    assert findings(graph) == set()


def test_associated_media_that_is_not_a_media_object_is_a_violation():
    graph = article(add=f"{A} schema:associatedMedia person:tom-brown .")
    assert findings(graph) == {violation(ARTICLE, "associatedMedia")}


@pytest.mark.parametrize("cls", ["MediaObject", "AudioObject", "ImageObject", "VideoObject"])
def test_media_object_subclass_is_accepted_as_associated_media(cls):
    graph = article(add=f"""
        {A} schema:associatedMedia ex:thing .
        ex:thing a schema:{cls} ; schema:url <https://example.com/media> .
    """)
    assert findings(graph) == set()


# --- NewsArticle: recommended (warnings) -------------------------------------------

@pytest.mark.parametrize("prop", ["image", "author", "publisher", "dateModified"])
def test_article_without_a_recommended_property_is_a_warning(prop):
    assert findings(article(drop=((ARTICLE, SCHEMA[prop]),))) == {warning(ARTICLE, prop)}


@pytest.mark.parametrize("prop", ["datePublished", "dateModified"])
@pytest.mark.parametrize("value", ["2019-11-19T23:11:00", "2019-11-19T23:11:00.5"])
def test_date_time_without_a_time_zone_is_a_warning(prop, value):
    graph = article(drop=((ARTICLE, SCHEMA[prop]),), add=f'{A} schema:{prop} "{value}"^^xsd:dateTime .')
    assert findings(graph) == {warning(ARTICLE, prop)}


# --- Person, Organization, Place: names --------------------------------------------

NAMED_CLASSES = ["Person", "Organization", "Corporation", "Place", "City", "Country", "AdministrativeArea"]


@pytest.mark.parametrize("cls", NAMED_CLASSES)
def test_entity_without_a_name_is_a_violation(cls):
    assert findings(article(add=f"ex:thing a schema:{cls} .")) == {violation(THING, "name")}


@pytest.mark.parametrize("cls", NAMED_CLASSES)
def test_entity_with_two_names_is_a_violation(cls):
    graph = article(add=f'ex:thing a schema:{cls} ; schema:name "Nissan", "Nissan Motor Co." .')
    assert findings(graph) == {violation(THING, "name")}


@pytest.mark.parametrize("cls", NAMED_CLASSES)
@pytest.mark.parametrize("value", ['""', "42"], ids=["empty", "number"])
def test_entity_name_that_is_not_non_empty_text_is_a_violation(cls, value):
    graph = article(add=f"ex:thing a schema:{cls} ; schema:name {value} .")
    assert findings(graph) == {violation(THING, "name")}


# --- Person ---------------------------------------------------------------------

def test_job_title_that_is_not_text_is_a_violation():
    graph = article(drop=((JANE, SCHEMA.jobTitle),), add="person:jane-arraf schema:jobTitle 7 .")
    assert findings(graph) == {violation(JANE, "jobTitle")}


def test_person_author_without_url_is_a_warning():
    assert findings(article(drop=((JANE, SCHEMA.url),))) == {warning(JANE, "url")}


def test_person_credited_only_as_contributor_or_editor_needs_no_url():
    graph = article()
    assert graph.value(STEFAN, SCHEMA.url) is None and graph.value(TOM, SCHEMA.url) is None
    assert findings(graph) == set()


def test_person_author_of_something_other_than_a_news_article_needs_no_url():
    graph = article(add="ex:thing a schema:Review ; schema:author person:tom-brown .")
    assert findings(graph) == set()


# --- Organization -----------------------------------------------------------------

def test_publisher_without_a_logo_is_a_warning():
    assert findings(article(drop=((NEWS, SCHEMA.logo),))) == {warning(NEWS, "logo")}


def test_organization_that_is_not_a_publisher_needs_no_logo():
    graph = article()
    assert graph.value(WPNS, SCHEMA.logo) is None
    assert findings(graph) == set()


# --- Media ----------------------------------------------------------------------

@pytest.mark.parametrize("cls", ["MediaObject", "VideoObject", "ImageObject", "AudioObject"])
def test_media_object_without_url_or_content_url_is_a_violation(cls):
    report = validate(article(add=f"ex:thing a schema:{cls} ."), ARTICLE)

    assert {(r.severity, r.node, r.path) for r in report.results} == {violation(THING, None)}
    assert report.results[0].message == "A media object needs a url or a contentUrl"


@pytest.mark.parametrize("prop", ["url", "contentUrl"])
def test_media_object_with_two_urls_is_a_violation(prop):
    graph = article(add=f"""
        ex:thing a schema:VideoObject ;
            schema:{prop} <https://example.com/one.mp4>, <https://example.com/two.mp4> .
    """)
    assert findings(graph) == {violation(THING, prop)}


@pytest.mark.parametrize("prop", ["width", "height"])
@pytest.mark.parametrize("value", ['"640px"', "640.5", '"640"'], ids=["with-unit", "decimal", "text"])
def test_image_dimension_that_is_not_an_integer_is_a_violation(prop, value):
    graph = article(drop=((PHOTO, SCHEMA[prop]),),
                    add=f"<https://newsld.example/article/000-76c7#imageobject-2> schema:{prop} {value} .")
    assert findings(graph) == {violation(PHOTO, prop)}


# --- the shapes themselves --------------------------------------------------------

CONSTRAINTS = (SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH["class"], SH.datatype, SH.nodeKind)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)


def reporting_shapes(shapes: Graph) -> set:
    """Shapes whose results reach the report: property shapes of node shapes, and targeted node shapes with constraints."""
    property_shapes = set(shapes.objects(None, SH.property))
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    constrained = {s for s in targeted if any((s, c, None) in shapes for c in CONSTRAINTS)}
    return property_shapes | constrained


def test_every_reporting_shape_has_a_message_and_an_explicit_severity():
    shapes = load_shapes()
    reporting = reporting_shapes(shapes)
    assert len(reporting) > 40

    missing = [(shapes.value(s, SH.path), "message") for s in reporting if shapes.value(s, SH.message) is None]
    missing += [(shapes.value(s, SH.path), "severity") for s in reporting
                if shapes.value(s, SH.severity) not in (SH.Violation, SH.Warning)]
    assert missing == []


def test_shapes_use_the_http_schema_org_namespace():
    shapes = load_shapes()
    terms = {t for triple in shapes for t in triple if isinstance(t, URIRef)}

    assert not [t for t in terms if t.startswith("https://schema.org/")]
    assert any(t.startswith("http://schema.org/") for t in terms)
