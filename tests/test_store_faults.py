"""Loading through a faulty network: a TCP proxy of the tests' own between RemoteStore and a real Oxigraph.

The proxy handles one HTTP request per connection (it rewrites `Connection: close` both ways) and,
when told to, breaks it one of three ways:

* drop  -- close the client's socket as soon as the request is read; the server never sees it;
* stall -- say nothing for longer than the client's read timeout (half the time after the server
           has answered, so the request may have been applied: the client cannot tell);
* cut   -- forward the server's answer only up to a random byte, then close.

Whatever happens, each article graph in the store is one version whole, never part of one or a mix,
and an article not reported failed is the version just loaded.

With no server behind it and every request stalled, the proxy is a store that accepts and never answers
(or, told to trickle, one that sends an answer's head and then a byte now and then): one store call
gives up at its deadline, and only requests that are harmless to send twice are sent again.
"""
from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from typing import Callable

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Triple

from pipeline import store as store_module
from pipeline.cli import main
from pipeline.store import NamedGraph, StoreError, load, open_store, same_graph
from pipeline.store import remote as remote_module
from pipeline.store.remote import RETRIES, Endpoints, RemoteStore
from servers import start_oxigraph

SEED = 20240611
FAULTS = 50
FAULT_RATE = 0.07  # of requests, while faults are on
KINDS = ("drop", "stall", "cut")
ARTICLES = 120
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
CONNECT_TIMEOUT, READ_TIMEOUT = 1, 0.5  # seconds: a stall costs one read timeout
DEADLINE = 1.5  # seconds a store call may take in the deadline tests (NEWSLD_STORE_DEADLINE)
NOWHERE = ("127.0.0.1", 9)  # the proxy's upstream when every request is stalled: never reached
TRICKLE_HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Content-Length: 100000\r\n\r\n")
TRICKLE_FOR = 8.0  # seconds a trickling answer goes on before the proxy hangs up


class FaultProxy:
    """127.0.0.1:port -> upstream, one request per connection, faults drawn from `random.Random(seed)`."""

    def __init__(self, upstream: tuple[str, int], seed: int, budget: int, rate: float) -> None:
        self.upstream = upstream
        self.rng = random.Random(seed)
        self.budget, self.rate = budget, rate
        self.enabled = True
        self.counts: Counter[str] = Counter()
        self.on: Counter[str] = Counter()  # faults by request ("POST /query" ...)
        self.requests = 0
        self.last_answer = 0  # bytes
        self.plan: Callable[[bytes], tuple[str, float] | None] | None = None  # fixed faults, for targeted tests
        self._lock = threading.Lock()
        self._active = 0
        self._idle = threading.Condition(self._lock)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def injected(self) -> int:
        return sum(self.counts.values())

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until no connection is being served: every request the server got has been answered."""
        with self._idle:
            assert self._idle.wait_for(lambda: self._active == 0, timeout), "proxy still busy"

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._active += 1
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _decide(self, request: bytes) -> tuple[str, float] | None:
        """(kind, a number in [0, 1) or, for a cut, a byte count) of the fault for this request, or None."""
        with self._lock:
            self.requests += 1
            if self.plan is not None:
                return self.plan(request)
            if not self.enabled or self.injected >= self.budget or self.rng.random() >= self.rate:
                return None
            kind = self.rng.choice(KINDS)
            self.counts[kind] += 1
            self.on[_request_line(request)] += 1
            return kind, self.rng.random()

    def _serve(self, client: socket.socket) -> None:
        try:
            request = _read_request(client)
            if request is None:
                return
            fault = self._decide(request)
            if fault is None:
                client.sendall(self._exchange(request))
            elif fault[0] == "drop":
                pass
            elif fault[0] == "stall":
                if fault[1] < 0.5:
                    self._exchange(request)  # applied, never answered
                client.settimeout(READ_TIMEOUT + 3)
                try:
                    while client.recv(65536):  # until the client gives up and closes
                        pass
                except OSError:
                    pass
            elif fault[0] == "trickle":  # an answer's head, then a byte every fault[1] seconds, never all of it
                client.sendall(TRICKLE_HEAD)
                ends = time.monotonic() + TRICKLE_FOR
                while time.monotonic() < ends:
                    client.sendall(b" ")
                    time.sleep(fault[1])
            else:  # cut: the first n bytes, n given or a fraction of the answer
                answer = self._exchange(request)
                n = fault[1] if isinstance(fault[1], int) else max(1, int(fault[1] * len(answer)))
                client.sendall(answer[:n])
        except OSError:
            pass
        finally:
            client.close()
            with self._idle:
                self._active -= 1
                self._idle.notify_all()

    def _exchange(self, request: bytes) -> bytes:
        """The whole request to the server, its whole answer back, marked `connection: close`."""
        with socket.create_connection(self.upstream, timeout=30) as server:
            server.sendall(request)
            chunks = []
            while chunk := server.recv(65536):
                chunks.append(chunk)
        answer = b"".join(chunks)
        end = answer.index(b"\r\n") + 2
        answer = answer[:end] + b"connection: close\r\n" + answer[end:]
        self.last_answer = len(answer)
        return answer


def _request_line(request: bytes) -> str:
    """"POST /query": a request's method and path, less its query string."""
    return b" ".join(request.split(b" ", 2)[:2]).decode().split("?")[0]


def _read_request(client: socket.socket) -> bytes | None:
    """One request (head and Content-Length body) with its Connection header set to close."""
    client.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    length = next((int(line.split(b":", 1)[1]) for line in lines if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def _graph(number: int, version: str) -> NamedGraph:
    name = f"https://newsld.example/article/faulty-{number}"
    article, schema = NamedNode(name), "http://schema.org/"
    triples = {Triple(article, NamedNode(schema + "headline"), Literal(f"{version} headline {number}"))}
    triples |= {Triple(article, NamedNode(schema + "keywords"), Literal(f"{version} {k}")) for k in range(10)}
    words = Literal(str(100 + number + (version == "b")), datatype=NamedNode(XSD_INTEGER))  # stores may recanonicalise
    triples.add(Triple(article, NamedNode(schema + "wordCount"), words))
    return NamedGraph(name, frozenset(triples), "test")


VERSIONS = {v: [_graph(n, v) for n in range(ARTICLES)] for v in ("a", "b")}


def _graphs_on_server(direct: RemoteStore) -> dict[str, set[Triple]]:
    """Every named graph on the server with its triples, read past the proxy."""
    answer = direct.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs: dict[str, set[Triple]] = {}
    for g, s, p, o in answer.rows:
        graphs.setdefault(g.value, set()).add(Triple(s, p, o))
    return graphs


def _states(direct: RemoteStore) -> dict[int, str]:
    """Each article's state: "a", "b" or "absent"; anything else (part of a version, a mix, a stray graph) fails."""
    graphs = _graphs_on_server(direct)
    names = {g.name: n for n, g in enumerate(VERSIONS["a"])}
    assert set(graphs) <= set(names), f"graphs no article has: {sorted(set(graphs) - set(names))[:5]}"
    states = {}
    for n in range(ARTICLES):
        stored = graphs.get(VERSIONS["a"][n].name)
        if stored is None:
            states[n] = "absent"
            continue
        whole = [v for v in ("a", "b") if same_graph(stored, VERSIONS[v][n].triples)]
        assert whole, f"article {n} is neither version whole: {len(stored)} triples: {sorted(map(str, stored))[:3]}"
        states[n] = whole[0]
    return states


@pytest.fixture
def oxigraph(tmp_path):
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


@pytest.fixture
def proxy(oxigraph):
    host, port = oxigraph.base_url.split("//")[1].split(":")
    proxy = FaultProxy((host, int(port)), SEED, FAULTS, FAULT_RATE)
    yield proxy
    proxy.close()


@pytest.fixture
def short_timeouts(monkeypatch):
    monkeypatch.setattr(remote_module, "CONNECT_TIMEOUT", CONNECT_TIMEOUT)
    monkeypatch.setattr(remote_module, "READ_TIMEOUT", READ_TIMEOUT)


@pytest.mark.slow  # a real Oxigraph server behind a faulty proxy
def test_fifty_faults_leave_every_article_whole_and_load_again_completes(oxigraph, proxy, short_timeouts,
                                                                         monkeypatch, capsys):
    monkeypatch.setattr(store_module, "BULK_CHUNK", 40)  # three chunks: three lookups, up to three bulk posts
    direct = RemoteStore(Endpoints.derive(oxigraph.base_url), retries=0)
    shuffle = random.Random(SEED + 1)
    started = time.monotonic()
    outcomes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()  # why articles failed, by message less its URL
    rounds = 0
    target = "a"
    while proxy.injected < FAULTS:
        rounds += 1
        assert rounds <= 40, f"only {proxy.injected} faults after {rounds - 1} rounds"
        target = "a" if rounds % 2 else "b"
        for n in shuffle.sample(range(ARTICLES), 15):  # some articles new to the store: the bulk path too
            direct._update(f"DROP SILENT GRAPH <{VERSIONS['a'][n].name}>")
        before = _states(direct)
        # a new client each time, as each CLI run has; every other one without retries, which would
        # otherwise absorb every fault on a query, a PUT or a DROP, so that faults reach the report too
        client = RemoteStore(Endpoints.derive(proxy.url), retries=RETRIES if rounds % 2 else 0)
        report = load(client, VERSIONS[target])
        client.close()
        proxy.wait_idle()
        after = _states(direct)
        names = [g.name for g in VERSIONS[target]]
        done = report.loaded + report.replaced + report.unchanged
        assert sorted(done + list(report.failed)) == sorted(names), "each article reported exactly once"
        assert all(isinstance(m, str) and m for m in report.failed.values())
        reasons.update(m.split(": ", 1)[-1] for m in report.failed.values())
        for n, name in enumerate(names):
            if name in report.failed:
                assert after[n] in (before[n], target), (n, before[n], after[n], report.failed[name])
                outcomes["failed, " + ("new" if after[n] == target and before[n] != target else "as before")] += 1
            else:
                assert after[n] == target, (n, before[n], after[n])
                outcomes["loaded"] += 1

    assert proxy.injected == FAULTS
    assert outcomes["failed, as before"] + outcomes["failed, new"] > 0, "no fault ever reached the report"
    proxy.enabled = False
    faulty_seconds = time.monotonic() - started

    client = RemoteStore(Endpoints.derive(proxy.url))
    again = load(client, VERSIONS[target])
    client.close()
    assert again.failed == {}
    graphs = _graphs_on_server(direct)
    assert set(graphs) == {g.name for g in VERSIONS[target]}, "no graph missing, none extra"
    assert all(same_graph(graphs[g.name], g.triples) for g in VERSIONS[target])
    with capsys.disabled():
        print(f"\n{FAULTS} faults {dict(proxy.counts)} on {dict(proxy.on)} over {proxy.requests} requests, "
              f"{rounds} loads of {ARTICLES} articles in {faulty_seconds:.1f} s; per article per load: "
              f"{dict(outcomes)}; failures: {dict(reasons)}; then a clean load: {len(again.replaced)} replaced, "
              f"{len(again.loaded)} new, {len(again.unchanged)} unchanged")


@pytest.mark.slow  # a real Oxigraph server behind a faulty proxy
def test_an_answer_cut_anywhere_is_a_store_error_or_the_whole_answer(oxigraph, proxy, short_timeouts):
    """Every byte position of a lookup's and a graph's answer: never a short answer taken for the whole one.

    (A lookup that missed present graphs would have them POSTed as new: merged into the old version.)
    """
    direct = RemoteStore(Endpoints.derive(oxigraph.base_url), retries=0)
    assert load(direct, VERSIONS["a"][:3]).failed == {}
    names = [g.name for g in VERSIONS["a"][:3]] + ["https://newsld.example/article/not-there"]
    through = RemoteStore(Endpoints.derive(proxy.url), retries=0)
    checks = {
        "existing": (lambda: through.existing(names), set(names[:3])),
        "triples": (lambda: through.triples(names[0]), set(VERSIONS["a"][0].triples)),
    }
    for what, (call, whole) in checks.items():
        proxy.plan = lambda request: None
        call()
        size = proxy.last_answer  # the answer's length in bytes, as the client gets it
        outcomes = Counter()
        for cut in range(1, size + 1):
            proxy.plan = lambda request, cut=cut: ("cut", cut)  # the first `cut` bytes
            try:
                answer = call()
            except StoreError as exc:
                outcomes["StoreError"] += 1
                assert str(exc), cut
                continue
            assert answer == whole if what == "existing" else same_graph(answer, whole), (what, cut, answer)
            outcomes["whole"] += 1
        assert outcomes["whole"] >= 1 and outcomes["StoreError"] >= size - 10, (what, size, outcomes)
        proxy.wait_idle()



@pytest.mark.slow  # a real Oxigraph server behind a faulty proxy
def test_a_lookup_cut_after_its_status_line_does_not_merge_versions(oxigraph, proxy, short_timeouts):
    """`HTTP/1.1 200 OK` and then nothing: taken for "no graph present", the new versions would be POSTed
    into the old graphs as if new, leaving a mix of both."""
    direct = RemoteStore(Endpoints.derive(oxigraph.base_url), retries=0)
    assert len(load(direct, VERSIONS["a"][:5]).loaded) == 5
    lookups = []

    def cut_first_lookup(request: bytes):
        if request.startswith(b"POST /query") and not lookups:
            lookups.append(request)
            return "cut", len(b"HTTP/1.1 200 OK\r\n")
        return None

    proxy.plan = cut_first_lookup
    report = load(RemoteStore(Endpoints.derive(proxy.url), retries=0), VERSIONS["b"][:5])
    proxy.wait_idle()
    states = _states(direct)  # fails on a mix of versions
    assert lookups and [states[n] for n in range(5)] == ["a"] * 5
    assert sorted(report.failed) == sorted(g.name for g in VERSIONS["b"][:5])
    assert all("cut off" in message for message in report.failed.values()), report.failed


@pytest.fixture
def silent():
    """A store that accepts every request and never answers (the proxy, nothing behind it, stalling all)."""
    proxy = FaultProxy(NOWHERE, SEED, 0, 0.0)
    proxy.plan = lambda request: ("stall", 1.0)
    yield proxy
    proxy.close()


def test_a_load_into_a_store_that_never_answers_gives_up_at_the_deadline(silent, monkeypatch):
    monkeypatch.setenv("NEWSLD_STORE_DEADLINE", str(DEADLINE))
    store = open_store(None, silent.url)
    started = time.monotonic()
    report = load(store, VERSIONS["a"][:3])
    took = time.monotonic() - started
    assert took < DEADLINE + 0.5, f"gave up after {took:.1f} s"
    assert sorted(report.failed) == sorted(g.name for g in VERSIONS["a"][:3])
    assert all("deadline" in message for message in report.failed.values()), report.failed


def test_an_answer_trickling_in_is_given_up_at_the_deadline(silent, monkeypatch):
    monkeypatch.setenv("NEWSLD_STORE_DEADLINE", str(DEADLINE))
    silent.plan = lambda request: ("trickle", 0.1)
    store = open_store(None, silent.url)
    started = time.monotonic()
    with pytest.raises(StoreError, match="deadline"):
        store.query("ASK {}")
    assert time.monotonic() - started < DEADLINE + 0.5


@pytest.mark.slow  # waits out read timeouts
def test_after_a_read_timeout_only_requests_harmless_to_send_twice_are_sent_again(silent, short_timeouts,
                                                                                    monkeypatch):
    """A Graph Store PUT, a DROP and a query are sent again; an N-Quads POST or an INSERT DATA, which add
    triples, are sent once: the first may have been applied, and the store would be loading them twice."""
    monkeypatch.setenv("NEWSLD_STORE_DEADLINE", "2")  # room for a second try after a 0.5 s read timeout
    sent: Counter[str] = Counter()

    def count_and_stall(request: bytes) -> tuple[str, float]:
        sent[_request_line(request)] += 1
        return "stall", 1.0

    silent.plan = count_and_stall
    graph = VERSIONS["a"][0]
    with_graph_store = RemoteStore(Endpoints.derive(silent.url))
    update_only = RemoteStore(Endpoints(f"{silent.url}/query", f"{silent.url}/update", None))
    calls = {
        "PUT /store": lambda: with_graph_store.replace(graph),
        "POST /update (DROP)": lambda: with_graph_store.drop(graph.name),
        "POST /query": lambda: with_graph_store.existing([graph.name]),
        "POST /store (N-Quads)": lambda: with_graph_store.add_new([graph]),
        "POST /update (INSERT DATA)": lambda: update_only.add_new([graph]),
    }
    sends = {}
    for name, call in calls.items():
        sent.clear()
        with pytest.raises(StoreError):
            call()
        sends[name] = sum(sent.values())
    assert {name: count > 1 for name, count in sends.items()} == {
        "PUT /store": True, "POST /update (DROP)": True, "POST /query": True,
        "POST /store (N-Quads)": False, "POST /update (INSERT DATA)": False}, sends
    assert sends["POST /store (N-Quads)"] == sends["POST /update (INSERT DATA)"] == 1


def test_a_deadline_that_is_no_number_of_seconds_is_one_error_line(monkeypatch):
    monkeypatch.setenv("NEWSLD_STORE_DEADLINE", "soon")
    result = CliRunner().invoke(main, ["query", "ASK {}", "--endpoint", "http://127.0.0.1:9"])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "newsld: error: store: NEWSLD_STORE_DEADLINE must be a positive number of seconds, got 'soon'"]


def test_a_store_that_stops_answering_in_the_middle_of_a_load_costs_one_deadline_not_one_per_graph(
        oxigraph, proxy, monkeypatch):
    monkeypatch.setenv("NEWSLD_STORE_DEADLINE", str(DEADLINE))
    direct = RemoteStore(Endpoints.derive(oxigraph.base_url), retries=0)
    assert len(load(direct, VERSIONS["a"][:20]).loaded) == 20
    answered = []

    def answer_three(request: bytes):  # the lookup and two graphs' triples, then silence
        answered.append(request)
        return None if len(answered) <= 3 else ("stall", 1.0)

    proxy.plan = answer_three
    started = time.monotonic()
    report = load(open_store(None, proxy.url), VERSIONS["b"][:20])
    took = time.monotonic() - started
    assert took < 2 * DEADLINE, f"gave up after {took:.1f} s"
    assert len(report.failed) == 20 - len(report.replaced) >= 18, report.failed
