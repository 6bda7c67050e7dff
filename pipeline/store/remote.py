"""Any SPARQL 1.1 server, through the Graph Store HTTP Protocol (PUT replaces a graph atomically) with
SPARQL Update as the fallback, over one requests session with credentials from the environment.

Each store call (a lookup, a graph's replacement, a bulk load ...) ends by a deadline, retries included.
A request is sent again after a failed connection (nothing reached the server), and after a 5xx answer,
a read timeout or a connection lost only when sending it twice is harmless: a query, a Graph Store PUT, a
DROP, a graph's replacement. An addition (N-Quads POST, INSERT DATA) may have been applied already.
"""
from __future__ import annotations

import functools
import math
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import Callable, TypeVar
from urllib.parse import urlsplit

import requests
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results, serialize
from urllib3.exceptions import NewConnectionError, ReadTimeoutError

from .. import __version__
from ..errors import InputError
from . import NamedGraph, QueryAnswer, StoreError, StoreUnavailable, as_quads
from .embedded import answer_of

CONNECT_TIMEOUT, READ_TIMEOUT = 5, 60
DEADLINE = 120.0
"""Seconds one store call may take, retries included (NEWSLD_STORE_DEADLINE overrides): a server that
accepts and never answers holds a load this long, not a read timeout per try."""
RETRIES = 3
BACKOFF = 0.5
"""Seconds before the first retry; each next one waits twice as long."""
_RETRY_STATUSES = {500, 502, 503, 504}
_GSP_UNSUPPORTED = {404, 405, 406, 415, 501}
UPDATE_TRIPLES = 500
"""Triples per INSERT DATA request: Virtuoso refuses updates that compile to over 10,000 lines of SQL."""
_GRAPH_FORM = re.compile(r"^(?:\s+|#[^\n]*\n|(?:PREFIX|BASE)\s[^\n]*\n)*(CONSTRUCT|DESCRIBE)\b", re.I)
_ACCEPT_RESULTS = "application/sparql-results+json"
_ACCEPT_TRIPLES = "application/n-triples, text/turtle;q=0.5"
_RESULTS_TYPES = {"application/sparql-results+json", "application/json"}
_GRAPH_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
                "text/turtle": RdfFormat.TURTLE, "application/x-turtle": RdfFormat.TURTLE}


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL service; `derive` gives the usual ones from one base URL."""

    query: str
    update: str
    graph_store: str | None

    @classmethod
    def derive(cls, base: str, query: str | None = None, update: str | None = None,
               graph_store: str | None = None) -> Endpoints:
        """`.../sparql` (Virtuoso and kin): query and update there, graph store at `...-graph-crud`;
        anything else is a dataset base (Oxigraph, Fuseki-like): `/query`, `/update`, `/store`."""
        _check_url(base)
        base = base.rstrip("/")
        if base.endswith(("/sparql", "/sparql-auth")):
            crud = base.replace("/sparql", "/sparql-graph-crud", 1)
            derived = cls(base, base, crud)
        else:
            derived = cls(f"{base}/query", f"{base}/update", f"{base}/store")
        return cls(query or derived.query, update or derived.update, graph_store or derived.graph_store)


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"store endpoint must be an http(s) URL, got {url!r}")
    if parts.username or parts.password:
        raise StoreError("put store credentials in NEWSLD_STORE_USER / NEWSLD_STORE_PASSWORD (or NEWSLD_STORE_TOKEN), "
                         "not in the endpoint URL")


def deadline_from_environment() -> float:
    """DEADLINE, or NEWSLD_STORE_DEADLINE when set (seconds, more than 0)."""
    value = os.environ.get("NEWSLD_STORE_DEADLINE", "").strip()
    if not value:
        return DEADLINE
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (seconds > 0 and math.isfinite(seconds)):
        raise StoreError(f"NEWSLD_STORE_DEADLINE must be a positive number of seconds, got {value!r}")
    return seconds


def session_from_environment() -> requests.Session:
    """Credentials only from the environment: NEWSLD_STORE_TOKEN (Bearer), or NEWSLD_STORE_USER and
    NEWSLD_STORE_PASSWORD with NEWSLD_STORE_AUTH=basic (default) or digest. No retries here: the store
    decides, request by request, what may be sent again."""
    session = requests.Session()
    session.headers["User-Agent"] = f"newsld/{__version__}"
    if token := os.environ.get("NEWSLD_STORE_TOKEN"):
        session.headers["Authorization"] = f"Bearer {token}"
    elif user := os.environ.get("NEWSLD_STORE_USER"):
        password = os.environ.get("NEWSLD_STORE_PASSWORD", "")
        digest = os.environ.get("NEWSLD_STORE_AUTH", "basic").lower() == "digest"
        session.auth = requests.auth.HTTPDigestAuth(user, password) if digest else (user, password)
    return session


Call = TypeVar("Call", bound=Callable)


def _within_deadline(method: Call) -> Call:
    """A public store call, with the calls it makes in turn, ends by one deadline."""
    @functools.wraps(method)
    def bounded(self: RemoteStore, *args, **kwargs):
        if self._ends is not None:  # called by another call: its deadline holds
            return method(self, *args, **kwargs)
        self._ends = time.monotonic() + self.deadline
        try:
            return method(self, *args, **kwargs)
        finally:
            self._ends = None
    return bounded  # type: ignore[return-value]


class _Failed(Exception):
    """One try that got no whole answer; `sent`: the request may have reached the server."""

    def __init__(self, problem: str, sent: bool) -> None:
        super().__init__(problem)
        self.sent = sent


class RemoteStore:
    def __init__(self, endpoints: Endpoints, session: requests.Session | None = None, retries: int = RETRIES) -> None:
        self.endpoints = endpoints
        self.location = self.key = endpoints.query
        self.deadline = deadline_from_environment()
        self.retries = retries
        self._ends: float | None = None  # when the store call under way must end (time.monotonic())
        self._session = session or session_from_environment()
        self._gsp = endpoints.graph_store is not None
        self._nquads: bool | None = None  # does the graph store take N-Quads? Known after the first try

    @_within_deadline
    def existing(self, names: list[str]) -> set[str]:
        values = " ".join(str(NamedNode(n)) for n in names)
        answer = self.query(f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        return {row[0].value for row in answer.rows if row[0] is not None}

    @_within_deadline
    def triples(self, name: str) -> set[Triple]:
        answer = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {NamedNode(name)} {{ ?s ?p ?o }} }}")
        return set(answer.triples or ())

    @_within_deadline
    def replace(self, graph: NamedGraph) -> None:
        body = serialize(list(graph.triples), format=RdfFormat.N_TRIPLES)
        if self._gsp:
            response = self._request("PUT", self.endpoints.graph_store, again=True, params={"graph": graph.name},
                                     data=body, headers={"Content-Type": "text/turtle; charset=utf-8"})
            if response.status_code not in _GSP_UNSUPPORTED:
                self._check(response)
                return
            self._gsp = False  # this server has no Graph Store Protocol: SPARQL Update from now on
        name = str(NamedNode(graph.name))
        self._update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{_update_data(graph)}}} }}",
                     again=True)

    @_within_deadline
    def drop(self, name: str) -> None:
        self._update(f"DROP SILENT GRAPH {NamedNode(name)}", again=True)

    @_within_deadline
    def add_nquads(self, text: str) -> None:
        from ..sources.published import graphs_from_nquads

        try:
            graphs = list(graphs_from_nquads(text, "publish"))
        except InputError as exc:  # the store's way of saying it, as the embedded store says it
            raise StoreError(f"{self.location}: {exc.problem}") from None
        self.add_new(graphs)

    @_within_deadline
    def add_new(self, graphs: list[NamedGraph]) -> None:
        """Many graphs in one request (N-Quads to the graph store), else one PUT per graph, else INSERT DATA batches.

        Some servers answer 200 to N-Quads and store nothing (Virtuoso 7), so the
        first such request is checked by reading the graphs' names back.
        """
        if self._gsp and self._nquads is not False:
            body = serialize([q for g in graphs for q in as_quads(g)], format=RdfFormat.N_QUADS)
            response = self._request("POST", self.endpoints.graph_store, again=False, data=body,
                                     headers={"Content-Type": "application/n-quads"})
            if response.ok and (self._nquads or self.existing([g.name for g in graphs]) == {g.name for g in graphs}):
                self._nquads = True
                return
            self._nquads = False
        if self._gsp:
            for graph in graphs:  # one PUT each: servers take many small requests better than one huge update
                self.replace(graph)
            return
        batch: list[str] = []
        size = 0
        for graph in graphs:
            batch.append(f"GRAPH {NamedNode(graph.name)} {{\n{_update_data(graph)}}}")
            size += len(graph.triples)
            if size >= UPDATE_TRIPLES:
                self._update("INSERT DATA {\n" + "\n".join(batch) + "\n}")
                batch, size = [], 0
        if batch:
            self._update("INSERT DATA {\n" + "\n".join(batch) + "\n}")

    @_within_deadline
    def query(self, sparql: str) -> QueryAnswer:
        """Form-encoded POST (Virtuoso hangs on application/sparql-query bodies), results as JSON or N-Triples.

        Only an answer of the media type asked for counts: an answer cut off inside its headers
        arrives as a 200 with no Content-Type and no body, which must not pass for "no solutions"
        (a lookup that missed present graphs would have them added to as new ones).
        """
        graph_form = bool(_GRAPH_FORM.match(sparql))
        accept = _ACCEPT_TRIPLES if graph_form else _ACCEPT_RESULTS
        response = self._request("POST", self.endpoints.query, again=True, data={"query": sparql},
                                 headers={"Accept": accept})
        self._check(response)
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        expected = _GRAPH_TYPES if graph_form else _RESULTS_TYPES
        if kind not in expected:
            raise StoreError(f"{self.location}: answer is {kind or 'of no media type (cut off on the way?)'}, not "
                             f"{'N-Triples or Turtle' if graph_form else 'SPARQL results in JSON'}")
        if not response.content and _unframed(response):
            raise StoreError(f"{self.location}: empty answer without Content-Length (cut off on the way?)")
        try:
            if not graph_form:
                return answer_of(parse_query_results(response.content, format=QueryResultsFormat.JSON))
            return QueryAnswer(triples=[q.triple for q in parse(response.content, format=_GRAPH_TYPES[kind])])
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.location}: answer is not valid {kind}: {exc}") from None

    def close(self) -> None:
        self._session.close()

    def _update(self, sparql: str, again: bool = False) -> None:
        """`again`: the update is harmless to send twice (a DROP, a graph's replacement), not an addition."""
        response = self._request("POST", self.endpoints.update, again=again, data=sparql.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        self._check(response)

    def _request(self, method: str, url: str, *, again: bool, **kwargs) -> requests.Response:
        """The whole answer, body read, before the call's deadline. Tried again (at most `retries` times, after a
        pause that doubles) when the request never reached the server; when `again`, also on a 5xx answer, a
        read timeout or a connection lost after sending."""
        ends = self._ends if self._ends is not None else time.monotonic() + self.deadline
        attempt = 0
        while True:
            try:
                response = self._attempt(method, url, ends, **kwargs)
            except _Failed as failure:
                if not self._pause(attempt, ends, again or not failure.sent):
                    raise StoreUnavailable(f"{_safe(url)}: {failure}") from None
            else:
                if not self._pause(attempt, ends, again and response.status_code in _RETRY_STATUSES):
                    return response
            attempt += 1

    def _attempt(self, method: str, url: str, ends: float, **kwargs) -> requests.Response:
        """One try, each wait cut to the time left; the body is read here, so that a connection lost in its
        middle fails here like any other."""
        left = ends - time.monotonic()
        if left <= 0:
            raise _Failed(self._late(), sent=False)
        try:
            response = self._session.request(method, url, timeout=(min(CONNECT_TIMEOUT, left), min(READ_TIMEOUT, left)),
                                             stream=True, **kwargs)
            _read_by(response, ends)
        except requests.RequestException as exc:
            if time.monotonic() >= ends:
                raise _Failed(self._late(), sent=True) from None
            raise _Failed(*_problem(exc)) from None
        if time.monotonic() >= ends:  # the body may have been cut off at the deadline
            raise _Failed(self._late(), sent=True)
        return response

    def _pause(self, attempt: int, ends: float, retry: bool) -> bool:
        """Whether to try once more: only a `retry`, at most `retries` times, and only when the pause before
        it (BACKOFF, doubling) ends before the deadline. Waits that pause."""
        pause = BACKOFF * 2 ** attempt
        if not retry or attempt >= self.retries or time.monotonic() + pause >= ends:
            return False
        time.sleep(pause)
        return True

    def _late(self) -> str:
        return f"no whole answer within the store deadline of {self.deadline:g} s (NEWSLD_STORE_DEADLINE)"

    def _check(self, response: requests.Response) -> None:
        if response.ok:
            return
        if response.status_code in (401, 403):
            raise StoreError(f"{_safe(response.url)}: {response.status_code} {response.reason}: the server refused "
                             "the credentials (NEWSLD_STORE_USER / NEWSLD_STORE_PASSWORD / NEWSLD_STORE_TOKEN)")
        message = " ".join(response.text.split())[:300]
        raise StoreError(f"{_safe(response.url)}: {response.status_code} {response.reason}: {message}")


_DECIMAL = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _update_data(graph: NamedGraph) -> str:
    """The graph's triples for INSERT DATA. A whole-number xsd:decimal is written with ".0": Virtuoso reads
    "26000000000"^^xsd:decimal in an update as an xsd:integer, and "26000000000.0" as the decimal it is (which
    it then gives back in the canonical form newsld published)."""
    triples = [Triple(t.subject, t.predicate, Literal(t.object.value + ".0", datatype=_DECIMAL))
               if isinstance(t.object, Literal) and t.object.datatype == _DECIMAL and "." not in t.object.value
               else t for t in graph.triples]
    return serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8")


def _read_by(response: requests.Response, ends: float) -> None:
    """Read the body before `ends`. Each read waits at most the read timeout, but a server sending a byte now
    and then keeps the reads going: at `ends` a timer shuts the socket down, which ends a read at once."""
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    watchdog = threading.Timer(max(0.0, ends - time.monotonic()), _shut, (sock,))
    watchdog.daemon = True
    watchdog.start()
    try:
        response.content  # noqa: B018 -- read it now, within the deadline
    finally:
        watchdog.cancel()


def _shut(sock: socket.socket | None) -> None:
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # closed already: the read has ended
            pass


def _problem(exc: requests.RequestException) -> tuple[str, bool]:
    """What a failed try means for messages, and whether the request may have reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"cannot connect within {CONNECT_TIMEOUT} s (is the SPARQL server running?)", False
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the connection was lost in the middle of the answer", True
    if isinstance(exc, requests.Timeout):
        return f"no answer within {READ_TIMEOUT} s", True
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", None) or reason  # a MaxRetryError carries the attempt's error
        if isinstance(reason, NewConnectionError):
            return "cannot connect (is the SPARQL server running?)", False
        if isinstance(reason, ReadTimeoutError):  # in the middle of the body
            return f"no answer within {READ_TIMEOUT} s", True
        return "the connection was lost before the answer came", True
    return type(exc).__name__, True


def _unframed(response: requests.Response) -> bool:
    """An HTTP/1.1 answer with neither a Content-Length nor chunked encoding (whole header values): where
    it ends is unknowable, and an answer cut off inside its headers looks just like that."""
    headers = response.headers
    if getattr(response.raw, "version", 11) != 11 or headers.get("Content-Length", "").strip().isdigit():
        return False
    return not headers.get("Transfer-Encoding", "").strip().lower().endswith("chunked")


def _safe(url: str) -> str:
    """A URL for messages: no query string (it may carry a graph IRI or a whole query) and no credentials."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}"
