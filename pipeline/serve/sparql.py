"""`/sparql`: the SPARQL 1.1 Protocol, read-only, with a time limit and a result limit.

A query comes as GET `?query=`, as a POSTed form field `query`, or as a POSTed
`application/sparql-query` body. Anything that updates (an `update` field, an
`application/sparql-update` body, or text that is a SPARQL Update) is refused
with 403 before it reaches the store, and so is a federated query (`SERVICE`), which
would make the server a proxy to any address, its own network's included. On the embedded store the query runs in a
forked child that opens the store read-only itself; the child is killed when the
time limit passes (pyoxigraph has no way to stop a query from inside). A remote
store is asked with the time limit as its deadline. At most `ROW_LIMIT`
solutions or triples are returned (`Newsld-Truncated: true` when more matched).
Results are serialized by pyoxigraph: JSON, XML, CSV, TSV for solutions,
Turtle or N-Triples for CONSTRUCT and DESCRIBE.
"""
from __future__ import annotations

import json
import os
import select
import signal
import time
from dataclasses import dataclass
from typing import Any

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat,
                        Store as OxStore, parse_query_results, serialize)

from ..store import QueryAnswer, StoreError
from .source import EmbeddedSource, Source

TIMEOUT = 10.0
"""Seconds a query may run."""
ROW_LIMIT = 10_000
"""Solutions (or triples) returned at most."""

SOLUTION_TYPES = {"application/sparql-results+json": QueryResultsFormat.JSON,
                  "application/sparql-results+xml": QueryResultsFormat.XML,
                  "text/csv": QueryResultsFormat.CSV, "text/tab-separated-values": QueryResultsFormat.TSV,
                  "application/json": QueryResultsFormat.JSON}
GRAPH_TYPES = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES}


class Refused(Exception):
    """A request the endpoint will not run; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    truncated: bool


def check_read_only(query: str) -> None:
    """403 for a SPARQL Update or a federated query (`SERVICE` would have the server fetch any URL it names,
    its own network included), 400 for text that is neither a query nor an update (rdflib's parser, which only
    parses)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(query)
    except Exception as problem:  # pyparsing's ParseException, or what rdflib's grammar actions raise
        query_problem = problem
    else:
        if _has_service(parsed):
            raise Refused(403, "federated queries (SERVICE) are refused: this endpoint answers from its own data")
        return
    try:
        parseUpdate(query)
    except Exception:
        raise Refused(400, f"not a valid SPARQL query: {query_problem}") from None
    raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")


def _has_service(node: Any) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_has_service(v) for v in node)
    return False


def answer(source: Source, query: str, accept: list[str], timeout: float = TIMEOUT,
           limit: int = ROW_LIMIT) -> Answer:
    """Run a (checked) query and serialize its answer in the first acceptable type."""
    check_read_only(query)
    if isinstance(source, EmbeddedSource):
        return _in_child(source, query, accept, timeout, limit)
    store = source.store  # type: ignore[attr-defined]
    kept, store.deadline = store.deadline, min(store.deadline, timeout)
    try:
        result = store.query(query)
    except StoreError as exc:
        raise Refused(502, str(exc)) from None
    finally:
        store.deadline = kept
    return _serialized(result, accept, limit)


def _serialized(result: QueryAnswer, accept: list[str], limit: int) -> Answer:
    if result.triples is not None:
        kind = next((a for a in accept if a in GRAPH_TYPES), "text/turtle")
        body = serialize(result.triples[:limit], format=GRAPH_TYPES[kind])
        return Answer(body, _with_charset(kind), len(result.triples) > limit)
    kind = next((a for a in accept if a in SOLUTION_TYPES), "application/sparql-results+json")
    if result.boolean is not None:
        document: dict[str, Any] = {"head": {}, "boolean": result.boolean}
    else:
        document = {"head": {"vars": result.variables},
                    "results": {"bindings": [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                                             for row in result.rows[:limit]]}}
    parsed = parse_query_results(json.dumps(document).encode("utf-8"), format=QueryResultsFormat.JSON)
    return Answer(parsed.serialize(format=SOLUTION_TYPES[kind]), _with_charset(kind), len(result.rows) > limit)


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _with_charset(kind: str) -> str:
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or "json" in kind or "xml" in kind else kind


def _in_child(source: EmbeddedSource, query: str, accept: list[str], timeout: float, limit: int) -> Answer:
    """Run the query in a forked child holding its own read-only handle; kill it at the time limit."""
    with source.reader.reading():  # the shared lock, held (by both processes) until the child is done
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(source.reader.directory, query, accept, limit, write)
        os.close(write)
        try:
            data = _read_until(read, time.monotonic() + timeout)
        finally:
            os.close(read)
            if data is None:
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if data is None:
        raise Refused(503, f"the query ran longer than {timeout:g} s and was stopped")
    status, _, rest = data.partition(b"\n")
    if status != b"ok":
        raise Refused(400, rest.decode("utf-8", "replace"))
    header, _, body = rest.partition(b"\n")
    media, truncated = header.decode().rsplit(" ", 1)
    return Answer(body, media, truncated == "1")


def _child(directory, query: str, accept: list[str], limit: int, write: int) -> None:
    code = 0
    try:
        store = OxStore.read_only(str(directory))
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, QueryBoolean):
            answer_ = _serialized(QueryAnswer(boolean=bool(result)), accept, limit)
        elif isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [[row[v] for v in variables] for _, row in zip(range(limit + 1), result)]
            answer_ = _serialized(QueryAnswer(variables=variables, rows=rows), accept, limit)
        else:
            answer_ = _serialized(QueryAnswer(triples=[t for _, t in zip(range(limit + 1), result)]), accept, limit)
        out = b"ok\n" + f"{answer_.media_type} {int(answer_.truncated)}\n".encode() + answer_.body
    except (SyntaxError, ValueError, OSError) as exc:
        out = f"error\n{exc}".encode()
    except BaseException:  # never let the child run on into the server's code
        out, code = b"error\nthe query failed", 1
    try:
        view = memoryview(out)
        while view:
            view = view[os.write(write, view):]
    finally:
        os._exit(code)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes, or None if the deadline passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
