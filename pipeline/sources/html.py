"""HTML pages: the main text through trafilatura, the metadata from the page's own markup and trafilatura.

Which source wins, field by field (general rules, no site-specific ones):

| field | first that has it |
| --- | --- |
| headline | the page's Article JSON-LD / microdata `headline`, then trafilatura's title (h1, og:title, title) |
| authors | the Article markup's `author` (each its own Person, with its url), unless the page's `rel="author"` links name other people; then trafilatura's byline (not a commenter), a printed "By ..." line, a closing contributor's note |
| datePublished, dateModified | the Article markup (with its time zone), then `article:published_time` / `modified_time`, then trafilatura's date (a day) |
| publisher | the Article markup's `publisher` (name, url, logo), then `og:site_name`, then trafilatura's site name |
| image | the Article markup's `image` (url, width, height), then `og:image` with its width and height |
| description, section, keywords | the Article markup, then OpenGraph / meta tags, then trafilatura |
| language | `<html lang>`, then `og:locale`, then the markup's `inLanguage`, then py3langid on the text |
| url (the article IRI) | `<link rel=canonical>`, then `og:url`, then the markup's `url`, then where it was fetched from |

The page's own markup is what the publisher states; trafilatura's heuristics
fill the gaps. JSON-LD blocks are read one by one, so one broken block does
not hide the others.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from copy import deepcopy
from datetime import datetime, timezone
from html import unescape
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..bylines import bio_names, split_byline
from ..errors import InputError
from ..kinds import ARTICLE_KINDS
from ..language import detect_language
from ..model import Document, MediaObject, Notice, Organization, PageMeta, Person
from .jsonld import MAX_JSON_DEPTH, JsonProblem, parse_json
from .text import MAX_BYTES, marked_encoding

if TYPE_CHECKING:
    from lxml.html import HtmlElement, HTMLParser

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "LiveBlogPosting", "TechArticle",
                 "ScholarlyArticle", "SatiricalArticle", "ReviewNewsArticle", "AskPublicNewsArticle"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_NOT_WEB_CHARSETS = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "utf-7"}
"""Python's own codecs, and UTF-7 (which browsers refuse): a page naming one falls back as a browser would."""
_EARLIEST_YEAR = 1990  # placeholder dates ("0001-01-01") and epoch zeros are not publication dates


_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<meta")


def is_html(data: bytes) -> bool:
    """Whether bytes with no name to go by (standard input) are a page: they open as HTML does (a doctype,
    <html>, <head>, <meta>), or with a tag and hold <html or <body early on (after a comment, say)."""
    head = data[:2048].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith(_HTML_STARTS) or (head.startswith(b"<") and (b"<html" in head or b"<body" in head))


def decode_html(data: bytes, name: str, header_charset: str | None = None) -> str:
    """The charset of the HTTP header, else of a BOM or `<meta charset>`, else UTF-8, else Windows-1252."""
    marked = marked_encoding(data)
    if b"\x00" in data[:1024] and marked is None:
        raise InputError(name, "binary file (NUL bytes), not an HTML page")
    candidates = [header_charset]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    elif marked:
        candidates.insert(0, marked)
    if match := _META_CHARSET.search(data[:4096]):
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1252"]
    for charset in filter(None, candidates):
        try:
            if codecs.lookup(charset).name in _NOT_WEB_CHARSETS:
                continue
            text = data.decode(charset)
            text.encode("utf-8")  # no lone surrogates: text that cannot be written out is no text
            return text
        except (LookupError, ValueError):  # no such codec, or bytes it cannot decode (UnicodeError and kin)
            continue
    raise InputError(name, "cannot tell the page's text encoding")


def read_html(data: bytes, name: str, slug: str, url: str | None = None, header_charset: str | None = None,
              max_bytes: int = MAX_BYTES) -> Document:
    """One page: its main text, ready for the wire-story rules, and its metadata as `PageMeta`."""
    import trafilatura

    if len(data) > max_bytes:
        raise InputError(name, f"page is {len(data):,} bytes, larger than the {max_bytes:,}-byte limit")
    if not data.strip():
        raise InputError(name, "empty file: no page to publish")
    html = decode_html(data, name, header_charset)
    tree = load_page(html, name)  # parsed once, as trafilatura parses (repairs, no comments); it works on copies
    if tree is None:
        raise InputError(name, "no article text found on this page")
    _drop_link_paragraphs(tree)
    found = _extracted(trafilatura, tree, url, fast=True)
    if len(found.get("text") or "") < FAST_ENOUGH:
        found = _extracted_again(trafilatura, tree, url, found)
    text = _whole_body(trafilatura, tree, found.get("text") or "")
    if not text.strip():
        raise InputError(name, "no article text found on this page")
    notices: list[Notice] = []
    page = page_meta(tree, found, url, notices)
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if paragraphs and page.headline and _same_text(paragraphs[0], page.headline):
        paragraphs.pop(0)  # trafilatura repeats the title as the first line
    if not paragraphs:
        raise InputError(name, "no article text found on this page, only its headline")
    return Document(name=name, slug=slug, text="\n\n".join(paragraphs), meta={},
                    notices=tuple(notices), page=page)


_TRAFILATURA_PARSER = {"collect_ids": False, "default_doctype": False, "encoding": "utf-8", "remove_comments": True,
                       "remove_pis": True}
"""The options of trafilatura's own parser (`trafilatura.utils.HTML_PARSER`), which `load_page` adds huge_tree to."""


def load_page(html: str, name: str) -> HtmlElement | None:
    """The page as trafilatura's `load_html` reads it (its repairs, no comments; None for a fragment), elements
    nested past 256 levels included (`parse_deep`). A page libxml2 stops reading before its end is refused, not
    published in part."""
    from lxml.etree import ParserError
    from lxml.html import HTMLParser
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    try:
        tree, stop = parse_deep(repair_faulty_html(html, beginning), HTMLParser(**_TRAFILATURA_PARSER, huge_tree=True))
    except ParserError:  # "Document is empty": a comment, a bare doctype
        return None
    if stop:
        raise InputError(name, stop)
    return None if is_dubious_html(beginning) and len(tree) < 2 else tree


def parse_deep(html: str, parser: HTMLParser) -> tuple[HtmlElement, str | None]:
    """`html` parsed by `parser`, made with huge_tree=True: without it libxml2 stops at the 256th nested element and
    the rest of the page is lost without a word. Beside the tree, where and why libxml2 stopped before the end of
    the page if it did (it reads 2,048 nested elements at most, huge_tree or not)."""
    from lxml.etree import ErrorLevels
    from lxml.html import fromstring

    tree = fromstring(html.encode("utf-8"), parser=parser)
    stop = next((e for e in parser.error_log if e.level == ErrorLevels.FATAL), None)
    if stop is None:
        return tree, None
    reason = stop.message.split(", use XML_PARSE_HUGE")[0]  # libxml2's advice: taken already
    return tree, (f"the HTML parser stopped at line {stop.line}, column {stop.column} ({reason}): "
                  "the rest of the page was not read")


def _typed(found: dict[str, Any]) -> dict[str, Any]:
    """trafilatura's metadata as the types it promises: it passes on what a page's JSON-LD holds ("headline": [...])."""
    typed = dict(found)
    for key in ("title", "sitename", "description", "author", "date", "text"):
        if not isinstance(typed.get(key), str):
            typed[key] = None
        elif key != "text":
            typed[key] = " ".join(typed[key].split())  # no run of spaces for the separators to crawl through
    for key in ("categories", "tags"):
        typed[key] = [v for v in typed.get(key) or () if isinstance(v, str)]
    return typed


FAST_ENOUGH = 500
"""Characters of text below which trafilatura's first pass is not trusted and the page is extracted again with
its fallback extractors (readability, jusText) compared. On the dev corpus the first pass alone gives the same
text and metadata on every page at 60% of the cost."""


_EXTRACTION = {"include_comments": False, "include_tables": False}
"""What every trafilatura pass here leaves out: readers' comments, and tables (rarely story text)."""

MAX_LINK_TEXT = 150
"""The longest link text of a paragraph that is nothing but a link: a headline's length."""
_LEAD_IN = re.compile(r".{1,60}(?::|\.\.\.|…)")


def _drop_link_paragraphs(tree: HtmlElement) -> None:
    """Paragraphs that are one link and nothing else ("Who will make the Rock Hall in 2020?") link to other
    stories, and a short line leading into them ("You may also like...") goes with them: trafilatura keeps
    both as the story's text."""
    dropped = []
    for paragraph in tree.iter("p"):
        text = _element_text(paragraph)
        links = paragraph.findall(".//a")
        if 0 < len(text) <= MAX_LINK_TEXT and len(links) == 1 and _element_text(links[0]) == text:
            dropped.append(paragraph)
            lead_in = paragraph.getprevious()
            if lead_in is not None and lead_in.tag == "p" and _LEAD_IN.fullmatch(_element_text(lead_in)):
                dropped.append(lead_in)
    for paragraph in dropped:
        if paragraph.getparent() is not None:
            paragraph.drop_tree()  # its tail, the text after it, stays


MAX_BODY_PARTS = 20
"""The most containers of one body read one by one: a page of a thousand alike <div>s costs no more than this."""


def _whole_body(trafilatura, tree: HtmlElement, text: str) -> str:
    """trafilatura's text, or the whole body where the page splits it around its ads into sibling containers
    of one class and trafilatura, taking the first, stops at the first ad: then each container's text in turn,
    when that finds at least a fifth more."""
    from lxml.html import fromstring

    parts = _body_parts(tree, text)
    if not 1 < len(parts) <= MAX_BODY_PARTS:
        return text
    texts = []
    for part in parts:
        page = fromstring("<html><body><article></article></body></html>")
        page.find(".//article").append(deepcopy(part))
        found = trafilatura.bare_extraction(page, fast=True, **_EXTRACTION)
        texts.append((found.text if found is not None else None) or "")
    whole = "\n".join(t for t in texts if t)
    return whole if len(whole) > 1.2 * len(text) and whole.startswith(text.split("\n", 1)[0]) else text


def _body_parts(tree: HtmlElement, text: str) -> list[HtmlElement]:
    """The elements of the same tag and class as the one holding the text's first paragraph, in page order."""
    first = " ".join(text.split("\n", 1)[0].split())[:60]
    if not first:
        return []
    for paragraph in tree.iter("p"):
        if _element_text(paragraph).startswith(first):
            parent = paragraph.getparent()
            kind = parent.get("class") if parent is not None else None
            return [element for element in tree.iter(parent.tag) if element.get("class") == kind] if kind else []
    return []


def _extracted(trafilatura, tree: HtmlElement, url: str | None, fast: bool, metadata: bool = True) -> dict[str, Any]:
    extracted = trafilatura.bare_extraction(tree, url=url, with_metadata=metadata, fast=fast, **_EXTRACTION)
    found = extracted.as_dict() if extracted is not None and hasattr(extracted, "as_dict") else (extracted or {})
    return _typed(found)


def _extracted_again(trafilatura, tree: HtmlElement, url: str | None, first: dict[str, Any]) -> dict[str, Any]:
    """The text again with trafilatura's fallback extractors compared (`FAST_ENOUGH`), the first pass's metadata
    kept: it does not depend on the pass (trafilatura reads it before the text, from the same tree, with the same
    date settings), and reading it again cost a third of a short page's time. Where the first pass gave nothing
    at all, the second reads both."""
    if not first:
        return _extracted(trafilatura, tree, url, fast=False)
    again = _extracted(trafilatura, tree, url or first.get("url"), fast=False, metadata=False)
    return {**first, "text": again.get("text")}


def page_meta(tree: HtmlElement, found: dict[str, Any], url: str | None, notices: list[Notice]) -> PageMeta:
    import extruct

    markup = _article_markup(tree, notices)
    if too_deep := deep_microdata(tree):
        notices.append(Notice("Warning", "headline", too_deep))
    try:  # microdata is read only where no JSON-LD Article answers (and never when it nests too deep)
        other = extruct.extract(tree, base_url=url, syntaxes=["opengraph"] if too_deep or markup else
                                ["microdata", "opengraph"], uniform=True)
    except Exception:  # extruct raises whatever its parsers raise on hostile markup
        other = {"microdata": [], "opengraph": []}
    if not markup:
        markup = next((m for m in other.get("microdata", []) if _types(m) & ARTICLE_TYPES), {})
    og = _opengraph(other.get("opengraph", []), tree)
    base = url or _first(tree.xpath("//link[@rel='canonical']/@href"))
    h1 = _first_text(tree, "h1") or None
    title = _first_text(tree, "title")  # as written: trafilatura's title has the site's name cut off
    headline = _headline(_text(markup.get("headline")), _clean_title(found.get("title")), og.get("og:title"), h1)
    headline = _agreed(headline, _text(markup.get("headline")), title, og.get("og:title"), h1)
    named = _site_name(og.get("og:site_name"), title, tree) or _site_name(found.get("sitename"), title, tree)
    if not named or _is_domain(named) or (headline and _same_text(named, headline)):
        named = _logo_name(h1, title, headline) or named
    site_name = named or (_title_site(title, headline) if headline else None)
    publisher = _publisher(markup.get("publisher"), site_name, base)
    if publisher and headline and _same_text(publisher.name, headline):
        publisher = None  # a site name that is the headline is no site name
    headline = _without_site(headline, site_name or (publisher.name if publisher else None), title)
    printed = _printed_byline(tree)  # read once: it walks the page's texts
    return PageMeta(
        headline=headline,
        description=_text(markup.get("description")) or og.get("og:description") or found.get("description"),
        authors=_without_organisations(_authors(markup.get("author"), _byline(tree, found, markup.get("author"), printed), base,
                                                publisher.name if publisher else site_name,
                                                _linked_byline(tree) if markup.get("author") else None,
                                                lambda people: any(_printed_anywhere(tree, p.name) for p in people)),
                                        publisher),
        date_published=_date(markup.get("datePublished")) or _date(og.get("article:published_time"))
        or _printed_date(tree) or _lead_date(found.get("text") or "", headline) or _date(found.get("date")),
        date_modified=_date(markup.get("dateModified")) or _date(og.get("article:modified_time")),
        publisher=publisher,
        image=_image(markup.get("image"), og, base) or _figure(tree, base),
        section=_text(_one(markup.get("articleSection"))) or og.get("article:section")
        or _text(_one(found.get("categories"))),
        keywords=_keywords(markup.get("keywords")) or _keywords(og.get("article:tag")) or tuple(found.get("tags") or ()),
        language=_language(tree, og, markup, found.get("text") or ""),
        kind=next((k for k in sorted(_types(markup) & ARTICLE_KINDS) if k not in ("NewsArticle", "Article")), None),
        free=_boolean(markup.get("isAccessibleForFree")),
        paywall=_paywall(markup.get("hasPart")),
        byline=printed,
        url=_absolute(base, _first(tree.xpath("//link[@rel='canonical']/@href")) or og.get("og:url")
                      or _text(markup.get("url")) or url),
    )


def _boolean(value: Any) -> bool | None:
    """A markup boolean: true/false, or the strings pages write ("False", "false")."""
    value = _one(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


_CLASS_SELECTOR = re.compile(r"\.-?[_a-zA-Z][\w-]*")


def _paywall(parts: Any) -> tuple[str, ...]:
    """The class selectors of the page's paywalled parts (`hasPart` WebPageElements not free)."""
    found = []
    for part in parts if isinstance(parts, list) else [parts] if parts else []:
        if isinstance(part, dict) and "WebPageElement" in _types(part) and _boolean(part.get("isAccessibleForFree")) \
                is False and isinstance(selector := _one(part.get("cssSelector")), str) \
                and _CLASS_SELECTOR.fullmatch(selector.strip()):
            found.append(selector.strip())
    return tuple(dict.fromkeys(found))


def deep_microdata(tree: HtmlElement) -> str | None:
    """Why the page's microdata is not read, if its items nest deeper than JSON-LD may (`MAX_JSON_DEPTH`):
    extruct's time grows with the cube of their nesting, minutes for a few hundred levels."""
    if tree.xpath(f"boolean(//*[@itemscope][count(ancestor::*[@itemscope]) >= {MAX_JSON_DEPTH}])"):
        return f"the page's microdata nests items deeper than {MAX_JSON_DEPTH} levels; it was not read"
    return None


def _article_markup(tree, notices: list[Notice]) -> dict[str, Any]:
    """The first Article-like node among the page's JSON-LD blocks, each parsed on its own and repaired where
    that is safe (`jsonld.parse_json`); blocks that cannot be read are warned of."""
    found: dict[str, Any] = {}
    described: dict[str, dict[str, Any]] = {}  # node by @id, across blocks
    for number, block in enumerate(tree.xpath("//script[@type='application/ld+json']/text()"), start=1):
        try:
            data, _ = parse_json(block)
        except JsonProblem as problem:
            notices.append(Notice("Warning", "headline", f"JSON-LD block {number} on the page is not valid JSON "
                                                         f"({problem.message}); it was skipped"))
            continue
        for node in _nodes(data):
            if isinstance(node.get("@id"), str) and len(node) > 1:
                described.setdefault(node["@id"], node)
        found = found or next((node for node in _nodes(data) if _types(node) & ARTICLE_TYPES), {})
    return {key: _described(value, described) for key, value in found.items()}


def _described(value: Any, described: dict[str, dict[str, Any]]) -> Any:
    """A reference ({"@id": ...}, as graph-style JSON-LD gives authors and publishers) as the node it names."""
    if isinstance(value, list):
        return [_described(item, described) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return described.get(value["@id"], value)
    return value


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document: top level, lists, @graph and mainEntity."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _nodes(data[key])


def _types(node: dict[str, Any]) -> set[str]:
    types = node.get("@type") or node.get("type") or []
    types = types if isinstance(types, list) else [types]
    return {str(t).rsplit("/", 1)[-1] for t in types}


def _opengraph(blocks: list[dict[str, Any]], tree) -> dict[str, str]:
    """OpenGraph and article:* properties, first value of each; plus the plain meta tags we use."""
    values: dict[str, str] = {}
    for block in blocks:
        for key, value in block.items():
            if isinstance(value, str):
                values.setdefault(key, value)
    for prop in ("article:published_time", "article:modified_time", "article:section", "article:tag",
                 "og:image:width", "og:image:height"):
        if prop not in values and (content := _first(tree.xpath(f"//meta[@property='{prop}']/@content"))):
            values[prop] = content
    return {k: " ".join(v.split()) for k, v in values.items() if v and v.strip()}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, (dict, list)):  # nested deeper: no text (not the Python repr "{}")
        return None
    if value in (None, ""):
        return None
    text = " ".join(str(value).split())
    return " ".join(unescape(text).split()) if "&" in text else text  # markup escaped twice ("&#8217;")


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _first(values: list) -> str | None:
    return str(values[0]).strip() if values else None


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _headline(markup: str | None, *others: str | None) -> str | None:
    """The markup's headline, else the first other candidate, unless another one continues it (publishers'
    markup sometimes cuts the headline) but not by a site's name. A candidate that is another one followed by
    the site's name ("...需求-新华网" beside the page's "...需求") gives way to it, unless it is the markup's:
    that is the publisher's own word, colon and all ("Biden: the interview" beside an h1 "Biden")."""
    present = [c for c in (markup, *others) if c]
    if not present:
        return None
    first = present[0]
    stem = first.rstrip(".…").rstrip()
    longer = [c for c in present[1:] if len(c) > len(stem) and c.casefold().startswith(stem.casefold())
              and _title_site(c, stem) is None]
    chosen = max(longer, key=len) if longer else first
    if chosen == markup:
        return chosen
    return next((c for c in present if _title_site(chosen, c) is not None), chosen)


MAX_LABEL_WORDS = 5
"""An h1 of this many words or fewer that the <title> does not contain is a logo or a section's name."""


def _agreed(headline: str | None, markup: str | None, title: str, og_title: str | None, h1: str | None) -> str | None:
    """The headline the page's own parts agree on, where the chosen one is an odd one out: an h1 that is the
    page's logo or a section's name ("Allergies Health Center" above the story; short, and not in the
    <title>) gives way to the <title>'s headline part (before the site's name); a markup headline that is a
    standfirst gives way to the h1 where the h1, og:title and the <title> all agree and it agrees with none."""
    head = _SPACED_SEPARATOR.split(title)[0].strip() if title else ""
    if not headline or not head or _related(headline, title):
        return headline
    if h1 and headline == h1 and len(h1.split()) <= MAX_LABEL_WORDS and len(head) > len(h1):
        return head
    if headline == markup and h1 and og_title and _related(h1, og_title) and _related(h1, head) \
            and not _related(markup, h1) and (head != title or len(h1.split()) > MAX_LABEL_WORDS):
        return h1  # not when the three agree on a label (the site's name alone in every part)
    return headline


def _related(a: str, b: str) -> bool:
    """One text contains the other, case aside."""
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return a in b or b in a


_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s*+(?:(?:::|[|–—:：·_/»｜-])\s*+)+")
_SPACED_SEPARATOR = re.compile(r"(?<!\s)\s++(?:[|»–—-]|::)\s++|(?<!\s)\s*+[：｜]\s*+")
"""The separators between a title's headline and the site's name; a colon only full-width (an ASCII one belongs
to headlines: "Biden: the interview")."""
_TITLE_CREDIT = re.compile(r"(?<!\s)\s*+[（(](?:写真|照片|사진|photo|foto|bild|фото)[^（）()]*[）)]", re.I)
"""A photo credit in a title, in full-width or ASCII parentheses ("見出し （写真＝共同）")."""


def _title_site(title: str, headline: str) -> str | None:
    """The site's name where `title` is `headline` followed by separated parts of at most 40 characters each,
    the site's name last ("... | Politics | Site")."""
    if len(title) <= len(headline) or title[:len(headline)].casefold() != headline.casefold():
        return None
    rest = title[len(headline):]
    if not _TITLE_SEPARATOR.match(rest):
        return None
    parts = _TITLE_SEPARATOR.split(rest)[1:]
    if not parts or any(not part or len(part) > 40 for part in parts):
        return None
    return parts[-1].strip() or None


def _clean_title(title: str | None) -> str | None:
    return " ".join(title.split()) if title else None


MAX_SECTION_WORDS, MAX_SECTION = 3, 24
"""A part between a headline and the site's name in a title is a section ("Local", "World News") when this short
(in words and characters); a longer one is part of the headline ("Spider-Man - Into the Spider-Verse wins Oscar
| Site", "動画：ナイジェリアで...")."""


def _without_site(headline: str | None, site: str | None, title: str) -> str | None:
    """The headline without a photo credit in parentheses, and without the site's name after a separator
    ("見出し ：新聞社名", "Headline » Section | Site", in the headline or in the page's `title`), where the site is
    known and something is left."""
    if not headline:
        return headline
    headline = _TITLE_CREDIT.sub("", headline).strip() or headline
    for text in (headline, title):  # trafilatura's title may have lost the site's name but kept the sections
        parts = _SPACED_SEPARATOR.split(text)
        if site and len(parts) > 1 and _same_text(parts[-1], site) and text.casefold().startswith(headline.casefold()) \
                and all(len(p.split()) <= MAX_SECTION_WORDS and len(p) <= MAX_SECTION for p in parts[1:-1]) \
                and len(parts[0]) < len(headline):
            return parts[0].strip()  # "Headline » Local » News » Site": the site's name and the sections before it
    return headline


def absolute_url(link: str | None, base: str | None = None) -> str | None:
    """`link` as an absolute http(s) URL (resolved against `base`), else None."""
    return _absolute(base, link)


def _absolute(base: str | None, link: str | None) -> str | None:
    if not link:
        return None
    try:
        joined = urljoin(base, link) if base else link
    except ValueError:  # a broken base ("http://[::1"): only an absolute link stands
        joined = link
    try:
        urlsplit(joined)
    except ValueError:  # a broken host: no URL
        return None
    return joined if joined.startswith(("http://", "https://")) else None


_DATE_LABEL = re.compile(r"(?:published|posted|written|veröffentlicht|publicado|publié|pubblicato)\s*+:?\s*+"
                         r"(\d{4}[-./]\d{2}[-./]\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)", re.I)
"""A date printed with its label ("Written: 2023-11-07 15:03:30"), as pages print it under the headline."""
STORY_WORDS = 12
"""A paragraph of this many words is the story's, not the header's."""
_LEAD_DATE = re.compile(r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})\s*(?:--|—|–)")
"""A date that opens the story as a dateline does ("Feb. 23, 2015 -- Life-threatening allergies...")."""


def _printed_date(tree: HtmlElement) -> str | None:
    """The publication date printed between the page's h1 and the story's first paragraph: a labelled date
    ("Published: 2023-11-07") first, else the first `<time datetime>` not in a link or a list (related stories),
    whatever the page's class names."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return None
    after, stamped = False, None
    for element in tree.iter():
        if element is h1:
            after = True
            continue
        if not after or not isinstance(element.tag, str):
            continue
        if element.tag == "p" and len(_element_text(element).split()) >= STORY_WORDS:
            break  # the story has begun: dates further down belong to other things
        if element.text and (label := _DATE_LABEL.search(element.text)):
            return _date(re.sub(r"[./]", "-", label.group(1)).replace(" ", "T"))
        if element.tag == "time" and stamped is None and not any(a.tag in ("a", "li") for a in element.iterancestors()):
            stamped = _date(element.get("datetime"))
    return stamped


def _lead_date(text: str, headline: str | None) -> str | None:
    """The date that opens the story's first paragraph (after the headline, which trafilatura's text repeats)."""
    lines = list(islice((line.strip() for line in text.split("\n", 4) if line.strip()), 2))
    if lines and headline and _same_text(lines[0], headline):
        lines.pop(0)
    match = _LEAD_DATE.match(lines[0]) if lines else None
    if not match:
        return None
    written = match.group(1).replace(".", "").replace("Sept ", "Sep ")
    for form in ("%b %d, %Y", "%B %d, %Y"):  # "Feb 23, 2015", "February 23, 2015"
        try:
            return _date(datetime.strptime(written, form).date().isoformat())
        except ValueError:
            continue
    return None


def _date(value: Any) -> str | None:
    """An ISO 8601 date or date-time, as the page gives it; placeholders ("0001-01-01") are no date."""
    text = _text(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"\d{4}-\d{2}-\d{2}", text)
        if not match:
            return None
        text = match.group()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:  # "0000-00-00", "2024-02-30"
            return None
    if not _EARLIEST_YEAR <= parsed.year <= datetime.now(timezone.utc).year + 1:
        return None
    if len(text) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat().replace("+00:00", "Z")  # "+0000" and kin in the ISO form the shapes accept


def _authors(markup: Any, byline: str | None, base: str | None, site: str | None,
             linked: str | None = None, printed: Callable[[list[Person]], bool] = lambda _: True) -> tuple[Person, ...]:
    """Each author its own Person (`bylines.split_byline`), with the url the markup gives. The byline the page
    prints (as trafilatura finds it) stands in for the markup's list where the markup names nobody, names only
    organisations (the site, a brand) while the byline names a person, or names fewer people than the byline
    that begins with them ("A, B and C" beside markup naming A and B). The page's author links in its byline
    (`linked`) win where the markup names none of their people and the page prints none of the markup's names
    (`printed`): the markup then names the account that posted."""
    marked: list[Person] = []
    for item in markup if isinstance(markup, list) else [markup] if markup else []:
        link = _absolute(base, _text(item.get("url"))) if isinstance(item, dict) else None
        marked += [Person(name, url=link) for name in split_byline(_text(item) or "")]
    linked_people = [p for p in map(Person, split_byline(linked or "")) if not _is_organisation(p, site)]
    if linked_people and marked and not _share_a_name(marked, linked or "") and not printed(marked):
        byline, marked = linked, []
    printed = [Person(name) for name in split_byline(byline)] if byline and _words(byline) != _words(site) else []
    people = [p for p in printed if not _is_organisation(p, site)]
    continued = len(people) > len(marked) and [_key(p) for p in people[:len(marked)]] == [_key(p) for p in marked]
    if marked and not continued and not (people and all(_is_organisation(p, site) for p in marked)):
        return tuple(dict.fromkeys(marked))
    known = {_key(p): p for p in marked}
    chosen = {_key(p): known.get(_key(p), p) for p in printed}  # one person once, spelt as the markup spells it
    return tuple(chosen.values()) or tuple(dict.fromkeys(marked))


def _byline(tree: HtmlElement, found: dict[str, Any], markup: Any, printed: str | None) -> str | None:
    """The byline outside the markup: trafilatura's, unless it names a commenter or only repeats the markup's
    names (then the "By ..." line printed under the headline may name more); else that printed line; else,
    where the markup names nobody, a contributor's note closing the story."""
    author = found.get("author")
    if author and not _commenters(tree, author):
        marked = [_text(item) or "" for item in (markup if isinstance(markup, list) else [markup] if markup else [])]
        if marked and _words(author) == _words(" ".join(marked)):
            return printed or author
        return author
    return printed or (None if markup else _closing_note(tree, found.get("text") or ""))


_IN_COMMENTS = etree.XPath("boolean(ancestor-or-self::*[re:test(@class, '(^|[\\s_-])comments?([\\s_-]|$)', 'i') "
                           "or re:test(@id, '(^|[\\s_-])comments?([\\s_-]|$)', 'i')])",
                           namespaces={"re": "http://exslt.org/regular-expressions"})
"""Inside the comments: an element whose class or id has the word "comment(s)" ("sf_comment", "comments-list";
not "commentary")."""


def _commenters(tree: HtmlElement, byline: str) -> bool:
    """Whether every name of the byline is printed only in the page's comments (as comment systems mark
    them): a reader who commented, not an author. Names are compared case-folded."""
    names = [name.casefold() for name in split_byline(byline)]
    if not names:
        return False
    seen = {name: False for name in names}  # printed anywhere; and outside the comments?
    for text, holder in _texts(tree):
        folded = text.casefold()
        for name in names:
            if name in folded:
                if holder is None or not _IN_COMMENTS(holder):
                    return False
                seen[name] = True
    return all(seen.values())


def _texts(tree: HtmlElement) -> Iterator[tuple[str, HtmlElement | None]]:
    """Every text of the page's body outside scripts and styles, with the element it is printed in (a tail's
    is the element around it). A walk, not `//body//text()`, which libxml2 answers in quadratic time."""
    body = next(tree.iter("body"), tree)
    for element in body.iter():
        if element.text and isinstance(element.tag, str) and element.tag not in ("script", "style"):
            yield element.text, element
        if element.tail and element is not body:
            yield element.tail, element.getparent()


_AUTHOR_LINK = "a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')][normalize-space()]"
_NOT_BYLINE = "ancestor::*[self::li or self::nav or self::aside or self::footer or self::figcaption]"
_INLINE = {"a", "span", "strong", "b", "em", "i", "small", "font", "address"}


def _linked_byline(tree: HtmlElement) -> str | None:
    """The names of the page's author links (HTML's `rel="author"`) in its byline: the first such link after
    the h1 that is in no list, navigation, aside, footer or caption, with the author links beside it in the
    same block ("By <a rel=author>A</a> and <span><a rel=author>B</a></span>"). None without an h1: then
    nothing says where the story's byline is."""
    first = tree.xpath(f"(//h1)[1]/following::{_AUTHOR_LINK}[not({_NOT_BYLINE})][1]")
    if not first:
        return None
    block = next((e for e in first[0].iterancestors() if e.tag not in _INLINE), None)
    if block is None:
        return None
    links = block.xpath(f".//{_AUTHOR_LINK}[not({_NOT_BYLINE})]")
    return "; ".join(" ".join(" ".join(a.itertext()).split()) for a in links)


def _printed_anywhere(tree: HtmlElement, name: str) -> bool:
    """Whether the page shows `name` (case-folded) in its text, outside scripts."""
    folded = name.casefold()
    return any(folded in text.casefold() for text, _ in _texts(tree))


def _closing_note(tree: HtmlElement, text: str) -> str | None:
    """The people named by a contributor's note that closes the story, set in italics as such notes are
    ("*Jane Doe is a professor of history.*", `bylines.bio_names`)."""
    last = " ".join(text.strip().rsplit("\n", 1)[-1].split())
    if not last:
        return None
    for paragraph in tree.xpath("//p[normalize-space(.) = $last]", last=last):
        if not paragraph.xpath(".//text()[normalize-space()][not(ancestor::i or ancestor::em)]"):
            return "; ".join(bio_names(last)) or None
    return None


def _share_a_name(people: list[Person], text: str) -> bool:
    """Whether any of the people shares a word of three letters or more with `text`, accents aside ("José
    Núñez" and "Jose Nunez", "Ann Lee Jr." and "Ann Lee")."""
    words = {w for w in _words(_unaccented(text)) if len(w) > 2}
    return any(words & {w for w in _words(_unaccented(p.name)) if len(w) > 2} for p in people)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _words(text: str | None) -> list[str]:
    """The words alone: "Mac & i" is the byline "Mac; I" (trafilatura joins names with "; ")."""
    return "".join(c if c.isalnum() else " " for c in (text or "").casefold()).split()


_DATE = r"(?:\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}:\d{2}(?::\d{2})?)"
_ZONE = r"(?:[ap]\.?m\.?|utc|gmt|[ecmp][sd]?t|ces?t|bst|ist|jst|kst|hkt|sgt|aes?t|aedt)"
_DATE_FIRST = rf"(?:{_DATE}(?:[\s,|·•]+(?:{_DATE}|{_ZONE}))*[\s,|·•]+)?"
"""A date and time a byline line may begin with ("2/26/2015 7:11 AM PST BY ...", "2015-02-26 | By ..."):
digits with date or time separators, then times, AM/PM and time zones."""
_BYLINE_START = f"^{_DATE_FIRST}(by|von|por|par)([^\\w]|$)"
_BYLINE = re.compile(_DATE_FIRST + r"((?:by|von|por|par)\b.{2,100})", re.I | re.S)
MAX_BYLINE = 100


def _printed_byline(tree: HtmlElement) -> str | None:
    """The first "By ..." line printed after the page's h1 (an element, or an element holding a lone "By" and
    the name beside it): the byline as readers see it, whatever the page's class names. Taken only where
    neither the markup nor trafilatura name anyone."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return None
    order = {element: number for number, element in enumerate(tree.iter())}
    starts = tree.xpath(f"//*[re:test(normalize-space(text()), '{_BYLINE_START}', 'i')]",
                        namespaces={"re": "http://exslt.org/regular-expressions"})
    for element in starts:
        if order.get(element, -1) <= order[h1] or element.tag in ("script", "style", "title", "option") \
                or element.xpath("boolean(ancestor-or-self::*[self::figcaption or self::li or self::nav])"):
            continue  # a caption's photographer, a list of other stories
        parent = element.getparent()
        holder = parent if " " not in _element_text(element) and parent is not None else element
        text = " ".join(" ".join(holder.itertext()).split())  # "By</span><a>Name": a space between
        line = _BYLINE.fullmatch(text) if len(text) <= MAX_BYLINE else None
        words = line.group(1).split(None, 1) if line else []
        if len(words) > 1 and words[1][0].isupper():
            return line.group(1)  # a name follows, not "By clicking Submit, you agree..."
    return None


def _key(person: Person) -> tuple[str, str]:
    """First and last word, case-folded: "Troy L. Smith" and "Troy Smith" are one author of one page."""
    words = person.name.casefold().replace(".", " ").split()
    return (words[0], words[-1]) if words else ("", "")


_ORGANISATION = re.compile(r"\b(?:Associated Press|Reuters|AFP|Press|News|Agency|Staff|Desk|Media|GmbH|Inc|Ltd|LLC|PLC|"
                           r"Editorial|Newsroom|Redaktion|Redacción|Rédaction|Redazione|Redactie)\b"
                           r"|[. ](?:com|net|org|co\.\w\w)$", re.I)
"""Words of an agency's, a desk's or a company's name, or a site's domain ("cleveland.com")."""


def _is_organisation(person: Person, site: str | None) -> bool:
    """An agency, a desk or the site itself, by the words of its name or by being the site's name."""
    return bool(_ORGANISATION.search(person.name)) or bool(site and _same_text(person.name, site))


def _without_organisations(people: tuple[Person, ...], publisher: Organization | None) -> tuple[Person, ...]:
    """Bylines credit the agency or the site beside the reporters; with a person named, those credits go. The
    site alone is no byline: it is the publisher."""
    site = publisher.name if publisher else None
    persons = tuple(p for p in people if not _is_organisation(p, site))
    return persons or tuple(p for p in people if not (site and _same_text(p.name, site)))


def _first_text(tree: HtmlElement, tag: str) -> str:
    """The text of the page's first `tag` element (title, h1), whitespace collapsed; "" where there is none."""
    return " ".join(tree.xpath(f"string((//{tag})[1])").split())


def _element_text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _site_name(found: str | None, title: str, tree: HtmlElement) -> str | None:
    """trafilatura's site name, unless it is a URL (no name) or a handle, the page's Twitter account or any
    one word, that the last part of the page's title spells out ("@examplenews" beside "...：Example News",
    "ExDailyApp" beside "... | Example Daily"): then the title's spelling."""
    if not found or "://" in found:
        return None
    handle = (_first(tree.xpath("//meta[@name='twitter:site']/@content")) or "").lstrip("@")
    if " " in found and found.casefold() != handle.casefold():
        return found
    last = _TITLE_SEPARATOR.split(title)[-1].strip()
    return last if last and last != title and len(last) <= 60 and _abbreviates(found, last) else found


def _is_domain(name: str) -> bool:
    """"world.example.co.kr": a host name standing in for the site's name."""
    return " " not in name and re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", name, re.I) is not None


def _logo_name(h1: str | None, title: str, headline: str | None) -> str | None:
    """The site's name as its logo prints it: an h1 of a few words that is not the headline, and that the
    page's <title> ends with or names after the headline ("... | Example Daily ExampleDaily.com")."""
    if not h1 or not headline or len(h1.split()) > MAX_LABEL_WORDS or _related(h1, headline):
        return None
    tail = title.casefold()[len(headline):] if title.casefold().startswith(headline.casefold()) else ""
    return h1 if h1.casefold() in tail else None


def _abbreviates(handle: str, name: str) -> bool:
    """`handle` is `name` written as one word, or shortened: it begins as the name begins, and its letters
    follow the name's in order ("UHmallorca" for "Ultima Hora Mallorca"); "App", "News", "TV", "com" may trail."""
    short = "".join(c for c in handle.casefold() if c.isalnum())
    short = re.sub(r"(?:app|news|tv|online|official|com)$", "", short) or short
    long = "".join(c for c in name.casefold() if c.isalnum())
    if not short or not long or short[0] != long[0]:
        return False
    letters = iter(long)
    return all(c in letters for c in short)


def _publisher(markup: Any, site_name: str | None, base: str | None) -> Organization | None:
    if isinstance(markup, list):
        markup = markup[0] if markup else None
    if isinstance(markup, dict) and (name := _text(markup.get("name"))) and "://" not in name:  # a URL is no name
        name = re.split(r"\s+[|–—-]\s+", name)[0]
        spelt = re.split(r"\s+[|–—-]\s+", site_name)[0] if site_name else ""
        if " " not in name and len(spelt) > len(name) and _abbreviates(name, spelt):
            name = spelt  # a handle ("cleveland") where the page spells its name out ("cleveland.com")
        logo = markup.get("logo")
        logo_url = _text(logo.get("url")) if isinstance(logo, dict) else _text(logo)
        return Organization(name, _absolute(base, _text(markup.get("url"))), _absolute(base, logo_url))
    if isinstance(markup, str) and markup.strip():
        return Organization(markup.strip())
    if not site_name or not site_name.strip():
        return None
    return Organization(re.split(r"\s+[|–—-]\s+", site_name.strip())[0])  # "Example 7 | City News, Weather": a tagline goes


def _image(markup: Any, og: dict[str, str], base: str | None) -> MediaObject | None:
    markup = _one(markup)
    if isinstance(markup, dict):
        url = _absolute(base, _text(markup.get("url") or markup.get("contentUrl")))
        if url:
            return MediaObject("ImageObject", url, _int(markup.get("width")), _int(markup.get("height")),
                               _text(markup.get("caption")))
    elif isinstance(markup, str) and (url := _absolute(base, markup)):
        return MediaObject("ImageObject", url)
    if url := _absolute(base, og.get("og:image") or og.get("og:image:url")):
        return MediaObject("ImageObject", url, _int(og.get("og:image:width")), _int(og.get("og:image:height")))
    return None


def _figure(tree: HtmlElement, base: str | None) -> MediaObject | None:
    """The story's first figure after the h1: its image, size and caption, where the markup names no image."""
    found = tree.xpath("(//h1)[1]/following::figure[.//img[@src]][1]")
    if not found:
        return None
    img = found[0].xpath(".//img[@src]")[0]
    url = _absolute(base, img.get("src"))
    caption = " ".join(" ".join(found[0].xpath("string(.//figcaption)").split()).split()) or None
    return MediaObject("ImageObject", url, _int(img.get("width")), _int(img.get("height")), caption) if url else None


def _int(value: Any) -> int | None:
    """A pixel count: the leading digits, up to nine (a run of thousands would not even parse)."""
    text = _text(value)
    match = re.match(r"\d{1,9}(?!\d)", text or "")
    return int(match.group()) if match else None


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(k for k in (_text(v) for v in value) if k))


def _language(tree, og: dict[str, str], markup: dict[str, Any], text: str) -> str | None:
    """The language the page declares, unless its text plainly says otherwise (a template's fixed `lang="en"`
    on a French story): then the text's; with none declared, the text's."""
    for candidate in (_first(tree.xpath("/html/@lang")), og.get("og:locale"), _text(markup.get("inLanguage"))):
        if candidate and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", candidate.strip()):
            declared = candidate.strip().replace("_", "-").split("-")[0].lower()
            return detect_language(text, declared) if len(declared) == 2 else declared
    return detect_language(text)
