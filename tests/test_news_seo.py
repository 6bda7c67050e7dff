"""What news publishers ask of their structured data: the page graph, article kinds, corrections, trust markup,
and JSON-LD as search engines' examples write it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import extruct
import pytest
from pyld import jsonld
from rdflib import RDF, XSD, Graph, Literal, URIRef

from pipeline.api import publish_file, publish_text
from pipeline.config import Config, load_config
from pipeline.errors import InputError
from pipeline.model import Organization
from pipeline.namespaces import SCHEMA
from pipeline.pages import article_page
from pipeline.serialize import document_loader, search_profile

NEWSLD = str(Path(sys.executable).with_name("newsld"))
BODY = "PORTSMOUTH -- The harbour bridge reopened on Tuesday after six months of repairs, officials said.\n"
PUBLISHER = Organization("Daily Example", "https://daily.example/", "https://daily.example/logo.png")


def story(*lines: str, body: str = BODY) -> str:
    return "---\nheadline: Harbour bridge reopens\ndatePublished: 2025-03-04\n" + "".join(f"{line}\n" for line in lines) \
        + "---\n" + body


def config(**publisher) -> Config:
    return Config(base="https://daily.example/", publisher=Organization(**{**PUBLISHER.__dict__, **publisher}))


# ---------------------------------------------------------------- the page graph


def test_an_article_with_a_url_is_the_main_entity_of_a_page_of_the_publishers_site():
    pub = publish_text(story("url: https://daily.example/2025/bridge"), config(), name="bridge")
    graph, article = pub.graph, pub.iri
    page = graph.value(article, SCHEMA.mainEntityOfPage)
    assert page == URIRef("https://daily.example/2025/bridge#webpage")
    assert (page, RDF.type, SCHEMA.WebPage) in graph
    assert graph.value(page, SCHEMA.url) == URIRef("https://daily.example/2025/bridge")
    site = graph.value(page, SCHEMA.isPartOf)
    assert (site, RDF.type, SCHEMA.WebSite) in graph and graph.value(site, SCHEMA.name) == Literal("Daily Example")
    assert graph.value(site, SCHEMA.publisher) == graph.value(article, SCHEMA.publisher)
    logo = graph.value(graph.value(article, SCHEMA.publisher), SCHEMA.logo)
    assert (logo, RDF.type, SCHEMA.ImageObject) in graph


def test_the_page_graphs_json_ld_describes_each_node_once():
    document = publish_text(story("url: https://daily.example/2025/bridge"), config(), name="bridge").jsonld
    described: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "@id" in node and len(node) > 1:
                described.append(node["@id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert len(described) == len(set(described))
    assert "https://daily.example/#website" in described


def test_an_article_without_a_url_has_no_page_graph():
    assert publish_text(story(), config(), name="bridge").graph.value(None, SCHEMA.mainEntityOfPage) is None


# ---------------------------------------------------------------- kinds, genre, section


def test_front_matter_type_makes_the_article_that_kind_and_still_a_news_article():
    pub = publish_text(story("type: AnalysisNewsArticle", "genre: analysis", "section: Local"), name="bridge")
    types = set(pub.graph.objects(pub.iri, RDF.type))
    assert {SCHEMA.NewsArticle, SCHEMA.AnalysisNewsArticle} <= types
    assert pub.graph.value(pub.iri, SCHEMA.genre) == Literal("analysis")
    assert pub.graph.value(pub.iri, SCHEMA.articleSection) == Literal("Local")


def test_a_misspelt_type_is_an_error_that_says_what_was_meant(tmp_path):
    (tmp_path / "bad.txt").write_text(story("type: AnalysisNewsArtcle"), encoding="utf-8")
    (tmp_path / "good.txt").write_text(story(), encoding="utf-8")
    done = subprocess.run([NEWSLD, "publish", str(tmp_path / "bad.txt"), str(tmp_path / "good.txt"), "--out",
                           str(tmp_path / "out"), "--no-load"], capture_output=True, text=True)
    assert done.returncode == 1
    assert "did you mean AnalysisNewsArticle?" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "out" / "good.ttl").is_file()


def test_a_byline_prefix_is_a_cue_for_the_kind_reported_as_an_info():
    pub = publish_text("Why the bridge matters\n\nAnalysis by Jane Doe\n\n" + BODY, name="bridge")
    assert (pub.iri, RDF.type, SCHEMA.AnalysisNewsArticle) in pub.graph
    assert any(r.severity == "Info" and "Analysis" in r.message for r in pub.report.results)


def test_a_pages_own_kind_is_kept(tmp_path):
    node = {"@context": "https://schema.org", "@type": "OpinionNewsArticle", "headline": "Bridges are worth it",
            "datePublished": "2025-03-04", "author": {"@type": "Person", "name": "Jane Doe"}}
    page = tmp_path / "opinion.html"
    page.write_text(f"<!doctype html><html lang='en'><head><title>Bridges are worth it</title>"
                    f"<script type='application/ld+json'>{json.dumps(node)}</script></head><body><article>"
                    f"<h1>Bridges are worth it</h1>{'<p>' + BODY * 3 + '</p>'}</article></body></html>",
                    encoding="utf-8")
    pub = publish_file(str(page))
    assert (pub.iri, RDF.type, SCHEMA.OpinionNewsArticle) in pub.graph


# ---------------------------------------------------------------- corrections


def test_corrections_become_correction_comments_with_their_dates():
    pub = publish_text(story("dateModified: 2025-03-06",
                             "correction: 2025-03-06 An earlier version gave the wrong length of the bridge.",
                             "correction: The mayor's name was misspelt."), name="bridge")
    graph = pub.graph
    comments = sorted(graph.objects(pub.iri, SCHEMA.correction))
    assert len(comments) == 2 and all((c, RDF.type, SCHEMA.CorrectionComment) in graph for c in comments)
    texts = {str(graph.value(c, SCHEMA.text)): graph.value(c, SCHEMA.datePublished) for c in comments}
    assert texts == {"An earlier version gave the wrong length of the bridge.": Literal("2025-03-06",
                                                                                        datatype=XSD.date),
                     "The mayor's name was misspelt.": None}
    assert graph.value(pub.iri, SCHEMA.dateModified) == Literal("2025-03-06", datatype=XSD.date)


# ---------------------------------------------------------------- publisher trust markup

TRUST = """base = "https://daily.example/"
[publisher]
name = "Daily Example"
type = "NewsMediaOrganization"
url = "https://daily.example/"
publishingPrinciples = "https://daily.example/principles"
correctionsPolicy = "https://daily.example/corrections"
foundingDate = "1901-05-01"
sameAs = ["https://en.wikipedia.org/wiki/Daily_Example"]
"""


def test_the_publisher_is_a_news_media_organisation_with_its_trust_links(tmp_path):
    (tmp_path / "newsld.toml").write_text(TRUST, encoding="utf-8")
    pub = publish_text(story(), load_config(tmp_path / "newsld.toml"), name="bridge")
    publisher = pub.graph.value(pub.iri, SCHEMA.publisher)
    assert (publisher, RDF.type, SCHEMA.NewsMediaOrganization) in pub.graph
    assert pub.graph.value(publisher, SCHEMA.publishingPrinciples) == URIRef("https://daily.example/principles")
    assert pub.graph.value(publisher, SCHEMA.foundingDate) == Literal("1901-05-01", datatype=XSD.date)
    assert pub.report.conforms


@pytest.mark.parametrize(("line", "problem"), [('ethicsPolicy = "ethics.html"', r"must be an http\(s\) URL"),
                                               ('ethicsPolicies = "https://x.example/"', "did you mean ethicsPolicy?"),
                                               ('type = "Newspaper"', "type must be one of")])
def test_a_trust_setting_that_is_no_url_or_no_setting_is_a_configuration_error(tmp_path, line, problem):
    (tmp_path / "newsld.toml").write_text(TRUST.replace('type = "NewsMediaOrganization"\n', "") + line + "\n",
                                          encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_config(tmp_path / "newsld.toml")


# ---------------------------------------------------------------- JSON-LD as search engines read it


def test_the_search_profile_gives_plain_strings_and_numbers_to_a_structured_data_reader():
    pub = publish_text(story("url: https://daily.example/2025/bridge"), config(), name="bridge")
    [document] = extruct.extract(article_page(pub), syntaxes=["json-ld"])["json-ld"]
    assert document["datePublished"] == "2025-03-04"
    assert isinstance(document["wordCount"], int)


def test_the_search_profile_read_as_linked_data_differs_only_in_date_datatypes():
    pub = publish_text(story(), name="bridge")
    profile = search_profile(pub.jsonld)
    nquads = jsonld.to_rdf(profile, {"format": "application/n-quads", "documentLoader": document_loader})
    graph = Graph().parse(data=nquads, format="nt")
    assert graph.value(pub.iri, SCHEMA.datePublished) == Literal("2025-03-04", datatype=SCHEMA.Date)
    linked = Graph().parse(data=pub.turtle, format="turtle")
    assert {(s, p) for s, p, _ in graph ^ linked} == {(pub.iri, SCHEMA.datePublished)}


# ---------------------------------------------------------------- paywalls


def test_a_paywalled_story_carries_googles_paywalled_content_markup():
    pub = publish_text(story("access: paywalled", "paywall: .premium"), name="bridge")
    graph = pub.graph
    assert graph.value(pub.iri, SCHEMA.isAccessibleForFree) == Literal(False)
    [part] = [p for p in graph.objects(pub.iri, SCHEMA.hasPart) if (p, RDF.type, SCHEMA.WebPageElement) in graph]
    assert graph.value(part, SCHEMA.cssSelector) == Literal(".premium")
    assert graph.value(part, SCHEMA.isAccessibleForFree) == Literal(False)
    assert not [r for r in pub.report.results if "paywalled" in r.message]


def test_a_paywalled_story_without_its_part_marked_is_warned_of():
    pub = publish_text(story("access: paywalled"), name="bridge")
    assert any(r.severity == "Warning" and "paywalled part" in r.message for r in pub.report.results)


def test_a_pages_own_paywall_markup_is_kept(tmp_path):
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridges are worth it",
            "datePublished": "2025-03-04", "isAccessibleForFree": "False",
            "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywall"}}
    page = tmp_path / "premium.html"
    page.write_text(f"<!doctype html><html lang='en'><head><title>Bridges are worth it</title>"
                    f"<script type='application/ld+json'>{json.dumps(node)}</script></head><body><article>"
                    f"<h1>Bridges are worth it</h1><p>{BODY * 3}</p></article></body></html>", encoding="utf-8")
    pub = publish_file(str(page))
    assert pub.graph.value(pub.iri, SCHEMA.isAccessibleForFree) == Literal(False)
    assert Literal(".paywall") in set(pub.graph.objects(None, SCHEMA.cssSelector))


def test_a_paywall_that_is_no_class_selector_is_an_error():
    with pytest.raises(InputError, match="class selector"):
        publish_text(story("paywall: #premium"), name="bridge")


@pytest.mark.slow  # three newsld processes
def test_embed_warns_when_the_paywalled_part_matches_nothing_in_the_page(tmp_path):
    (tmp_path / "s.txt").write_text(story("access: paywalled", "paywall: .premium"), encoding="utf-8")
    subprocess.run([NEWSLD, "publish", str(tmp_path / "s.txt"), "--out", str(tmp_path / "out"), "--no-load"],
                   check=True, capture_output=True)
    for body, warned in (("<div class='other'>x</div>", True), ("<div class='premium'>x</div>", False)):
        (tmp_path / "page.html").write_text(f"<html><head></head><body>{body}</body></html>")
        done = subprocess.run([NEWSLD, "embed", str(tmp_path / "page.html"), "--jsonld", str(tmp_path / "out/s.jsonld"),
                               "-o", str(tmp_path / "embedded.html")], capture_output=True, text=True)
        assert done.returncode == 0
        assert (".premium matches nothing" in done.stderr) is warned


# ---------------------------------------------------------------- images


def test_front_matter_images_carry_their_size_and_caption():
    pub = publish_text(story("image: https://daily.example/a.jpg | 1200x675 | The bridge at dawn",
                             "image: https://daily.example/b.jpg"), name="bridge")
    images = {str(pub.graph.value(i, SCHEMA.url)): i for i in pub.graph.objects(pub.iri, SCHEMA.image)}
    assert set(images) == {"https://daily.example/a.jpg", "https://daily.example/b.jpg"}
    first = images["https://daily.example/a.jpg"]
    assert (pub.graph.value(first, SCHEMA.width), pub.graph.value(first, SCHEMA.height)) == (Literal(1200),
                                                                                           Literal(675))
    assert pub.graph.value(first, SCHEMA.caption) == Literal("The bridge at dawn")


@pytest.mark.parametrize(("size", "advice"), [("600x600", "at least 1200"), ("2000x300", "ratios 16x9, 4x3 or 1x1"),
                                              ("1200x1200", None)])
def test_an_image_off_googles_size_advice_is_warned_of(size, advice):
    pub = publish_text(story(f"image: https://daily.example/a.jpg | {size}"), name="bridge")
    warned = [r.message for r in pub.report.results if r.message.startswith("the image")]
    assert (any(advice in m for m in warned) if advice else warned == [])


def test_a_pages_first_figure_is_its_image_when_the_markup_names_none(tmp_path):
    page = tmp_path / "figure.html"
    page.write_text("<!doctype html><html lang='en'><head><title>Bridge reopens</title>"
                    "<link rel='canonical' href='https://daily.example/2025/bridge'></head><body><article>"
                    "<h1>Bridge reopens</h1><figure><img src='/img/bridge.jpg' width='1600' height='900'>"
                    "<figcaption>The bridge at dawn</figcaption></figure>"
                    f"<p>{BODY * 3}</p></article></body></html>", encoding="utf-8")
    pub = publish_file(str(page))
    image = pub.graph.value(pub.iri, SCHEMA.image)
    assert str(pub.graph.value(image, SCHEMA.url)).endswith("/img/bridge.jpg")
    assert pub.graph.value(image, SCHEMA.caption) == Literal("The bridge at dawn")
    assert pub.graph.value(image, SCHEMA.width) == Literal(1600)


def test_a_modification_date_before_the_publication_date_is_left_out_with_a_warning():
    pub = publish_text(story("dateModified: 2025-03-01"), name="bridge")
    assert pub.graph.value(pub.iri, SCHEMA.dateModified) is None
    assert any("earlier than datePublished" in r.message for r in pub.report.results)


def test_the_seed_with_a_url_publishes_the_page_graph(seed_path):
    text = "---\nurl: https://daily.example/2022/01/alliance\n---\n" + seed_path.read_text(encoding="utf-8")
    pub = publish_text(text, config(), name="seed")
    assert pub.report.conforms
    page = pub.graph.value(pub.iri, SCHEMA.mainEntityOfPage)
    assert pub.graph.value(page, SCHEMA.isPartOf) == URIRef("https://daily.example/#website")


@pytest.mark.slow  # three newsld processes
def test_republishing_a_changed_story_keeps_its_earlier_corrections(tmp_path):
    path = tmp_path / "bridge.txt"
    path.write_text(story("correction: 2025-03-06 An earlier version gave the wrong length."), encoding="utf-8")
    subprocess.run([NEWSLD, "publish", str(path), "--out", str(tmp_path / "out"), "--no-load"], check=True,
                   capture_output=True)
    path.write_text(story("correction: 2025-03-07 The mayor's name was misspelt.",
                          body=BODY.replace("six months", "seven months")), encoding="utf-8")
    subprocess.run([NEWSLD, "publish", str(path), "--out", str(tmp_path / "out"), "--no-load"], check=True,
                   capture_output=True)
    graph = Graph().parse(tmp_path / "out" / "bridge.ttl")
    texts = {str(graph.value(c, SCHEMA.text)) for c in graph.objects(None, SCHEMA.correction)}
    assert texts == {"An earlier version gave the wrong length.", "The mayor's name was misspelt."}
    subprocess.run([NEWSLD, "publish", str(path), "--out", str(tmp_path / "out"), "--no-load", "--force"],
                   check=True, capture_output=True)
    again = Graph().parse(tmp_path / "out" / "bridge.ttl")
    assert len(list(again.objects(None, SCHEMA.correction))) == 2  # kept once, not once per run


OWN_ARTICLE = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
               '"headline": "Old markup"}</script>')


@pytest.mark.slow  # newsld processes
@pytest.mark.parametrize("replace", [False, True])
def test_embed_warns_of_the_pages_own_article_item_and_replaces_it_when_asked(tmp_path, replace):
    (tmp_path / "s.txt").write_text(story(), encoding="utf-8")
    subprocess.run([NEWSLD, "publish", str(tmp_path / "s.txt"), "--out", str(tmp_path / "out"), "--no-load"],
                   check=True, capture_output=True)
    (tmp_path / "page.html").write_text(f"<html><head>{OWN_ARTICLE}</head><body><p>x</p></body></html>")
    done = subprocess.run([NEWSLD, "embed", str(tmp_path / "page.html"), "--jsonld", str(tmp_path / "out/s.jsonld"),
                           "-o", str(tmp_path / "embedded.html"), *(["--replace-existing"] if replace else [])],
                          capture_output=True, text=True)
    assert done.returncode == 0
    documents = extruct.extract((tmp_path / "embedded.html").read_text(), syntaxes=["json-ld"])["json-ld"]
    headlines = sorted(d.get("headline") for d in documents)
    if replace:
        assert headlines == ["Harbour bridge reopens"] and "Article item" not in done.stderr
    else:
        assert headlines == ["Harbour bridge reopens", "Old markup"] and "Article item(s) of its own" in done.stderr
