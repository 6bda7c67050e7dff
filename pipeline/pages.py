"""Readable HTML pages, made from the graph alone: an article's page and an entity's page.

Both `publish --html` and `newsld serve` make an article's page from its
published graph (`ArticleView.of`), so the page says what the data says, and a
server reading a store makes the same page as the files. Every text is escaped;
the JSON-LD goes in through `embed.script_element`.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from .embed import script_element
from .namespaces import SCHEMA
from .serialize import search_profile

if TYPE_CHECKING:
    from .publication import Publication

STYLE = """\
body { font: 1.1rem/1.6 Georgia, "Times New Roman", serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.9rem; line-height: 1.25; margin-bottom: .5rem; }
.byline, .meta { color: #555; font: .95rem/1.4 system-ui, sans-serif; margin: .2rem 0; }
.dateline { font-weight: bold; text-transform: uppercase; }
aside { border-top: 1px solid #ccc; margin-top: 2rem; }
blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid #999; font-style: italic; }
blockquote footer { font-style: normal; font-size: .95rem; color: #555; }
nav { margin-top: 2rem; font: .9rem system-ui, sans-serif; }
ol.articles li { margin: .4rem 0; }
"""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_NUMBER = re.compile(r"(\d+)")

ALTERNATES = (("text/turtle", "Turtle", ".ttl"), ("application/ld+json", "JSON-LD", ".jsonld"))
"""The other formats a page links to: media type, label, suffix."""


def text(value: str) -> str:
    """Element content: `&`, `<` and `>` escaped; quotes stay readable."""
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    """A double-quoted attribute value."""
    return html.escape(value, quote=True)


def href(value: str | None) -> str | None:
    """A link a page may hold: http(s), or a path on this site. A store can hold anything (`newsld load`, a
    shared server): a `javascript:` or `data:` IRI never becomes a link."""
    if not value:
        return None
    if value.startswith("/") and not value.startswith("//"):
        return value
    return value if value.split(":", 1)[0].lower() in ("http", "https") and ":" in value else None


def _value(graph: Graph, node: Any, predicate: URIRef) -> str | None:
    found = graph.value(node, predicate)
    return str(found) if found is not None else None


def _identifier(graph: Graph, node: Any) -> str | None:
    """The article's own identifier, its slug or front-matter id: the literal one (a feed's guid beside it is a
    PropertyValue)."""
    return next((str(o) for o in sorted(graph.objects(node, SCHEMA.identifier)) if isinstance(o, Literal)), None)


def _name(graph: Graph, node: Any) -> str:
    return _value(graph, node, SCHEMA.name) or str(node)


def _natural(node: Any) -> list[Any]:
    """`#quote-2` before `#quote-10`."""
    return [int(part) if part.isdigit() else part for part in _NUMBER.split(str(node))]


@dataclass(frozen=True)
class ArticleView:
    """What an article's page shows, as its graph states it (people in name order: a graph has no order)."""

    headline: str
    language: str
    url: str | None
    authors: tuple[str, ...]
    contributors: tuple[str, ...]
    date_published: str | None
    dateline: str | None
    paragraphs: tuple[str, ...]
    quotations: tuple[tuple[str, str | None], ...]  # text, speaker's name

    @classmethod
    def of(cls, graph: Graph, iri: URIRef) -> ArticleView:
        def people(predicate: URIRef) -> tuple[str, ...]:
            return tuple(sorted(_person(graph, p) for p in graph.objects(iri, predicate)))

        quotes = sorted(graph.objects(iri, SCHEMA.hasPart), key=_natural)
        url = graph.value(iri, SCHEMA.url)
        return cls(
            headline=_value(graph, iri, SCHEMA.headline) or _identifier(graph, iri) or str(iri),
            language=_value(graph, iri, SCHEMA.inLanguage) or "en",
            url=str(url) if isinstance(url, URIRef) else None,
            authors=people(SCHEMA.author),
            contributors=people(SCHEMA.contributor),
            date_published=_value(graph, iri, SCHEMA.datePublished),
            dateline=_value(graph, iri, SCHEMA.dateline),
            paragraphs=tuple(p.strip() for p in _PARAGRAPH_BREAK.split(_value(graph, iri, SCHEMA.articleBody) or "")
                             if p.strip()),
            quotations=tuple((str(graph.value(q, SCHEMA.text)), _speaker(graph, q)) for q in quotes
                             if isinstance(graph.value(q, SCHEMA.text), Literal)),
        )


def _person(graph: Graph, node: Any) -> str:
    org = graph.value(node, SCHEMA.affiliation)
    return _name(graph, node) + (f" ({_name(graph, org)})" if org is not None else "")


def _speaker(graph: Graph, quotation: Any) -> str | None:
    speaker = graph.value(quotation, SCHEMA.creator)
    return _name(graph, speaker) if speaker is not None else None


def article_page(pub: Publication) -> str:
    """The page `publish --html` writes beside the article's files, linking them by file name."""
    slug = quote(_identifier(pub.graph, pub.iri) or pub.article.slug, safe="")
    return article_html(ArticleView.of(pub.graph, pub.iri), search_profile(pub.jsonld),
                        {s: f"{slug}{s}" for _, _, s in ALTERNATES})


def article_html(view: ArticleView, jsonld: dict[str, Any], links: dict[str, str]) -> str:
    """A readable HTML5 page for one article, its JSON-LD (the search profile, `serialize.search_profile`) in the
    head and links (by suffix) to its other formats."""
    head = _head(view.headline, view.language, jsonld, links, canonical=view.url)
    body = ["<body>", "<article>", f"<h1>{text(view.headline)}</h1>"]
    if view.authors:
        body.append(f'<p class="byline">By {", ".join(text(p) for p in view.authors)}</p>')
    if view.contributors:
        body.append(f'<p class="byline">Contributors: {", ".join(text(p) for p in view.contributors)}</p>')
    if view.date_published:
        body.append(f'<p class="meta"><time datetime="{attr(view.date_published)}">'
                    f"{text(view.date_published)}</time></p>")
    dateline = f'<span class="dateline">{text(view.dateline)}</span> \u2014 ' if view.dateline else ""
    for number, paragraph in enumerate(view.paragraphs or ([""] if dateline else [])):
        body.append(f"<p>{dateline if number == 0 else ''}{text(paragraph)}</p>")
    if view.quotations:
        body += ['<aside class="quotations">', "<h2>Quoted</h2>"]
        for quotation, speaker in view.quotations:
            cite = f"\n<footer>\u2014 <cite>{text(speaker)}</cite></footer>" if speaker else ""
            body.append(f"<blockquote>\n<p>{text(quotation)}</p>{cite}\n</blockquote>")
        body.append("</aside>")
    body += ["</article>", _data_nav(links), "</body>", "</html>"]
    return "\n".join(head + body) + "\n"


@dataclass(frozen=True)
class Listed:
    """One article on an entity's page or an index: where it is served, its headline and date."""

    href: str
    headline: str
    date: str | None
    roles: tuple[str, ...] = ()  # "about", "mentions", "author", "contributor", "quoted"


@dataclass(frozen=True)
class EntityView:
    """What an entity's page shows."""

    name: str
    kinds: tuple[str, ...]
    job_titles: tuple[str, ...]
    works_for: tuple[tuple[str, str], ...]  # name, href
    same_as: tuple[str, ...]
    articles: tuple[Listed, ...]
    previous: str | None
    next: str | None


def entity_html(view: EntityView, jsonld: dict[str, Any], links: dict[str, str]) -> str:
    """A readable page for one person, organisation or place: what the data says of it, and its articles."""
    head = _head(view.name, "en", jsonld, links)
    body = ["<body>", "<main>", f"<h1>{text(view.name)}</h1>",
            f'<p class="meta">{text(", ".join(view.kinds))}</p>']
    for title in view.job_titles:
        body.append(f'<p class="meta">{text(title)}</p>')
    for name, link in view.works_for:
        body.append(f'<p class="meta">Works for {_link(link, name)}</p>')
    if view.same_as:
        body.append('<p class="meta">Same as: ' + ", ".join(_link(s, s) for s in view.same_as) + "</p>")
    body += ["<h2>Articles</h2>", article_list(view.articles)]
    pager = [f'<a rel="prev" href="{attr(view.previous)}">Newer</a>' if view.previous else "",
             f'<a rel="next" href="{attr(view.next)}">Older</a>' if view.next else ""]
    if any(pager):
        body.append("<nav>" + " ".join(p for p in pager if p) + "</nav>")
    body += ["</main>", _data_nav(links), "</body>", "</html>"]
    return "\n".join(head + body) + "\n"


def index_html(title: str, articles: Iterable[Listed], links: dict[str, str]) -> str:
    """A site's front page: the newest articles."""
    head = _head(title, "en", None, links)
    return "\n".join(head + ["<body>", "<main>", f"<h1>{text(title)}</h1>", article_list(articles), "</main>",
                             "</body>", "</html>"]) + "\n"


def _link(target: str | None, label: str) -> str:
    """A link where the target may be linked to, else the label alone."""
    safe = href(target)
    return f'<a href="{attr(safe)}">{text(label)}</a>' if safe else text(label)


def article_list(articles: Iterable[Listed]) -> str:
    items = [f'<li>{_link(a.href, a.headline)}'
             + (f' <time datetime="{attr(a.date)}">{text(a.date)}</time>' if a.date else "")
             + (f' <span class="meta">({text(", ".join(a.roles))})</span>' if a.roles else "") + "</li>"
             for a in articles]
    return '<ol class="articles">\n' + "\n".join(items) + "\n</ol>" if items else "<p>None yet.</p>"


def _head(title: str, language: str, jsonld: dict[str, Any] | None, links: dict[str, str],
          canonical: str | None = None) -> list[str]:
    head = ["<!DOCTYPE html>", f'<html lang="{attr(language)}">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{text(title)}</title>"]
    if href(canonical):  # the link as published: an http(s) IRI, or none
        head.append(f'<link rel="canonical" href="{attr(canonical)}">')
    head += [f'<link rel="alternate" type="{media}" href="{attr(links[suffix])}">'
             for media, _, suffix in ALTERNATES if suffix in links]
    head += [f"<style>\n{STYLE}</style>", script_element(jsonld) if jsonld is not None else "", "</head>"]
    return [line for line in head if line]


def _data_nav(links: dict[str, str]) -> str:
    return "<nav>Data: " + " \u00b7 ".join(f'<a href="{attr(links[suffix])}">{label}</a>'
                                           for _, label, suffix in ALTERNATES if suffix in links) + "</nav>"
