"""What a fetch may reach and how long it may take: addresses that are not public are refused unless allowed,
checked on the address actually connected to and after every redirect; the whole fetch has one deadline.
Servers listen on 127.0.0.1 and 127.0.0.2 only: no test sends anything off this machine."""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from conftest import SiteHandler
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.sources import web
from test_web import PAGE

TEST_SITE = ip_address("127.0.0.1")

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://news.example.com/</link>
<description>All stories</description><item><title>The alliance, linked</title><link>{link}</link></item>
</channel></rss>"""


def site_only(address: IPv4Address | IPv6Address) -> bool:
    """The policy these tests fetch with: the test site's address, and no other address that is not public."""
    return address == TEST_SITE or web.public_only(address)


class Handler(SiteHandler):
    """A page, a redirect to any URL (?to=), and answers that trickle out one byte at a time."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.seen.append(self.path)
        path, _, query = self.path.partition("?")
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/trickle-headers":
            self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
        elif path == "/trickle-body":
            self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>")
        else:
            self.send(PAGE.format(charset="utf-8").encode(), "text/html; charset=utf-8")

    def trickle(self, start: bytes) -> None:
        """`start`, then a byte every 0.2 s for 15 s: each read gets something well within its own time-out."""
        self.wfile.write(start)
        for _ in range(75):
            time.sleep(0.2)
            self.wfile.write(b"a")


@contextmanager
def server_on(host: str) -> Iterator[ThreadingHTTPServer]:
    """A page server on `host` (a loopback address), with the paths it was asked for in `.seen`."""
    server = ThreadingHTTPServer((host, 0), Handler)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture
def site():
    with server_on("127.0.0.1") as server:
        yield server


@pytest.fixture
def other():
    """A second loopback server: Linux routes all of 127.0.0.0/8 to the loopback interface."""
    with server_on("127.0.0.2") as server:
        yield server


def publish(*arguments: str):
    return CliRunner().invoke(main, ["publish", *arguments, "--no-load"])


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.215.14", True), ("2606:4700:4700::1111", True),
    ("127.0.0.1", False), ("127.0.0.2", False), ("::1", False), ("::ffff:127.0.0.1", False),
    ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False), ("fd00::1", False), ("::ffff:10.0.0.1", False),
    ("169.254.169.254", False), ("fe80::1", False), ("224.0.0.1", False), ("ff02::1", False),
    ("0.0.0.0", False), ("::", False), ("240.0.0.1", False), ("255.255.255.255", False), ("100.64.0.1", False),
])
def test_only_public_addresses_are_fetched_by_default(address, public):
    assert web.public_only(ip_address(address)) is public


def test_a_loopback_url_is_refused_before_any_request_with_a_line_naming_the_address_and_the_flag(site, tmp_path):
    url = f"{base(site)}/page"
    result = publish(url, "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"newsld: error: {url}: " in result.stderr
    assert "127.0.0.1" in result.stderr and "--allow-private-addresses" in result.stderr
    assert site.seen == []


def test_allow_private_addresses_fetches_a_loopback_url(site, tmp_path):
    result = publish(f"{base(site)}/page", "--out", str(tmp_path / "out"), "--allow-private-addresses")
    assert result.exit_code == 0, result.output
    assert site.seen == ["/page"]


def test_a_redirect_to_another_private_address_is_refused(site, other):
    target = f"{base(other)}/page"
    with pytest.raises(InputError, match=rf"127\.0\.0\.2 .*redirected to {target}.*--allow-private-addresses"):
        web.fetch(f"{base(site)}/redirect?to={target}", allow=site_only)
    assert other.seen == []


def test_a_redirect_to_an_allowed_address_is_followed(site, other):
    fetched = web.fetch(f"{base(site)}/redirect?to={base(other)}/page", allow=web.any_address)
    assert fetched.url == f"{base(other)}/page" and other.seen == ["/page"]


def test_a_proxy_from_the_environment_is_not_used_so_the_address_checked_is_the_one_reached(site, other, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", base(other))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    web.fetch(f"{base(site)}/page", allow=site_only)
    assert site.seen == ["/page"] and other.seen == []


def test_a_feed_entry_linking_to_a_loopback_address_is_refused(site, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED.format(link=f"{base(site)}/page"), encoding="utf-8")
    result = publish(str(feed), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "127.0.0.1" in result.stderr and "--allow-private-addresses" in result.stderr
    assert site.seen == []


def test_validate_refuses_a_loopback_url_unless_allowed(site):
    url = f"{base(site)}/page"
    refused = CliRunner().invoke(main, ["validate", url])
    assert refused.exit_code == 1
    assert f"newsld: error: {url}: " in refused.stderr and "--allow-private-addresses" in refused.stderr
    assert site.seen == []
    allowed = CliRunner().invoke(main, ["validate", url, "--allow-private-addresses", "--format", "json"])
    assert json.loads(allowed.stdout)["pages"][0]["items"], allowed.output


@pytest.mark.slow  # waits out the fetch deadline
@pytest.mark.parametrize("path", ["/trickle-headers", "/trickle-body"])
def test_a_server_that_trickles_is_cut_off_at_the_fetch_deadline(site, tmp_path, path):
    (tmp_path / "newsld.toml").write_text("[limits]\nfetch_seconds = 2\n", encoding="utf-8")
    started = time.monotonic()
    result = publish(f"{base(site)}{path}", "--out", str(tmp_path / "out"), "--config", str(tmp_path / "newsld.toml"),
                     "--allow-private-addresses")
    assert time.monotonic() - started < 8
    assert result.exit_code == 1
    assert "within 2 s ([limits] fetch_seconds)" in result.stderr
