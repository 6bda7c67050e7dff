"""Who wrote it: bylines read by conventions that hold across sites and languages, and the page's printed
byline weighed against its markup."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.api import publish_file
from pipeline.bylines import split_byline
from pipeline.namespaces import SCHEMA


@pytest.mark.parametrize(("byline", "names"), [
    ("Analysis by Jane Doe", ["Jane Doe"]),
    ("Opinion by JANE DOE", ["Jane Doe"]),
    ("Text: Pedro Lopes", ["Pedro Lopes"]),
    ("Texto: Pedro Lopes e Ana Lima", ["Pedro Lopes", "Ana Lima"]),
    ("Jean Dupont (avec Marie Curie et Paul Martin)", ["Jean Dupont", "Marie Curie", "Paul Martin"]),
    ("Hans Meier und Eva Braun", ["Hans Meier", "Eva Braun"]),
    ("Juan Pérez y María López", ["Juan Pérez", "María López"]),
    ("Ana (Maria Souza) Lima", ["Ana Maria Souza Lima"]),
    ("Ana Souza e Silva", ["Ana Souza e Silva"]),
    ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe March", ["Jane Doe"]),
    ("Jerusalem Post Staff November", ["Jerusalem Post Staff"]),
    ("Theresa May", ["Theresa May"]),
    ("di Giampiero Maggio", ["Giampiero Maggio"]),
])
def test_a_byline_gives_the_people_it_names(byline, names):
    assert split_byline(byline) == names


@pytest.mark.parametrize("byline", ["Username", "No Author", "admin", "web_desk", "ExampleDailyApp", "作者",
                                    "Photo: Jane Doe", "Фото из Инстаграма", "I"])
def test_placeholders_accounts_and_photo_credits_name_nobody(byline):
    assert split_byline(byline) == []


PROSE = "<p>The storm reached the coast on Monday, officials said, and thousands of homes lost power overnight.</p>" * 6


def _authors(tmp_path: Path, markup: dict | None, meta_author: str | None = None, site: str = "Example Daily") -> list:
    head = f"<title>Storm reaches the coast</title><meta property='og:site_name' content='{site}'>"
    if meta_author:
        head += f"<meta name='author' content='{meta_author}'>"
    if markup is not None:
        node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm reaches the coast",
                "datePublished": "2024-03-01", **markup}
        head += f"<script type='application/ld+json'>{json.dumps(node)}</script>"
    page = tmp_path / "storm.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
                    f"<h1>Storm reaches the coast</h1>{PROSE}</article></body></html>", encoding="utf-8")
    publication = publish_file(str(page))
    return sorted(str(publication.graph.value(a, SCHEMA.name)) for a in publication.graph.objects(publication.iri,
                                                                                                   SCHEMA.author))


def test_a_placeholder_author_in_the_markup_gives_way_to_the_printed_byline(tmp_path):
    assert _authors(tmp_path, {"author": {"@type": "Person", "name": "admin"}}, "Jane Doe") == ["Jane Doe"]


def test_the_site_as_the_only_author_gives_way_to_a_personal_byline(tmp_path):
    markup = {"author": {"@type": "Organization", "name": "Example Daily"}}
    assert _authors(tmp_path, markup, "Jane Doe") == ["Jane Doe"]


def test_the_site_as_the_only_author_is_no_author(tmp_path):
    assert _authors(tmp_path, {"author": {"@type": "Organization", "name": "Example Daily"}}) == []


def test_a_printed_byline_that_continues_the_markups_list_adds_its_co_authors(tmp_path):
    markup = {"author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}]}
    assert _authors(tmp_path, markup, "Ann Lee, Bo Chen and Cy Diaz") == ["Ann Lee", "Bo Chen", "Cy Diaz"]


def test_a_printed_byline_naming_others_does_not_replace_the_markups_author(tmp_path):
    markup = {"author": {"@type": "Person", "name": "Ann Lee"}}
    assert _authors(tmp_path, markup, "Example Media Group, Ann Lee") == ["Ann Lee"]


def test_an_author_given_by_reference_in_a_graph_is_named(tmp_path):
    markup = {"author": [{"@id": "https://example.com/#/person/1"}],
              "@graph": [{"@type": "Person", "@id": "https://example.com/#/person/1", "name": "Logan C. Ritchie"}]}
    assert _authors(tmp_path, markup) == ["Logan C. Ritchie"]


def test_a_site_name_written_with_an_ampersand_is_not_split_into_authors(tmp_path):
    assert _authors(tmp_path, None, "Mac & i", site="Mac &amp; i") == []


# --- the headline and the site's name ----------------------------------------------------------------------

def _page_fields(tmp_path: Path, head: str, h1: str = "") -> tuple[str, str | None]:
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
                    f"{h1}{PROSE}</article></body></html>", encoding="utf-8")
    publication = publish_file(str(page))
    g, iri = publication.graph, publication.iri
    publisher = g.value(iri, SCHEMA.publisher)
    return str(g.value(iri, SCHEMA.headline)), None if publisher is None else str(g.value(publisher, SCHEMA.name))


def test_a_photo_credit_and_the_site_after_a_full_width_colon_leave_the_headline(tmp_path):
    head = "<title>見出し （写真＝共同） ：新聞社名</title><meta property='og:site_name' content='新聞社名'>"
    assert _page_fields(tmp_path, head)[0] == "見出し"


def test_sections_and_the_site_after_the_headline_go(tmp_path):
    head = "<title>Storm reaches the coast » Local » News » Example Daily</title>" \
           "<meta property='og:site_name' content='Example Daily'>"
    assert _page_fields(tmp_path, head)[0] == "Storm reaches the coast"


def test_a_colon_in_the_headline_itself_stays(tmp_path):
    head = "<title>Storm: the coast waits | Example Daily</title><meta property='og:site_name' content='Example Daily'>"
    assert _page_fields(tmp_path, head)[0] == "Storm: the coast waits"


def test_a_handle_for_a_site_name_gives_way_to_the_name_the_title_gives(tmp_path):
    head = "<title>Storm reaches the coast | Example Daily Mail</title>" \
           "<meta property='og:site_name' content='ExampleDailyApp'>"
    assert _page_fields(tmp_path, head)[1] == "Example Daily Mail"


def test_a_url_is_no_publishers_name(tmp_path):
    head = "<title>Storm reaches the coast | Example Daily</title>" \
           "<meta property='og:site_name' content='http://www.example.com'>"
    assert _page_fields(tmp_path, head)[1] != "http://www.example.com"


def test_a_headline_escaped_twice_in_the_markup_is_read_once(tmp_path):
    markup = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm&#8217;s path",
              "datePublished": "2024-03-01"}
    head = f"<title>x</title><script type='application/ld+json'>{json.dumps(markup)}</script>"
    assert _page_fields(tmp_path, head)[0] == "Storm’s path"
