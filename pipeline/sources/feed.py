"""RSS and Atom feeds through feedparser, after defusedxml has refused entity tricks (billion laughs, XXE).

Each entry becomes an article: its full content when the feed carries it,
else the page its link points to. What the feed states fills what the
entry's content or page leaves open:

| field | from the feed |
| --- | --- |
| publisher | the channel's title (and link), where the content or page names none of its own (a host name standing in for a name, trafilatura's fallback, is none) |
| articleSection, keywords | the entry's `<category>` elements (the first, all): they win over full content, fill a fetched page's gaps |
| datePublished | `<pubDate>`, Atom `<published>`, `dcterms:issued`; else `dc:date` (RSS 1.0's item date) |
| dateModified | only an update element: Atom `<updated>` (0.3's `<modified>`), `dcterms:modified` |

Every entry is named `FEED entry N` (N from 1) in error lines and the summary.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import replace
from html import escape
from typing import Any, Callable, Iterator
from xml.etree.ElementTree import Element

from ..errors import InputError, printable
from ..model import Document, Organization, PageMeta, Person
from .html import absolute_url, read_html
from .web import url_slug

FEED_NAMESPACES = frozenset(uri.lower() for uri in {
    "", "http://backend.userland.com/rss", "http://blogs.law.harvard.edu/tech/rss", "http://purl.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/", "http://example.com/newformat#", "http://example.com/necho",
    "http://purl.org/echo/", "uri/of/echo/namespace#", "http://purl.org/pie/", "http://purl.org/atom/ns#",
    "http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/modules/rss091#"})
"""The namespaces feedparser 6 reads as the feed's own (its mixin's table, those it maps to no prefix): RSS 0.9x,
1.0, 2.0, Atom 0.3, 1.0 and their drafts. Its entries are their `item` and `entry` elements. Lower-cased, as
feedparser compares them."""
DCTERMS = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
UPDATE_ELEMENTS = ("updated", "modified")
"""Local names of the entry elements that say it was changed (in the feed's own namespaces, and dcterms:modified).
feedparser also files `dc:date` and `lastBuildDate` under `updated`, and answers `updated` with `published` where
an entry has no update at all (its "issue 310" fallback, util.py): none of them is an update."""
_TAGLINE = re.compile(r"\s+[|–—-]\s+")
"""What parts a site's name from its tagline ("Example News - World"), as html.py parts site names."""


def is_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head) or \
        head.startswith((b"<rss", b"<feed"))


def read_feed(data: bytes, name: str, fetch_page: Callable[[str], Document], limit: int | None = None,
              origin: str | None = None) -> Iterator[Document | InputError]:
    """The feed's entries as documents (or, per entry that fails, its error: the rest still publish).

    An entry is the same input from run to run by its link (else its id, else its place): feeds put new
    items on top. Entries of a local feed file (`origin`, absolute) are named after that file, so that they
    are the same inputs from any working directory and are gone when it is."""
    import feedparser
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(name, f"feed refused: {type(exc).__name__} (entity declarations are not accepted)") from None
    except Exception as exc:  # ParseError and kin: not well-formed XML
        raise InputError(name, f"not a well-formed feed: {exc}") from None
    feed = feedparser.parse(data)
    entries = feed.entries[:limit] if limit else feed.entries
    if not entries:
        raise InputError(name, "feed has no entries")
    channel = _channel(feed.feed)
    elements = _entry_elements(root)
    if len(elements) != len(feed.entries):  # not the entries feedparser read: no element is vouched for
        elements = []
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        label = f"{name} entry {number}"
        key = f"{origin or name} entry {link or entry.get('id') or number}"
        element = elements[number - 1] if elements else None
        try:
            document = _entry_document(entry, element, label, fetch_page, channel)
            yield replace(document, name=label, key=key, origin=origin)
        except InputError as exc:
            yield exc


def _entry_document(entry: Any, element: Element | None, label: str, fetch_page: Callable[[str], Document],
                    channel: Organization | None) -> Document:
    link = entry.get("link")
    tags = _tags(entry)
    content = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None)
    if not content:
        if not link:
            raise InputError(label, "entry has neither content nor a link")
        try:
            document = fetch_page(link)
        except InputError as exc:  # named after the entry, the link it could not read in the message
            raise InputError(label, f"{printable(exc.name)}: {exc.problem}") from None
        page = document.page or PageMeta()
        return replace(document, page=replace(page, publisher=_publisher(page, channel, link),
                                              section=page.section or next(iter(tags), None),
                                              keywords=page.keywords or tags, guid=_guid(entry)))
    slug = url_slug(link) if link else "entry-" + hashlib.sha256(str(entry.get("id", label)).encode()).hexdigest()[:10]
    markup = (f"<html><head><title>{escape(entry.get('title', ''))}</title></head>"
              f"<body><article>{content}</article></body></html>")
    document = read_html(markup.encode("utf-8"), label, slug, url=link)
    page = document.page
    authors = tuple(Person(a["name"]) for a in entry.get("authors", []) if a.get("name")) or page.authors
    published, modified = _dates(entry, element)
    return replace(document, page=replace(page, headline=entry.get("title") or page.headline, authors=authors,
                                          date_published=published or page.date_published,
                                          date_modified=modified or page.date_modified,
                                          publisher=_publisher(page, channel, link),
                                          section=next(iter(tags), None) or page.section,
                                          keywords=tags or page.keywords,
                                          url=absolute_url(link) or page.url, guid=_guid(entry),
                                          description=entry.get("summary") or page.description))


def _guid(entry: Any) -> str | None:
    """The entry's own id (RSS <guid>, Atom <id>), as the feed writes it."""
    value = " ".join(str(entry.get("id") or "").split())
    return value or None


def _channel(feed: Any) -> Organization | None:
    """The publisher the channel names: its title without a tagline, at its link."""
    title = " ".join(str(feed.get("title") or "").split())
    name = _TAGLINE.split(title)[0].strip() if title else ""
    return Organization(name, absolute_url(feed.get("link"))) if name else None


def _publisher(page: PageMeta, channel: Organization | None, link: str | None) -> Organization | None:
    """The page's own publisher, unless it is only a host name standing in for one: then the channel's."""
    own = page.publisher
    if own is not None and not _host_only(own, (page.url, link)):
        return own
    return channel or own


def _host_only(publisher: Organization, urls: tuple[str | None, ...]) -> bool:
    """A publisher that is the host name trafilatura gives a page naming no site (its `META_URL`: "www." off),
    with nothing else to it, is no name the page states."""
    from trafilatura.metadata import META_URL

    if publisher.url or publisher.logo:
        return False
    hosts = {match[1].casefold() for url in urls if url and (match := META_URL.match(url))}
    return publisher.name.casefold() in hosts


def _tags(entry: Any) -> tuple[str, ...]:
    """The entry's categories (`<category>`, `dc:subject`), each once, by their label where they have one."""
    names = (" ".join(str(t.get("label") or t.get("term") or "").split()) for t in entry.get("tags") or ())
    return tuple(dict.fromkeys(n for n in names if n))


def _dates(entry: Any, element: Element | None) -> tuple[str | None, str | None]:
    """datePublished and dateModified as the entry states them. feedparser's `updated` is read as stored (not
    through its fallback to `published`), and is taken as dateModified only when it is an update element's
    text; when it is `dc:date`'s, it is the publication date of an entry that gives no other."""
    published = _iso(entry.get("published_parsed"))
    updated = str(dict.get(entry, "updated") or "").strip()
    if element is None or not updated:
        return published, None
    parsed = _iso(dict.get(entry, "updated_parsed"))
    if updated in _texts(element, UPDATE_ELEMENTS, FEED_NAMESPACES | {DCTERMS}):
        return published, parsed
    if not published and updated in _texts(element, ("date",), frozenset({DC})):
        return parsed, None
    return published, None


def _texts(element: Element, names: tuple[str, ...], namespaces: frozenset[str]) -> set[str]:
    """The texts of `element`'s children with one of `names` in one of `namespaces` (compared as feedparser does)."""
    return {(child.text or "").strip() for child in element if _name(child.tag)[1] in names
            and _name(child.tag)[0] in namespaces}


def _entry_elements(root: Element) -> list[Element]:
    """The elements feedparser makes its entries of, in its order: every `item` and `entry` in a feed namespace."""
    return [e for e in root.iter() if isinstance(e.tag, str) and _name(e.tag)[1] in ("item", "entry")
            and _name(e.tag)[0] in FEED_NAMESPACES]


def _name(tag: str) -> tuple[str, str]:
    """ElementTree's "{namespace}local" as (namespace, local), both lower-cased; feedparser takes any
    backend.userland.com namespace for RSS."""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    namespace = namespace.lower()
    if "backend.userland.com/rss" in namespace:
        namespace = "http://backend.userland.com/rss"
    return namespace, local.lower()


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None
