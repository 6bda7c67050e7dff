"""A page's headline, site name and language by what its parts agree on, whatever the site."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.api import publish_file
from pipeline.namespaces import SCHEMA

PROSE = "<p>The storm reached the coast on Monday, officials said, and thousands of homes lost power overnight.</p>" * 6
FRENCH = ("<p>La tempête a atteint la côte lundi, ont indiqué les autorités, et des milliers de foyers ont été "
          "privés d'électricité pendant la nuit.</p><p>Les secours tentaient encore mardi de rejoindre les villages "
          "isolés de la vallée, où les routes sont coupées par les eaux.</p><p>Le préfet a demandé aux habitants de "
          "rester chez eux et de ne pas prendre la voiture avant la fin de l'alerte.</p><p>Selon Météo-France, le "
          "vent devrait faiblir dans la soirée, mais de nouvelles pluies sont attendues pour la fin de la semaine.</p>")



def _page_fields(tmp_path: Path, head: str, h1: str = "", prose: str = PROSE) -> tuple[str, str | None]:
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
                    f"{h1}{prose}</article></body></html>", encoding="utf-8")
    publication = publish_file(str(page))
    g, iri = publication.graph, publication.iri
    publisher = g.value(iri, SCHEMA.publisher)
    return str(g.value(iri, SCHEMA.headline)), None if publisher is None else str(g.value(publisher, SCHEMA.name))


@pytest.mark.parametrize(("title", "site", "headline"), [
    ("見出し （写真＝共同） ：新聞社名", "新聞社名", "見出し"),  # a photo credit, the site after a full-width colon
    ("Storm reaches the coast » Local » News » Example Daily", "Example Daily", "Storm reaches the coast"),
    ("Storm: the coast waits | Example Daily", "Example Daily", "Storm: the coast waits"),  # its own colon stays
], ids=["credit-and-site", "sections-and-site", "own-colon"])
def test_the_headline_is_the_title_without_credit_sections_and_site(tmp_path, title, site, headline):
    head = f"<title>{title}</title><meta property='og:site_name' content='{site}'>"
    assert _page_fields(tmp_path, head)[0] == headline


@pytest.mark.parametrize(("site", "expected"), [("ExampleDailyApp", "Example Daily Mail"),  # a handle
                                                ("http://www.example.com", None)],  # a URL is no name
                         ids=["handle", "url"])
def test_a_site_name_that_is_no_name_gives_way_to_the_titles(tmp_path, site, expected):
    head = f"<title>Storm reaches the coast | Example Daily Mail</title><meta property='og:site_name' content='{site}'>"
    publisher = _page_fields(tmp_path, head)[1]
    assert publisher != site and (expected is None or publisher == expected)


def test_a_headline_escaped_twice_in_the_markup_is_read_once(tmp_path):
    markup = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm&#8217;s path",
              "datePublished": "2024-03-01"}
    head = f"<title>x</title><script type='application/ld+json'>{json.dumps(markup)}</script>"
    assert _page_fields(tmp_path, head)[0] == "Storm’s path"


def test_an_h1_that_is_a_section_name_gives_way_to_the_title(tmp_path):
    head = "<title>Babies who eat peanuts early may avoid allergy</title>"
    assert _page_fields(tmp_path, head, "<h1>Allergies Health Center</h1>")[0] == \
        "Babies who eat peanuts early may avoid allergy"


def _marked_up(headline: str, title: str, og_title: str) -> str:
    """A page head whose markup gives `headline`, beside its own `title` and og:title."""
    markup = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-03-01",
              "headline": headline}
    return (f"<title>{title}</title><meta property='og:title' content='{og_title}'>"
            f"<script type='application/ld+json'>{json.dumps(markup)}</script>")


def test_a_standfirst_in_the_markup_gives_way_to_the_headline_the_page_agrees_on(tmp_path):
    head = _marked_up("Officials warned for days that the coast would be hit hard, and it was.",
                      "Storm reaches the coast - Example Daily", "Storm reaches the coast")
    assert _page_fields(tmp_path, head, "<h1>Storm reaches the coast</h1>")[0] == "Storm reaches the coast"


def test_a_page_declared_english_but_written_in_french_is_french(tmp_path):
    _page_fields(tmp_path, "<title>La tempête atteint la côte</title>", prose=FRENCH)
    publication = publish_file(str(tmp_path / "page.html"))
    assert str(publication.graph.value(publication.iri, SCHEMA.inLanguage)) == "fr"


def test_a_page_declared_english_and_written_in_english_stays_english(tmp_path):
    _page_fields(tmp_path, "<title>Storm reaches the coast</title>")
    publication = publish_file(str(tmp_path / "page.html"))
    assert str(publication.graph.value(publication.iri, SCHEMA.inLanguage)) == "en"


def _published(tmp_path: Path, head: str, body: str):
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>",
                    encoding="utf-8")
    publication = publish_file(str(page))
    return publication.graph, publication.iri


def test_the_time_printed_under_the_headline_is_the_publication_date(tmp_path):
    body = (f"<nav><time datetime='2016-11-09T10:00:00Z'>menu</time></nav><article><h1>Storm reaches the coast</h1>"
            f"<span>Jane Doe</span> <time datetime='2016-11-15T07:00:00Z'>1 day ago</time>{PROSE}</article>")
    g, iri = _published(tmp_path, "<title>Storm reaches the coast</title>", body)
    assert str(g.value(iri, SCHEMA.datePublished)).startswith("2016-11-15")


def test_a_labelled_date_under_the_headline_is_the_publication_date(tmp_path):
    body = f"<article><h1>Storm reaches the coast</h1><p>Written: 2023-11-07 15:03:30</p>{PROSE}</article>"
    g, iri = _published(tmp_path, "<title>Storm reaches the coast</title>", body)
    assert str(g.value(iri, SCHEMA.datePublished)).startswith("2023-11-07")


def test_a_date_that_opens_the_story_is_its_publication_date(tmp_path):
    body = f"<article><h1>Storm reaches the coast</h1><p>Feb. 23, 2015 -- The storm reached the coast.</p>{PROSE}</article>"
    g, iri = _published(tmp_path, "<title>Storm reaches the coast</title>", body)
    assert str(g.value(iri, SCHEMA.datePublished)) == "2015-02-23"


def test_a_logo_h1_the_title_ends_with_names_the_site(tmp_path):
    body = f"<header><h1>Example World</h1></header><article><h1>Storm reaches the coast</h1>{PROSE}</article>"
    head = "<title>Storm reaches the coast l Example World</title><meta property='og:title' content='Storm reaches the coast'>"
    g, iri = _published(tmp_path, head, body)
    assert str(g.value(g.value(iri, SCHEMA.publisher), SCHEMA.name)) == "Example World"


def test_a_publisher_named_by_its_handle_is_named_as_the_title_spells_it(tmp_path):
    markup = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm reaches the coast",
              "datePublished": "2024-03-01", "publisher": {"@type": "Organization", "name": "exampledaily"}}
    head = (f"<title>Storm reaches the coast - exampledaily.com</title>"
            f"<script type='application/ld+json'>{json.dumps(markup)}</script>")
    g, iri = _published(tmp_path, head, f"<article><h1>Storm reaches the coast</h1>{PROSE}</article>")
    assert str(g.value(g.value(iri, SCHEMA.publisher), SCHEMA.name)) == "exampledaily.com"


def test_a_headline_with_its_own_separator_keeps_it(tmp_path):
    markup = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-03-01",
              "headline": "Spider-Man - Into the Spider-Verse wins Oscar"}
    head = (f"<title>Spider-Man - Into the Spider-Verse wins Oscar | Example Daily</title><meta property='og:site_name' "
            f"content='Example Daily'><script type='application/ld+json'>{json.dumps(markup)}</script>")
    assert _page_fields(tmp_path, head)[0] == "Spider-Man - Into the Spider-Verse wins Oscar"


def test_a_site_name_every_part_repeats_does_not_replace_the_markups_headline(tmp_path):
    head = _marked_up("Council passes budget after long debate", "Example News", "Example News")
    assert _page_fields(tmp_path, head, "<h1>Example News</h1>")[0] == "Council passes budget after long debate"


def test_a_time_in_a_list_of_related_stories_is_not_the_publication_date(tmp_path):
    body = (f"<article><h1>Storm reaches the coast</h1><ul><li><a href='/x'>Older story</a> "
            f"<time datetime='2019-05-01'>May 1</time></li></ul><p><time datetime='2024-03-01'>March 1</time></p>"
            f"{PROSE}</article>")
    g, iri = _published(tmp_path, "<title>Storm reaches the coast</title>", body)
    assert str(g.value(iri, SCHEMA.datePublished)) == "2024-03-01"


def test_a_time_below_the_story_is_not_read_as_its_date(tmp_path):
    from pipeline.sources.html import _printed_date, load_page

    page = (f"<html><body><article><h1>Storm reaches the coast</h1>{PROSE}<section><time "
            f"datetime='2023-12-31T23:00:00Z'>a comment</time></section></article></body></html>")
    assert _printed_date(load_page(page, "page")) is None


def test_a_published_label_wins_over_an_updated_time(tmp_path):
    body = (f"<article><h1>Storm reaches the coast</h1><p>Updated <time datetime='2024-03-05'>March 5</time></p>"
            f"<p>Published: 2024-01-02</p>{PROSE}</article>")
    g, iri = _published(tmp_path, "<title>Storm reaches the coast</title>", body)
    assert str(g.value(iri, SCHEMA.datePublished)) == "2024-01-02"


def test_an_impossible_date_opening_the_story_is_no_publication_date(tmp_path):
    body = f"<article><h1>Storm reaches the coast</h1><p>Jan. 5, 0001 -- The storm reached the coast.</p>{PROSE}</article>"
    g, iri = _published(tmp_path, "<title>Storm reaches the coast</title>", body)
    assert not str(g.value(iri, SCHEMA.datePublished)).startswith("0001")
