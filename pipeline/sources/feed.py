"""RSS and Atom feeds through feedparser, after defusedxml has refused entity tricks (billion laughs, XXE).

Each entry becomes an article: its full content when the feed carries it,
else the page its link points to.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Document, Person
from .html import absolute_url, read_html
from .web import url_slug


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
        fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(name, f"feed refused: {type(exc).__name__} (entity declarations are not accepted)") from None
    except Exception as exc:  # ParseError and kin: not well-formed XML
        raise InputError(name, f"not a well-formed feed: {exc}") from None
    feed = feedparser.parse(data)
    entries = feed.entries[:limit] if limit else feed.entries
    if not entries:
        raise InputError(name, "feed has no entries")
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        label = f"{name} entry {number}" + (f" ({link})" if link else "")
        key = f"{origin or name} entry {link or entry.get('id') or number}"
        try:
            yield replace(_entry_document(entry, label, fetch_page), key=key, origin=origin)
        except InputError as exc:
            yield exc


def _entry_document(entry, label: str, fetch_page: Callable[[str], Document]) -> Document:
    link = entry.get("link")
    content = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None)
    if not content:
        if not link:
            raise InputError(label, "entry has neither content nor a link")
        return fetch_page(link)
    slug = url_slug(link) if link else "entry-" + hashlib.sha256(str(entry.get("id", label)).encode()).hexdigest()[:10]
    html = f"<html><head><title>{_escape(entry.get('title', ''))}</title></head><body><article>{content}</article></body></html>"
    document = read_html(html.encode("utf-8"), label, slug, url=link)
    page = document.page
    authors = tuple(Person(a["name"]) for a in entry.get("authors", []) if a.get("name")) or page.authors
    published = _iso(entry.get("published_parsed")) or page.date_published
    updated = _iso(entry.get("updated_parsed")) or page.date_modified
    return replace(document, page=replace(page, headline=entry.get("title") or page.headline, authors=authors,
                                          date_published=published, date_modified=updated,
                                          url=absolute_url(link) or page.url, description=entry.get("summary") or page.description))


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None


def _escape(text: str) -> str:
    import html

    return html.escape(text)
