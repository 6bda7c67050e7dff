"""Any SPARQL 1.1 server, through the Graph Store HTTP Protocol (PUT replaces a graph atomically) with
SPARQL Update as the fallback, over one requests session with timeouts, retries and credentials from the environment.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results, serialize
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from .. import __version__
from ..sources.published import NamedGraph, as_quads
from . import QueryAnswer, StoreError
from .embedded import answer_of

CONNECT_TIMEOUT, READ_TIMEOUT = 5, 120
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


def session_from_environment(retries: int = 3) -> requests.Session:
    """Credentials only from the environment: NEWSLD_STORE_TOKEN (Bearer), or NEWSLD_STORE_USER and
    NEWSLD_STORE_PASSWORD with NEWSLD_STORE_AUTH=basic (default) or digest."""
    session = requests.Session()
    session.headers["User-Agent"] = f"newsld/{__version__}"
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=0.5,
                  status_forcelist=(500, 502, 503, 504), allowed_methods=None, raise_on_status=False)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    if token := os.environ.get("NEWSLD_STORE_TOKEN"):
        session.headers["Authorization"] = f"Bearer {token}"
    elif user := os.environ.get("NEWSLD_STORE_USER"):
        password = os.environ.get("NEWSLD_STORE_PASSWORD", "")
        digest = os.environ.get("NEWSLD_STORE_AUTH", "basic").lower() == "digest"
        session.auth = requests.auth.HTTPDigestAuth(user, password) if digest else (user, password)
    return session


class RemoteStore:
    def __init__(self, endpoints: Endpoints, session: requests.Session | None = None) -> None:
        self.endpoints = endpoints
        self.location = endpoints.query
        self._session = session or session_from_environment()
        self._gsp = endpoints.graph_store is not None
        self._nquads: bool | None = None  # does the graph store take N-Quads? Known after the first try

    def existing(self, names: list[str]) -> set[str]:
        values = " ".join(str(NamedNode(n)) for n in names)
        answer = self.query(f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        return {row[0].value for row in answer.rows if row[0] is not None}

    def triples(self, name: str) -> set[Triple]:
        answer = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {NamedNode(name)} {{ ?s ?p ?o }} }}")
        return set(answer.triples or ())

    def replace(self, graph: NamedGraph) -> None:
        body = serialize(list(graph.triples), format=RdfFormat.N_TRIPLES)
        if self._gsp:
            response = self._request("PUT", self.endpoints.graph_store, params={"graph": graph.name}, data=body,
                                     headers={"Content-Type": "text/turtle; charset=utf-8"})
            if response.status_code not in _GSP_UNSUPPORTED:
                self._check(response)
                return
            self._gsp = False  # this server has no Graph Store Protocol: SPARQL Update from now on
        name = str(NamedNode(graph.name))
        self._update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body.decode('utf-8')}}} }}")

    def drop(self, name: str) -> None:
        self._update(f"DROP SILENT GRAPH {NamedNode(name)}")

    def add_nquads(self, text: str) -> None:
        from ..sources.published import graphs_from_nquads

        self.add_new(list(graphs_from_nquads(text, "publish")))

    def add_new(self, graphs: list[NamedGraph]) -> None:
        """Many graphs in one request (N-Quads to the graph store), else one PUT per graph, else INSERT DATA batches.

        Some servers answer 200 to N-Quads and store nothing (Virtuoso 7), so the
        first such request is checked by reading the graphs' names back.
        """
        if self._gsp and self._nquads is not False:
            body = serialize([q for g in graphs for q in as_quads(g)], format=RdfFormat.N_QUADS)
            response = self._request("POST", self.endpoints.graph_store, data=body,
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
            triples = serialize(list(graph.triples), format=RdfFormat.N_TRIPLES).decode("utf-8")
            batch.append(f"GRAPH {NamedNode(graph.name)} {{\n{triples}}}")
            size += len(graph.triples)
            if size >= UPDATE_TRIPLES:
                self._update("INSERT DATA {\n" + "\n".join(batch) + "\n}")
                batch, size = [], 0
        if batch:
            self._update("INSERT DATA {\n" + "\n".join(batch) + "\n}")

    def query(self, sparql: str) -> QueryAnswer:
        """Form-encoded POST (Virtuoso hangs on application/sparql-query bodies), results as JSON or N-Triples.

        Only an answer of the media type asked for counts: an answer cut off inside its headers
        arrives as a 200 with no Content-Type and no body, which must not pass for "no solutions"
        (a lookup that missed present graphs would have them added to as new ones).
        """
        graph_form = bool(_GRAPH_FORM.match(sparql))
        accept = _ACCEPT_TRIPLES if graph_form else _ACCEPT_RESULTS
        response = self._request("POST", self.endpoints.query, data={"query": sparql}, headers={"Accept": accept})
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

    def _update(self, sparql: str) -> None:
        response = self._request("POST", self.endpoints.update, data=sparql.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        self._check(response)

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        """The whole answer, body read (so a connection lost mid-body is a StoreError here, like any other)."""
        try:
            response = self._session.request(method, url, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), **kwargs)
            response.content  # noqa: B018 -- already read unless the session streams; read it inside this try
            return response
        except requests.exceptions.ChunkedEncodingError:
            raise StoreError(f"{_safe(url)}: the connection was lost in the middle of the answer") from None
        except requests.ConnectionError as exc:
            raise StoreError(f"{_safe(url)}: {_connection_problem(exc)}") from None
        except requests.Timeout:
            raise StoreError(f"{_safe(url)}: no answer within {READ_TIMEOUT} s") from None
        except requests.RequestException as exc:
            raise StoreError(f"{_safe(url)}: {type(exc).__name__}") from None

    def _check(self, response: requests.Response) -> None:
        if response.ok:
            return
        if response.status_code in (401, 403):
            raise StoreError(f"{_safe(response.url)}: {response.status_code} {response.reason}: the server refused "
                             "the credentials (NEWSLD_STORE_USER / NEWSLD_STORE_PASSWORD / NEWSLD_STORE_TOKEN)")
        message = " ".join(response.text.split())[:300]
        raise StoreError(f"{_safe(response.url)}: {response.status_code} {response.reason}: {message}")


def _connection_problem(exc: requests.ConnectionError) -> str:
    """What a requests ConnectionError means: no connection at all, or one lost before or during the answer."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", None) or reason  # a MaxRetryError carries the last attempt's error
    if isinstance(reason, ReadTimeoutError):
        return f"no answer within {READ_TIMEOUT} s"
    if isinstance(reason, ProtocolError):
        return "the connection was lost before the answer came (after retries)"
    return "cannot connect (is the SPARQL server running?)"


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
