"""`newsld site`: the served documents as static files, rewritten only where they change, negotiated by a
real nginx with the configuration the site ships."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import require_program
from servers import HOST, free_port

pytestmark = pytest.mark.slow  # real web servers (nginx, Apache)

NEWSLD = str(Path(sys.executable).with_name("newsld"))
NGINX = Path("/usr/sbin/nginx")

STORY = """---
headline: Harbour bridge reopens after repairs
author: Jane Roe
datePublished: 2025-03-04
---
PORTSMOUTH -- The harbour bridge reopened on Tuesday after six months of repairs, officials said.

"We are glad to have it back," said Tom Baker, the mayor of Portsmouth.
"""

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Library wins award</title>
<link rel="canonical" href="https://daily.example/library-award">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Library wins award", "datePublished": "2025-05-01", "author": {"@type": "Person", "name": "Ann Lee"}}
</script></head><body><article><h1>Library wins award</h1>
<p>The city library won a national award on Monday for its reading programme, the council said.</p>
<p>"Reading is for everyone," said Maria Gomez, the head librarian, at the ceremony in the city hall.</p>
</article></body></html>
"""


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([NEWSLD, *arguments], capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture
def published(tmp_path, seed_path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / seed_path.name)
    (inputs / "bridge.txt").write_text(STORY, encoding="utf-8")
    (inputs / "library.html").write_text(PAGE, encoding="utf-8")
    run("publish", "in", "--out", "out", cwd=tmp_path)
    return tmp_path


def site(root: Path) -> dict:
    return json.loads(run("site", "out", "--to", "public", "--format", "json", cwd=root).stdout)


def test_every_article_and_entity_is_written_in_three_formats(published):
    site(published)
    public = published / "public"
    for stem in ("article/000-76c7baf359d68961", "article/bridge", "person/makoto-uchida", "person/jane-roe"):
        for suffix in (".html", ".ttl", ".jsonld"):
            assert (public / f"{stem}{suffix}").is_file(), stem + suffix
    assert isomorphic(Graph().parse(public / "article/bridge.ttl"), Graph().parse(published / "out/bridge.ttl"))
    for name in ("sitemap.xml", "news-sitemap.xml", "robots.txt", "index.html", ".htaccess", "nginx-newsld.conf"):
        assert (public / name).is_file(), name


def test_an_article_published_under_its_canonical_url_is_written_under_its_identifier(published):
    site(published)
    public = published / "public"
    assert (public / "article/library.ttl").is_file()
    assert 'href="/article/library"' in (public / "person/ann-lee.html").read_text(encoding="utf-8")


def test_a_second_run_writes_nothing(published):
    first = site(published)
    again = site(published)
    assert first["written"] > 0
    assert again["written"] == 0 and again["removed"] == 0 and again["unchanged"] == first["written"]


def test_after_a_republish_only_what_changed_is_written(published):
    site(published)
    seed_page = published / "public/article/000-76c7baf359d68961.html"
    before = seed_page.stat().st_mtime_ns
    story = published / "in/bridge.txt"
    story.write_text(STORY.replace("six months", "seven months"), encoding="utf-8")
    run("publish", "in", "--out", "out", cwd=published)
    again = site(published)
    assert set(again["written_files"]) >= {"article/bridge.html", "article/bridge.ttl", "article/bridge.jsonld"}
    assert not any(name.startswith("article/000-") for name in again["written_files"])
    assert seed_page.stat().st_mtime_ns == before
    assert "seven months" in (published / "public/article/bridge.html").read_text(encoding="utf-8")


def test_a_story_taken_away_leaves_no_files_and_files_newsld_did_not_write_stay(published):
    site(published)
    (published / "public/custom.css").write_text("body {}")
    (published / "in/bridge.txt").unlink()
    run("prune", "--out", "out", "--yes", cwd=published)
    report = site(published)
    assert "article/bridge.html" in report["removed_files"]
    assert not (published / "public/article/bridge.ttl").exists()
    assert not (published / "public/person/jane-roe.html").exists()  # she wrote nothing else
    assert (published / "public/custom.css").is_file()


def wait_until_up(url: str) -> None:
    """Until the web server answers (10 s at most; the test then fails on its first request)."""
    for _ in range(100):
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)


@pytest.fixture
def nginx(published, tmp_path_factory):
    """nginx serving the site with the snippet `newsld site` wrote."""
    require_program(NGINX, "nginx-light")
    site(published)
    public = published / "public"
    snippet = (public / "nginx-newsld.conf").read_text(encoding="utf-8")
    http_part, server_part = snippet.split("# --- server block ---")
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "logs").mkdir()
    port = free_port()
    (prefix / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # the test's temporary directories are private
        + f"error_log {prefix}/logs/error.log;\npid {prefix}/nginx.pid;\nevents {{}}\n"
        f"http {{\naccess_log {prefix}/logs/access.log;\n{http_part}\n"
        f"server {{\nlisten {HOST}:{port};\nroot {public};\n{server_part}\n}}\n}}\n")
    process = subprocess.Popen([str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    wait_until_up(base + "/robots.txt")
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_nginx_with_the_shipped_snippet_negotiates_articles_and_303s_entities(nginx, published):
    turtle = requests.get(nginx + "/article/bridge", headers={"Accept": "text/turtle"}, timeout=10)
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    assert turtle.headers["Vary"] == "Accept"
    assert isomorphic(Graph().parse(data=turtle.text, format="turtle"), Graph().parse(published / "out/bridge.ttl"))
    page = requests.get(nginx + "/article/bridge", headers={"Accept": "text/html,*/*;q=0.8"}, timeout=10)
    assert page.headers["Content-Type"].startswith("text/html") and "<h1>Harbour bridge" in page.text
    entity = requests.get(nginx + "/person/jane-roe", headers={"Accept": "application/ld+json"}, timeout=10,
                          allow_redirects=False)
    assert entity.status_code == 303 and entity.headers["Location"].endswith("/person/jane-roe.jsonld")
    document = requests.get(nginx + "/person/jane-roe.jsonld", timeout=10)
    assert document.headers["Content-Type"].startswith("application/ld+json") and document.json()["@graph"]


APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")


@pytest.fixture
def apache(published):
    """Apache httpd serving the site, its .htaccess read (AllowOverride All)."""
    require_program(APACHE, "apache2")
    public = Path(tempfile.mkdtemp(prefix="newsld-apache-"))  # world-readable: httpd's workers are not root
    public.chmod(0o755)
    run("site", "out", "--to", str(public), cwd=published)
    prefix = published / "apache"
    prefix.mkdir()
    port = free_port()
    modules = "".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so\n"
                      for name in ("mpm_event", "authz_core", "mime", "rewrite", "headers", "dir"))
    (prefix / "httpd.conf").write_text(
        f"ServerName localhost\nListen {HOST}:{port}\nDefaultRuntimeDir {prefix}\nPidFile {prefix}/httpd.pid\n"
        f"ErrorLog {prefix}/error.log\n{modules}TypesConfig /etc/mime.types\n"
        + ("User www-data\nGroup www-data\n" if os.geteuid() == 0 else "")
        + f'DocumentRoot "{public}"\n<Directory "{public}">\nAllowOverride All\nRequire all granted\n</Directory>\n')
    process = subprocess.Popen([str(APACHE), "-f", str(prefix / "httpd.conf"), "-DFOREGROUND"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    try:
        wait_until_up(base + "/robots.txt")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(public, ignore_errors=True)


def test_apache_with_the_shipped_htaccess_negotiates_articles_and_303s_entities(apache, published):
    turtle = requests.get(apache + "/article/bridge", headers={"Accept": "text/turtle"}, timeout=10)
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in turtle.headers["Vary"]
    assert isomorphic(Graph().parse(data=turtle.text, format="turtle"), Graph().parse(published / "out/bridge.ttl"))
    page = requests.get(apache + "/article/bridge", headers={"Accept": "text/html,*/*;q=0.8"}, timeout=10)
    assert page.headers["Content-Type"].startswith("text/html") and "<h1>Harbour bridge" in page.text
    entity = requests.get(apache + "/person/jane-roe", headers={"Accept": "application/ld+json"}, timeout=10,
                          allow_redirects=False)
    assert entity.status_code == 303 and entity.headers["Location"].endswith("/person/jane-roe.jsonld")
    assert "Accept" in entity.headers["Vary"]
    document = requests.get(apache + "/person/jane-roe.jsonld", timeout=10)
    assert document.headers["Content-Type"].startswith("application/ld+json") and document.json()["@graph"]


def test_an_id_with_dot_segments_cannot_overwrite_another_articles_files(published):
    site(published)
    seed = (published / "public/article/000-76c7baf359d68961.html").read_bytes()
    (published / "in/clobber.txt").write_text(
        "---\nid: https://newsld.example/article/zz/../000-76c7baf359d68961\nheadline: CLOBBERED\n"
        "datePublished: 2025-01-01\n---\nThe clobbering story said nothing at all of note today.\n", encoding="utf-8")
    run("publish", "in", "--out", "out", cwd=published)
    done = subprocess.run([NEWSLD, "site", "out", "--to", "public"], capture_output=True, text=True, cwd=published)
    assert done.returncode == 1 and "not written" in done.stderr
    assert (published / "public/article/000-76c7baf359d68961.html").read_bytes() == seed


def test_a_site_inside_the_store_is_refused(published):
    done = subprocess.run([NEWSLD, "site", "out", "--to", "out/store/site"], capture_output=True, text=True,
                          cwd=published)
    assert done.returncode == 2 and "inside the store" in done.stderr


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour News</title>
<link>https://harbour.example.net/</link><description>All</description>
<item><title>Cranes arrive in port</title><link>https://harbour.example.net/2025/cranes</link>
<guid isPermaLink="false">zz-guid-1</guid><pubDate>Mon, 05 May 2025 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>ROTTERDAM - Four new cranes arrived at the container terminal on Monday, the port
authority said, after a voyage of six weeks from the yard that built them.</p>]]></content:encoded></item>
</channel></rss>"""


def test_a_feed_entry_is_written_under_its_slug_not_its_guid(tmp_path):
    """A feed's guid is a second identifier (a PropertyValue): the site still names the file by the slug."""
    (tmp_path / "harbour.xml").write_text(FEED, encoding="utf-8")
    run("publish", "harbour.xml", "--out", "out", cwd=tmp_path)
    site(tmp_path)
    [article] = (tmp_path / "public" / "article").glob("*.ttl")
    assert "guid" not in article.name
    assert isomorphic(Graph().parse(article), Graph().parse(next((tmp_path / "out").glob(f"{article.stem}.ttl"))))
