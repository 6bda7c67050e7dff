"""Sitemap details: W3C datetimes, Google News language codes, newest first by the instant."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from lxml import etree

from pipeline.serve.documents import Site
from pipeline.serve.sitemaps import Entry, news_language, news_sitemap, sitemap_files, w3c_datetime


@pytest.mark.parametrize(("value", "expected"), [("2025-03-01T10:00:00", "2025-03-01"),
                                                 ("2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z"),
                                                 ("2025-03-01T10:00:00+09:00", "2025-03-01T10:00:00+09:00"),
                                                 ("2025-03-01", "2025-03-01")])
def test_a_date_time_without_a_time_zone_is_given_as_its_day(value, expected):
    assert w3c_datetime(value) == expected


@pytest.mark.parametrize(("tag", "code"), [("zh-TW", "zh-tw"), ("zh-Hant", "zh-tw"), ("zh", "zh-cn"),
                                           ("zh-CN", "zh-cn"), ("en-GB", "en"), (None, "en"), ("pt-BR", "pt")])
def test_google_news_language_codes(tag, code):
    assert news_language(tag) == code


def _entry(loc: str, published: str) -> Entry:
    return Entry(loc, published, None, "A & B <headline>", "en", "Daily & Co")


def test_the_news_sitemap_keeps_the_last_48_hours_and_escapes_its_text():
    now = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
    xml = news_sitemap([_entry("https://x.example/a?b=1&c=2", "2026-12-03T23:30:00-12:00"),
                        _entry("https://x.example/old", "2026-12-01T12:00:00Z")], "Fallback", now)
    root = etree.fromstring(xml)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert root.xpath("//s:loc/text()", namespaces=namespaces) == ["https://x.example/a?b=1&c=2"]
    assert root.xpath("//n:title/text()", namespaces=namespaces) == ["A & B <headline>"]
    assert root.xpath("//n:name/text()", namespaces=namespaces) == ["Daily & Co"]


def test_one_file_holds_every_url_up_to_the_limit_then_an_index_names_the_files():
    site = Site("https://x.example/")
    entries = [_entry(f"https://x.example/article/{n}", "2025-01-01") for n in range(5)]
    assert list(sitemap_files(entries, site, per_file=5)) == ["/sitemap.xml"]
    files = sitemap_files(entries, site, per_file=2)
    assert list(files) == ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]
    assert b"<sitemapindex" in files["/sitemap.xml"] and b"https://x.example/sitemap-3.xml" in files["/sitemap.xml"]
