"""Slugs name files, and a file name has at most 255 bytes: a long input name gives a slug cut to a byte limit,
at a character boundary, with a hash of the whole slug, so that two long names never share one."""
from __future__ import annotations

import json

import pytest

from cli_helpers import newsld, out_dir, story, workdir  # noqa: F401  (fixtures are used by name)
from pipeline.iri import SLUG_BYTES, file_slug, slugify

LONG_ASCII = "a" * 250
LONG_CJK = "北京" * 40


@pytest.mark.parametrize("name", [LONG_ASCII, LONG_CJK, "x" * 120 + "北" * 60 + "😀" * 10])
def test_a_long_names_slug_fits_the_byte_limit_and_is_whole_utf8(name):
    slug = file_slug(name)
    assert len(slug.encode("utf-8")) <= SLUG_BYTES
    assert slug.startswith(slugify(name)[:40])


def test_two_long_names_with_the_same_beginning_get_two_slugs():
    assert file_slug(LONG_ASCII) != file_slug(LONG_ASCII[:-1] + "b")


def test_a_short_name_keeps_its_plain_slug():
    assert file_slug("Nissan invests $26 billion") == "nissan-invests-26-billion"


def test_stories_with_long_file_names_publish_beside_a_normal_one(newsld, out_dir, story):
    story(f"in/{LONG_ASCII}.txt", "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.\n")
    story(f"in/{LONG_ASCII[:-1]}b.txt", "date 2022-01-28 TOKYO -- Honda said on Thursday it would invest.\n")
    story(f"in/{LONG_CJK}.txt", "date 2022-01-28 TOKYO -- Toyota said on Thursday it would invest.\n")
    story("in/normal.txt", "date 2022-01-28 TOKYO -- Renault said on Thursday it would invest.\n")
    result = newsld("publish", "in", "--out", out_dir)
    assert result.exit_code == 0, result.output
    articles = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))["articles"]
    assert [a["status"] for a in articles] == ["published"] * 4
    slugs = {a["slug"] for a in articles}
    assert len(slugs) == 4 and "normal" in slugs
    assert all((out_dir / f"{slug}.ttl").is_file() and (out_dir / f"{slug}.jsonld").is_file() for slug in slugs)


def test_a_story_from_stdin_with_a_long_name_publishes(newsld, out_dir):
    result = newsld("publish", "-", "--name", LONG_CJK, "--out", out_dir,
                    input="date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest.\n")
    assert result.exit_code == 0, result.output
    (article,) = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))["articles"]
    assert article["status"] == "published" and (out_dir / f"{article['slug']}.ttl").is_file()
