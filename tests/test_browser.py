"""A real browser reads the pages newsld writes: the JSON-LD is the article's graph, and no text from the story runs.

Debian's Chromium, headless, loads pages from a local HTTP server on
127.0.0.1 and dumps the DOM after its scripts have run.  Each page gets, for
the test only, a last script that records on <html> whether the story's
injected `window.pwned=1` ran.
"""
from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import threading
import urllib.request
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import extruct
import lxml.html
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import INJECTION, STORY, as_linked_data, graph_from_jsonld
from pipeline import publish_text
from pipeline.embed import embed
from pipeline.pages import article_page
from pipeline.serialize import search_profile

pytestmark = pytest.mark.slow  # headless Chromium

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
TIMEOUT = 60

CANARY = "<script>document.documentElement.setAttribute('data-pwned', String(window.pwned === 1))</script>\n"


PUBLISHER_DOCUMENT = {"@context": "https://schema.org", "@type": "Organization",
                      "name": "Daily Example", "url": "https://daily.example/"}

PUBLISHER_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Daily Example</title>
<script type="application/ld+json">
""" + json.dumps(PUBLISHER_DOCUMENT) + """
</script>
<script>document.documentElement.setAttribute('data-canary-head', 'ran'); var closing = "</head>";</script>
<!-- </head> inside a comment -->
</head>
<body>
<h1>Parser trips</h1>
<p>Café society &amp; more.</p>
<script>document.documentElement.setAttribute('data-canary-body', 'ran')</script>
</body>
</html>
"""


@dataclass
class Served:
    pub: object
    page: bytes  # what the server sent
    dom: lxml.html.HtmlElement  # what Chromium made of it


def with_canary(page: bytes) -> bytes:
    """The page with the test's last script just before its final </body>."""
    head, sep, tail = page.rpartition(b"</body>")
    assert sep, "page has no </body>"
    return head + CANARY.encode() + sep + tail


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A directory served on 127.0.0.1 (free port) in a thread; yields (directory, base URL)."""
    root = tmp_path_factory.mktemp("site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="test-browser-http", daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def serve(chromium, site, tmp_path_factory):
    """Write a page, load it in Chromium, return what was served and the DOM Chromium dumped."""
    root, base = site

    def load(name: str, page: bytes, pub) -> Served:
        (root / name).write_bytes(page)
        url = base + name
        assert url.startswith("http://127.0.0.1:")  # Chromium loads nothing but the local server
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            served = response.read()
        profile = tmp_path_factory.mktemp("chromium-profile")
        returncode, stdout, stderr = run_bounded(
            [str(chromium), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", "--virtual-time-budget=5000", url])
        assert returncode == 0, stderr.decode(errors="replace")[-2000:]
        assert stdout.strip(), "Chromium dumped no DOM: " + stderr.decode(errors="replace")[-2000:]
        return Served(pub, served, lxml.html.document_fromstring(stdout.decode("utf-8")))

    return load


def run_bounded(command: list[str]) -> tuple[int, bytes, bytes]:
    """Run Chromium in its own process group; on timeout the whole group (renderers too) is killed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"Chromium did not finish within {TIMEOUT} s: {command[-1]}")
    return process.returncode, stdout, stderr



def newsld_document(dom) -> dict:
    scripts = dom.xpath('//script[@type="application/ld+json"]')
    ours = [s for s in scripts if s.get("data-newsld") is not None]
    assert len(ours) == 1, [s.attrib for s in scripts]
    return json.loads(ours[0].text)


@pytest.fixture(scope="module")
def pub():
    return publish_text(STORY, name="parser-trips")


@pytest.fixture(scope="module")
def article(serve, pub) -> Served:
    return serve("parser-trips.html", with_canary(article_page(pub).encode("utf-8")), pub)


@pytest.fixture(scope="module")
def publisher(serve, pub) -> Served:
    return serve("publisher.html", with_canary(embed(PUBLISHER_PAGE.encode("utf-8"), search_profile(pub.jsonld))), pub)


@pytest.fixture(scope="module", params=["article", "publisher"])
def loaded(request) -> Served:
    return request.getfixturevalue(request.param)


def test_browser_json_ld_is_the_articles_graph(loaded):
    turtle = Graph().parse(data=loaded.pub.turtle, format="turtle")
    assert isomorphic(as_linked_data(graph_from_jsonld(newsld_document(loaded.dom))), as_linked_data(turtle))


def test_browser_runs_no_script_from_the_story(loaded):
    assert loaded.dom.get("data-pwned") == "false"


def test_extruct_reads_the_articles_json_ld_from_the_served_page(loaded):
    documents = extruct.extract(loaded.page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert search_profile(json.loads(loaded.pub.jsonld_text)) in documents


def test_browser_shows_the_story_text_as_text(article):
    assert article.dom.xpath("//article/h1")[0].text_content() == f"Parser trips on {INJECTION} & <!-- comments -->"
    quotation = article.dom.xpath("//aside/blockquote/p")[0].text_content()
    assert INJECTION in quotation and "<!--" in quotation and "\u2028" in quotation


def test_browser_json_ld_keeps_the_line_separator_in_the_quotation(loaded):
    assert "\u2028" in loaded.pub.article.quotations[0].text
    assert "\u2028" in json.dumps(newsld_document(loaded.dom), ensure_ascii=False)


def test_publisher_scripts_still_run(publisher):
    assert publisher.dom.get("data-canary-head") == "ran"
    assert publisher.dom.get("data-canary-body") == "ran"


def test_publisher_json_ld_block_is_read_unchanged(publisher):
    scripts = publisher.dom.xpath('//script[@type="application/ld+json"][not(@data-newsld)]')
    assert [json.loads(s.text) for s in scripts] == [PUBLISHER_DOCUMENT]
    documents = extruct.extract(publisher.page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert documents == [PUBLISHER_DOCUMENT, search_profile(json.loads(publisher.pub.jsonld_text))]


def test_newsld_block_is_in_the_publishers_head(publisher):
    assert publisher.dom.xpath("/html/head/script[@data-newsld]")

