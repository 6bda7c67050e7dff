"""`newsld serve`: every published IRI answers, in the format asked for, from a real server over a real store.

One output is published (the seed, a page, a story dated now by an author with a
non-ASCII name, and more notes by one author than fit on one page) under the base
the server is started at, so the IRIs are the server's own URLs.
"""
from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import extruct
import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from pipeline.namespaces import SCHEMA
from pipeline.serialize import search_profile
from pipeline.serve.documents import PAGE_SIZE
from conftest import as_linked_data, graph_from_jsonld, require_program
from servers import HOST, free_port, start_newsld_serve, start_oxigraph

pytestmark = pytest.mark.slow  # newsld serve and Oxigraph server as processes

NEWSLD = str(Path(sys.executable).with_name("newsld"))
SEED_SLUG = "000-76c7baf359d68961"
CANARY = "CANARY-outside-the-output-7f3a"

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council passes the budget</title>
<link rel="canonical" href="https://daily.example/2025/06/budget">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council passes the budget", "datePublished": "2025-06-01T09:00:00Z",
 "author": {"@type": "Person", "name": "Ann Lee", "url": "https://daily.example/staff/ann-lee"},
 "publisher": {"@type": "Organization", "name": "Daily Example"}}</script></head>
<body><article><h1>Council passes the budget</h1>
<p>The city council passed the budget on Monday after a long debate, officials said.</p>
<p>"This budget keeps the libraries open," said Maria Gomez, the council's president.</p>
<p>The vote was seven to two, and the budget takes effect in July across the city.</p>
</article></body></html>
"""


def _story(headline: str, author: str, published: str, body: str) -> str:
    return f"---\nheadline: {headline}\nauthor: {author}\ndatePublished: {published}\n---\n{body}\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path):
    """The published output and the base it was published under (the server's own address)."""
    root = tmp_path_factory.mktemp("serve")
    (root / "secret.txt").write_text(CANARY)
    inputs = root / "in"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / seed_path.name)
    (inputs / "budget.html").write_text(PAGE, encoding="utf-8")
    now = (datetime.now(timezone.utc) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    (inputs / "rail.txt").write_text(_story("Rail link opens between two capitals", "王小明", now,
                                            "A new rail link opened on Thursday, officials said in Beijing."),
                                     encoding="utf-8")
    for n in range(PAGE_SIZE + 1):
        day = (datetime(2024, 1, 1) + timedelta(days=n)).date().isoformat()
        (inputs / f"note-{n:02d}.txt").write_text(
            _story(f"Market note number {n}", "Pat Doe", day, f"Shares rose on day {n} of the year, traders said."),
            encoding="utf-8")
    port = free_port()
    base = f"http://{HOST}:{port}/"
    done = subprocess.run([NEWSLD, "publish", str(inputs), "--out", str(root / "out"), "--base", base],
                          capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr[-2000:]
    return root, base, port


@pytest.fixture(scope="module")
def server(site):
    root, base, port = site
    running = start_newsld_serve(root / "log", str(root / "out"), "--base", base, "--sitemap-urls", "20",
                                 port=port)
    yield running
    running.stop()


def get(server, path: str, accept: str | None = None, **headers) -> requests.Response:
    if accept is not None:
        headers["Accept"] = accept
    return requests.get(server.base_url + path, headers=headers, allow_redirects=False, timeout=30)


def published_graph(site, slug: str) -> Graph:
    return Graph().parse(site[0] / "out" / f"{slug}.ttl", format="turtle")



# ---------------------------------------------------------------- articles


def test_the_seed_as_turtle_is_its_published_turtle(server, site):
    response = get(server, f"/article/{SEED_SLUG}", "text/turtle")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=response.text, format="turtle"), published_graph(site, SEED_SLUG))


def test_the_seed_as_json_ld_is_the_same_graph(server, site):
    response = get(server, f"/article/{SEED_SLUG}", "application/ld+json")
    assert response.headers["Content-Type"].startswith("application/ld+json")
    assert isomorphic(graph_from_jsonld(response.json()), published_graph(site, SEED_SLUG))


def test_the_seed_as_html_carries_the_same_graph_for_a_structured_data_reader(server, site):
    response = get(server, f"/article/{SEED_SLUG}", "text/html")
    assert response.headers["Content-Type"].startswith("text/html")
    [document] = extruct.extract(response.text, syntaxes=["json-ld"])["json-ld"]
    assert document == search_profile(json.loads((site[0] / "out" / f"{SEED_SLUG}.jsonld").read_text()))
    assert isomorphic(as_linked_data(graph_from_jsonld(document)), as_linked_data(published_graph(site, SEED_SLUG)))


def test_q_values_decide_the_format_and_the_other_formats_are_linked(server):
    response = get(server, f"/article/{SEED_SLUG}", "text/turtle;q=0.5, application/ld+json")
    assert response.headers["Content-Type"].startswith("application/ld+json")
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Content-Location"] == f"/article/{SEED_SLUG}.jsonld"
    link = response.headers["Link"]
    assert f'</article/{SEED_SLUG}.ttl>; rel="alternate"; type="text/turtle"' in link
    assert f'</article/{SEED_SLUG}.html>; rel="alternate"; type="text/html"' in link


def test_any_type_gives_the_html_page(server):
    assert get(server, f"/article/{SEED_SLUG}", "*/*").headers["Content-Type"].startswith("text/html")


def test_an_unacceptable_type_gives_406_with_the_types_there_are(server):
    response = get(server, f"/article/{SEED_SLUG}", "image/png")
    assert response.status_code == 406
    assert "text/turtle" in response.text and "application/ld+json" in response.text


@pytest.mark.parametrize(("suffix", "media_type"), [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                                                    (".html", "text/html"), (".nt", "application/n-triples"),
                                                    (".nq", "application/n-quads")])
def test_a_suffix_url_gives_that_format_whatever_is_accepted(server, suffix, media_type):
    response = get(server, f"/article/{SEED_SLUG}{suffix}", "text/html")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert "Vary" not in response.headers


def test_an_article_whose_iri_is_its_canonical_url_is_served_by_iri(server, site):
    iri = "https://daily.example/2025/06/budget"
    response = get(server, f"/article?iri={quote(iri, safe='')}", "text/turtle")
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert graph.value(URIRef(iri), SCHEMA.headline).value == "Council passes the budget"
    assert get(server, f"/article.jsonld?iri={quote(iri, safe='')}").json()["@id"] == iri


def test_head_gives_the_headers_without_a_body(server):
    response = requests.head(server.base_url + f"/article/{SEED_SLUG}.ttl", timeout=30)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["Content-Length"]) > 1000


def test_an_etag_round_trip_gives_304(server):
    first = get(server, f"/article/{SEED_SLUG}", "text/turtle")
    assert first.headers["ETag"]
    again = get(server, f"/article/{SEED_SLUG}", "text/turtle", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = get(server, f"/article/{SEED_SLUG}.ttl", **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_each_format_has_its_own_etag(server):
    tags = {get(server, f"/article/{SEED_SLUG}{s}").headers["ETag"] for s in (".ttl", ".jsonld", ".html")}
    assert len(tags) == 3


# ---------------------------------------------------------------- entities


def test_an_entity_is_303_to_the_document_that_lists_its_articles(server, site):
    base = site[1]
    response = get(server, "/person/makoto-uchida", "text/html")
    assert response.status_code == 303
    assert response.headers["Location"] == "/person/makoto-uchida.html"
    page = get(server, response.headers["Location"])
    assert page.status_code == 200
    assert f'href="/article/{SEED_SLUG}"' in page.text
    turtle = get(server, get(server, "/person/makoto-uchida", "text/turtle").headers["Location"])
    graph = Graph().parse(data=turtle.text, format="turtle")
    entity, article = URIRef(f"{base}person/makoto-uchida"), URIRef(f"{base}article/{SEED_SLUG}")
    assert graph.value(entity, SCHEMA.name).value == "Makoto Uchida"
    assert (article, SCHEMA.mentions, entity) in graph or (article, SCHEMA.about, entity) in graph


def test_a_non_ascii_slug_percent_encoded_resolves(server):
    response = get(server, "/person/" + quote("王小明"), "text/turtle")
    assert response.status_code == 303
    document = get(server, response.headers["Location"])
    assert document.status_code == 200
    assert "Rail link opens between two capitals" in document.text


@pytest.mark.parametrize("path", ["/person/nobody-at-all", "/place/nowhere-land.html", "/article/no-such-story",
                                  "/article?iri=https%3A%2F%2Fnowhere.example%2F", "/unknown/thing"])
def test_an_unknown_iri_is_404(server, path):
    assert get(server, path).status_code == 404


def test_an_entitys_articles_are_paged_newest_first(server):
    first = get(server, "/person/pat-doe.html")
    assert '</person/pat-doe.html?page=2>; rel="next"' in first.headers["Link"]
    dates = re.findall(r"<time datetime=\"([^\"]+)\"", first.text)
    assert len(dates) == PAGE_SIZE and dates == sorted(dates, reverse=True)
    second = get(server, "/person/pat-doe.html?page=2")
    assert second.status_code == 200 and "Market note number 0<" in second.text
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]


def test_an_authors_page_is_a_profile_page(server):
    [document] = extruct.extract(get(server, "/person/pat-doe.html").text, syntaxes=["json-ld"])["json-ld"]
    assert document["@type"] == "ProfilePage"
    assert document["mainEntity"]["name"] == "Pat Doe"


# ---------------------------------------------------------------- SPARQL

COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+json", '"graphs"'), ("application/sparql-results+xml", "<sparql"),
    ("text/csv", "graphs\r\n"), ("text/tab-separated-values", "?graphs\n")])
def test_sparql_answers_a_select_in_the_results_format_asked_for(server, accept, expected):
    response = get(server, f"/sparql?query={quote(COUNT)}", accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(accept)
    assert expected in response.text
    assert str(PAGE_SIZE + 4) in response.text  # the seed, the page, the rail story and the notes


def test_sparql_answers_a_posted_construct_as_turtle(server):
    query = "CONSTRUCT { ?a <http://schema.org/headline> ?h } WHERE { GRAPH ?a { ?a <http://schema.org/headline> ?h } }"
    response = requests.post(server.base_url + "/sparql", data=query, timeout=30,
                             headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert len(Graph().parse(data=response.text, format="turtle")) == PAGE_SIZE + 4


@pytest.mark.parametrize("how", ["form", "update-body", "update-field", "get-update"])
def test_sparql_refuses_any_update_with_403(server, how):
    update = "INSERT DATA { GRAPH <http://x.example/g> { <http://x.example/a> <http://x.example/b> 1 } }"
    url = server.base_url + "/sparql"
    response = {
        "form": lambda: requests.post(url, data={"query": update}, timeout=30),
        "update-body": lambda: requests.post(url, data=update, headers={"Content-Type": "application/sparql-update"},
                                             timeout=30),
        "update-field": lambda: requests.post(url, data={"update": update}, timeout=30),
        "get-update": lambda: requests.get(url, params={"update": update}, timeout=30),
    }[how]()
    assert response.status_code == 403
    assert "read-only" in response.text
    ask = get(server, "/sparql?query=" + quote("ASK { GRAPH ?g { <http://x.example/a> ?p ?o } }"),
              "application/sparql-results+json")
    assert ask.json()["boolean"] is False


def test_a_query_that_is_not_sparql_is_400(server):
    assert get(server, "/sparql?query=" + quote("SELEKT nothing")).status_code == 400


def test_a_query_past_the_time_limit_is_stopped(site, tmp_path):
    root, base, _ = site
    slow = start_newsld_serve(tmp_path, str(root / "out"), "--base", base, "--sparql-timeout", "1")
    try:
        query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?t ?q ?r } "
                 "GRAPH ?c { ?u ?v ?w } GRAPH ?d { ?x ?y ?z } }")
        started = time.monotonic()
        response = get(slow, "/sparql?query=" + quote(query))
        assert response.status_code == 503 and "longer than 1 s" in response.text
        assert time.monotonic() - started < 10
        assert get(slow, f"/article/{SEED_SLUG}.ttl").status_code == 200  # and the server goes on
    finally:
        slow.stop()


# ---------------------------------------------------------------- sitemaps


def test_the_sitemaps_read_back_by_an_independent_reader(server, site):
    from usp.objects.page import SitemapPage
    from usp.tree import sitemap_tree_for_homepage

    base = site[1]
    tree = sitemap_tree_for_homepage(server.base_url + "/")
    pages: list[SitemapPage] = list(tree.all_pages())
    urls = {p.url for p in pages}
    assert f"{base}article/{SEED_SLUG}" in urls
    assert f"{base}article?iri={quote('https://daily.example/2025/06/budget', safe='')}" in urls
    assert {f"{base}article/note-{n:02d}" for n in range(PAGE_SIZE + 1)} <= urls
    news = {p.url: p.news_story for p in pages if p.news_story is not None}
    assert set(news) == {f"{base}article/rail"}  # dated an hour ago; the seed (2022) and the page (2025) are not
    story = news[f"{base}article/rail"]
    assert story.title == "Rail link opens between two capitals"
    assert story.publication_language == "en"


def test_more_articles_than_fit_in_one_sitemap_give_an_index(server):
    index = get(server, "/sitemap.xml").text
    assert "<sitemapindex" in index and "/sitemap-3.xml</loc>" in index  # 54 articles, 20 per file
    assert get(server, "/sitemap-3.xml").status_code == 200
    assert get(server, "/sitemap-4.xml").status_code == 404


# ---------------------------------------------------------------- hygiene

SEGMENTS = st.sampled_from(["..", ".", "%2e%2e", "%2F", "%00", "article", "person", "place", "secret.txt",
                            SEED_SLUG, "makoto-uchida", "%E7%8E%8B", "x" * 300, "etc", "passwd", "%5C", "~",
                            "sitemap.xml", ".ttl", "?iri=", "%3F", ";", "%25", "out", "store", "CURRENT"])


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SEGMENTS, min_size=1, max_size=6), st.sampled_from(["GET", "HEAD"]))
def test_no_path_gives_an_error_or_a_file_outside_the_data(server, segments, method):
    path = "/" + "/".join(segments)
    connection = http.client.HTTPConnection(HOST, int(server.base_url.rsplit(":", 1)[1]), timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status in (200, 303, 304, 400, 404, 406), (path, response.status)
    assert response.status != 400 or path.startswith("/sparql")
    assert CANARY.encode() not in body and b"Traceback" not in body


def test_requests_are_logged_on_stderr(server):
    get(server, f"/article/{SEED_SLUG}.ttl")
    time.sleep(0.3)
    assert f'"GET /article/{SEED_SLUG}.ttl HTTP/1.1" 200' in server.log_tail(200)


# ---------------------------------------------------------------- the store changes under the server


def test_republishing_a_changed_story_while_serving_changes_the_document_and_its_etag(server, site):
    root, base, _ = site
    before = get(server, "/article/rail.ttl")
    story = root / "in" / "rail.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("on Thursday", "on Friday"), encoding="utf-8")
    done = subprocess.run([NEWSLD, "publish", str(root / "in"), "--out", str(root / "out"), "--base", base],
                          capture_output=True, text=True, cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    after = get(server, "/article/rail.ttl")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "on Friday" in after.text
    stale = get(server, "/article/rail.ttl", **{"If-None-Match": before.headers["ETag"]})
    assert stale.status_code == 200


def test_ctrl_c_stops_the_server_cleanly(site, tmp_path):
    root, base, _ = site
    running = start_newsld_serve(tmp_path, str(root / "out"), "--base", base)
    running._proc.send_signal(signal.SIGINT)
    assert running._proc.wait(timeout=15) == 0
    running.stop()
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")


def test_serving_a_directory_without_a_store_is_a_usage_error(tmp_path):
    done = subprocess.run([NEWSLD, "serve", str(tmp_path / "nothing-here")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "no embedded store here" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- a SPARQL server as the store


def test_serving_from_a_sparql_server_gives_the_same_documents(server, site, tmp_path):
    root, base, _ = site
    oxigraph = start_oxigraph(tmp_path / "oxigraph")
    try:
        loaded = subprocess.run([NEWSLD, "load", str(root / "out"), "--endpoint", oxigraph.base_url],
                                capture_output=True, text=True, timeout=120)
        assert loaded.returncode == 0, loaded.stderr[-2000:]
        remote = start_newsld_serve(tmp_path / "remote", "--endpoint", oxigraph.base_url, "--base", base,
                                    "--sitemap-urls", "20")
        try:
            for path in (f"/article/{SEED_SLUG}.ttl", f"/article/{SEED_SLUG}.jsonld", f"/article/{SEED_SLUG}.html",
                         "/person/makoto-uchida.ttl", "/person/pat-doe.html?page=2", "/sitemap-1.xml"):
                assert get(remote, path).content == get(server, path).content, path
            assert get(remote, "/person/makoto-uchida", "text/turtle").status_code == 303
            assert get(remote, "/sparql?query=" + quote(COUNT), "text/csv").text == \
                get(server, "/sparql?query=" + quote(COUNT), "text/csv").text
        finally:
            remote.stop()
    finally:
        oxigraph.stop()


# ---------------------------------------------------------------- a real browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1000,800"]


def chromium(*arguments: str) -> bytes:
    require_program(CHROMIUM, "chromium")
    done = subprocess.run([str(CHROMIUM), *FLAGS, *arguments], capture_output=True, timeout=90,
                          start_new_session=True)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


def test_a_browser_opens_an_entity_page_and_follows_its_link_to_the_article(server, tmp_path):
    import lxml.html

    entity = server.base_url + "/person/makoto-uchida"  # the 303 is the browser's to follow
    dom = lxml.html.document_fromstring(chromium(f"--user-data-dir={tmp_path / 'p1'}", "--dump-dom", entity))
    assert dom.xpath("string(//h1)") == "Makoto Uchida"
    [link] = [a for a in dom.xpath("//ol[@class='articles']//a") if a.get("href") == f"/article/{SEED_SLUG}"]
    article = server.base_url + link.get("href")
    page = lxml.html.document_fromstring(chromium(f"--user-data-dir={tmp_path / 'p2'}", "--dump-dom", article))
    assert page.xpath("string(//h1)").startswith("The French-Japanese auto alliance")
    assert page.xpath("//link[@rel='alternate'][@type='text/turtle']/@href") == [f"/article/{SEED_SLUG}.ttl"]
    shot = tmp_path / "article.png"
    chromium(f"--user-data-dir={tmp_path / 'p3'}", f"--screenshot={shot}", article)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_federated_query_is_refused_so_the_server_fetches_nothing(server, tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    asked = []

    class Target(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's name
            asked.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    target = HTTPServer((HOST, 0), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://{HOST}:{target.server_address[1]}/sparql> {{ ?s ?p ?o }} }}"
        response = get(server, "/sparql?query=" + quote(query))
    finally:
        target.shutdown()
    assert response.status_code == 403 and "SERVICE" in response.text
    assert asked == []


def test_a_posted_query_past_the_size_limit_is_413(server):
    response = requests.post(server.base_url + "/sparql", data="#" + "x" * (2 << 20), timeout=30,
                             headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


# ---------------------------------------------------------------- after a hostile review


def test_negotiation_ignores_type_parameters_and_takes_json_for_json_ld(server):
    assert get(server, f"/article/{SEED_SLUG}", "text/turtle; charset=utf-8").headers["Content-Type"].startswith(
        "text/turtle")
    assert get(server, f"/article/{SEED_SLUG}", "application/json").headers["Content-Type"].startswith(
        "application/ld+json")


def test_sparql_honours_q_zero_and_refuses_types_it_cannot_give(server):
    query = "/sparql?query=" + quote(COUNT)
    assert get(server, query, "text/csv;q=0, application/sparql-results+json").headers["Content-Type"].startswith(
        "application/sparql-results+json")
    assert get(server, query, "image/png").status_code == 406


def test_a_page_past_the_last_is_404(server):
    assert get(server, "/person/pat-doe.html?page=999").status_code == 404


def test_while_a_writer_holds_the_store_made_documents_are_served_and_others_are_503(site, tmp_path, monkeypatch):
    from pipeline.store.embedded import EmbeddedStore

    root, base, _ = site
    server = start_newsld_serve(tmp_path, str(root / "out"), "--base", base, "--workers", "1")  # one cache
    try:
        assert get(server, f"/article/{SEED_SLUG}.ttl").status_code == 200  # made once before the writer comes
        monkeypatch.setenv("NEWSLD_STORE_LOCK_WAIT", "30")
        writer = EmbeddedStore(root / "out" / "store")  # as a publish holds it while it works
        try:
            started = time.monotonic()
            made = get(server, f"/article/{SEED_SLUG}.ttl")
            assert made.status_code == 200
            unmade = get(server, "/article/note-07.nq")
            assert unmade.status_code == 503 and unmade.headers["Retry-After"]
            assert time.monotonic() - started < 10
        finally:
            writer.close()
        assert get(server, "/article/note-07.nq").status_code == 200
    finally:
        server.stop()


def test_slow_queries_cannot_take_every_worker(site, tmp_path):
    import threading

    root, base, _ = site
    running = start_newsld_serve(tmp_path, str(root / "out"), "--base", base, "--sparql-timeout", "4")
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?t ?q ?r } "
            "GRAPH ?c { ?u ?v ?w } GRAPH ?d { ?x ?y ?z } }")
    try:
        first = threading.Thread(target=lambda: get(running, "/sparql?query=" + quote(slow)))
        first.start()
        time.sleep(0.5)
        started = time.monotonic()
        second = get(running, "/sparql?query=" + quote(slow))
        assert second.status_code == 503 and "slot" in second.text
        assert get(running, f"/article/{SEED_SLUG}.ttl").status_code == 200
        assert time.monotonic() - started < 3
        first.join()
    finally:
        running.stop()


def test_stopping_the_server_stops_its_queries_and_frees_the_store(site, tmp_path, monkeypatch):
    import threading

    from pipeline.store.embedded import EmbeddedStore

    root, base, _ = site
    running = start_newsld_serve(tmp_path, str(root / "out"), "--base", base, "--sparql-timeout", "20")
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?t ?q ?r } "
            "GRAPH ?c { ?u ?v ?w } GRAPH ?d { ?x ?y ?z } }")
    asked = threading.Thread(target=lambda: requests.get(running.base_url + "/sparql", params={"query": slow},
                                                         timeout=60))
    asked.start()
    time.sleep(1)
    running._proc.send_signal(signal.SIGINT)
    running._proc.wait(timeout=30)
    running.stop()
    monkeypatch.setenv("NEWSLD_STORE_LOCK_WAIT", "5")
    EmbeddedStore(root / "out" / "store").close()  # no query left behind holds the store
    asked.join(timeout=60)


def test_a_store_link_that_is_no_web_address_never_becomes_a_link(site, tmp_path):
    root, base, _ = site
    evil = tmp_path / "evil.ttl"
    evil.write_text(f"""@prefix schema: <http://schema.org/> .
<{base}article/evil> a schema:NewsArticle ; schema:headline "Evil" ; schema:datePublished "2024-01-01" ;
    schema:url <javascript:alert(1)> ; schema:mentions <{base}person/evil-person> .
<{base}person/evil-person> a schema:Person ; schema:name "Evil Person" ; schema:sameAs <javascript:alert(2)> ;
    schema:worksFor <javascript:alert(3)> .
""")
    store = tmp_path / "store"
    subprocess.run([NEWSLD, "load", str(evil), "--store", str(store)], check=True, capture_output=True)
    running = start_newsld_serve(tmp_path / "log", "--store", str(store), "--base", base)
    try:
        for path in ("/person/evil-person.html", "/article/evil.html"):
            page = get(running, path)
            assert page.status_code == 200
            assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', page.text)), path
    finally:
        running.stop()


def test_an_iri_with_percent_escapes_is_served_at_its_own_path(tmp_path):
    base = f"http://{HOST}:{free_port()}/"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "odd.txt").write_text(_story("Odd id", "Kim Lee", "2024-02-02", "Markets were calm.")
                                             .replace("---\n", f"---\nid: {base}article/custom-id%20with%20space\n", 1))
    subprocess.run([NEWSLD, "publish", "in", "--out", "out", "--base", base], check=True, capture_output=True,
                   cwd=tmp_path)
    running = start_newsld_serve(tmp_path / "log", str(tmp_path / "out"), "--base", base)
    try:
        assert get(running, "/article/custom-id%20with%20space.ttl").status_code == 200
        assert "/article/custom-id%20with%20space</loc>" in get(running, "/sitemap.xml").text
    finally:
        running.stop()
