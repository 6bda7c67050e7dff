"""Fetching pages and feeds: http(s) only (after redirects too), public addresses only unless allowed, one
deadline for the whole fetch, timeouts, a size limit, a bounded number of redirects, a User-Agent that names
newsld, the charset from the headers.

The address rule is applied to the socket's peer right after each TCP connect, before TLS or a byte of the
request: what is checked is what is reached, whatever DNS answered a moment before (no rebinding) and after
every redirect. Settings from the environment (proxies, CA bundle, .netrc) are not used: behind a proxy the
address reached is the proxy's, and the one the proxy reaches cannot be seen from here."""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection

from .. import __version__
from ..config import Limits
from ..errors import InputError
from ..iri import cut_slug, file_slug, slugify

MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUTS = (5, 20)  # connect, read (seconds), each within the fetch's deadline
USER_AGENT = f"newsld/{__version__} (+https://pypi.org/project/newsld/)"

Address = IPv4Address | IPv6Address
Allow = Callable[[Address], bool]
"""Which peer addresses a fetch may talk to."""


def public_only(address: Address) -> bool:
    """The default: the public internet only, so that a page, a redirect or a feed entry cannot make newsld
    read a service of its own machine or network (loopback, private, shared, link-local such as cloud metadata
    at 169.254.169.254, multicast, unspecified, reserved). An IPv4 address written as IPv6 (::ffff:127.0.0.1)
    is judged as the IPv4 address it is."""
    address = getattr(address, "ipv4_mapped", None) or address
    return address.is_global and not (address.is_multicast or address.is_reserved)


def any_address(address: Address) -> bool:
    """`--allow-private-addresses`: intranet use, where the pages live on private addresses."""
    return True


def allowing(private: bool) -> Allow:
    """The rule `--allow-private-addresses` chooses."""
    return any_address if private else public_only


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str  # "text/html", without parameters
    charset: str | None


def is_url(argument: str) -> bool:
    return "://" in argument.split("/", 1)[0] + "/" or argument.startswith(("http:", "https:"))


URL_SLUG_BYTES = 80
"""URLs are long: their slugs are cut sooner than file names must be."""


def url_slug(url: str) -> str:
    """Host and path as a slug; long ones keep a short hash of the URL so two long URLs never share a slug."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken host ("http://[::1"): the whole text, and the hash to tell it apart
        return cut_slug(slugify(url), URL_SLUG_BYTES, url)
    text = f"{parts.hostname or ''}{parts.path}{'-' + parts.query if parts.query else ''}"
    return file_slug(text, URL_SLUG_BYTES, url)


def fetch(url: str, max_bytes: int = MAX_PAGE_BYTES, seconds: float = Limits.fetch_seconds,
          allow: Allow = public_only) -> Fetched:
    """`url`'s answer after redirects, within `max_bytes` and `seconds` in all, from addresses `allow` accepts;
    anything else is an InputError that says why."""
    with _Guard(allow, seconds) as guard, _session(guard) as session:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(current, url)
            with _get(session, current, url, guard) as response:
                if response.is_redirect:
                    current = urljoin(current, response.headers.get("Location", ""))
                    continue
                if response.status_code >= 400:
                    raise InputError(url, f"the server answered {response.status_code} {response.reason}")
                content = _read_limited(response, url, max_bytes, guard)
                return Fetched(current, content, *_content_type(response))
    raise InputError(url, f"more than {MAX_REDIRECTS} redirects")


def _get(session: requests.Session, current: str, original: str, guard: _Guard) -> requests.Response:
    """The answer's headers for one request; its body is read by the caller (`stream`)."""
    guard.check_time(original)
    where = "" if current == original else f" (redirected to {current})"
    try:
        return session.get(current, timeout=guard.timeouts(), stream=True, allow_redirects=False,
                           headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, "
                                    "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"})
    except _Refused as exc:
        raise InputError(original, f"{exc.address} is not a public address{where}: not fetched "
                                   "(--allow-private-addresses allows it)") from None
    except requests.RequestException as exc:
        guard.check_time(original)
        if isinstance(exc, requests.Timeout):
            raise InputError(original, f"no answer within {TIMEOUTS[1]} s{where}") from None
        raise InputError(original, f"cannot fetch: {type(exc).__name__}{where}") from None


def _check_scheme(current: str, original: str) -> None:
    if urlsplit(current).scheme not in ("http", "https"):
        where = "" if current == original else f" (redirected to {current})"
        raise InputError(original, f"only http and https URLs are fetched{where}")


def _read_limited(response: requests.Response, url: str, max_bytes: int, guard: _Guard) -> bytes:
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
        guard.check_time(url)
        raise InputError(url, f"connection broke while reading: {type(exc).__name__}") from None
    guard.check_time(url)  # a body that ends with the connection ends early when the deadline cuts it
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


class _Refused(Exception):
    """A connection reached an address the fetch may not talk to (raised before anything is sent)."""

    def __init__(self, address: Address) -> None:
        super().__init__(str(address))
        self.address = address


class _Guard:
    """One fetch's rules for every connection it opens: the addresses it may reach, and its deadline.

    Socket time-outs bound each read, not their sum: a server that sends a byte every few seconds keeps a read
    going for ever. So a timer shuts the fetch's sockets down when the deadline passes, which ends whatever
    read is waiting (headers, TLS, body); the fetch then says the deadline passed."""

    def __init__(self, allow: Allow, seconds: float) -> None:
        self.allow = allow
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self._watched: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> _Guard:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._timer.cancel()
        with self._lock:  # a _cut under way ends before the copies are closed
            for sock in self._watched:
                sock.close()
            self._watched.clear()

    def admit(self, sock: socket.socket) -> socket.socket:
        """`sock`, just connected, if its peer is allowed; watched until the fetch ends."""
        address = ip_address(sock.getpeername()[0])
        if not self.allow(address):
            sock.close()
            raise _Refused(address)
        with self._lock:
            self._watched.append(sock.dup())  # the same connection, still reachable once TLS has taken `sock` over
        return sock

    def timeouts(self) -> tuple[float, float]:
        """Connect and read time-outs, neither past the deadline."""
        left = self.deadline - time.monotonic()
        return min(TIMEOUTS[0], left), min(TIMEOUTS[1], left)

    def check_time(self, url: str) -> None:
        if time.monotonic() >= self.deadline:
            raise InputError(url, f"not fetched within {self.seconds:g} s ([limits] fetch_seconds)")

    def _cut(self) -> None:
        with self._lock:
            for sock in self._watched:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:  # closed already by the other side
                    pass


class _GuardedConnection:
    """A urllib3 connection that shows each new socket to its fetch's guard before using it."""

    def __init__(self, *args: Any, guard: _Guard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard

    def _new_conn(self) -> socket.socket:
        """urllib3's one place where both plain and TLS connections get their TCP socket, before anything is sent."""
        return self.guard.admit(super()._new_conn())


class _GuardedHTTPConnection(_GuardedConnection, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedPoolManager(PoolManager):
    """Pools of guarded connections; the guard goes to each connection as a keyword argument."""

    def __init__(self, guard: _Guard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.guard = guard
        self.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}

    def _new_pool(self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None
                  ) -> HTTPConnectionPool:
        """urllib3's hook for customising new pools: here, adding the guard to what their connections get."""
        context = self.connection_pool_kw if request_context is None else request_context
        return super()._new_pool(scheme, host, port, {**context, "guard": self.guard})


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, guard: _Guard) -> None:
        self.guard = guard  # before HTTPAdapter's __init__, which makes the pool manager
        super().__init__()

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)  # keeps the sizes requests reuses
        self.poolmanager = _GuardedPoolManager(self.guard, num_pools=connections, maxsize=maxsize, block=block,
                                               **pool_kwargs)


def _session(guard: _Guard) -> requests.Session:
    """A session whose every connection goes through `guard`, without settings from the environment."""
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
