"""`newsld query`: the shipped queries answer alike on every store; a query that read an empty default graph
says why it found nothing; a store that is not there is a usage error, not a new empty store."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.sources.published import read_published
from servers import start_oxigraph, start_virtuoso, virtuoso_available

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
STORIES = {
    "alliance.txt": "date 2022-02-03 PARIS, France -- Renault and Nissan Motor Co. will build batteries in Japan, "
                    "the companies said on Thursday.\n\n\"We will build them together,\" said Jean-Dominique "
                    "Senard, the alliance's chairman.\n",
    "tesla.txt": "date 2022-02-04 AUSTIN -- Tesla said on Friday it would open a factory in Berlin. "
                 "\"We are ready,\" Elon Musk said.\n",
}
PEOPLE = "SELECT ?name WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name }"
"""Without GRAPH: it reads the default graph, which only some stores make the union of the articles."""
NAMED_PEOPLE = "SELECT ?name WHERE { GRAPH ?g { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name } }"
NOBODY = 'FILTER (?name = "Nobody At All")'
NOTE = "the default graph is empty and {graphs} named graphs hold the data: use GRAPH ?g {{ ... }}"


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def query(target: list[str], *args: object) -> Result:
    return run("query", *target, *args)


def csv_rows(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1:]


@pytest.fixture(scope="module")
def published(tmp_path_factory, seed_path) -> Path:
    """The seed and two small stories, published once without loading: what every store here holds."""
    root = tmp_path_factory.mktemp("stories")
    for name, text in STORIES.items():
        (root / name).write_text(text, encoding="utf-8")
    result = run("publish", seed_path, *(root / n for n in STORIES), "--out", root / "out", "--no-load")
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.fixture(scope="module")
def graphs(published) -> int:
    return len(list(read_published(str(published))))


def loaded(target: list[str], published: Path) -> list[str]:
    result = run("load", published, *target)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, published) -> list[str]:
    return loaded(["--store", str(tmp_path_factory.mktemp("embedded") / "store")], published)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory, published):
    """A plain `oxigraph serve`: its default graph is empty, the articles are in named graphs."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield loaded(["--endpoint", server.base_url], published)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, published):
    """Virtuoso, whose default graph is the union of all graphs."""
    if not virtuoso_available():
        if os.environ.get("CI"):
            pytest.fail("Virtuoso is not installed: .ci/run installs virtuoso-opensource-7-bin")
        pytest.skip("Virtuoso (Debian virtuoso-opensource-7-bin) is not installed on this machine")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield loaded(["--endpoint", server.query_url], published)
    finally:
        server.stop()


# --- the shipped queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_shipped_query_finds_rows_in_the_embedded_store(path, embedded):
    assert csv_rows(query(embedded, "--file", path, "--format", "csv"))


@pytest.mark.slow  # real SPARQL servers
@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_shipped_query_gives_a_server_the_rows_of_the_embedded_store(path, kind, embedded, request):
    server = request.getfixturevalue(kind)
    expected = csv_rows(query(embedded, "--file", path, "--format", "csv"))
    assert csv_rows(query(server, "--file", path, "--format", "csv")) == expected


def test_query_help_names_query_files_that_exist():
    named = re.findall(r"queries/[\w.-]+\.rq", run("query", "--help").output)
    assert named and all((ROOT / path).is_file() for path in named), named


# --- a query that read an empty default graph ------------------------------------------------------


@pytest.mark.slow  # an Oxigraph server
def test_zero_rows_from_an_empty_default_graph_get_a_note_naming_the_named_graphs(oxigraph, graphs):
    result = query(oxigraph, PEOPLE, "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines()) == (0, ["name"])
    assert result.stderr.splitlines() == ["newsld: note: 0 rows; " + NOTE.format(graphs=graphs)]


@pytest.mark.slow  # an Oxigraph server
def test_false_from_an_empty_default_graph_gets_the_note_too(oxigraph, graphs):
    result = query(oxigraph, "ASK { ?s a <http://schema.org/Person> }")
    assert (result.exit_code, result.stdout) == (0, "false\n")
    assert result.stderr.splitlines() == ["newsld: note: false; " + NOTE.format(graphs=graphs)]


@pytest.mark.slow  # an Oxigraph server
def test_no_triples_from_an_empty_default_graph_get_the_note_too(oxigraph, graphs):
    result = query(oxigraph, "CONSTRUCT { ?s a <http://schema.org/Person> } WHERE { ?s a <http://schema.org/Person> }")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines() == ["newsld: note: no triples; " + NOTE.format(graphs=graphs)]


@pytest.mark.slow  # an Oxigraph server
def test_a_query_reading_named_graphs_that_finds_nothing_gets_no_note(oxigraph):
    result = query(oxigraph, NAMED_PEOPLE.replace("} }", f"}} {NOBODY} }}"), "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines(), result.stderr) == (0, ["name"], "")


@pytest.mark.slow  # an Oxigraph server
def test_a_query_with_a_dataset_of_its_own_gets_no_note(oxigraph):
    result = query(oxigraph, "SELECT ?s FROM <https://newsld.example/nothing> WHERE { ?s ?p ?o }")
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.slow  # an Oxigraph server
def test_a_query_that_answers_gets_no_note(oxigraph):
    result = query(oxigraph, NAMED_PEOPLE, "--format", "csv")
    assert "Jean-Dominique Senard" in csv_rows(result)
    assert result.stderr == ""


@pytest.mark.parametrize(("sparql", "chooses"), [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
    ("select * from <https://newsld.example/g> where { ?s ?p ?o }", True),
    ("SELECT * WHERE { ?s ?p ?o }  # GRAPH ?g would have found it", False),
    ("SELECT * WHERE { ?s ?p \"GRAPH\" ; ?q 'from' ; ?r '''FROM\nGRAPH''' }", False),
    ("PREFIX graph: <https://newsld.example/graph#> SELECT ?graph WHERE { ?graph graph:from ?from }", False),
    ("SELECT * WHERE { ?s <https://newsld.example/GRAPH> ?o }", False),
], ids=["GRAPH", "FROM", "in a comment", "in strings", "in names and variables", "in an IRI"])
def test_only_graph_and_from_as_keywords_tell_that_a_query_chooses_its_graphs(sparql, chooses):
    from pipeline.store.hint import chooses_graphs

    assert chooses_graphs(sparql) is chooses


@pytest.mark.parametrize("kind", ["embedded", pytest.param("virtuoso", marks=pytest.mark.slow)])  # slow: a server
def test_a_store_whose_default_graph_is_the_union_answers_without_graph_and_without_note(kind, request):
    result = query(request.getfixturevalue(kind), PEOPLE, "--format", "csv")
    assert "Jean-Dominique Senard" in csv_rows(result)
    assert result.stderr == ""


def test_zero_rows_from_the_embedded_store_get_no_note_its_default_graph_holds_every_article(embedded):
    result = query(embedded, PEOPLE.replace("?name }", f"?name {NOBODY} }}"), "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines(), result.stderr) == (0, ["name"], "")


def test_zero_rows_from_an_empty_store_get_no_note(tmp_path):
    from pipeline.store import open_store

    open_store(tmp_path / "store").close()  # a store that exists, holding nothing
    result = query(["--store", tmp_path / "store"], PEOPLE, "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines(), result.stderr) == (0, ["name"], "")


# --- a store that is not there ---------------------------------------------------------------------


def test_a_store_directory_that_does_not_exist_is_a_usage_error_and_is_not_made(tmp_path):
    missing = tmp_path / "no-such-store"
    result = query(["--store", missing], "ASK {}")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"newsld: error: {missing}: no such store directory"]
    assert not missing.exists()


def test_the_default_store_missing_is_a_usage_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = query([], "ASK {}")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"newsld: error: {Path('output', 'store')}: no such store directory"]
    assert not (tmp_path / "output").exists()


def test_a_directory_without_a_store_is_a_usage_error_and_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store", encoding="utf-8")
    result = query(["--store", tmp_path], "ASK {}")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"newsld: error: {tmp_path}: no embedded store here "
                                          "(publish or load into it first)"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


# --- what is no query ------------------------------------------------------------------------------


def test_no_query_at_all_is_a_usage_error_asking_for_one(tmp_path):
    result = query(["--store", tmp_path])
    assert result.exit_code == 2
    assert "give a query, as an argument or with --file" in result.stderr


def test_a_query_both_as_argument_and_file_is_a_usage_error(tmp_path):
    (tmp_path / "q.rq").write_text("ASK {}", encoding="utf-8")
    result = query(["--store", tmp_path], "ASK {}", "--file", tmp_path / "q.rq")
    assert result.exit_code == 2
    assert "give the query as an argument or with --file, not both" in result.stderr


def test_a_query_file_that_is_not_utf8_is_one_error_line_naming_it_and_a_usage_error(tmp_path, embedded):
    (tmp_path / "q.rq").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    result = query(embedded, "--file", tmp_path / "q.rq")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"newsld: error: {tmp_path / 'q.rq'}: not UTF-8 text: invalid start byte "
                                          "at byte 0"]


UPDATES = [
    "INSERT DATA { GRAPH <https://newsld.example/g> { <https://newsld.example/s> <https://newsld.example/p> 1 } }",
    "DELETE WHERE { GRAPH ?g { ?s <http://schema.org/name> ?name } }",
    "PREFIX schema: <http://schema.org/>\nWITH <https://newsld.example/g> DELETE { ?s schema:name ?n } WHERE { ?s "
    "schema:name ?n }",
    "# clears every graph\nDROP ALL",
    "clear default",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CREATE GRAPH <https://newsld.example/new>",
    "COPY DEFAULT TO <https://newsld.example/g>",
]


@pytest.mark.parametrize("sparql", UPDATES, ids=lambda s: s.split()[0] if not s.startswith("#") else "DROP")
def test_an_update_is_refused_as_a_usage_error_saying_query_only_reads(sparql, embedded):
    result = query(embedded, sparql)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("newsld: error: query: ") and "is an update, and newsld query only reads" in line


def test_an_update_from_a_file_is_refused_too(tmp_path, embedded):
    (tmp_path / "drop.rq").write_text("PREFIX ex: <https://example.org/>\nDROP ALL\n", encoding="utf-8")
    result = query(embedded, "--file", tmp_path / "drop.rq")
    assert result.exit_code == 2 and "DROP is an update" in result.stderr


def test_a_refused_update_leaves_the_store_as_it_was(embedded):
    before = csv_rows(query(embedded, NAMED_PEOPLE, "--format", "csv"))
    assert query(embedded, "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }").exit_code == 2
    assert csv_rows(query(embedded, NAMED_PEOPLE, "--format", "csv")) == before


@pytest.mark.slow  # a real SPARQL server: Virtuoso runs an update sent to its query endpoint
def test_an_update_is_never_sent_to_a_server(virtuoso):
    before = csv_rows(query(virtuoso, NAMED_PEOPLE, "--format", "csv"))
    assert query(virtuoso, "DELETE WHERE { GRAPH ?g { ?s <http://schema.org/name> ?name } }").exit_code == 2
    assert csv_rows(query(virtuoso, NAMED_PEOPLE, "--format", "csv")) == before


def test_update_words_in_strings_names_and_comments_do_not_make_an_update(embedded):
    sparql = ("PREFIX drop: <http://schema.org/>\n# INSERT nothing\nSELECT ?insert WHERE { GRAPH ?g { ?insert "
              "drop:name \"DROP ALL\" } }")
    result = query(embedded, sparql, "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines(), result.stderr) == (0, ["insert"], "")
