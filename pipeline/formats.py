"""The output formats of an article, in one table: a name, a file suffix, a media type and how to make it.

`publish` writes each article's files from it (Turtle and JSON-LD always, the HTML page with `--html`),
`embed --html` makes its page with it, and a server can answer content negotiation from the same rows.
A new format is one row here (and, for `publish`, its name in `Options.formats`). Rows are kept in the
order files are written and listed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .pages import article_page
from .publication import Publication


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  # of the article's file: "{slug}{suffix}"
    media_type: str
    render: Callable[[Publication], str]


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", ".ttl", "text/turtle", lambda pub: pub.turtle),
    Format("jsonld", ".jsonld", "application/ld+json", lambda pub: pub.jsonld_text),
    Format("html", ".html", "text/html", article_page),
    Format("ntriples", ".nt", "application/n-triples", lambda pub: pub.ntriples),
    Format("nquads", ".nq", "application/n-quads", lambda pub: pub.nquads),
)}
"""Every format an article can be had in, by name."""

ARTICLE_FILES = ("turtle", "jsonld")
"""What `publish` writes for every article; `--html` adds "html"."""


def article_documents(pub: Publication, names: tuple[str, ...]) -> dict[str, str]:
    """The article in each of the formats named, by file name ("{slug}{suffix}"), in the table's order."""
    return {f"{pub.article.slug}{fmt.suffix}": fmt.render(pub) for fmt in FORMATS.values() if fmt.name in names}
