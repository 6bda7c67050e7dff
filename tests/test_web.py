"""Pages, URLs and feeds, served from 127.0.0.1: real corpus pages, redirects, slow and oversized answers,
wrong charsets, feeds and hostile XML."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from conftest import SiteHandler, local_site
from pipeline import publish_document, publish_file
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.namespaces import SCHEMA
from pipeline.sources import read_input, web

PAGE = """<!doctype html><html lang="en"><head><meta charset="{charset}">
<title>Renault and Nissan to invest | Example News</title>
<link rel="canonical" href="https://news.example.com/2022/01/28/alliance">
<meta property="og:site_name" content="Example News">
<meta property="og:image" content="https://news.example.com/img/alliance.jpg">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Renault and Nissan to invest $26 billion in electric cars",
 "datePublished": "2022-01-28T09:30:00+09:00", "dateModified": "2022-01-28T12:00:00+09:00",
 "author": [{{"@type": "Person", "name": "Ann Lee", "url": "https://news.example.com/staff/ann-lee"}},
            {{"@type": "Person", "name": "Bo Chen"}}],
 "publisher": {{"@type": "Organization", "name": "Example News", "logo": {{"@type": "ImageObject", "url": "https://news.example.com/logo.png"}}}}}}
</script>
<script type="application/ld+json">{{ this block is broken, </script>
</head><body><header>Menu Home World Business</header>
<article><h1>Renault and Nissan to invest $26 billion in electric cars</h1>
<p>TOKYO (AP) — The French-Japanese alliance of Renault and Nissan plans to invest $26 billion in electric vehicles over the next five years, the companies said Thursday. Zürich analysts called it a café-sized bet.</p>
<p>"Today we are lifting the hoods of the alliance together," Jean-Dominique Senard, the alliance's chairman, said in an online presentation.</p>
<p>Nissan Chief Executive Officer Makoto Uchida said the companies would share batteries, software and factories across three continents.</p>
</article><footer>Copyright Example News</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example News</title>
<link>{base}/</link><description>All stories</description>
<item><title>Renault and Nissan to invest</title><link>https://news.example.com/a/1</link>
<pubDate>Fri, 28 Jan 2022 09:30:00 +0900</pubDate><author>ann@news.example.com (Ann Lee)</author>
<content:encoded><![CDATA[<p>TOKYO — Renault and Nissan plan to invest $26 billion in electric vehicles, the companies said on Thursday in a joint presentation to investors.</p><p>"Today we are lifting the hoods of the alliance together," Jean-Dominique Senard said.</p>]]></content:encoded></item>
<item><title>The alliance, linked</title><link>{base}/page</link></item>
<item><title>Third</title><link>{base}/page?third</link></item>
</channel></rss>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><item><title>&lol2;</title></item></channel></rss>"""


class Handler(SiteHandler):
    """Recorded answers: the corpus page and our own pages, redirects, slowness, size and charset faults."""

    corpus: Path | None = None

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        routes = {
            "/page": lambda: self.send(PAGE.format(charset="utf-8").encode("utf-8"), "text/html; charset=utf-8"),
            "/latin1": lambda: self.send(PAGE.format(charset="windows-1252").encode("cp1252"),
                                         "text/html; charset=utf-8"),  # the header lies; the bytes are cp1252
            "/redirect": lambda: self.redirect("/page"),
            "/redirect-loop": lambda: self.redirect("/redirect-loop"),
            "/redirect-ftp": lambda: self.redirect("ftp://127.0.0.1/page"),
            "/slow": self.slow,
            "/big": lambda: self.send(b"<html>" + b"x" * 2048 + b"</html>", "text/html"),
            "/feed.xml": lambda: self.send(FEED.format(base=self.base).encode(), "application/rss+xml"),
            "/bomb.xml": lambda: self.send(BOMB.encode(), "application/rss+xml"),
            "/missing": lambda: self.send(b"gone", "text/plain", status=404),
            "/corpus": lambda: self.send((self.corpus / "d002.html").read_bytes(), "text/html"),
        }
        routes.get(self.path.split("?")[0], lambda: self.send(b"no", "text/plain", status=404))()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def slow(self) -> None:
        time.sleep(3)
        self.send(b"<html></html>", "text/html")

def publish_url(url: str):
    """`publish_file` for the local site on 127.0.0.1, with the allowance `--allow-private-addresses` gives."""
    item = next(read_input(url, allow=web.any_address))
    if isinstance(item, InputError):
        raise item
    return publish_document(item)


@pytest.fixture(scope="module")
def site(corpus_dir):
    Handler.corpus = corpus_dir
    with local_site(Handler) as url:
        yield url


@pytest.fixture(scope="module")
def page(site):
    return publish_url(f"{site}/page")


def value(pub, prop):
    return pub.graph.value(pub.iri, prop)


def test_page_iri_is_its_canonical_url(page):
    assert str(page.iri) == "https://news.example.com/2022/01/28/alliance"


def test_page_markup_gives_headline_dates_with_zone_and_publisher(page):
    assert str(value(page, SCHEMA.headline)) == "Renault and Nissan to invest $26 billion in electric cars"
    assert str(value(page, SCHEMA.datePublished)) == "2022-01-28T09:30:00+09:00"
    assert str(value(page, SCHEMA.dateModified)) == "2022-01-28T12:00:00+09:00"
    publisher = value(page, SCHEMA.publisher)
    assert str(page.graph.value(publisher, SCHEMA.name)) == "Example News"
    assert str(page.graph.value(publisher, SCHEMA.logo)) == "https://news.example.com/logo.png"


def test_each_author_is_a_person_with_the_url_the_page_gives(page):
    authors = {str(page.graph.value(a, SCHEMA.name)): page.graph.value(a, SCHEMA.url)
               for a in page.graph.objects(page.iri, SCHEMA.author)}
    assert set(authors) == {"Ann Lee", "Bo Chen"}
    assert str(authors["Ann Lee"]) == "https://news.example.com/staff/ann-lee"
    assert authors["Bo Chen"] is None


def test_og_image_becomes_an_image_object_with_its_size(page):
    image = value(page, SCHEMA.image)
    assert str(page.graph.value(image, SCHEMA.url)) == "https://news.example.com/img/alliance.jpg"
    assert (page.graph.value(image, SCHEMA.width).toPython(), page.graph.value(image, SCHEMA.height).toPython()) == (1200, 630)


def test_page_body_goes_through_the_wire_rules(page):
    assert str(value(page, SCHEMA.dateline)) == "TOKYO"
    assert str(value(page, SCHEMA.articleBody)).startswith("The French-Japanese alliance")
    assert "Menu Home" not in str(value(page, SCHEMA.articleBody))
    speakers = {str(page.graph.value(page.graph.value(q, SCHEMA.creator), SCHEMA.name))
                for q in page.graph.objects(page.iri, SCHEMA.hasPart)}
    assert speakers == {"Jean-Dominique Senard"}


def test_broken_json_ld_block_is_a_warning_and_hides_nothing(page):
    assert any(r.severity == "Warning" and "JSON-LD block 2" in r.message for r in page.report.results)
    assert page.report.conforms


def test_language_comes_from_the_page(page):
    assert str(value(page, SCHEMA.inLanguage)) == "en"


def test_page_turtle_and_jsonld_are_one_graph(page):
    from test_serialization import graph_from_jsonld

    assert isomorphic(Graph().parse(data=page.turtle, format="turtle"), graph_from_jsonld(page.jsonld))


def test_redirect_is_followed(site):
    assert str(publish_url(f"{site}/redirect").iri) == "https://news.example.com/2022/01/28/alliance"


def test_header_charset_that_lies_falls_back_to_what_decodes(site):
    pub = publish_url(f"{site}/latin1")
    assert "Zürich" in str(value(pub, SCHEMA.articleBody))


@pytest.mark.parametrize(("path", "problem"), [
    ("/redirect-loop", "redirects"),
    ("/redirect-ftp", "only http and https"),
    ("/missing", "404"),
])
def test_bad_urls_are_one_clear_error(site, path, problem):
    with pytest.raises(InputError, match=problem):
        publish_url(f"{site}{path}")


def test_slow_answer_times_out(site, monkeypatch):
    monkeypatch.setattr(web, "TIMEOUTS", (1, 1))
    with pytest.raises(InputError, match="no answer"):
        web.fetch(f"{site}/slow", allow=web.any_address)


def test_oversized_page_is_refused_with_the_limit(site):
    with pytest.raises(InputError, match="1,024-byte limit"):
        web.fetch(f"{site}/big", max_bytes=1024, allow=web.any_address)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd"])
def test_non_http_schemes_are_refused(url):
    with pytest.raises(InputError, match="only http and https"):
        web.fetch(url)


def test_user_agent_names_newsld():
    assert web.USER_AGENT.startswith("newsld/")


def test_feed_publishes_each_entry_content_or_linked_page(site, tmp_path):
    result = CliRunner().invoke(main, ["publish", f"{site}/feed.xml", "--limit", "2", "--out", str(tmp_path / "out"),
                                       "--no-load", "--format", "json", "--allow-private-addresses"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [a["iri"] for a in report["articles"]] == ["https://news.example.com/a/1",
                                                      "https://news.example.com/2022/01/28/alliance"]
    first = json.loads((tmp_path / "out" / "news-example-com-a-1.jsonld").read_text(encoding="utf-8"))
    assert first["headline"] == "Renault and Nissan to invest"
    assert first["author"]["name"] == "Ann Lee"


def test_feed_with_entity_declarations_is_refused(site):
    result = CliRunner().invoke(main, ["publish", f"{site}/bomb.xml", "--no-load", "--out", "/tmp/unused-newsld",
                                       "--allow-private-addresses"])
    assert result.exit_code == 1
    assert "entity declarations are not accepted" in result.stderr


def test_corpus_page_publishes_through_the_cli_and_loads(site, tmp_path):
    result = CliRunner().invoke(main, ["publish", f"{site}/corpus", "--out", str(tmp_path / "out"),
                                       "--allow-private-addresses"])
    assert result.exit_code == 0, result.output
    assert "loaded into" in result.stdout and ": 1 graphs, 0 failed" in result.stdout


def test_html_file_on_disk_publishes_like_a_url(corpus_dir, tmp_path):
    result = CliRunner().invoke(main, ["publish", str(corpus_dir / "d002.html"), "--out", str(tmp_path), "--no-load"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d002.jsonld").exists()


def test_a_page_is_extracted_again_with_trafilaturas_fallbacks_only_when_its_first_pass_finds_little(monkeypatch):
    import trafilatura

    from pipeline.sources.html import FAST_ENOUGH, read_html

    passes: list[bool] = []
    original = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        passes.append(kwargs["fast"])
        return original(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    long_story = " ".join(["The council approved the new bridge after a long debate."] * 40)
    read_html(f"<html><body><article><h1>Bridge</h1><p>{long_story}</p></article></body></html>".encode(), "a", "a")
    assert passes == [True]
    passes.clear()
    short = "The council approved the bridge."
    assert len(short) < FAST_ENOUGH
    try:
        read_html(f"<html><body><article><p>{short}</p></article></body></html>".encode(), "b", "b")
    except InputError:
        pass  # too little text to publish is fine here: what matters is that both passes ran
    assert passes == [True, False]


XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Port strike ends after nine days</title></head>
<body><article itemscope="itemscope" itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">Port strike ends after nine days</h1>
<p>By <span itemprop="author" itemscope="itemscope" itemtype="https://schema.org/Person"><a itemprop="url"
 href="https://news.example.com/staff/ann-lee"><span itemprop="name">Ann Lee</span></a></span></p>
<div itemprop="articleBody"><p>ROTTERDAM — Dock workers at Europe's largest port returned to work on Friday after a
nine-day strike over pay ended with a deal that raises wages by six percent over two years.</p>
<p>"We got what we came for," said union negotiator Pieter de Vries, who led the talks through the week.</p>
<p>Shipping lines had diverted dozens of vessels to Antwerp and Hamburg during the stoppage.</p></div>
</article></body></html>"""


def test_microdata_is_read_on_pages_that_open_with_an_xml_declaration(tmp_path):
    """extruct refuses a text page with an encoding declaration; it is given the parsed tree instead."""
    page = tmp_path / "strike.html"
    page.write_text(XHTML, encoding="utf-8")
    graph = publish_file(str(page)).graph
    author = next(graph.objects(None, SCHEMA.author))
    assert (author, SCHEMA.url, URIRef("https://news.example.com/staff/ann-lee")) in graph


CHINESE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>短缺药品保供稳价</title></head><body><article>
<h1>短缺药品保供稳价 全力保障临床用药需求</h1>
<p>新华社北京11月17日电 记者17日从国家卫生健康委获悉，近阶段，相关部门持续依托短缺药品供应保障工作会商联动机制，深入优化短缺药品实时监测预警与分级应对体系，全力保障人民群众临床用药需求。</p>
<p>据了解，短缺药品信息监测共享正在多维度推进。国家卫生健康委依托全国公立医疗卫生机构短缺药品信息直报系统开展短缺药品监测预警与分级应对。</p>
<p>同时，多环节发挥短缺药品清单抓手作用。国家医保局密切监测国家短缺药品清单和临床必需易短缺药品重点监测清单药品价格和配送情况。</p>
</article></body></html>"""


def test_a_chinese_page_without_a_lang_attribute_is_detected_as_chinese_and_not_read_by_the_english_model(tmp_path):
    page = tmp_path / "zh.html"
    page.write_text(CHINESE_PAGE, encoding="utf-8")
    pub = publish_file(str(page))
    assert str(pub.graph.value(pub.iri, SCHEMA.inLanguage)) == "zh"
    assert pub.graph.value(pub.iri, SCHEMA.wordCount).toPython() > 100
    assert any("no NER model for language 'zh'" in r.message for r in pub.report.results)


def _page(tmp_path, head: str, body: str = "") -> Path:
    page = tmp_path / "page.html"
    prose = "<p>The storm reached the coast on Monday, officials said, and thousands of homes lost power overnight.</p>" * 6
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
                    f"<h1>Storm reaches the coast</h1>{body}{prose}</article></body></html>", encoding="utf-8")
    return page


def _publisher_name(page: Path) -> str | None:
    pub = publish_file(str(page))
    publisher = pub.graph.value(pub.iri, SCHEMA.publisher)
    return None if publisher is None else str(pub.graph.value(publisher, SCHEMA.name))


def test_a_sites_name_in_its_title_wins_over_its_twitter_handle(tmp_path):
    head = "<title>Storm reaches the coast | Example News</title><meta name='twitter:site' content='@examplenews'>"
    assert _publisher_name(_page(tmp_path, head)) == "Example News"


def test_a_twitter_handle_unlike_the_titles_last_part_is_left_as_it_is(tmp_path):
    head = "<title>Storm reaches the coast | Weather Desk</title><meta name='twitter:site' content='@examplenews'>"
    assert _publisher_name(_page(tmp_path, head)) == "Examplenews"


def test_a_one_word_part_of_a_byline_beside_full_names_is_no_author(tmp_path):
    markup = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
              '"headline": "Storm reaches the coast", "datePublished": "2024-03-04", '
              '"author": {"@type": "Person", "name": "Ann Lee, London, Bo Chen"}}</script>')
    pub = publish_file(str(_page(tmp_path, "<title>Storm reaches the coast</title>" + markup)))
    names = {str(pub.graph.value(a, SCHEMA.name)) for a in pub.graph.objects(pub.iri, SCHEMA.author)}
    assert names == {"Ann Lee", "Bo Chen"}


def _headline_and_publisher(page: Path) -> tuple[str, str | None]:
    pub = publish_file(str(page))
    return str(pub.graph.value(pub.iri, SCHEMA.headline)), _publisher_name(page)


def test_a_title_that_is_the_headline_and_the_sites_name_gives_both(tmp_path):
    page = _page(tmp_path, "<title>Storm reaches the coast | Weather | Example Daily</title>")
    assert _headline_and_publisher(page) == ("Storm reaches the coast", "Example Daily")


def _xinhua_page(tmp_path) -> Path:
    page = tmp_path / "zh.html"
    page.write_text(CHINESE_PAGE.replace("<title>短缺药品保供稳价</title>", "<title>短缺药品保供稳价 全力保障临床用药需求-新华网</title>"),
                    encoding="utf-8")
    return page


def test_a_site_name_joined_to_a_chinese_headline_without_spaces_is_cut_off(tmp_path):
    assert _headline_and_publisher(_xinhua_page(tmp_path)) == ("短缺药品保供稳价 全力保障临床用药需求", "新华网")


def test_a_chinese_page_has_its_dispatch_place_agency_and_publisher_as_nodes_of_their_own(tmp_path):
    pub = publish_file(str(_xinhua_page(tmp_path)))
    g, article = pub.graph, pub.iri
    place, agency, publisher = (g.value(article, p) for p in (SCHEMA.locationCreated, SCHEMA.sourceOrganization,
                                                               SCHEMA.publisher))
    assert str(g.value(article, SCHEMA.dateline)) == "北京"
    assert [str(g.value(node, SCHEMA.name)) for node in (place, agency, publisher)] == ["北京", "新华社", "新华网"]
    assert len({place, agency, publisher}) == 3


def test_a_title_that_goes_on_in_words_is_no_site_name(tmp_path):
    assert _publisher_name(_page(tmp_path, "<title>Storm reaches the coast of Maine</title>")) is None


def test_the_publishers_own_site_name_wins_over_the_titles(tmp_path):
    head = "<title>Storm reaches the coast - Daily</title><meta property='og:site_name' content='Example Daily'>"
    assert _publisher_name(_page(tmp_path, head)) == "Example Daily"


def test_the_publishers_own_headline_is_kept_whole_even_where_another_candidate_is_its_first_part(tmp_path):
    markup = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
              '"headline": "Storm reaches the coast: what we know", "datePublished": "2024-03-04"}</script>')
    page = _page(tmp_path, "<title>Storm reaches the coast</title>" + markup)  # and its <h1>, the same
    assert _headline_and_publisher(page)[0] == "Storm reaches the coast: what we know"


SPLIT_BODY = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lighthouse keepers return</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header><main><article>
<h1>Lighthouse keepers return</h1>
<div class="grid body body__container article__body">{first}</div>
<div class="row full-bleed-ad"><div class="ad ad--mid-content"><span class="ad-label">Advertisement</span></div></div>
<div class="grid body body__container article__body">{second}</div>
</article></main><footer>Copyright Example News</footer></body></html>"""


def _paragraphs(topic: str, count: int) -> str:
    return "".join(f"<p>{topic} paragraph {n}: the keepers climbed the spiral stairs at dusk, trimmed the wicks, "
                   f"wound the clockwork and logged the passing ships until the morning light came back.</p>"
                   for n in range(1, count + 1))


def test_a_body_the_page_splits_around_an_ad_is_read_whole(tmp_path):
    page = tmp_path / "split.html"
    page.write_text(SPLIT_BODY.format(first=_paragraphs("First", 4), second=_paragraphs("Second", 6)), encoding="utf-8")
    body = publish_file(str(page)).article.body
    assert "First paragraph 1:" in body and "Second paragraph 6:" in body
    assert "Advertisement" not in body


def test_links_to_other_stories_and_their_lead_in_leave_the_body(tmp_path):
    related = ('<p>You may also like...</p><p><a href="/a">Who will make the Rock Hall in 2020?</a></p>'
               '<p><a href="/b">Keepers vote to strike</a></p>')
    page = tmp_path / "related.html"
    page.write_text(SPLIT_BODY.format(first=_paragraphs("First", 4) + related, second=""), encoding="utf-8")
    body = publish_file(str(page)).article.body
    assert "First paragraph 4:" in body
    assert not any(line in body for line in ("You may also like", "Rock Hall", "Keepers vote"))


def test_a_link_inside_a_sentence_stays_in_the_body(tmp_path):
    linked = '<p>The keepers voted, <a href="/vote">the union said</a>, and the strike was called off.</p>'
    page = tmp_path / "linked.html"
    page.write_text(SPLIT_BODY.format(first=_paragraphs("First", 4) + linked, second=""), encoding="utf-8")
    assert "The keepers voted, the union said, and the strike was called off." in publish_file(str(page)).article.body
