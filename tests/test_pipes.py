"""Pipes: a story from standard input under the id given (or one made of its date and headline), and the graph
to standard output (`--stdout turtle|jsonld|nquads`) with nothing written anywhere else."""
from __future__ import annotations

import json
import subprocess
import sys

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from cli_helpers import DATED_STORY, newsld, out_dir, story, workdir  # noqa: F401 - fixtures
from conftest import graph_from_jsonld
from pipeline.namespaces import SCHEMA

BASE = "https://newsld.example/article/"
HEADLINED = "date 2024-03-01\nBudget passes Senate\n\nWASHINGTON -- The Senate passed the budget on Tuesday.\n"


def test_a_story_from_standard_input_is_published_under_the_id_given(newsld, out_dir):
    result = newsld("publish", "-", "--id", "budget-2026", "--out", out_dir, "--no-load", input=DATED_STORY)
    assert result.exit_code == 0, result.output
    assert (out_dir / "budget-2026.ttl").exists()
    graph = Graph().parse(out_dir / "budget-2026.ttl")
    assert (URIRef(BASE + "budget-2026"), None, None) in graph


def test_the_old_name_option_still_names_a_story_from_standard_input(newsld, out_dir):
    result = newsld("publish", "-", "--name", "budget-2026", "--out", out_dir, "--no-load", input=DATED_STORY)
    assert result.exit_code == 0, result.output
    assert (out_dir / "budget-2026.ttl").exists()


def test_a_story_from_standard_input_without_id_is_named_after_its_date_and_headline(newsld, out_dir):
    result = newsld("publish", "-", "--out", out_dir, "--no-load", input=HEADLINED)
    assert result.exit_code == 0, result.output
    [turtle] = out_dir.glob("*.ttl")
    assert turtle.stem.startswith("2024-03-01-budget-passes-senate-")


def test_two_different_stories_with_one_headline_and_date_never_share_an_iri(newsld, out_dir):
    other = HEADLINED.replace("on Tuesday", "late on Tuesday, after a long night")
    for text in (HEADLINED, other):
        assert newsld("publish", "-", "--out", out_dir, "--no-load", input=text).exit_code == 0
    assert len(list(out_dir.glob("*.ttl"))) == 2
    assert len(json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["articles"]) == 2


def test_the_same_story_piped_twice_is_one_article(newsld, out_dir):
    for _ in range(2):
        assert newsld("publish", "-", "--out", out_dir, "--no-load", input=HEADLINED).exit_code == 0
    assert len(list(out_dir.glob("*.ttl"))) == 1


def test_id_without_standard_input_is_a_usage_error(newsld, story):
    result = newsld("publish", story("a.txt", DATED_STORY), "--id", "x")
    assert result.exit_code == 2
    assert "--id" in result.output


def test_stdout_turtle_is_the_graph_publish_writes_and_nothing_is_written(newsld, workdir, out_dir):
    written = newsld("publish", "-", "--id", "budget", "--out", out_dir, "--no-load", input=DATED_STORY)
    assert written.exit_code == 0
    before = set(workdir.rglob("*"))
    result = newsld("publish", "-", "--id", "budget", "--stdout", "turtle", input=DATED_STORY)
    assert result.exit_code == 0, result.stderr
    assert set(workdir.rglob("*")) == before  # no output directory, no store, no manifest
    assert isomorphic(Graph().parse(data=result.stdout, format="turtle"), Graph().parse(out_dir / "budget.ttl"))


def test_stdout_nquads_puts_each_article_in_its_named_graph(newsld, story):
    first = story("a.txt", DATED_STORY)
    second = story("b.txt", HEADLINED)
    result = newsld("publish", first, second, "--stdout", "nquads")
    assert result.exit_code == 0, result.stderr
    dataset = Dataset()
    dataset.parse(data=result.stdout, format="nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {BASE + "a", BASE + "b"}


def test_stdout_jsonld_of_one_article_is_its_document(newsld, out_dir):
    newsld("publish", "-", "--id", "budget", "--out", out_dir, "--no-load", input=DATED_STORY)
    result = newsld("publish", "-", "--id", "budget", "--stdout", "jsonld", input=DATED_STORY)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document == json.loads((out_dir / "budget.jsonld").read_text(encoding="utf-8"))


def test_stdout_jsonld_of_several_articles_is_an_array_of_their_documents(newsld, story):
    result = newsld("publish", story("a.txt", DATED_STORY), story("b.txt", HEADLINED), "--stdout", "jsonld")
    assert result.exit_code == 0, result.stderr
    documents = json.loads(result.stdout)
    assert isinstance(documents, list) and len(documents) == 2
    subjects = {str(s) for d in documents for s in graph_from_jsonld(d).subjects() if str(s).startswith(BASE)}
    assert {BASE + "a", BASE + "b"} <= subjects


def test_stdout_reports_a_bad_input_and_still_writes_the_others(newsld, story):
    result = newsld("publish", story("empty.txt", ""), story("a.txt", DATED_STORY), "--stdout", "turtle")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsld: error: ")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert (URIRef(BASE + "a"), None, None) in Graph().parse(data=result.stdout, format="turtle")


def test_stdout_with_workers_is_a_usage_error(newsld, story):
    result = newsld("publish", story("a.txt", DATED_STORY), "--stdout", "turtle", "--workers", "2")
    assert result.exit_code == 2


def test_stdout_lists_each_article_and_its_warnings_on_standard_error(newsld, story):
    result = newsld("publish", story("a.txt", DATED_STORY), "--stdout", "turtle", "-v")
    assert result.stderr.splitlines()[0].startswith("ok   " + BASE + "a ")
    assert any(line.strip().startswith("Warning: ") for line in result.stderr.splitlines())


def test_stdout_refuses_the_options_it_would_ignore(newsld, story):
    for option in (["--out", "x"], ["--html"], ["--force"], ["--store", "s"], ["--format", "json"], ["--profile"]):
        result = newsld("publish", story("a.txt", DATED_STORY), "--stdout", "turtle", *option)
        assert result.exit_code == 2 and option[0] in result.output, option


def test_stdout_jsonld_of_no_article_is_an_empty_array(newsld, story):
    result = newsld("publish", story("empty.txt", ""), "--stdout", "jsonld")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_a_page_piped_in_is_read_as_a_page(newsld):
    page = ('<!doctype html><html lang="en"><head><title>Cranes arrive in port</title>'
            '<link rel="canonical" href="https://harbour.example.net/cranes">'
            '<meta property="article:published_time" content="2025-05-05T10:00:00Z"></head><body><article>'
            "<h1>Cranes arrive in port</h1><p>ROTTERDAM - Four new cranes arrived at the container terminal on "
            "Monday, the port authority said, after a voyage of six weeks from the yard that built them.</p>"
            "<p>The cranes will start work in the spring, once engineers have tested them, the authority said "
            "in a statement to shipping companies on Monday afternoon.</p></article></body></html>")
    result = newsld("publish", "-", "--stdout", "turtle", input=page)
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format="turtle")
    article = URIRef("https://harbour.example.net/cranes")
    assert (article, SCHEMA.headline, Literal("Cranes arrive in port")) in graph


def test_standard_input_given_twice_is_a_usage_error(newsld):
    assert newsld("publish", "-", "-", input=DATED_STORY).exit_code == 2


def test_a_closed_standard_output_is_one_error_line(tmp_path, story):
    path = story("a.txt", DATED_STORY)
    done = subprocess.run(f"{sys.executable} -m pipeline publish {path} --stdout turtle >&-", shell=True,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1
    assert "newsld: error: standard output: is closed" in done.stderr and "Traceback" not in done.stderr


def test_a_full_disk_under_standard_output_is_one_error_line(tmp_path, story):
    path = story("a.txt", DATED_STORY)
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "pipeline", "publish", path, "--stdout", "turtle"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
