"""Sitemaps: every article (split into files of at most 50,000 URLs under an index, as the sitemaps
protocol requires) and Google's News sitemap (the articles of the last 48 hours, at most 1,000).

Built with lxml, so every text is escaped as XML wants; dates are W3C datetimes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from lxml import etree

from .documents import Site, http_date
from .source import Source

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URLS = 50_000
"""The sitemaps protocol's limit per file."""
NEWS_HOURS = 48
NEWS_MAX = 1_000
"""Google News sitemaps: articles of the last two days, at most a thousand."""

_ARTICLES = """PREFIX schema: <http://schema.org/>
SELECT ?article ?published (SAMPLE(?m) AS ?modified) (SAMPLE(?h) AS ?headline) (SAMPLE(?l) AS ?language)
       (SAMPLE(?pn) AS ?publisher)
WHERE { GRAPH ?article {
  ?article schema:headline ?h ; schema:datePublished ?published .
  OPTIONAL { ?article schema:dateModified ?m }
  OPTIONAL { ?article schema:inLanguage ?l }
  OPTIONAL { ?article schema:publisher/schema:name ?pn }
} }
GROUP BY ?article ?published ORDER BY DESC(STR(?published)) ?article"""


@dataclass(frozen=True)
class Entry:
    """One article as sitemaps list it."""

    loc: str
    published: str
    modified: str | None
    headline: str
    language: str | None
    publisher: str | None


def entries(source: Source, site: Site) -> list[Entry]:
    """Every article with a headline and a publication date, newest first (by the instant, time zones
    weighed; a date without one counts as UTC)."""
    out = []
    for article, published, modified, headline, language, publisher in source.select(_ARTICLES).rows:
        out.append(Entry(site.base.rstrip("/") + site.article_path(article.value), w3c_datetime(published.value),
                         w3c_datetime(modified.value) if modified is not None else None, headline.value,
                         language.value if language is not None else None,
                         publisher.value if publisher is not None else None))
    return sorted(out, key=lambda e: (http_date(e.published) or _EPOCH, e.loc), reverse=True)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def w3c_datetime(value: str) -> str:
    """A date or a date-time as sitemaps take it (W3C Datetime): a date-time without a time zone has none to
    give, so only its day is said."""
    parsed = http_date(value)
    if parsed is None or "T" not in value:
        return value
    return value if datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo else value.split("T", 1)[0]


def news_language(tag: str | None) -> str:
    """The language code Google News wants: ISO 639, but zh-cn and zh-tw for Chinese."""
    tag = (tag or "en").lower()
    if tag.startswith("zh"):
        return "zh-tw" if any(part in tag.split("-") for part in ("tw", "hk", "hant", "mo")) else "zh-cn"
    return tag.split("-")[0]


def urlset(entries: list[Entry]) -> bytes:
    """One sitemap file: `loc` and `lastmod` (dateModified, else datePublished)."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for entry in entries:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.loc
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry.modified or entry.published
    return _xml(root)


def index(locations: list[str]) -> bytes:
    """A sitemap index naming each sitemap file."""
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for location in locations:
        etree.SubElement(etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc").text = location
    return _xml(root)


def sitemap_files(entries: list[Entry], site: Site, per_file: int = MAX_URLS) -> dict[str, bytes]:
    """By path: `/sitemap.xml` alone when every URL fits in one file, else an index there and
    `/sitemap-1.xml`, `/sitemap-2.xml`, ..."""
    if len(entries) <= per_file:
        return {"/sitemap.xml": urlset(entries)}
    parts = {f"/sitemap-{n + 1}.xml": urlset(entries[start:start + per_file])
             for n, start in enumerate(range(0, len(entries), per_file))}
    return {"/sitemap.xml": index([site.base.rstrip("/") + path for path in parts]), **parts}


def news_sitemap(entries: list[Entry], publisher: str, now: datetime | None = None) -> bytes:
    """Google News sitemap: articles published in the last 48 hours (at most 1,000, newest first), with
    the publication's name and language, the publication date and the title."""
    now = now or datetime.now(timezone.utc)
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    recent = [e for e in entries if (d := http_date(e.published)) and now - timedelta(hours=NEWS_HOURS) <= d <= now
              + timedelta(minutes=5)]
    for entry in recent[:NEWS_MAX]:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.loc
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = entry.publisher or publisher
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = news_language(entry.language)
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = entry.published
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = entry.headline
    return _xml(root)


def robots(site: Site) -> bytes:
    """robots.txt naming both sitemaps, where crawlers look for them."""
    base = site.base.rstrip("/")
    return f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\nSitemap: {base}/news-sitemap.xml\n".encode()


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
