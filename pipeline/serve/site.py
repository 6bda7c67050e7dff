"""`newsld site`: the documents `newsld serve` gives, written as static files, with the configuration a
static host needs to negotiate (Apache's `.htaccess`, an nginx snippet).

Every article and entity becomes `{path}.html`, `.ttl` and `.jsonld` (an entity's
later pages `{path}/page-N.html` ...), beside the sitemaps, `robots.txt` and an
`index.html` of the newest articles. A file is written (atomically) only when its
bytes change, and files an earlier run wrote that the site no longer has are
removed (`.newsld-site.json` lists what newsld wrote; nothing else is touched).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote

from pyoxigraph import Literal as OxLiteral

from ..pages import Listed, index_html
from ..writer import atomic_file
from . import sitemaps
from .documents import (CATEGORIES, ENTITY_VARIANTS, Site, article_document, entity_data, entity_document, suffix)
from .source import Source

SITE_MANIFEST = ".newsld-site.json"
FILE_VARIANTS = ("html", "turtle", "jsonld")

_ARTICLES = """PREFIX schema: <http://schema.org/>
SELECT ?article (SAMPLE(?id) AS ?slug) WHERE { GRAPH ?article { ?article schema:identifier ?id FILTER(isLiteral(?id)) } }
GROUP BY ?article"""
_ENTITIES = """SELECT DISTINCT ?entity WHERE { GRAPH ?g { ?entity a ?type } FILTER(STRSTARTS(STR(?entity), BASE)) }"""

MEDIA = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}

HTACCESS = """# newsld site: content negotiation on Apache 2.4 (mod_rewrite, mod_headers, mod_mime).
# mod_rewrite cannot weigh q-values: a request naming Turtle or JSON-LD gets it, anything else HTML.
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddCharset utf-8 .html .ttl .jsonld
Options -MultiViews
RewriteEngine On
# Articles: the document itself, in the format asked for.
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^(article/[^/.]+)$ $1.ttl [L,E=vary:1]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^(article/[^/.]+)$ $1.jsonld [L,E=vary:1]
RewriteRule ^(article/[^/.]+)$ $1.html [L,E=vary:1]
# People, organisations, places, products, events are not documents: 303 See Other to the one describing them.
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^((?:CATEGORIES)/[^/.]+)$ /$1.ttl [R=303,L,E=vary:1]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^((?:CATEGORIES)/[^/.]+)$ /$1.jsonld [R=303,L,E=vary:1]
RewriteRule ^((?:CATEGORIES)/[^/.]+)$ /$1.html [R=303,L,E=vary:1]
Header always append Vary Accept env=REDIRECT_vary
Header always append Vary Accept env=vary
"""

NGINX = """# newsld site: content negotiation on nginx. Put the map in the http block and the rest in the server block
# whose root is this directory.
map $http_accept $newsld_suffix {
    default                    .html;
    "~*text/turtle"            .ttl;
    "~*application/ld\\+json"   .jsonld;
}

# --- server block ---
types {
    text/html            html;
    text/turtle          ttl;
    application/ld+json  jsonld;
    application/xml      xml;
    text/plain           txt;
}
charset utf-8;
charset_types text/turtle application/ld+json;
location ~ ^/article/[^/.]+$ {
    add_header Vary Accept;
    try_files $uri$newsld_suffix =404;
}
location ~ ^/(?:CATEGORIES)/[^/.]+$ {
    add_header Vary Accept;
    return 303 $uri$newsld_suffix;
}
"""


@dataclass
class SiteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # names that would leave the site or clobber a file


def static_site(source: Source, base: str) -> Site:
    """The site's paths: articles not under the base go at `/article/{their identifier}`."""
    rows = source.select(_ARTICLES).rows
    return Site(base, static=True, elsewhere=tuple(sorted((a.value, s.value) for a, s in rows if s is not None)))


def files(source: Source, site: Site, publisher: str) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, by its path relative to the site's root."""
    for article, slug in sorted(source.select(_ARTICLES).rows, key=lambda row: row[0].value):
        triples = source.graph(article.value)
        for variant in FILE_VARIANTS:
            path = site.article_path(article.value, suffix(variant))
            yield unquote(path.lstrip("/")), article_document(triples, article.value, variant, site).body
    entities = source.select(_ENTITIES.replace("BASE", str(OxLiteral(site.base)))).rows
    for (entity,) in sorted(entities, key=lambda row: row[0].value):
        category, _, slug = entity.value[len(site.base):].partition("/")
        if category not in CATEGORIES or not _safe_name(slug):
            continue
        path = f"/{category}/{slug}"
        page, more = 1, True
        while more:
            data = entity_data(source, entity.value, page)
            if data is None:
                break
            for variant in ENTITY_VARIANTS:
                yield site.page_path(path, suffix(variant), page).lstrip("/"), \
                    entity_document(data, variant, site, path).body
            page, more = page + 1, data.more
    entries = sitemaps.entries(source, site)
    for path, body in sitemaps.sitemap_files(entries, site).items():
        yield path.lstrip("/"), body
    yield "news-sitemap.xml", sitemaps.news_sitemap(entries, publisher)
    yield "robots.txt", sitemaps.robots(site)
    listed = [Listed(e.loc[len(site.base.rstrip("/")):], e.headline, e.published) for e in entries[:50]]
    yield "index.html", index_html(publisher, listed, {}).encode("utf-8")
    categories = "|".join(CATEGORIES)
    yield ".htaccess", HTACCESS.replace("CATEGORIES", categories).encode()
    yield "nginx-newsld.conf", NGINX.replace("CATEGORIES", categories).encode()


def _safe_name(slug: str) -> bool:
    """A slug that is one file name: no separator, no dot-only name, no NUL."""
    return bool(slug) and "/" not in slug and "\\" not in slug and "\x00" not in slug and slug.strip(".") != ""


def write_site(source: Source, base: str, to: Path, publisher: str) -> SiteReport:
    """Write the site into `to`, touching only files whose bytes changed, and remove those it no longer has."""
    site = static_site(source, base)
    report = SiteReport()
    root = to.resolve()
    kept: set[str] = set()
    written: set[Path] = set()
    for relative, body in files(source, site, publisher):
        target = (root / relative).resolve()
        parts = Path(relative).parts
        if root not in target.parents or ".." in parts or "." in parts or target in written:
            report.skipped.append(relative)  # a name that leaves the site, or lands on another's file
            continue
        if any(parent.is_symlink() for parent in [root / Path(*parts[:n]) for n in range(1, len(parts))]):
            report.skipped.append(relative)  # through a link the site does not own
            continue
        written.add(target)
        kept.add(relative)
        if target.is_file() and target.read_bytes() == body:
            report.unchanged += 1
            continue
        with atomic_file(target, binary=True) as handle:
            handle.write(body)
        report.written.append(relative)
    manifest = root / SITE_MANIFEST
    earlier = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    for relative in sorted(earlier - kept):
        target = (root / relative).resolve()
        if root in target.parents and target.is_file() and target not in written:
            target.unlink()
            report.removed.append(relative)
    with atomic_file(manifest) as handle:
        json.dump(sorted(kept), handle, ensure_ascii=False, indent=0)
    return report
