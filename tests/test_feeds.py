"""Feeds as their readers expect: the channel names the publisher where an entry's content or page does not, its
categories give the section and keywords, only an update element gives dateModified, and every entry is
`FEED entry N` in the command's lines. RSS 2.0, RSS 1.0 and Atom feeds written here; linked pages served from
127.0.0.1 (fetched with the allowance `--allow-private-addresses` gives)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Literal

from conftest import SiteHandler, local_site
from pipeline import publish_document
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.namespaces import SCHEMA
from pipeline.sources import read_input, web

STORY = ("<p>TOKYO — Renault and Nissan plan to invest $26 billion in electric vehicles over the next five years, "
         "the companies said on Thursday in a joint presentation to investors.</p>"
         "<p>\"Today we are lifting the hoods of the alliance together,\" Jean-Dominique Senard said.</p>")

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour cranes arrive in port</title>
{head}<meta property="article:published_time" content="2022-01-28T08:00:00Z"></head>
<body><article><h1>Harbour cranes arrive in port</h1>
<p>ROTTERDAM — Four new cranes arrived at the container terminal on Friday, the port authority said, after a
voyage of six weeks from the yard that built them for the harbour's deepest berth.</p>
<p>The cranes will start work in the spring, once engineers have tested them with the heaviest containers the
terminal handles, the authority said in a statement to shipping companies.</p>
<p>Dock workers watched from the quay as the first of the cranes was rolled ashore on rails laid for the day.</p>
</article></body></html>"""

OWN = PAGE.format(head='<meta property="og:site_name" content="Harbour Gazette">'
                       '<meta property="article:section" content="Port">'
                       '<meta property="article:tag" content="Cranes">')
"""A page that names its publisher, section and keywords."""
PLAIN = PAGE.format(head="")
"""A page that names none of them: trafilatura's site name for it is its host."""


class Handler(SiteHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        pages = {"/own": OWN, "/plain": PLAIN}
        if self.path in pages:
            self.send(pages[self.path].encode("utf-8"), "text/html; charset=utf-8")
        else:
            self.send(b"gone", "text/plain", status=404)


def rss(site: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dcterms="http://purl.org/dc/terms/">
<channel><title>Example News - Top Stories</title><link>https://news.example.com/</link><description>All</description>
<lastBuildDate>Sat, 29 Jan 2022 08:00:00 GMT</lastBuildDate>
<item><title>Renault and Nissan to invest</title><link>https://news.example.com/a/1</link>
<guid>https://news.example.com/?p=1</guid><pubDate>Fri, 28 Jan 2022 10:00:00 GMT</pubDate>
<category>Business</category><category> Electric  cars </category><category>Business</category>
<content:encoded><![CDATA[{STORY}]]></content:encoded></item>
<item><title>Cranes, linked</title><link>{site}/own</link><category>World</category></item>
<item><title>Cranes again, linked</title><link>{site}/plain</link>
<category>Ports</category><category>Shipping</category></item>
<item><title>Renault and Nissan, revised</title><link>https://news.example.com/a/4</link>
<pubDate>Fri, 28 Jan 2022 10:00:00 GMT</pubDate><dcterms:modified>2022-01-28T15:30:00Z</dcterms:modified>
<content:encoded><![CDATA[{STORY}]]></content:encoded></item>
</channel></rss>"""


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Wire</title><link href="https://wire.example.org/"/>
<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id><updated>2022-01-29T08:00:00Z</updated>
<entry><title>Renault and Nissan to invest</title><link href="https://wire.example.org/a/1"/>
<id>tag:wire.example.org,2022:1</id><published>2022-01-28T10:00:00Z</published>
<category term="ev" label="Electric vehicles"/><category term="business"/>
<content type="html"><![CDATA[{STORY}]]></content></entry>
<entry><title>Renault and Nissan, revised</title><link href="https://wire.example.org/a/2"/>
<id>tag:wire.example.org,2022:2</id><published>2022-01-28T10:00:00Z</published><updated>2022-01-28T16:45:00Z</updated>
<content type="html"><![CDATA[{STORY}]]></content></entry>
</feed>"""

RSS1 = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://daily.example.net/rss"><title>Example Daily</title><link>https://daily.example.net/</link>
<description>All</description></channel>
<item rdf:about="https://daily.example.net/a/1"><title>Renault and Nissan to invest</title>
<link>https://daily.example.net/a/1</link><dc:date>2022-01-28T10:00:00Z</dc:date>
<content:encoded><![CDATA[{STORY}]]></content:encoded></item>
</rdf:RDF>"""


@pytest.fixture(scope="module")
def site():
    with local_site(Handler) as url:
        yield url


def published(feed: Path) -> dict[int, object]:
    """Each entry of `feed` through every stage, by its number."""
    documents = list(read_input(str(feed), allow=web.any_address))
    errors = [d for d in documents if isinstance(d, InputError)]
    assert not errors, errors
    return {number: publish_document(d) for number, d in enumerate(documents, start=1)}


@pytest.fixture(scope="module")
def feeds(site, tmp_path_factory) -> dict[str, dict[int, object]]:
    folder = tmp_path_factory.mktemp("feeds")
    texts = {"rss": rss(site), "atom": ATOM, "rss1": RSS1}
    for kind, text in texts.items():
        (folder / f"{kind}.xml").write_text(text, encoding="utf-8")
    return {kind: published(folder / f"{kind}.xml") for kind in texts}


def value(pub, prop):
    return pub.graph.value(pub.iri, prop)


def publisher(pub) -> str:
    return str(pub.graph.value(value(pub, SCHEMA.publisher), SCHEMA.name))


# --- publisher ---------------------------------------------------------------------------------------------

def test_an_entrys_content_naming_no_publisher_is_published_by_the_channel_not_by_its_host_name(feeds):
    assert publisher(feeds["atom"][1]) == "Example Wire"


def test_the_channels_title_names_the_publisher_without_its_tagline(feeds):
    assert publisher(feeds["rss"][1]) == "Example News"  # "Example News - Top Stories"


def test_the_channels_link_is_its_publishers_url(feeds):
    pub = feeds["rss"][1]
    assert str(pub.graph.value(value(pub, SCHEMA.publisher), SCHEMA.url)) == "https://news.example.com/"


def test_a_linked_page_that_names_its_publisher_keeps_it(feeds):
    assert publisher(feeds["rss"][2]) == "Harbour Gazette"


def test_a_linked_page_that_names_no_publisher_is_published_by_the_channel(feeds):
    assert publisher(feeds["rss"][3]) == "Example News"


# --- categories --------------------------------------------------------------------------------------------

def test_an_entrys_first_category_is_its_section(feeds):
    assert value(feeds["rss"][1], SCHEMA.articleSection) == Literal("Business")


def test_an_entrys_categories_are_its_keywords_each_once(feeds):
    assert value(feeds["rss"][1], SCHEMA.keywords) == Literal("Business, Electric cars")


def test_an_atom_category_is_named_by_its_label_where_it_has_one(feeds):
    assert value(feeds["atom"][1], SCHEMA.keywords) == Literal("Electric vehicles, business")


def test_a_linked_page_keeps_its_own_section_and_keywords(feeds):
    pub = feeds["rss"][2]
    assert (value(pub, SCHEMA.articleSection), value(pub, SCHEMA.keywords)) == (Literal("Port"), Literal("Cranes"))


def test_a_linked_page_without_section_or_keywords_takes_the_entrys_categories(feeds):
    pub = feeds["rss"][3]
    assert (value(pub, SCHEMA.articleSection), value(pub, SCHEMA.keywords)) == \
        (Literal("Ports"), Literal("Ports, Shipping"))


# --- dates -------------------------------------------------------------------------------------------------

def test_an_rss_item_with_a_pubdate_alone_has_no_datemodified(feeds):
    pub = feeds["rss"][1]
    assert str(value(pub, SCHEMA.datePublished)) == "2022-01-28T10:00:00Z"
    assert value(pub, SCHEMA.dateModified) is None


def test_an_atom_entry_published_and_never_updated_has_no_datemodified(feeds):
    assert value(feeds["atom"][1], SCHEMA.dateModified) is None


def test_an_atom_entrys_updated_is_its_datemodified(feeds):
    assert str(value(feeds["atom"][2], SCHEMA.dateModified)) == "2022-01-28T16:45:00Z"


def test_an_rss_items_dcterms_modified_is_its_datemodified(feeds):
    assert str(value(feeds["rss"][4], SCHEMA.dateModified)) == "2022-01-28T15:30:00Z"


def test_an_rss_1_items_dc_date_is_when_it_was_published_not_modified(feeds):
    pub = feeds["rss1"][1]
    assert str(value(pub, SCHEMA.datePublished)) == "2022-01-28T10:00:00Z"
    assert value(pub, SCHEMA.dateModified) is None


# --- identifiers -------------------------------------------------------------------------------------------

def guids(pub) -> list[str]:
    """The feed's ids the article carries: its PropertyValue identifiers named guid."""
    return [str(pub.graph.value(node, SCHEMA.value)) for node in pub.graph.objects(pub.iri, SCHEMA.identifier)
            if (node, RDF.type, SCHEMA.PropertyValue) in pub.graph
            and pub.graph.value(node, SCHEMA.propertyID) == Literal("guid")]


def test_an_rss_items_guid_is_an_identifier_of_its_article(feeds):
    assert guids(feeds["rss"][1]) == ["https://news.example.com/?p=1"]


def test_an_atom_entrys_id_is_an_identifier_of_its_article(feeds):
    assert guids(feeds["atom"][2]) == ["tag:wire.example.org,2022:2"]


def test_the_slug_stays_the_one_literal_identifier_beside_the_guid(feeds):
    pub = feeds["rss"][1]
    literals = [o for o in pub.graph.objects(pub.iri, SCHEMA.identifier) if isinstance(o, Literal)]
    assert literals == [Literal(pub.article.slug)]


# --- the command's lines -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_feed(site, tmp_path_factory) -> Path:
    items = (f"<item><title>Renault and Nissan to invest</title><link>https://news.example.com/a/1</link>"
             f"<pubDate>Fri, 28 Jan 2022 10:00:00 GMT</pubDate><content:encoded><![CDATA[{STORY}]]></content:encoded>"
             f"</item><item><title>Cranes</title><link>{site}/plain</link></item>"
             f"<item><title>Gone</title><link>{site}/missing</link></item>")
    feed = tmp_path_factory.mktemp("cli") / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                    f"<channel><title>Example News</title>{items}</channel></rss>", encoding="utf-8")
    return feed


@pytest.fixture(scope="module")
def run(cli_feed):
    return CliRunner().invoke(main, ["publish", str(cli_feed), "--out", str(cli_feed.parent / "out"), "--no-load",
                                     "--allow-private-addresses"])


def test_the_summary_line_of_each_entry_names_it_feed_entry_n(run, cli_feed):
    assert f"({cli_feed} entry 1)\n" in run.stdout and f"({cli_feed} entry 2)\n" in run.stdout


def test_the_error_line_of_an_entry_names_it_feed_entry_n_and_the_link_it_could_not_read(run, cli_feed, site):
    assert f"newsld: error: {cli_feed} entry 3: {site}/missing: the server answered 404" in run.stderr
