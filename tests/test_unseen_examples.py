"""Examples of issue 15 (pages and stories newsld had not seen) that no other test stated on a page or story of
its own: the publisher's markup that must not refuse a page, bylines as pages print them, datelines and
furniture inside a page's body, and the general rules that replaced site-specific ones.
Each test publishes a small page or story written here and reads the published graph."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.api import publish_file
from pipeline.namespaces import SCHEMA

PROSE = "<p>The storm reached the coast on Monday, officials said, and thousands of homes lost power overnight.</p>" * 6


def _page(tmp_path: Path, head: str = "", body: str = PROSE, markup: dict | None = None,
          title: str = "Storm reaches the coast") -> Path:
    """A page with `head` and, where given, an Article's JSON-LD holding `markup`; its article is `body`
    under an h1 of `title`."""
    if markup is not None:
        node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                "datePublished": "2024-03-01", **markup}
        head += f"<script type='application/ld+json'>{json.dumps(node)}</script>"
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
                    f"<body><article><h1>{title}</h1>{body}</article></body></html>", encoding="utf-8")
    return page


def _authors(publication) -> list[str]:
    graph, iri = publication.graph, publication.iri
    return sorted(str(graph.value(a, SCHEMA.name)) for a in graph.objects(iri, SCHEMA.author))


def _publisher(publication) -> str | None:
    publisher = publication.graph.value(publication.iri, SCHEMA.publisher)
    return None if publisher is None else str(publication.graph.value(publisher, SCHEMA.name))


# The publisher's own markup is evidence, not a contract

def test_a_page_whose_markup_gives_its_publisher_two_names_is_published_under_one(tmp_path):
    markup = {"publisher": {"@type": "Organization", "name": ["Example Daily", "The Example Daily Group"]}}
    publication = publish_file(str(_page(tmp_path, markup=markup)))
    assert publication.report.conforms
    publisher = publication.graph.value(publication.iri, SCHEMA.publisher)
    assert len(set(publication.graph.objects(publisher, SCHEMA.name))) == 1


def test_a_page_whose_markup_gives_media_without_a_url_is_published(tmp_path):
    markup = {"image": {"@type": "ImageObject", "caption": "The coast at dawn", "width": 800},
              "video": {"@type": "VideoObject", "name": "The storm in pictures"}}
    publication = publish_file(str(_page(tmp_path, markup=markup)))
    assert publication.report.conforms
    assert str(publication.graph.value(publication.iri, SCHEMA.headline)) == "Storm reaches the coast"


# Authors: placeholders, brands and bylines as pages print them

@pytest.mark.parametrize("placeholder", ["Username", "No Author"])
def test_a_placeholder_as_the_markups_only_author_names_nobody(tmp_path, placeholder):
    publication = publish_file(str(_page(tmp_path, markup={"author": {"@type": "Person", "name": placeholder}})))
    assert _authors(publication) == []


def test_a_brand_as_the_markups_only_author_gives_way_to_the_byline_printed_under_the_headline(tmp_path):
    markup = {"author": {"@type": "Organization", "name": "Lakeside Courier"},
              "publisher": {"@type": "Organization", "name": "Lakeside Courier"}}
    publication = publish_file(str(_page(tmp_path, body="<p>By Jane Doe</p>" + PROSE, markup=markup)))
    assert _authors(publication) == ["Jane Doe"]


# A page's body: its dateline after a kicker or a label, its furniture

LEAD = "Officials said on Monday that the storm had reached the coast and thousands of homes had lost power."


@pytest.mark.parametrize("before", ["<p>EXCLUSIVE: KYIV (Reuters) -- ", "<p>Ukraine</p><p>KYIV (Reuters) -- "],
                         ids=["kicker", "location-label"])
def test_a_dateline_in_a_pages_body_after_a_kicker_or_a_location_label_is_found(tmp_path, before):
    publication = publish_file(str(_page(tmp_path, body=f"{before}{LEAD}</p>{PROSE}")))
    assert str(publication.graph.value(publication.iri, SCHEMA.dateline)) == "KYIV"
    assert "(Reuters)" not in publication.article.body


@pytest.mark.parametrize("furniture", ["3 May 2016 - From the section Europe - 120 comments",
                                       "Sign up for our daily newsletter to get the news in your inbox."])
def test_furniture_in_a_pages_body_leaves_it_and_names_no_entity(tmp_path, furniture):
    publication = publish_file(str(_page(tmp_path, body=f"<p>{furniture}</p>{PROSE}")))
    assert furniture not in publication.article.body
    graph, iri = publication.graph, publication.iri
    names = {str(graph.value(n, SCHEMA.name)) for p in (SCHEMA.about, SCHEMA.mentions) for n in graph.objects(iri, p)}
    assert "Europe" not in names


# General rules that replaced rules keyed on one site

SPLIT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lighthouse keepers return</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header><main><article>
<h1>Lighthouse keepers return</h1><div class="{kind}">{first}</div>
<div class="row full-bleed-ad"><div class="ad ad--mid-content"><span class="ad-label">Advertisement</span></div></div>
<div class="{kind}">{second}</div></article></main><footer>Copyright Example News</footer></body></html>"""


def _parts(label: str, count: int) -> str:
    return "".join(f"<p>{label} part {n}: the keepers climbed the stairs at dusk, trimmed the wicks, wound the "
                   f"clockwork and logged the passing ships until the morning light came back.</p>"
                   for n in range(1, count + 1))


@pytest.mark.parametrize("kind", ["article-body", "entry-content"])
def test_a_body_split_around_an_ad_into_containers_of_any_one_class_is_read_whole(tmp_path, kind):
    page = tmp_path / "split.html"
    page.write_text(SPLIT.format(kind=kind, first=_parts("First", 4), second=_parts("Second", 6)), encoding="utf-8")
    text = publish_file(str(page)).article.body
    assert "First part 1:" in text and "Second part 6:" in text
    assert "Advertisement" not in text


def test_a_handle_the_titles_last_part_spells_out_after_a_full_width_colon_gives_way_to_it(tmp_path):
    head = "<meta name='twitter:site' content='@examplenewscom'>"
    page = _page(tmp_path, head, title="嵐が沿岸に到達：Example News")
    assert _publisher(publish_file(str(page))) == "Example News"


def test_a_tagline_after_the_site_name_is_no_part_of_the_publishers_name(tmp_path):
    head = "<meta property='og:site_name' content='Example 7 | City News, Weather and Sports'>"
    assert _publisher(publish_file(str(_page(tmp_path, head)))) == "Example 7"


def test_three_reporters_printed_under_the_headline_beside_markup_naming_two_are_three_authors(tmp_path):
    markup = {"author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}]}
    byline = "<p>By Ann Lee, Bo Chen and Cy Diaz, Reuters</p>"
    publication = publish_file(str(_page(tmp_path, body=byline + PROSE, markup=markup)))
    assert _authors(publication) == ["Ann Lee", "Bo Chen", "Cy Diaz"]
