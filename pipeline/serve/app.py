"""The WSGI application of `newsld serve`: Werkzeug's routing, content negotiation and conditional requests.

| path | answer |
| --- | --- |
| `/article/{slug}`, `/article?iri=...` | the article, in the format `Accept` prefers (q-values; HTML for `*/*`), with `Vary`, `Content-Location` and `Link` to the others; 406 listing the types when none is acceptable |
| `/article/{slug}.ttl` (`.jsonld`, `.html`, `.nt`, `.nq`), `/article.ttl?iri=...` | that format |
| `/{person,organization,place,product,event}/{slug}` | 303 See Other to the describing document in the format `Accept` prefers |
| `/{category}/{slug}.html` (`.ttl`, `.jsonld`), `?page=N` | the entity's document, its articles newest first, `Link: rel="next"` |
| `/sparql` | SPARQL 1.1 Protocol, read-only (`sparql.py`) |
| `/sitemap.xml`, `/sitemap-N.xml`, `/news-sitemap.xml`, `/robots.txt` | sitemaps (`sitemaps.py`) |
| `/` | the newest articles |

Every document has an ETag and, where the data dates it, Last-Modified; a
matching `If-None-Match` or `If-Modified-Since` gets 304, HEAD the headers alone.
Nothing is read from disk but the store, so no path reaches a file; an error
inside becomes a plain 500 (its traceback goes to the log, never the response).
"""
from __future__ import annotations

import re
import sys
import traceback
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Hashable
from urllib.parse import quote

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, NotAcceptable, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ..formats import FORMATS
from ..pages import Listed, index_html
from . import sitemaps, sparql
from ..iri import as_iri
from ..store import StoreError
from ..store.reader import StoreBusy
from .documents import (ARTICLE_VARIANTS, CATEGORIES, ENTITY_VARIANTS, Document, EntityData, Site, article_document,
                        entity_data, entity_document)
from .source import Source

CACHE_SIZE = 4096
CACHE_BYTES = 256 << 20
"""Documents kept per process, and their bytes at most (by store state, so a publish makes them stale at once)."""
INDEX_SIZE = 50
MAX_BODY = 1 << 20
"""Bytes of a POSTed query at most (413 beyond)."""

_SUFFIX = {FORMATS[v].suffix: v for v in ARTICLE_VARIANTS}
_MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Options:
    site: Site
    publisher: str
    sparql_timeout: float = sparql.TIMEOUT
    sparql_limit: int = sparql.ROW_LIMIT
    sitemap_urls: int = sitemaps.MAX_URLS
    sparql_slots: sparql.SlotSpec | None = None  # shared by the workers: fewer queries at once than workers


class Documents:
    """A small LRU of made documents (and query answers); keys carry the store's state, or the graph itself for
    a remote store. Bounded by count and by the bytes of the documents kept."""

    def __init__(self, size: int = CACHE_SIZE, max_bytes: int = CACHE_BYTES) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._size, self._max_bytes, self._bytes = size, max_bytes, 0

    def peek(self, key: Hashable) -> Any:
        """The value kept under `key`, or None."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = make()
        self._bytes += _weight(value)
        while len(self._items) > self._size or (self._bytes > self._max_bytes and len(self._items) > 1):
            _, dropped = self._items.popitem(last=False)
            self._bytes -= _weight(dropped)
        return value


def _weight(value: Any) -> int:
    return len(value.body) if isinstance(value, Document) else 1024


class App:
    """`newsld serve`'s WSGI application over one source."""

    def __init__(self, source: Source, options: Options) -> None:
        self.source, self.options, self.site = source, options, options.site
        self.cache = Documents()
        self.slots = sparql.Slots(options.sparql_slots)
        self.urls = Map([
            Rule("/", endpoint="index"),
            Rule("/robots.txt", endpoint="robots"),
            Rule("/sitemap.xml", endpoint="sitemap"),
            Rule("/sitemap-<int:number>.xml", endpoint="sitemap_part"),
            Rule("/news-sitemap.xml", endpoint="news_sitemap"),
            Rule("/sparql", endpoint="sparql", methods=["GET", "HEAD", "POST"]),
            Rule("/article", endpoint="article_by_iri"),
            Rule("/article.<any(" + ",".join(s[1:] for s in _SUFFIX) + "):extension>", endpoint="article_by_iri"),
            Rule("/article/<path:slug>", endpoint="article"),
            Rule("/<any(" + ",".join(CATEGORIES) + "):category>/<path:slug>", endpoint="entity"),
        ], strict_slashes=False, merge_slashes=False, redirect_defaults=False)

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        request = Request(environ)
        request.max_content_length = MAX_BODY
        request.max_form_memory_size = MAX_BODY
        try:
            adapter = self.urls.bind_to_environ(environ)
            endpoint, values = adapter.match()
            if request.method not in ("GET", "HEAD") and endpoint != "sparql":
                response = Response("method not allowed\n", status=405, headers={"Allow": "GET, HEAD"})
            else:
                response = getattr(self, f"_{endpoint}")(request, **values)
        except HTTPException as exc:
            response = Response(f"{exc.code} {exc.name}\n{exc.description or ''}\n", status=exc.code,
                                content_type="text/plain; charset=utf-8")
        except StoreError as exc:  # busy with a publish, or a SPARQL server that does not answer: try later
            response = Response(f"503 Service Unavailable\n{exc}\n", status=503, headers={"Retry-After": "5"},
                                content_type="text/plain; charset=utf-8")
        except Exception:  # never a traceback in a response: one line and the trace to the log
            traceback.print_exc(file=sys.stderr)
            response = Response("500 Internal Server Error\n", status=500, content_type="text/plain; charset=utf-8")
        return response(environ, start_response)

    # ------------------------------------------------------------ articles

    def _article(self, request: Request, slug: str) -> Response:
        stem, suffix = _split_suffix(slug, _SUFFIX)
        return self._article_response(request, _as_iri(f"{self.site.base}article/{stem}"), suffix)

    def _article_by_iri(self, request: Request, extension: str = "") -> Response:
        iri = request.args.get("iri")
        if not iri:
            raise NotFound("name the article: /article?iri=...")
        return self._article_response(request, iri, f".{extension}" if extension else "")

    def _article_response(self, request: Request, iri: str, suffix: str) -> Response:
        if suffix:
            variant, negotiated = _SUFFIX[suffix], False
        else:
            variant, negotiated = _negotiate(request, ARTICLE_VARIANTS), True
        state = self.source.state()
        document = self.cache.peek((state, iri, variant)) if state is not None else None
        if document is None:  # not made since the store last changed: read the graph
            try:
                triples = self._graph(iri)
            except StoreBusy:  # a publish is writing: what was made before it began is still whole
                document = self.cache.peek((self.source.last_state(), iri, variant))
                if document is None:
                    raise
            else:
                if not triples:
                    raise NotFound(f"no article {iri}")
                key = (state or triples, iri, variant)
                document = self.cache.get(key, lambda: article_document(triples, iri, variant, self.site))
        response = _document_response(request, document)
        if negotiated:
            response.headers["Vary"] = "Accept"
            response.headers["Content-Location"] = self.site.article_path(iri, FORMATS[variant].suffix)
            response.headers["Link"] = ", ".join(
                f'<{self.site.article_path(iri, FORMATS[v].suffix)}>; rel="alternate"; type="{FORMATS[v].media_type}"'
                for v in ARTICLE_VARIANTS if v != variant)
        return response.make_conditional(request)

    def _graph(self, iri: str) -> frozenset:
        try:
            return self.source.graph(iri)
        except ValueError:  # no IRI at all (a NUL, a space): nothing by that name
            return frozenset()

    # ------------------------------------------------------------ entities

    def _entity(self, request: Request, category: str, slug: str) -> Response:
        suffixes = {FORMATS[v].suffix: v for v in ENTITY_VARIANTS}
        stem, suffix = _split_suffix(slug, suffixes)
        iri = _as_iri(self.site.iri(category, stem))
        page = _page(request)
        data = self._entity_data(iri, page)
        if data is None or (page > 1 and not data.articles):
            raise NotFound(f"nothing is known of {iri}" + (f" on page {page}" if data else ""))
        path = "/" + quote(f"{category}/{stem}", safe="/")
        if not suffix:  # the thing itself: not a document, so 303 to the one that describes it
            variant = _negotiate(request, ENTITY_VARIANTS)
            response = Response(status=303, headers={"Vary": "Accept"})
            response.headers["Location"] = request.script_root + self.site.page_path(path, FORMATS[variant].suffix, page)
            return response
        variant = suffixes[suffix]
        key = (data.state, iri, page, variant)
        make = lambda: entity_document(data, variant, self.site, path)  # noqa: E731
        document = self.cache.get(key, make) if key[0] is not None else make()
        response = _document_response(request, document)
        links = [f'<{self.site.page_path(path, FORMATS[v].suffix, page)}>; rel="alternate"; '
                 f'type="{FORMATS[v].media_type}"' for v in ENTITY_VARIANTS if v != variant]
        if data.more:
            links.append(f'<{self.site.page_path(path, suffix, page + 1)}>; rel="next"')
        if page > 1:
            links.append(f'<{self.site.page_path(path, suffix, page - 1)}>; rel="prev"')
        response.headers["Link"] = ", ".join(links)
        return response.make_conditional(request)

    def _entity_data(self, iri: str, page: int) -> EntityData | None:
        state = self.source.state()
        make = lambda: entity_data(self.source, iri, page, state)  # noqa: E731
        try:
            return self.cache.get((state, "data", iri, page), make) if state is not None else make()
        except ValueError:
            return None
        except StoreBusy:  # a publish is writing: answer from what was read before it began, if anything
            last = self.source.last_state()
            found = self.cache.peek((last, "data", iri, page))
            if found is None:
                raise
            return found

    # ------------------------------------------------------------ sitemaps and the rest

    def _entries(self) -> list[sitemaps.Entry]:
        state = self.source.state()
        make = lambda: sitemaps.entries(self.source, self.site)  # noqa: E731
        return self.cache.get((state, "entries"), make) if state is not None else make()

    def _sitemap_files(self) -> dict[str, bytes]:
        return sitemaps.sitemap_files(self._entries(), self.site, self.options.sitemap_urls)

    def _sitemap(self, request: Request) -> Response:
        return _xml(request, self._sitemap_files()["/sitemap.xml"])

    def _sitemap_part(self, request: Request, number: int) -> Response:
        files = self._sitemap_files()
        if f"/sitemap-{number}.xml" not in files:
            raise NotFound()
        return _xml(request, files[f"/sitemap-{number}.xml"])

    def _news_sitemap(self, request: Request) -> Response:
        return _xml(request, sitemaps.news_sitemap(self._entries(), self.options.publisher))

    def _robots(self, request: Request) -> Response:
        return Response(sitemaps.robots(self.site), content_type="text/plain; charset=utf-8")

    def _index(self, request: Request) -> Response:
        listed = [Listed(e.loc[len(self.site.base.rstrip("/")):], e.headline, e.published)
                  for e in self._entries()[:INDEX_SIZE]]
        body = index_html(self.options.publisher, listed, {}).encode("utf-8")
        return _document_response(request, Document(body, "text/html; charset=utf-8", _etag(body), None)) \
            .make_conditional(request)

    def _sparql(self, request: Request) -> Response:
        if request.method == "POST":
            kind = request.mimetype
            if kind == "application/sparql-update" or "update" in request.form:
                return _refusal(403, "this endpoint is read-only: SPARQL Update is refused")
            query = request.get_data(as_text=True) if kind == "application/sparql-query" else request.form.get("query")
        else:
            if "update" in request.args:
                return _refusal(403, "this endpoint is read-only: SPARQL Update is refused")
            query = request.args.get("query")
        if not query or not query.strip():
            return _refusal(400, "no query: send ?query=... (GET), a form field query, or an application/sparql-query body")
        accept = [t for t in sparql.ACCEPTED if best_type(request, [t])]
        if not accept:
            return _refusal(406, "acceptable types: " + ", ".join(sparql.ACCEPTED))
        accept.sort(key=lambda t: -max((q for v, q in request.accept_mimetypes if v.split(";")[0].strip() == t),
                                       default=0))
        with self.slots.taken() as slot:
            if not slot:
                response = _refusal(503, "every query slot is busy; try again")
                response.headers["Retry-After"] = "5"
                return response
            try:
                result = sparql.answer(self.source, query, accept, self.options.sparql_timeout,
                                       self.options.sparql_limit)
            except sparql.Refused as refused:
                return _refusal(refused.status, str(refused))
        response = Response(result.body, content_type=result.media_type, headers={"Vary": "Accept"})
        if result.truncated:
            response.headers["Newsld-Truncated"] = "true"
        return response


def _as_iri(text: str) -> str:
    """The IRI a request's (decoded) path names: what an IRI cannot hold percent-encoded again, as the writer
    minted it ("custom id" -> "custom%20id"; "北京" stays)."""
    return as_iri(text) or text


def _split_suffix(slug: str, suffixes: dict[str, str]) -> tuple[str, str]:
    for suffix in suffixes:
        if slug.endswith(suffix) and len(slug) > len(suffix):
            return slug[:-len(suffix)], suffix
    return slug, ""


ALIASES = {"application/json": "application/ld+json"}
"""Types a client may name for a variant: JSON-LD is JSON."""


def _negotiate(request: Request, variants: tuple[str, ...]) -> str:
    """The variant `Accept` prefers (q-values; ties go to the first listed, HTML); 406 when none is acceptable.
    Parameters of a type ("text/turtle; charset=utf-8") do not keep it from matching."""
    types = [FORMATS[v].media_type for v in variants]
    best = best_type(request, types + [a for a, t in ALIASES.items() if t in types])
    if best is None:
        raise NotAcceptable("acceptable types: " + ", ".join(types))
    return variants[types.index(ALIASES.get(best, best))]


def best_type(request: Request, offered: list[str]) -> str | None:
    """The offered type the client prefers, by q-value (the first offered on a tie and without `Accept`)."""
    if not request.headers.get("Accept", "").strip():
        return offered[0]
    accept = MIMEAccept([(value.split(";", 1)[0].strip(), quality) for value, quality in request.accept_mimetypes])
    return accept.best_match(offered)


def _page(request: Request) -> int:
    value = request.args.get("page", "1")
    if not re.fullmatch(r"[1-9]\d{0,6}", value) or int(value) > _MAX_PAGE:
        raise NotFound("pages are numbered 1, 2, ...")
    return int(value)


def _document_response(request: Request, document: Document) -> Response:
    response = Response(document.body, content_type=document.media_type)
    response.headers["ETag"] = document.etag
    if document.last_modified:  # a story dated ahead is not modified in the future
        response.last_modified = min(document.last_modified, datetime.now(timezone.utc))
    return response


def _etag(body: bytes) -> str:
    import hashlib

    return f'"{hashlib.sha256(body).hexdigest()[:20]}"'


def _xml(request: Request, body: bytes) -> Response:
    return _document_response(request, Document(body, "application/xml; charset=utf-8", _etag(body), None)) \
        .make_conditional(request)


def _refusal(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")
