"""Loading and querying, the same specification against the embedded store, an Oxigraph server and Virtuoso."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.sources.published import read_published
from pipeline.store import open_store
from servers import start_oxigraph, start_virtuoso, virtuoso_available

pytestmark = pytest.mark.slow  # real SPARQL servers (Oxigraph, Virtuoso)

STORIES = {
    "nissan.txt": "date 2022-01-28 TOKYO -- Nissan Motor Co. and Renault will invest $26 billion in batteries, "
                  "Nissan Chief Executive Officer Makoto Uchida said.",
    "renault.txt": "date 2022-02-03 PARIS, France -- Renault and Nissan will build the batteries in Japan, "
                   "Makoto Uchida told reporters on Thursday.",
    "tesla.txt": "date 2022-02-04 AUSTIN -- Tesla said on Friday it would open a factory in Berlin. "
                 "\"We are ready,\" Elon Musk said.",
    # IRIs beyond ASCII (article/łódź, place/łódź): every store must give them back as they went in
    "łódź.txt": "date 2022-02-05 ŁÓDŹ, Poland -- Renault said on Saturday it would open a plant in Łódź.",
}
CHANGED = "date 2022-01-28 TOKYO -- Nissan Motor Co. and Renault will invest $30 billion in batteries, a spokesman said."


def run(*args: object, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """Three stories published once, without loading: the output every store test loads."""
    root = tmp_path_factory.mktemp("published")
    for name, text in STORIES.items():
        (root / name).write_text(text, encoding="utf-8")
    result = run("publish", *(root / n for n in STORIES), "--out", root / "out", "--no-load")
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    """The Nissan story corrected: same file name, so the same article IRI, a different graph."""
    root = tmp_path_factory.mktemp("changed")
    (root / "nissan.txt").write_text(CHANGED, encoding="utf-8")
    assert run("publish", root / "nissan.txt", "--out", root / "out", "--no-load").exit_code == 0
    return root / "out"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    if not virtuoso_available():
        if os.environ.get("CI"):
            pytest.fail("Virtuoso is not installed: .ci/run installs virtuoso-opensource-7-bin")
        pytest.skip("Virtuoso (Debian virtuoso-opensource-7-bin) is not installed on this machine")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def target(request, tmp_path, published) -> list[str]:
    """CLI options naming one empty store of each kind (server stores are emptied of this test's graphs)."""
    if request.param == "embedded":
        return ["--store", str(tmp_path / "store")]
    server = request.getfixturevalue(f"{request.param}_server")
    endpoint = server.query_url if request.param == "virtuoso" else server.base_url
    store = open_store(None, endpoint)
    for graph in read_published(str(published)):
        store._update(f"DROP SILENT GRAPH <{graph.name}>")
    store.close()
    return ["--endpoint", endpoint]


def open_target(target: list[str]):
    option, value = target
    return open_store(Path(value), None) if option == "--store" else open_store(None, value)


def load_json(path: Path, target: list[str]) -> dict:
    result = run("load", path, *target, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_loaded_graphs_read_back_equal_to_the_published_ones(published, target):
    report = load_json(published, target)
    assert (report["loaded"], report["failed"]) == (len(STORIES), [])
    store = open_target(target)
    try:
        for graph in read_published(str(published)):
            assert store.triples(graph.name) == graph.triples, graph.name
    finally:
        store.close()


def test_loading_twice_leaves_the_store_as_after_the_first(published, target):
    load_json(published, target)
    report = load_json(published, target)
    assert (report["loaded"], report["replaced"], report["unchanged"], report["triples"]) == (0, 0, len(STORIES), 0)


def test_changed_article_replaces_its_graph_whole(published, changed, target):
    load_json(published, target)
    report = load_json(changed, target)
    assert (report["loaded"], report["replaced"]) == (0, 1)
    (new,) = read_published(str(changed))
    store = open_target(target)
    try:
        assert store.triples(new.name) == new.triples
    finally:
        store.close()


def test_query_answers_from_the_store(published, target):
    load_json(published, target)
    result = run("query", *target, "--format", "csv",
                 "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?q a <http://schema.org/Quotation> ; "
                 "<http://schema.org/creator> ?p . ?p <http://schema.org/name> ?name } }")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "Elon Musk"]


def test_publish_loads_into_the_store_it_is_given(tmp_path, target):
    (tmp_path / "tesla.txt").write_text(STORIES["tesla.txt"], encoding="utf-8")
    result = run("publish", tmp_path / "tesla.txt", "--out", tmp_path / "out", *target)
    assert result.exit_code == 0, result.output
    assert ": 1 graphs, 0 failed" in result.stdout


# --- faults ----------------------------------------------------------------------------------------


def test_server_not_running_is_one_clear_line_and_exit_1(published):
    from servers import free_port

    result = run("load", published, "--endpoint", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsld: error:")]
    assert errors and all("cannot connect" in line for line in errors)
    assert "Traceback" not in result.output


def test_wrong_password_is_refused_without_showing_it(published, virtuoso_server):
    env = {"NEWSLD_STORE_USER": virtuoso_server.auth_user, "NEWSLD_STORE_PASSWORD": "not-the-password-42",
           "NEWSLD_STORE_AUTH": "digest"}
    result = run("load", published, "--endpoint", virtuoso_server.query_auth_url, env=env)
    assert result.exit_code == 1
    assert "credentials" in result.stderr
    assert "not-the-password-42" not in result.output


def test_right_password_loads_through_the_digest_endpoint(published, virtuoso_server):
    env = {"NEWSLD_STORE_USER": virtuoso_server.auth_user, "NEWSLD_STORE_PASSWORD": virtuoso_server.auth_password,
           "NEWSLD_STORE_AUTH": "digest"}
    result = run("load", published, "--endpoint", virtuoso_server.query_auth_url, "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["failed"] == []


def test_embedded_store_in_use_by_another_process_is_a_clear_error(published, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(tmp_path / "store")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = run("load", published, "--store", tmp_path / "store")
        assert result.exit_code == 1
        assert "another process" in result.stderr
    finally:
        holder.kill()
        holder.wait()


def _graph(number: int, version: str):
    from pyoxigraph import Literal, NamedNode, Triple

    from pipeline.store import NamedGraph

    name = f"https://newsld.example/article/fault-{number}"
    article, schema = NamedNode(name), "http://schema.org/"
    triples = {Triple(article, NamedNode(schema + "headline"), Literal(f"{version} headline {number}"))}
    triples |= {Triple(article, NamedNode(schema + "keywords"), Literal(f"{version} {k}")) for k in range(10)}
    return NamedGraph(name, frozenset(triples), "test")


def test_server_stopped_mid_batch_leaves_each_graph_old_or_new_and_load_again_completes(tmp_path, monkeypatch):
    from pipeline import store as store_module
    from pipeline.store import load
    from pipeline.store.remote import Endpoints, RemoteStore

    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        def connect():
            return RemoteStore(Endpoints.derive(server.base_url), retries=0)

        old, new = [_graph(n, "old") for n in range(20)], [_graph(n, "new") for n in range(20)]
        assert len(load(connect(), old).loaded) == 20
        monkeypatch.setattr(store_module, "BULK_CHUNK", 5)
        chunks_done = []

        def kill_after_first_chunk(size: int) -> None:
            chunks_done.append(size)
            if len(chunks_done) == 1:
                server.stop()

        report = load(connect(), new, progress=kill_after_first_chunk)
        assert (len(report.replaced), len(report.failed)) == (5, 15)
        assert all("cannot connect" in message for message in report.failed.values())

        server.restart()
        store = connect()
        for before, after in zip(old, new):
            stored = store.triples(before.name)
            assert stored in (before.triples, after.triples), before.name
        again = load(store, new)
        assert (len(again.replaced), len(again.unchanged), again.failed) == (15, 5, {})
        assert all(store.triples(g.name) == g.triples for g in new)
    finally:
        server.stop()


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_without_graph_store_protocol_sparql_update_loads_and_replaces(kind, request, published, changed):
    from pipeline.store import load
    from pipeline.store.remote import Endpoints, RemoteStore

    server = request.getfixturevalue(f"{kind}_server")
    store = RemoteStore(Endpoints(server.query_url, server.update_url, None))
    graphs = list(read_published(str(published)))
    for graph in graphs:
        store._update(f"DROP SILENT GRAPH <{graph.name}>")
    assert len(load(store, graphs).loaded) == len(STORIES)
    (new,) = read_published(str(changed))
    assert load(store, [new]).replaced == [new.name]
    assert store.triples(new.name) == new.triples
    assert all(store.triples(g.name) == g.triples for g in graphs if g.name != new.name)
