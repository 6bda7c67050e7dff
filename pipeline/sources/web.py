"""Fetching pages and feeds: http(s) only (after redirects too), timeouts, a size limit, a bounded number of
redirects, a User-Agent that names newsld, the charset from the headers."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

from .. import __version__
from ..errors import InputError
from ..iri import slugify

MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUTS = (5, 20)  # connect, read (seconds)
USER_AGENT = f"newsld/{__version__} (+https://pypi.org/project/newsld/)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str  # "text/html", without parameters
    charset: str | None


def is_url(argument: str) -> bool:
    return "://" in argument.split("/", 1)[0] + "/" or argument.startswith(("http:", "https:"))


def url_slug(url: str) -> str:
    """Host and path as a slug; long ones keep a short hash so two long URLs never share a slug."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken host ("http://[::1"): the whole text, and the hash to tell it apart
        return f"{slugify(url)[:70].rstrip('-')}-{digest}"
    slug = slugify(f"{parts.hostname or ''}{parts.path}{'-' + parts.query if parts.query else ''}")
    if len(slug) > 80:
        slug = f"{slug[:70].rstrip('-')}-{digest}"
    return slug


def fetch(url: str, max_bytes: int = MAX_PAGE_BYTES, session: requests.Session | None = None) -> Fetched:
    session = session or requests.Session()
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        _check_scheme(current, url)
        try:
            response = session.get(current, timeout=TIMEOUTS, stream=True, allow_redirects=False,
                                   headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, "
                                            "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"})
        except requests.Timeout:
            raise InputError(url, f"no answer within {TIMEOUTS[1]} s") from None
        except requests.RequestException as exc:
            raise InputError(url, f"cannot fetch: {type(exc).__name__}") from None
        with response:
            if response.is_redirect:
                current = urljoin(current, response.headers.get("Location", ""))
                continue
            if response.status_code >= 400:
                raise InputError(url, f"the server answered {response.status_code} {response.reason}")
            return Fetched(current, _read_limited(response, url, max_bytes), *_content_type(response))
    raise InputError(url, f"more than {MAX_REDIRECTS} redirects")


def _check_scheme(current: str, original: str) -> None:
    if urlsplit(current).scheme not in ("http", "https"):
        where = "" if current == original else f" (redirected to {current})"
        raise InputError(original, f"only http and https URLs are fetched{where}")


def _read_limited(response: requests.Response, url: str, max_bytes: int) -> bytes:
    try:
        declared = int(response.headers.get("Content-Length", ""))
    except ValueError:  # absent, or no number Python reads ("²", thousands of digits): the stream is counted anyway
        declared = 0
    if declared > max_bytes:
        raise InputError(url, f"page is {declared:,} bytes, larger than the {max_bytes:,}-byte limit")
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise InputError(url, f"page is larger than the {max_bytes:,}-byte limit")
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise InputError(url, f"connection broke while reading: {type(exc).__name__}") from None
    return b"".join(chunks)


def _content_type(response: requests.Response) -> tuple[str, str | None]:
    header = response.headers.get("Content-Type", "")
    kind = header.split(";")[0].strip().lower()
    charset = None
    for part in header.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return kind, charset
