"""JSON-LD inside HTML: a script element nothing in the article can break out of, put into pages byte for byte.

`script_element` escapes `<`, `>`, `&`, U+2028 and U+2029 as JSON string
escapes, so no article text can end the element, open a comment or stop a
JavaScript parser, and every JSON parser reads back the same document.

`embed` works on the page's bytes: it finds tags with a small tokenizer that
knows comments and raw-text elements (a `</head>` inside a script or a comment
is not the end of the head), and changes nothing but the one block it owns,
marked `data-newsld`.  The publisher's own JSON-LD blocks are left alone.

`read_document` takes only an article's JSON-LD (a JSON object with schema.org's
`@context` and an `@type`): anything else is refused before the page is read.

"""
from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from typing import Any

MARKER = "data-newsld"
"""The attribute that marks the block `embed` owns; it replaces that block and no other."""

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE = re.compile("[<>&\u2028\u2029]")


def script_element(document: dict[str, Any], *, ascii_only: bool = False) -> str:
    """`<script type="application/ld+json" data-newsld>` + the JSON + `</script>`.

    The characters that mean something to HTML or JavaScript become JSON
    escapes (they can occur only inside JSON strings), so the data is
    unchanged for any JSON parser.  `ascii_only` escapes all other non-ASCII
    too, for pages whose encoding is not known to be UTF-8.
    """
    text = json.dumps(document, ensure_ascii=ascii_only, indent=2)
    text = _JSON_ESCAPE.sub(lambda m: _JSON_ESCAPES[m.group()], text)
    return f'<script type="application/ld+json" {MARKER}>\n{text}\n</script>'


# --- the document embedded -----------------------------------------------------------------------

class NotArticleJsonLd(ValueError):
    """The `--jsonld` file is no article's JSON-LD: embedding it would put junk in the page's head."""


_TYPE_KEYS = ("@type",)
_SCHEMA_ALIAS_TYPE_KEYS = ("@type", "type")
"""schema.org's own context aliases `type` to `@type`; a context that is only an object may not."""

SCHEMA_VOCABULARIES = ("http://schema.org/", "https://schema.org/")
"""What an `@vocab` or a prefix in an object context must be, exactly, to mean schema.org: without the final
slash, `"@vocab": "https://schema.org"` makes `NewsArticle` the IRI https://schema.orgNewsArticle."""


def read_document(text: str) -> dict[str, Any]:
    """The JSON-LD document in `text`, if it is an article's: one JSON object with a schema.org `@context` and
    a kind of article (`kinds.ARTICLE_KINDS`) as the `@type` of its top node or of a node of its `@graph`.

    Raises NotArticleJsonLd otherwise (malformed JSON, NaN or Infinity, nesting past `MAX_JSON_DEPTH`, a list,
    a string, another vocabulary or none, no type, a type that is no article), so that embed never writes what
    search engines could not read as an article in schema.org."""
    from .sources.jsonld import MAX_JSON_DEPTH, json_problem

    try:
        document = json.loads(text, parse_constant=_no_constant)
    except RecursionError:  # json's own recursion limit, far past ours
        raise NotArticleJsonLd(f"not JSON-LD: nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, NaN and the like, a number past Python's digit limit
        raise NotArticleJsonLd(f"not JSON: {exc}") from None
    if problem := json_problem(document, MAX_JSON_DEPTH):  # the walks below, and embedding, recurse
        raise NotArticleJsonLd(f"not JSON-LD: {problem}")
    if not isinstance(document, dict):
        raise NotArticleJsonLd(f"not a JSON-LD document: a JSON {_json_kind(document)}, not one object")
    context = document.get("@context")
    if not _names_schema_org(context):
        raise NotArticleJsonLd("no schema.org @context (a string, list or object naming http(s)://schema.org, "
                               "an @vocab exactly http(s)://schema.org/): not schema.org JSON-LD")
    keys = _SCHEMA_ALIAS_TYPE_KEYS if _has_schema_context_address(context) else _TYPE_KEYS
    graph = document.get("@graph", [])
    nodes = [document, *(graph if isinstance(graph, list) else [graph])]
    names = [name for node in nodes for name in _type_names(node, keys)]
    if not names:
        raise NotArticleJsonLd("no @type on its top node or in its @graph: not an article's JSON-LD")
    prefixes = _schema_prefixes(context)
    if not any(_article_kind(name, prefixes) for name in names):
        shown = ", ".join(dict.fromkeys(names))
        raise NotArticleJsonLd(f"@type {shown} is no article: its top node or a node of its @graph needs a kind "
                               f"of Article (NewsArticle, Article, BlogPosting, ...){_near_kind(names)}")
    return document


def _no_constant(name: str) -> Any:
    """json.loads takes NaN, Infinity and -Infinity, which no JSON parser in a browser or search engine does."""
    raise ValueError(f"{name} is no JSON value")


def _json_kind(value: Any) -> str:
    kinds = {list: "list", dict: "object", str: "string", bool: "boolean", int: "number", float: "number",
             type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _names_schema_org(context: Any) -> bool:
    """A context naming schema.org: its address (either scheme), a list holding one, or an object whose
    `@vocab` or a prefix is exactly schema.org's vocabulary (`"@vocab": "https://schema.org/"`,
    `"schema": "http://schema.org/"`), or that `@import`s schema.org's context."""
    from .serialize import is_schema_context

    if isinstance(context, list):
        return any(_names_schema_org(item) for item in context)
    if isinstance(context, dict):
        return bool(_schema_prefixes(context)) or is_schema_context(context.get("@import"))
    return is_schema_context(context)


def _schema_prefixes(context: Any) -> set[str]:
    """The terms of the object contexts in `context` that are exactly schema.org's vocabulary (`@vocab` too)."""
    items = context if isinstance(context, list) else [context]
    return {key for item in items if isinstance(item, dict)
            for key, value in item.items() if isinstance(value, str) and value.strip() in SCHEMA_VOCABULARIES}


def _has_schema_context_address(context: Any) -> bool:
    from .serialize import is_schema_context

    return any(is_schema_context(item) for item in (context if isinstance(context, list) else [context]))


def _type_names(node: Any, keys: tuple[str, ...]) -> list[str]:
    """A node's types: a non-empty string, or a list of them. A type that is no name (an object, a number) is
    refused: it is no JSON-LD a search engine reads."""
    if not isinstance(node, dict):
        return []
    names = []
    for key in keys:
        if key not in node:
            continue
        kinds = node[key]
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if not isinstance(kind, str):
                raise NotArticleJsonLd(f"its {key} is a JSON {_json_kind(kind)}, not a type's name: "
                                       "not an article's JSON-LD")
            if kind.strip():
                names.append(kind.strip())
    return names


def _article_kind(name: str, prefixes: set[str]) -> bool:
    """Whether a type names a kind of article: as a term (`NewsArticle`), schema.org's IRI for it, or a
    compact IRI whose prefix the context makes schema.org (`schema:NewsArticle`)."""
    from .kinds import ARTICLE_KINDS

    for vocabulary in SCHEMA_VOCABULARIES:
        if name.startswith(vocabulary):
            return name[len(vocabulary):] in ARTICLE_KINDS
    prefix, colon, local = name.partition(":")
    if colon:
        return prefix in prefixes - {"@vocab"} and local in ARTICLE_KINDS
    return name in ARTICLE_KINDS


def _near_kind(names: list[str]) -> str:
    """"; did you mean NewsArticle?" for a misspelt kind of article."""
    from .errors import did_you_mean
    from .kinds import ARTICLE_KINDS

    return next((hint for name in names if (hint := did_you_mean(name.rpartition(":")[2], ARTICLE_KINDS, 0.8))), "")


# --- embedding into an existing page ------------------------------------------------------------

_UTF8_BOM = codecs.BOM_UTF8
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NOT_ASCII_COMPATIBLE = ("utf-7", "iso-2022-jp", "iso-2022-kr", "iso-2022-cn", "hz-gb-2312")
"""Declared encodings in which `<` bytes may be part of other characters: tags cannot be found as bytes."""

_RAW_TEXT = {b"script", b"style", b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes", b"noscript"}
_TAG_NAME = re.compile(rb"[A-Za-z][^\t\n\f\r />]*")
_SPACE = b" \t\n\f\r"
_SCRIPT_TOKENS = re.compile(rb"<!--(?!-*>)|-->|<(/?)script(?=[\t\n\f\r />])", re.I)
_PRESCAN_BYTES = 1024
"""Browsers look for `<meta charset>` in the first 1024 bytes only: insertions must not push it further."""


@dataclass
class _Tag:
    name: bytes  # lowercased
    end_tag: bool
    start: int  # offset of "<"
    end: int  # offset after ">"
    attrs: dict[bytes, bytes] = field(default_factory=dict)
    element_end: int | None = None  # raw-text elements: offset after their end tag; None if they have none


def _tags(page: bytes) -> list[_Tag]:
    """Start and end tags as an HTML parser sees them: comments, doctypes and raw text skipped."""
    tags: list[_Tag] = []
    i, n = 0, len(page)
    while True:
        i = page.find(b"<", i)
        if i < 0 or i + 1 >= n:
            return tags
        nxt = page[i + 1:i + 2]
        if page.startswith(b"<!--", i):
            close = page.find(b"-->", i + 2)  # "<!-->" is a whole (empty) comment
            if close < 0:
                return tags
            i = close + 3
        elif nxt in (b"!", b"?") or (nxt == b"/" and not page[i + 2:i + 3].isalpha()):
            close = page.find(b">", i + 1)  # doctype, bogus comment
            if close < 0:
                return tags
            if page[i:i + 9].lower() == b"<!doctype":
                tags.append(_Tag(b"!doctype", False, i, close + 1))
            i = close + 1
        elif nxt == b"/" or nxt.isalpha():
            end_tag = nxt == b"/"
            match = _TAG_NAME.match(page, i + 1 + end_tag)
            assert match is not None
            tag = _Tag(match.group().lower(), end_tag, i, n)
            tag.end = _attributes(page, match.end(), tag.attrs)
            tags.append(tag)
            i = tag.end
            if not end_tag and tag.name in _RAW_TEXT:
                tag.element_end = _raw_text_end(page, i, tag.name)
                if tag.element_end is None:  # its text runs to the end of the page
                    return tags
                i = tag.element_end
            elif not end_tag and tag.name == b"plaintext":
                return tags
        else:
            i += 1


def _attributes(page: bytes, i: int, attrs: dict[bytes, bytes]) -> int:
    """Read a tag's attributes into `attrs` (first one wins, as in browsers); the offset after its `>`."""
    n = len(page)
    while i < n:
        while i < n and page[i] in _SPACE or page[i:i + 1] == b"/":
            i += 1
        if i >= n:
            break
        if page[i:i + 1] == b">":
            return i + 1
        start = i
        i += 1  # a name may start with "="
        while i < n and page[i] not in _SPACE and page[i:i + 1] not in (b"/", b">", b"="):
            i += 1
        name = page[start:i].lower()
        while i < n and page[i] in _SPACE:
            i += 1
        value = b""
        if page[i:i + 1] == b"=":
            i += 1
            while i < n and page[i] in _SPACE:
                i += 1
            quote_char = page[i:i + 1]
            if quote_char in (b'"', b"'"):
                close = page.find(quote_char, i + 1)
                close = n if close < 0 else close
                value, i = page[i + 1:close], close + 1
            else:
                start = i
                while i < n and page[i] not in _SPACE and page[i:i + 1] != b">":
                    i += 1
                value = page[start:i]
        attrs.setdefault(name, value)
    return n


def _raw_text_end(page: bytes, i: int, name: bytes) -> int | None:
    """The offset after the end tag that closes a raw-text element whose content starts at `i`; None if no end tag
    does."""
    if name == b"script":
        end = _script_end(page, i)
    else:
        match = re.compile(rb"</" + name + rb"(?=[\t\n\f\r />])", re.I).search(page, i)
        end = match.start() if match else None
    if end is None:
        return None
    close = page.find(b">", end)
    return len(page) if close < 0 else close + 1


def _script_end(page: bytes, i: int) -> int | None:
    """Where `</script` ends script data, following HTML's escaped and double-escaped states."""
    state = "data"
    for match in _SCRIPT_TOKENS.finditer(page, i):
        token = match.group().lower()
        if token == b"<!--":
            state = "escaped" if state == "data" else state
        elif token == b"-->":
            state = "data"
        elif match.group(1):  # </script
            if state == "double":
                state = "escaped"
            else:
                return match.start()
        elif state == "escaped":  # <script
            state = "double"
    return None


def _is_newsld_block(tag: _Tag) -> bool:
    return (tag.name == b"script" and not tag.end_tag and MARKER.encode() in tag.attrs
            and tag.attrs.get(b"type", b"").strip().lower() == b"application/ld+json")


_META_CHARSET = re.compile(rb"charset\s*=\s*[\"']?\s*([^\s\"';]+)", re.I)


def _declared_charset(tag: _Tag) -> str | None:
    """The encoding a `<meta charset>` or `<meta http-equiv="content-type">` declares, if this is one."""
    if tag.name != b"meta" or tag.end_tag:
        return None
    if b"charset" in tag.attrs:
        value = tag.attrs[b"charset"].strip()
    elif tag.attrs.get(b"http-equiv", b"").strip().lower() == b"content-type":
        match = _META_CHARSET.search(tag.attrs.get(b"content", b""))
        value = match.group(1) if match else b""
    else:
        return None
    return value.decode("ascii", "replace").lower() or None


def _check_ascii_compatible(page: bytes) -> None:
    if page.startswith(_WIDE_BOMS) or b"\x00" in page[:_PRESCAN_BYTES]:
        raise ValueError("page is UTF-16 or UTF-32 (byte order mark or NUL bytes): "
                         "embed works on ASCII-compatible encodings only; re-encode the page as UTF-8 first")


def embed(page: bytes, document: dict[str, Any]) -> bytes:
    """`page` with `document` in a `data-newsld` JSON-LD block in its head; every other byte unchanged.

    An existing `data-newsld` block is replaced in place; otherwise the block
    goes before `</head>`, else after `<head>`, else in a new head after
    `<html>`, else at the start (after any byte order mark and doctype).  It
    never moves the page's `<meta charset>` out of the first 1024 bytes.
    Non-ASCII characters are written as JSON escapes unless the page is known
    to be UTF-8 (a BOM or a meta charset), so the block reads the same in
    whatever ASCII-compatible encoding the browser decodes the page.
    Raises ValueError for UTF-16/UTF-32 pages and other encodings in which
    tags cannot be found as bytes, and for a `data-newsld` block without its
    end tag (all the rest of the page is its text).
    """
    _check_ascii_compatible(page)
    tags = _tags(page)
    charset_meta = next((t for t in tags if t.start < _PRESCAN_BYTES and _declared_charset(t)), None)
    charset = _declared_charset(charset_meta) if charset_meta else None
    if charset and any(charset.startswith(name) for name in _NOT_ASCII_COMPATIBLE):
        raise ValueError(f"page declares {charset}, which is not ASCII-compatible: "
                         "embed cannot find its tags as bytes; re-encode the page as UTF-8 first")
    utf8 = page.startswith(_UTF8_BOM) or charset in ("utf-8", "utf8", "unicode-1-1-utf-8")
    block = script_element(document, ascii_only=not utf8).encode("utf-8" if utf8 else "ascii")
    newline = b"\r\n" if b"\r\n" in page[:_PRESCAN_BYTES] else b"\n"

    owned = [t for t in tags if _is_newsld_block(t)]
    if len(owned) > 1:
        raise ValueError(f"page has {len(owned)} {MARKER} blocks; expected at most one")
    if owned:
        if owned[0].element_end is None:
            raise ValueError(f"its {MARKER} block has no </script>: replacing it would drop the rest of the page; "
                             "close the element first")
        return page[:owned[0].start] + block + page[owned[0].element_end:]

    position, insert = _insertion(page, tags, block, newline)
    if charset_meta is not None and position < charset_meta.end:
        # keep the encoding declaration where browsers look for it; it is in the (implicit) head
        position, insert = charset_meta.end, newline + block
    return page[:position] + insert + page[position:]


def foreign_articles(page: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the page's own JSON-LD blocks (not newsld's) that describe an Article of any kind: with
    newsld's block beside them, search engines would read two articles for one page."""
    from .sources.html import ARTICLE_TYPES
    from .sources.jsonld import JsonProblem, parse_json

    ranges = []
    for tag in _tags(page):
        if tag.name != b"script" or tag.end_tag or tag.element_end is None or _is_newsld_block(tag):
            continue
        if tag.attrs.get(b"type", b"").strip().lower() != b"application/ld+json":
            continue
        text = page[tag.end:page.rfind(b"</", tag.end, tag.element_end)].decode("utf-8", "replace")
        try:
            data, _ = parse_json(text)
        except JsonProblem:
            continue
        if _kinds(data) & ARTICLE_TYPES:
            ranges.append((tag.start, tag.element_end))
    return ranges


def unmatched_selectors(page: bytes, document: dict[str, Any]) -> list[str]:
    """The class selectors of the document's paywalled parts that match no element of the page."""
    import lxml.html
    from lxml.cssselect import CSSSelector

    parts = document.get("hasPart", [])
    selectors = [p.get("cssSelector") for p in (parts if isinstance(parts, list) else [parts])
                 if isinstance(p, dict) and isinstance(p.get("cssSelector"), str)]
    if not selectors:
        return []
    tree = lxml.html.document_fromstring(page)
    return [s for s in selectors if not CSSSelector(s)(tree)]


def without_ranges(page: bytes, ranges: list[tuple[int, int]]) -> bytes:
    """The page with those byte ranges cut out."""
    for start, end in sorted(ranges, reverse=True):
        page = page[:start] + page[end:]
    return page


def _kinds(data: Any) -> set[str]:
    """Every @type named in a JSON-LD document, its @graph included."""
    if isinstance(data, list):
        return set().union(*(_kinds(item) for item in data)) if data else set()
    if not isinstance(data, dict):
        return set()
    kinds = data.get("@type", [])
    found = {k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}
    return found | _kinds(data.get("@graph", []))


def _insertion(page: bytes, tags: list[_Tag], block: bytes, newline: bytes) -> tuple[int, bytes]:
    """Where the block goes, and the bytes to insert there."""
    head_open = html_open = None
    for tag in tags:
        if tag.name == b"body" and not tag.end_tag:
            break  # a </head> past the body start is not the end of the head
        if tag.name == b"head":
            if tag.end_tag:
                return tag.start, block + newline
            head_open = head_open or tag
        elif tag.name == b"html" and not tag.end_tag:
            html_open = html_open or tag
    if head_open is not None:
        return head_open.end, block + newline
    if html_open is not None:
        return html_open.end, newline + b"<head>" + block + b"</head>" + newline
    if tags and tags[0].name == b"!doctype":
        return tags[0].end, newline + block
    return (len(_UTF8_BOM) if page.startswith(_UTF8_BOM) else 0), block + newline

