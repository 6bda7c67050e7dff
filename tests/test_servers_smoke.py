"""Smoke tests for tests/servers.py: real Oxigraph and Virtuoso on 127.0.0.1.

Besides checking that the servers start, these pin down how each one behaves over
HTTP (Graph Store Protocol, SPARQL Update, result formats, auth), so that code
talking to them can rely on the exact URLs, content types and status codes.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from servers import (
    Server,
    oxigraph_available,
    start_oxigraph,
    start_virtuoso,
    virtuoso_available,
)

pytestmark = pytest.mark.slow  # real SPARQL servers (Oxigraph, Virtuoso)

EX = "http://example.org/smoke/"
NT = (
    f'<{EX}s> <{EX}name> "Caf\\u00e9 Zürich – “quoted”"@de .\n'
    f'<{EX}s> <{EX}date> "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
    f"<{EX}s> <{EX}link> <{EX}o> .\n"
    f'_:b1 <{EX}name> "blank node" .\n'
).encode("utf-8")
NT_CT = "application/n-triples"
RESULTS_JSON = "application/sparql-results+json"


def graph_iri() -> str:
    return f"{EX}g/{uuid.uuid4().hex}"


def expected_graph() -> Graph:
    return Graph().parse(data=NT.decode("utf-8"), format="nt")


def parse_nt(response: requests.Response) -> Graph:
    # Oxigraph sends no charset; requests would guess. The body is always UTF-8.
    return Graph().parse(data=response.content.decode("utf-8"), format="nt")


def select(server: Server, query: str) -> list[dict]:
    response = requests.get(server.query_url, params={"query": query},
                            headers={"Accept": RESULTS_JSON}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def count_triples(server: Server, graph: str) -> int:
    rows = select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def construct_graph(server: Server, graph: str, accept: str = NT_CT) -> requests.Response:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return requests.get(server.query_url, params={"query": query},
                        headers={"Accept": accept} if accept else {}, timeout=10)


def listening_addresses(pid: int) -> set[str]:
    """host:port of the TCP sockets in LISTEN state owned by `pid` (Linux /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            cols = line.split()
            local, state, inode = cols[1], cols[3], cols[9]
            if state != "0A" or inode not in inodes:
                continue
            host_hex, port_hex = local.split(":")
            if table == "tcp":
                host = ".".join(str(int(host_hex[i:i + 2], 16)) for i in (6, 4, 2, 0))
            else:
                host = "ipv6:" + host_hex
            found.add(f"{host}:{int(port_hex, 16)}")
    return found


# -- fixtures ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    if not oxigraph_available():
        pytest.skip("oxigraph executable not installed")
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if not virtuoso_available():
        pytest.skip("virtuoso-t / isql-vt not installed")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request) -> Server:
    return request.getfixturevalue(request.param)


# -- start-up ----------------------------------------------------------------------


def test_server_starts_on_loopback_only(server):
    assert server.is_running()
    assert server.base_url.startswith("http://127.0.0.1:")
    limit = 20 if server.kind == "oxigraph" else 60
    assert server.startup_seconds is not None and server.startup_seconds < limit
    if Path(f"/proc/{server.pid}/fd").exists():
        addresses = listening_addresses(server.pid)
        assert addresses and all(a.startswith("127.0.0.1:") for a in addresses), addresses


def test_anonymous_ask(server):
    response = requests.get(server.query_url, params={"query": "ASK {}"},
                            headers={"Accept": RESULTS_JSON}, timeout=10)
    assert response.status_code == 200
    assert response.json()["boolean"] is True


# -- (a) Graph Store Protocol PUT / GET / DELETE -------------------------------------

# (server kind, query parameter naming the graph, Content-Type) -> status of a PUT
# that creates the graph, status of a PUT that replaces it.
GSP_PUT = {
    ("oxigraph", "graph", "application/n-triples"): (201, 204),
    ("oxigraph", "graph", "text/turtle"): (201, 204),
    ("virtuoso", "graph", "application/n-triples"): (201, 200),
    ("virtuoso", "graph", "text/turtle"): (201, 200),
    ("virtuoso", "graph-uri", "application/n-triples"): (201, 200),
    ("virtuoso", "graph-uri", "text/turtle"): (201, 200),
}


@pytest.mark.parametrize("kind,param,content_type", sorted(GSP_PUT))
def test_gsp_put_then_get(request, kind, param, content_type):
    server = request.getfixturevalue(kind)
    created, replaced = GSP_PUT[(kind, param, content_type)]
    graph = graph_iri()
    url, headers = server.graph_store_url, {"Content-Type": content_type}

    first = requests.put(url, params={param: graph}, data=NT, headers=headers, timeout=10)
    assert first.status_code == created, first.text
    second = requests.put(url, params={param: graph}, data=NT, headers=headers, timeout=10)
    assert second.status_code == replaced, second.text  # replaced, not appended
    assert count_triples(server, graph) == 4

    got = requests.get(url, params={param: graph}, headers={"Accept": NT_CT}, timeout=10)
    assert got.status_code == 200
    assert got.headers["Content-Type"].split(";")[0] == NT_CT
    assert isomorphic(parse_nt(got), expected_graph())


def test_gsp_post_delete_and_missing_graph(server):
    graph = graph_iri()
    url, headers = server.graph_store_url, {"Content-Type": NT_CT}
    post_existing = 204 if server.kind == "oxigraph" else 200
    one = f'<{EX}s> <{EX}p> "one" .'.encode()
    two = f'<{EX}s> <{EX}p> "two" .'.encode()
    assert requests.post(url, params={"graph": graph}, data=one, headers=headers).status_code == 201
    assert requests.post(url, params={"graph": graph}, data=two, headers=headers).status_code == post_existing
    assert count_triples(server, graph) == 2  # POST appends

    deleted = 204 if server.kind == "oxigraph" else 200
    assert requests.delete(url, params={"graph": graph}).status_code == deleted
    assert requests.delete(url, params={"graph": graph}).status_code == 404
    assert requests.get(url, params={"graph": graph}, headers={"Accept": NT_CT}).status_code == 404


def test_gsp_put_empty_graph(server):
    graph = graph_iri()
    put = requests.put(server.graph_store_url, params={"graph": graph}, data=b"",
                       headers={"Content-Type": NT_CT})
    assert put.status_code == 201
    got = requests.get(server.graph_store_url, params={"graph": graph}, headers={"Accept": NT_CT})
    # Oxigraph keeps an empty named graph; Virtuoso has no graph without triples.
    assert got.status_code == (200 if server.kind == "oxigraph" else 404)


def test_gsp_put_invalid_ntriples(server):
    put = requests.put(server.graph_store_url, params={"graph": graph_iri()},
                       data=f'<{EX}s> <{EX}p> "unterminated .'.encode(),
                       headers={"Content-Type": NT_CT})
    assert put.status_code == (400 if server.kind == "oxigraph" else 500)


def test_oxigraph_put_without_graph_param_replaces_whole_dataset(tmp_path):
    """Hazard: Oxigraph ignores ?graph-uri= and treats PUT /store as 'replace dataset'."""
    server = start_oxigraph(tmp_path)
    try:
        keep = graph_iri()
        requests.put(server.graph_store_url, params={"graph": keep}, data=NT,
                     headers={"Content-Type": NT_CT}).raise_for_status()
        wiped = requests.put(server.graph_store_url, params={"graph-uri": graph_iri()},
                             data=NT, headers={"Content-Type": NT_CT})
        assert wiped.status_code == 204
        assert count_triples(server, keep) == 0  # the named graph is gone
        assert len(select(server, "SELECT * WHERE { ?s ?p ?o }")) == 4  # now in the default graph
    finally:
        server.stop()


# -- (b) SPARQL Update ------------------------------------------------------------------


NT_NO_BNODES = NT.replace(b"_:b1", f"<{EX}b1>".encode())


def update_text(graph: str, data: bytes = NT_NO_BNODES, where: bool = False) -> str:
    """DROP SILENT GRAPH + INSERT DATA (or, with `where`, INSERT { } WHERE { })."""
    insert = f"INSERT {{ GRAPH <{graph}> {{\n{data.decode('utf-8')}}} }}"
    insert = insert + " WHERE {}" if where else insert.replace("INSERT", "INSERT DATA", 1)
    return f"DROP SILENT GRAPH <{graph}> ; {insert}"


def no_bnode_graph() -> Graph:
    return Graph().parse(data=NT_NO_BNODES.decode("utf-8"), format="nt")


@pytest.mark.parametrize("style", ["direct", "form"])
def test_sparql_update(server, style):
    graph = graph_iri()
    for _ in range(2):  # second round exercises DROP on an existing graph
        if style == "direct":
            response = requests.post(server.update_url, data=update_text(graph).encode("utf-8"),
                                     headers={"Content-Type": "application/sparql-update"}, timeout=10)
        else:
            response = requests.post(server.update_url, data={"update": update_text(graph)}, timeout=10)
        if server.kind == "oxigraph":
            assert response.status_code == 204 and response.content == b""
        else:  # Virtuoso answers 200 with a result set describing what it did
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith("application/sparql-results+xml")
            assert "Commit -- done" in response.text
    assert count_triples(server, graph) == 4
    assert isomorphic(parse_nt(construct_graph(server, graph)), no_bnode_graph())


def test_update_with_blank_nodes(server):
    """Virtuoso rejects blank nodes in INSERT DATA (SP031, HTTP 400) although SPARQL 1.1
    allows them; INSERT { ... } WHERE {} with the same triples works on both servers."""
    graph = graph_iri()
    data = requests.post(server.update_url, data={"update": update_text(graph, NT)}, timeout=10)
    if server.kind == "oxigraph":
        assert data.status_code == 204
    else:
        assert data.status_code == 400
        assert "SP031" in data.text and "not allowed in a constant clause" in data.text
    graph = graph_iri()
    where = requests.post(server.update_url, data={"update": update_text(graph, NT, where=True)},
                          timeout=10)
    assert where.status_code == (204 if server.kind == "oxigraph" else 200)
    assert isomorphic(parse_nt(construct_graph(server, graph)), expected_graph())


def test_update_on_query_endpoint(server):
    """Oxigraph separates /query and /update; Virtuoso's /sparql takes both."""
    graph = graph_iri()
    form = requests.post(server.query_url, data={"update": update_text(graph)}, timeout=10)
    if server.kind == "oxigraph":
        assert form.status_code == 400
        direct = requests.post(server.query_url, data=update_text(graph).encode(),
                               headers={"Content-Type": "application/sparql-update"}, timeout=10)
        assert direct.status_code == 415
    else:
        assert form.status_code == 200
        via_query = requests.post(server.query_url, data={"query": update_text(graph)}, timeout=10)
        assert via_query.status_code == 200
        assert count_triples(server, graph) == 4


def test_invalid_update_is_400(server):
    bad = f'INSERT DATA {{ GRAPH <{graph_iri()}> {{ <{EX}s> <{EX}p> "unterminated }} }}'
    assert requests.post(server.update_url, data={"update": bad}).status_code == 400


# -- (c) CONSTRUCT as N-Triples ---------------------------------------------------------

# Accept sent -> media type of the answer (the body is N-Triples / Turtle accordingly)
CONSTRUCT_TYPES = {
    "oxigraph": {"application/n-triples": "application/n-triples",
                 "text/plain": "application/n-triples",
                 "text/turtle": "text/turtle",
                 "": "application/n-quads"},
    "virtuoso": {"application/n-triples": "application/n-triples",
                 "text/plain": "text/plain",
                 "text/turtle": "text/turtle",
                 "": "text/turtle"},
}


def test_construct_content_negotiation(server):
    graph = graph_iri()
    requests.put(server.graph_store_url, params={"graph": graph}, data=NT,
                 headers={"Content-Type": NT_CT}).raise_for_status()
    for accept, media_type in CONSTRUCT_TYPES[server.kind].items():
        response = construct_graph(server, graph, accept)
        assert response.status_code == 200
        assert response.headers["Content-Type"].split(";")[0].strip() == media_type, accept
        fmt = "turtle" if media_type == "text/turtle" else "nt"
        parsed = Graph().parse(data=response.content.decode("utf-8"), format=fmt)
        assert isomorphic(parsed, expected_graph()), accept
    name = Graph().parse(data=construct_graph(server, graph).content.decode(), format="nt")
    assert (URIRef(f"{EX}s"), URIRef(f"{EX}name"), Literal("Café Zürich – “quoted”", lang="de")) in name


def test_construct_empty(server):
    response = construct_graph(server, graph_iri())
    assert response.status_code == 200
    # Virtuoso writes a comment line for an empty result.
    assert response.content == (b"" if server.kind == "oxigraph" else b"# Empty NT\n")
    assert len(parse_nt(response)) == 0


# -- (d) SELECT as JSON and CSV -----------------------------------------------------------


def test_select_json_and_csv(server):
    graph = graph_iri()
    requests.put(server.graph_store_url, params={"graph": graph}, data=NT,
                 headers={"Content-Type": NT_CT}).raise_for_status()
    query = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <{EX}s> <{EX}name> ?o }} }}"

    as_json = requests.get(server.query_url, params={"query": query},
                           headers={"Accept": RESULTS_JSON}, timeout=10)
    assert as_json.status_code == 200
    assert as_json.headers["Content-Type"].split(";")[0] == RESULTS_JSON
    [row] = as_json.json()["results"]["bindings"]
    assert row["o"]["value"] == "Café Zürich – “quoted”"
    assert row["o"].get("xml:lang") == "de"

    as_csv = requests.get(server.query_url, params={"query": query},
                          headers={"Accept": "text/csv"}, timeout=10)
    assert as_csv.status_code == 200
    assert as_csv.headers["Content-Type"].split(";")[0] == "text/csv"
    lines = as_csv.content.decode("utf-8").splitlines()
    if server.kind == "oxigraph":  # RFC 4180 style, quoting only when needed, CRLF
        assert lines == ["o", "Café Zürich – “quoted”"]
    else:  # Virtuoso quotes every field, LF line ends
        assert lines == ['"o"', '"Café Zürich – “quoted”"']

    # A form-encoded POST of the query works on both.
    posted = requests.post(server.query_url, data={"query": query},
                           headers={"Accept": RESULTS_JSON}, timeout=10)
    assert posted.status_code == 200 and len(posted.json()["results"]["bindings"]) == 1


def test_post_sparql_query_body(server):
    """POST with Content-Type application/sparql-query: Oxigraph answers, Virtuoso 7.2.5
    never does (openlink/virtuoso-opensource#842) -- use GET or a form POST there."""
    query = "ASK {}"
    kwargs = dict(data=query.encode(), headers={"Content-Type": "application/sparql-query",
                                                "Accept": RESULTS_JSON})
    if server.kind == "oxigraph":
        response = requests.post(server.query_url, timeout=10, **kwargs)
        assert response.status_code == 200 and response.json()["boolean"] is True
    else:
        with pytest.raises(requests.exceptions.ReadTimeout):
            requests.post(server.query_url, timeout=1.5, **kwargs)


# -- (e) N-Quads to the graph store without ?graph ----------------------------------------


def test_post_nquads_to_graph_store(server):
    g1, g2 = graph_iri(), graph_iri()
    nquads = (f'<{EX}s> <{EX}p> "q1" <{g1}> .\n'
              f'<{EX}s> <{EX}p> "q2" <{g2}> .\n').encode()
    headers = {"Content-Type": "application/n-quads"}
    response = requests.post(server.graph_store_url, data=nquads, headers=headers, timeout=10)
    if server.kind == "oxigraph":
        assert response.status_code == 204
        assert count_triples(server, g1) == 1 and count_triples(server, g2) == 1
    else:
        # Virtuoso ignores the body and answers 200 with its HTML form: nothing stored.
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/html")
        assert count_triples(server, g1) == 0 and count_triples(server, g2) == 0
        # With ?graph= it refuses the type outright.
        refused = requests.post(server.graph_store_url, params={"graph": g1}, data=nquads,
                                headers=headers, timeout=10)
        assert refused.status_code == 500
        assert "unsupported type text/x-nquads" in refused.text


# -- (f) Virtuoso Digest-authenticated endpoints -------------------------------------------


def test_virtuoso_digest_auth(virtuoso):
    graph = graph_iri()
    good = HTTPDigestAuth(virtuoso.auth_user, virtuoso.auth_password)
    wrong = HTTPDigestAuth(virtuoso.auth_user, "not-the-password")
    put = dict(params={"graph": graph}, data=NT, headers={"Content-Type": NT_CT}, timeout=10)
    ask = dict(params={"query": "ASK {}"}, headers={"Accept": RESULTS_JSON}, timeout=10)

    anonymous = requests.get(virtuoso.query_auth_url, **ask)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith('Digest realm="SPARQL"')
    assert requests.get(virtuoso.query_auth_url, auth=wrong, **ask).status_code == 401
    assert requests.get(virtuoso.query_auth_url,
                        auth=HTTPBasicAuth(virtuoso.auth_user, virtuoso.auth_password),
                        **ask).status_code == 401  # Basic is not accepted
    assert requests.get(virtuoso.query_auth_url, auth=good, **ask).status_code == 200

    assert requests.put(virtuoso.graph_store_auth_url, auth=wrong, **put).status_code == 401
    assert requests.put(virtuoso.graph_store_auth_url, auth=good, **put).status_code == 201
    assert requests.put(virtuoso.graph_store_auth_url, auth=good, **put).status_code == 200
    got = requests.get(virtuoso.graph_store_auth_url, params={"graph": graph},
                       headers={"Accept": NT_CT}, auth=good, timeout=10)
    assert got.status_code == 200 and isomorphic(parse_nt(got), expected_graph())

    update = requests.post(virtuoso.query_auth_url, data={"update": update_text(graph_iri())},
                           auth=good, timeout=10)
    assert update.status_code == 200
    assert requests.post(virtuoso.query_auth_url, data={"update": update_text(graph_iri())},
                         auth=wrong, timeout=10).status_code == 401


# -- restart keeps the data ----------------------------------------------------------------


def test_restart_keeps_data(server):
    graph = graph_iri()
    requests.put(server.graph_store_url, params={"graph": graph}, data=NT,
                 headers={"Content-Type": NT_CT}).raise_for_status()
    old_pid = server.pid
    server.restart()
    assert server.pid != old_pid and server.is_running()
    assert count_triples(server, graph) == 4
