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


def test_a_desk_credit_in_the_markup_gives_way_to_a_personal_byline(tmp_path):
    assert _authors(tmp_path, {"author": {"@type": "Person", "name": "Nature Editorial"}}, "Elizabeth Gibney") == \
        ["Elizabeth Gibney"]


def _printed(tmp_path: Path, byline_html: str, ending: str = "", head: str = "", masthead: str = "") -> list:
    page = tmp_path / "storm.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Storm reaches the coast</title>"
                    f"{head}</head><body>{masthead}<article><h1>Storm reaches the coast</h1>{byline_html}{PROSE}{ending}</article>"
                    f"<footer><p>Contact us</p></footer></body></html>", encoding="utf-8")
    publication = publish_file(str(page))
    return sorted(str(publication.graph.value(a, SCHEMA.name))
                  for a in publication.graph.objects(publication.iri, SCHEMA.author))


def test_a_by_line_printed_under_the_headline_names_the_author_when_nothing_else_does(tmp_path):
    assert _printed(tmp_path, "<div><span>By</span><span><a href='/staff/ann'>Ann Lee</a></span></div>") == ["Ann Lee"]


def test_a_sentence_beginning_with_by_is_no_byline(tmp_path):
    assert _printed(tmp_path, "<p><span>By clicking Submit, you agree to the terms.</span></p>") == []


@pytest.mark.parametrize(("byline", "names"), [
    ("Jane Doe (Reuters)", ["Jane Doe"]),
    ("En Li and Jane Doe", ["En Li", "Jane Doe"]),
    ("정덕현 기자", ["정덕현"]),
    ("作者：王小明", ["王小明"]),
])
def test_credits_roles_and_labels_around_a_name_go_and_capitalised_name_words_stay(byline, names):
    assert split_byline(byline) == names


@pytest.mark.parametrize("byline", ["By Friday the negotiators had agreed on every point.", "By Tuesday",
                                    "By clicking Submit, you agree to the terms."])
def test_a_sentence_that_opens_with_by_names_nobody(byline):
    assert split_byline(byline) == []


def test_a_by_line_after_the_date_and_time_names_the_author(tmp_path):
    assert _printed(tmp_path, "<h5>2/26/2015 7:11 AM PST BY JANE DOE</h5>") == ["Jane Doe"]


def test_a_line_of_numbers_without_by_names_nobody(tmp_path):
    assert _printed(tmp_path, "<h5>2/26/2015 7:11 AM PST 120 comments</h5>") == []



def test_a_contributors_note_in_italics_closing_the_story_names_its_authors(tmp_path):
    note = ("<p><b><i>Andrés Malamud es politólogo en la Universidad de Lisboa. Martín Schapiro es abogado y "
            "analista internacional.</i></b></p>")
    assert _printed(tmp_path, "", ending=note) == ["Andrés Malamud", "Martín Schapiro"]


def test_a_closing_paragraph_about_someone_in_roman_type_names_no_author(tmp_path):
    assert _printed(tmp_path, "", ending="<p>John Smith is expected to appear in court on Monday.</p>") == []


def _marked(tmp_path: Path, author: str, byline_html: str, masthead: str = "") -> list:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm reaches the coast",
            "datePublished": "2024-03-01", "author": {"@type": "Person", "name": author}}
    return _printed(tmp_path, byline_html, head=f"<script type='application/ld+json'>{json.dumps(node)}</script>",
                    masthead=masthead)


LINKED = ("<div>By <a href='/author/ann-lee/' rel='author'>Ann Lee</a>, <a href='/author/bo-chen/' rel='author'>"
          "Bo Chen</a>, <a href='/author/desk/' rel='author'>Example News Desk</a></div>")


def test_the_pages_author_links_win_over_markup_naming_someone_else(tmp_path):
    assert _marked(tmp_path, "Kay Poster", LINKED) == ["Ann Lee", "Bo Chen"]


def test_the_markups_author_stays_when_the_author_links_name_them_too(tmp_path):
    linked = "<div><a href='/author/ann-lee/' rel='author'>Ann Lee<span>Staff Writer</span></a></div>"
    assert _marked(tmp_path, "Ann Lee", linked) == ["Ann Lee"]


def test_author_links_above_the_headline_do_not_replace_the_markups_author(tmp_path):
    masthead = "<nav>Our writers: <a href='/author/bo-chen/' rel='author'>Bo Chen</a></nav>"
    assert _marked(tmp_path, "Ann Lee", "", masthead=masthead) == ["Ann Lee"]


def test_a_name_printed_only_in_the_comments_is_no_author(tmp_path):
    import trafilatura

    comments = ("<section class='reader-comments-box'><div class='entry'><p class='author'>Alcalino</p>"
                "<p>What a story.</p></div></section>")
    page = tmp_path / "storm.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Storm reaches the coast</title>"
                    f"</head><body><article><h1>Storm reaches the coast</h1>{PROSE}</article>{comments}</body></html>",
                    encoding="utf-8")
    assert trafilatura.bare_extraction(page.read_text(), with_metadata=True).author == "Alcalino"  # its guess
    publication = publish_file(str(page))
    assert list(publication.graph.objects(publication.iri, SCHEMA.author)) == []


def test_author_links_in_a_list_of_other_stories_after_the_headline_do_not_replace_the_markups_author(tmp_path):
    aside = "<aside><h3>More from our columnists</h3><ul><li><a rel='author' href='/bo'>Bo Chen</a>: Tides</li></ul></aside>"
    assert _marked(tmp_path, "Ann Lee", "<div class='byline'>By Ann Lee</div>" + aside) == ["Ann Lee"]


def test_author_links_nested_in_spans_are_all_read(tmp_path):
    linked = ("<div>By <span><a rel='author' href='/ann'>Ann Lee</a></span> and "
              "<span><a rel='author' href='/bo'>Bo Chen</a></span></div>")
    assert _marked(tmp_path, "Kay Poster", linked) == ["Ann Lee", "Bo Chen"]


def test_an_author_link_spelt_without_accents_keeps_the_markups_spelling(tmp_path):
    assert _marked(tmp_path, "José Núñez", "<div>By <a rel='author' href='/jn'>Jose Nunez</a></div>") == ["José Núñez"]


@pytest.mark.parametrize("note", ["John Smith is a pseudonym.", "Jane Doe is survived by her husband and two sons.",
                                  "Maria Lopez is a nurse in Madrid who spoke to us.",
                                  "The President is expected to sign the bill."])
def test_an_italic_closing_paragraph_about_someone_else_names_no_author(tmp_path, note):
    assert _printed(tmp_path, "", ending=f"<p><i>{note}</i></p>") == []


def test_a_closing_note_never_overrides_the_markups_author(tmp_path):
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm reaches the coast",
            "datePublished": "2024-03-01", "author": {"@type": "Organization", "name": "Reuters"}}
    head = f"<script type='application/ld+json'>{json.dumps(node)}</script>"
    assert _printed(tmp_path, "", ending="<p><i>Jane Doe is a professor of history.</i></p>", head=head) == ["Reuters"]


@pytest.mark.parametrize("line", ["<h2>3 dead, 40 hurt by Hurricane Ian</h2>",
                                  "<figure><figcaption>1/5 Pic by Jane Roe</figcaption></figure>",
                                  "<ul><li><a href='/x'>5/10 ways to get by bus</a></li></ul>"])
def test_a_heading_or_caption_with_a_number_and_by_is_no_byline(tmp_path, line):
    assert _printed(tmp_path, line) == []


def test_a_by_line_after_a_date_and_a_bar_names_the_author(tmp_path):
    assert _printed(tmp_path, "<p>2015-02-26 | By Jane Doe</p>") == ["Jane Doe"]


def test_a_byline_in_a_commentary_section_is_no_commenter(tmp_path):
    page = tmp_path / "essay.html"
    page.write_text("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Storm reaches the coast</title>"
                    "<meta name='author' content='Jane Doe'></head><body class='section-commentary'>"
                    f"<article class='commentary'><h1>Storm reaches the coast</h1><p class='meta'>"
                    f"<a class='comments-link' href='#c'>5 comments</a> Jane Doe</p>{PROSE}</article></body></html>",
                    encoding="utf-8")
    publication = publish_file(str(page))
    assert [str(publication.graph.value(a, SCHEMA.name)) for a in
            publication.graph.objects(publication.iri, SCHEMA.author)] == ["Jane Doe"]
