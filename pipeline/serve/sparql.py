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

import fcntl
import json
import os
import select
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from pyoxigraph import (QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat,
                        Store as OxStore, parse_query_results, serialize)

from ..store import QueryAnswer, StoreError
from ..store.results import json_results
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
ACCEPTED = [*SOLUTION_TYPES, *GRAPH_TYPES]
"""Every type /sparql answers in; the first is the default."""


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
    """Check and run a query in a child process, killed at the time limit (parsing a crafted query can take
    long too), and serialize its answer in the first acceptable type."""
    if isinstance(source, EmbeddedSource):
        with source.reader.reading():  # the shared lock, held (by both processes) until the child is done
            return _in_child(lambda: _run_embedded(source.reader.directory, query, accept, limit), timeout)
    store = source.store  # type: ignore[attr-defined]
    store.deadline = min(store.deadline, timeout)
    return _in_child(lambda: _run_remote(store, query, accept, limit), timeout)


def _run_embedded(directory, query: str, accept: list[str], limit: int) -> Answer:
    check_read_only(query)
    result = OxStore.read_only(str(directory)).query(query, use_default_graph_as_union=True)
    if isinstance(result, QueryBoolean):
        return _serialized(QueryAnswer(boolean=bool(result)), accept, limit)
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[row[v] for v in variables] for _, row in zip(range(limit + 1), result)]
        return _serialized(QueryAnswer(variables=variables, rows=rows), accept, limit)
    return _serialized(QueryAnswer(triples=[t for _, t in zip(range(limit + 1), result)]), accept, limit)


def _run_remote(store, query: str, accept: list[str], limit: int) -> Answer:
    check_read_only(query)
    try:
        return _serialized(store.query(query), accept, limit)
    except StoreError as exc:
        raise Refused(502, str(exc)) from None


def _serialized(result: QueryAnswer, accept: list[str], limit: int) -> Answer:
    if result.triples is not None:
        kind = next((a for a in accept if a in GRAPH_TYPES), "text/turtle")
        body = serialize(result.triples[:limit], format=GRAPH_TYPES[kind])
        return Answer(body, _with_charset(kind), len(result.triples) > limit)
    kind = next((a for a in accept if a in SOLUTION_TYPES), "application/sparql-results+json")
    document = json_results(result, limit)
    parsed = parse_query_results(json.dumps(document).encode("utf-8"), format=QueryResultsFormat.JSON)
    return Answer(parsed.serialize(format=SOLUTION_TYPES[kind]), _with_charset(kind), len(result.rows) > limit)


def _with_charset(kind: str) -> str:
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or "json" in kind or "xml" in kind else kind


def _in_child(work: Callable[[], Answer], timeout: float) -> Answer:
    """`work()` in a forked child that dies with its parent; killed when `timeout` passes."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _child(work, write)
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
        code, _, message = rest.partition(b" ")
        raise Refused(int(code or 400), message.decode("utf-8", "replace") or "the query failed")
    header, _, body = rest.partition(b"\n")
    media, truncated = header.decode().rsplit(" ", 1)
    return Answer(body, media, truncated == "1")


def _child(work: Callable[[], Answer], write: int) -> None:
    code = 0
    try:
        _die_with_parent()
        result = work()
        out = b"ok\n" + f"{result.media_type} {int(result.truncated)}\n".encode() + result.body
    except Refused as refused:
        out = f"error\n{refused.status} {refused}".encode()
    except (SyntaxError, ValueError, OSError) as exc:
        out = f"error\n400 {exc}".encode()
    except BaseException:  # never let the child run on into the server's code
        out, code = b"error\n500 the query failed", 1
    try:
        view = memoryview(out)
        while view:
            view = view[os.write(write, view):]
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """Linux: SIGKILL this child when its worker dies (a Ctrl-C, a restart), so no query outlives the server
    and keeps holding the store's lock."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


SlotSpec = tuple[str, int]
"""A directory for the slot files and how many queries may run at once, across the server's workers."""


class Slots:
    """At most N queries at once across worker processes (flocks on N files), so slow queries can never take
    every worker: a request that finds no free slot gets 503 at once."""

    def __init__(self, spec: SlotSpec | None) -> None:
        self.spec = spec

    @contextmanager
    def taken(self) -> Iterator[bool]:
        if self.spec is None:
            yield True
            return
        directory, count = self.spec
        for number in range(count):
            handle = open(os.path.join(directory, f"slot-{number}"), "a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield True
            finally:
                handle.close()
            return
        yield False


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
