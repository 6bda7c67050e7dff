"""JSON-LD in HTML: nothing in article text can break out of the script element; pages change only where newsld writes."""
from __future__ import annotations

import codecs
import json
import re

import lxml.html
import pytest

from pipeline import publish_text
from conftest import INJECTION, STORY
from pipeline.embed import embed, script_element
from pipeline.pages import article_page
from pipeline.serialize import search_profile


NASTY = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": f"Breaking {INJECTION} <!-- hidden --> & more",
    "articleBody": "line\u2028separated\u2029paragraph -- done --> <SCRIPT>x</SCRIPT> </script >",
    "keywords": ["Zürich", "東京", "emoji \U0001F4F0"],
}

PUBLISHER_JSONLD = b"""<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Organization", "name": "Daily Example", "url": "https://daily.example"}
</script>"""

PAGE = b"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Daily Example: Parser trips</title>
  """ + PUBLISHER_JSONLD + b"""
  <script>var marker = "</head>";</script>
  <!-- </head> in a comment is not the end of the head -->
</head>
<body>
  <h1>Parser trips</h1>
  <p>Caf\xc3\xa9 society &amp; more.</p>
</body>
</html>
"""


def content(element: str) -> str:
    """The text between a script element's tags."""
    match = re.fullmatch(r"<script[^>]*>(.*)</script>", element, re.S)
    assert match, element
    return match.group(1)


@pytest.fixture(scope="module")
def pub():
    return publish_text(STORY, name="parser-trips")


def test_script_element_text_cannot_end_the_element_or_open_a_comment():
    text = content(script_element(NASTY))
    for forbidden in ("</script", "</SCRIPT", "<!--", "-->", "<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text


def test_script_element_json_parses_back_to_the_original_document():
    assert json.loads(content(script_element(NASTY))) == NASTY


def test_script_element_keeps_other_unicode_readable():
    element = script_element(NASTY)
    assert "Zürich" in element and "東京" in element and "\U0001F4F0" in element


def test_script_element_is_marked_as_newsld_json_ld():
    assert script_element({}).startswith('<script type="application/ld+json" data-newsld>')


def test_embed_inserts_before_head_end_and_leaves_every_other_byte():
    block = script_element(NASTY).encode("utf-8")
    out = embed(PAGE, NASTY)
    assert out.count(block) == 1
    assert out.index(block) + len(block) + 1 == out.index(b"\n</head>") + 1
    assert out.replace(block + b"\n", b"", 1) == PAGE


def test_embed_ignores_head_end_tags_inside_scripts_and_comments():
    out = lxml.html.document_fromstring(embed(PAGE, NASTY))
    scripts = out.xpath("/html/head/script[@data-newsld]")
    assert len(scripts) == 1 and json.loads(scripts[0].text) == NASTY


def test_embedding_twice_gives_the_same_bytes_as_once():
    once = embed(PAGE, NASTY)
    assert embed(once, NASTY) == once


def test_a_new_document_replaces_only_the_older_newsld_block():
    older = {"@context": "https://schema.org", "headline": "Old headline"}
    first = embed(PAGE, older)
    second = embed(first, NASTY)
    assert b"Old headline" not in second
    assert second.replace(script_element(NASTY).encode(), script_element(older).encode()) == first


def test_the_publishers_own_json_ld_block_is_kept():
    out = embed(embed(PAGE, {"headline": "one"}), NASTY)
    assert out.count(PUBLISHER_JSONLD) == 1
    scripts = lxml.html.document_fromstring(out).xpath('//script[@type="application/ld+json"]')
    assert [s.get("data-newsld") is not None for s in scripts] == [False, True]


def test_uppercase_head_tags_are_found():
    page = b"<!DOCTYPE html>\n<HTML><HEAD><META CHARSET=UTF-8><TITLE>t</TITLE></HEAD><BODY>x</BODY></HTML>\n"
    out = embed(page, NASTY)
    assert out == page.replace(b"</HEAD>", script_element(NASTY).encode() + b"\n</HEAD>")


def test_head_without_end_tag_gets_the_block_after_its_start_tag():
    page = b"<!DOCTYPE html>\n<html><head class=top>\n<title>t</title>\n<body>x</body></html>\n"
    out = embed(page, NASTY)
    assert out == page.replace(b"<head class=top>", b"<head class=top>" + script_element(NASTY, ascii_only=True).encode() + b"\n")


def test_page_without_head_gets_one_after_the_html_start_tag():
    page = b"<!DOCTYPE html>\n<html lang=en>\n<title>t</title>\n<p>x</p>\n</html>\n"
    out = embed(page, NASTY)
    block = script_element(NASTY, ascii_only=True).encode()
    assert out == page.replace(b"<html lang=en>", b"<html lang=en>\n<head>" + block + b"</head>\n")
    head = lxml.html.document_fromstring(out).find("head")
    assert json.loads(head.find("script").text) == NASTY


def test_page_without_html_or_head_gets_the_block_after_the_doctype():
    page = b"<!DOCTYPE html>\n<title>t</title><p>x</p>\n"
    out = embed(page, NASTY)
    assert out.startswith(b"<!DOCTYPE html>\n<script")
    assert out.replace(b"\n" + script_element(NASTY, ascii_only=True).encode(), b"", 1) == page


def test_fragment_gets_the_block_at_the_start():
    assert embed(b"<p>x</p>", NASTY) == script_element(NASTY, ascii_only=True).encode() + b"\n<p>x</p>"


def test_utf8_bom_stays_the_first_bytes():
    page = codecs.BOM_UTF8 + b"<!DOCTYPE html>\n<p>Caf\xc3\xa9</p>\n"
    out = embed(page, NASTY)
    assert out.startswith(codecs.BOM_UTF8 + b"<!DOCTYPE html>\n<script")
    assert "東京".encode() in out  # a BOM says UTF-8: the block stays readable
    assert out.replace(b"\n" + script_element(NASTY).encode(), b"", 1) == page


def test_utf8_bom_page_with_head_keeps_every_other_byte():
    page = codecs.BOM_UTF8 + PAGE
    out = embed(page, NASTY)
    assert out.replace(script_element(NASTY).encode() + b"\n", b"", 1) == page


def test_windows_1252_page_gets_an_ascii_block_that_reads_the_same():
    page = ('<!DOCTYPE html>\n<html><head><meta charset="windows-1252"><title>Café</title></head>'
            "<body><p>Zürich – “quoted”</p></body></html>\n").encode("cp1252")
    out = embed(page, NASTY)
    assert out.replace(script_element(NASTY, ascii_only=True).encode("ascii") + b"\n", b"", 1) == page
    scripts = lxml.html.document_fromstring(out.decode("cp1252")).xpath("//script[@data-newsld]")
    assert json.loads(scripts[0].text) == NASTY


def test_charset_declaration_stays_in_the_first_1024_bytes():
    page = b"<!DOCTYPE html>\n<html><head>\n<meta charset=utf-8>\n<title>t</title>\n<body>x</body></html>\n"
    big = {"articleBody": "x" * 5000}
    out = embed(page, big)
    assert out.index(b"<meta charset=utf-8>") == page.index(b"<meta charset=utf-8>")
    assert out.replace(b"\n" + script_element(big).encode(), b"", 1) == page


@pytest.mark.parametrize("page", [
    codecs.BOM_UTF16_LE + "<html><head></head></html>".encode("utf-16-le"),
    codecs.BOM_UTF16_BE + "<html><head></head></html>".encode("utf-16-be"),
    "<html><head></head></html>".encode("utf-16-le"),
], ids=["le-bom", "be-bom", "no-bom"])
def test_utf16_page_is_refused(page):
    with pytest.raises(ValueError, match="UTF-16"):
        embed(page, NASTY)


def test_article_page_has_the_alternate_links(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    links = {(link.get("type"), link.get("href")) for link in page.xpath('/html/head/link[@rel="alternate"]')}
    assert links == {("text/turtle", "parser-trips.ttl"), ("application/ld+json", "parser-trips.jsonld")}
    assert page.xpath('/html/head/link[@rel="canonical"]/@href') == ["https://news.example.org/2024/03/parser"]


def test_article_page_has_the_headline_as_title_and_h1(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    headline = f"Parser trips on {INJECTION} & <!-- comments -->"
    assert page.findtext(".//title") == headline
    assert page.xpath("//article/h1")[0].text_content() == headline


def test_article_page_has_the_dateline_before_the_first_paragraph(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    first = page.xpath("//article/p[not(@class)]")[0]
    assert first.find("span").get("class") == "dateline" and first.find("span").text == "BERLIN"
    assert first.text_content().startswith("BERLIN \u2014 Acme Corp. said on Tuesday")
    assert INJECTION in first.text_content()


def test_article_page_has_byline_and_date(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    bylines = [p.text_content() for p in page.xpath('//p[@class="byline"]')]
    assert bylines == ["By Jane Doe", "Contributors: Erika Musterfrau (The Associated Press)"]
    assert page.xpath("//time/@datetime") == ["2024-03-05"]


def test_article_page_has_the_quotation_with_its_speaker(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    quote = page.xpath("//aside/blockquote")[0]
    assert quote.findtext("p") == pub.article.quotations[0].text
    assert INJECTION in quote.findtext("p")
    assert quote.findtext("footer/cite") == pub.article.quotations[0].speaker.name


def test_article_page_carries_the_articles_json_ld_in_its_head(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    scripts = page.xpath('/html/head/script[@type="application/ld+json"][@data-newsld]')
    assert len(scripts) == 1 and json.loads(scripts[0].text) == search_profile(json.loads(pub.jsonld_text))


def test_article_page_runs_no_script_from_the_text(pub):
    page = lxml.html.document_fromstring(article_page(pub))
    assert [s.get("type") for s in page.iter("script")] == ["application/ld+json"]



def test_article_page_keeps_a_line_separator_in_the_quotation_but_not_raw_in_its_json(pub):
    assert "\u2028" in pub.article.quotations[0].text
    page = article_page(pub)
    element = re.search(r'<script type="application/ld\+json" data-newsld>.*?</script>', page, re.S).group()
    assert "\u2028" not in element and "\\u2028" in element
    quote = lxml.html.document_fromstring(page).xpath("//aside/blockquote/p")[0]
    assert "\u2028" in quote.text_content()


def test_an_unterminated_newsld_block_is_refused_not_replaced_with_the_rest_of_the_page():
    """A `<script data-newsld>` without `</script>` runs to the end of the page: replacing it would drop the page."""
    page = embed(PAGE, NASTY).replace(b"</script>\n</head>", b"\n</head>")
    with pytest.raises(ValueError, match="no </script>"):
        embed(page, NASTY)
