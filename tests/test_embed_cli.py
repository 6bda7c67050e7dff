"""`newsld embed` and `newsld publish --html` as a user runs them."""
from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.serialize import search_profile

STORY = "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest </script><!-- in batteries."
PAGE = b"<!doctype html>\n<html><head>\n<title>Story</title>\n</head>\n<body><p>Hello</p></body></html>\n"


def publish(tmp_path, *options):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(tmp_path / "story.txt"), "--out", str(tmp_path / "out"),
                                       "--no-load", *options])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def test_publish_html_writes_a_page_with_its_jsonld_and_alternate_links(tmp_path):
    page = (publish(tmp_path, "--html") / "story.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json" data-newsld>' in page
    assert 'href="story.ttl"' in page and 'href="story.jsonld"' in page
    assert "</script><!--" not in page.split("<body", 1)[0].split("data-newsld>", 1)[1].split("</script>", 1)[0]


def test_embed_in_place_is_idempotent_and_keeps_the_rest_of_the_page(tmp_path):
    out = publish(tmp_path)
    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    for _ in range(2):
        result = CliRunner().invoke(main, ["embed", str(page), "--jsonld", str(out / "story.jsonld"), "--in-place"])
        assert result.exit_code == 0, result.output
    embedded = page.read_bytes()
    start = embedded.index(b"<script type=\"application/ld+json\" data-newsld>")
    end = embedded.index(b"</script>", start) + len(b"</script>\n")
    assert embedded[:start] + embedded[end:] == PAGE
    block = embedded[start:end].decode("utf-8")
    document = json.loads(block[block.index(">") + 1:block.rindex("</script>")])
    assert document == search_profile(json.loads((out / "story.jsonld").read_text(encoding="utf-8")))


def test_embed_with_broken_jsonld_is_one_clear_line(tmp_path):
    (tmp_path / "bad.jsonld").write_text("{not json", encoding="utf-8")
    (tmp_path / "page.html").write_bytes(PAGE)
    result = CliRunner().invoke(main, ["embed", str(tmp_path / "page.html"), "--jsonld", str(tmp_path / "bad.jsonld")])
    assert result.exit_code == 1
    assert result.stderr.startswith("newsld: error: ") and "bad.jsonld" in result.stderr
    assert "Traceback" not in result.output


def test_embed_output_and_in_place_together_is_a_usage_error(tmp_path):
    (tmp_path / "page.html").write_bytes(PAGE)
    (tmp_path / "a.jsonld").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["embed", str(tmp_path / "page.html"), "--jsonld", str(tmp_path / "a.jsonld"),
                                       "-o", str(tmp_path / "x.html"), "--in-place"])
    assert result.exit_code == 2


UNTERMINATED = (b"<!doctype html>\n<html><head>\n<script type=\"application/ld+json\" data-newsld>\n{}\n</head>\n"
                b"<body><p>Hello</p></body></html>\n")
"""A page whose newsld block lost its `</script>` (a hand edit, a cut-off template)."""


def test_embed_in_place_refuses_a_page_with_an_unterminated_newsld_block_and_leaves_it_untouched(tmp_path):
    out = publish(tmp_path)
    page = tmp_path / "page.html"
    page.write_bytes(UNTERMINATED)
    result = CliRunner().invoke(main, ["embed", str(page), "--jsonld", str(out / "story.jsonld"), "--in-place"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"newsld: error: {page}: its data-newsld block has no </script>: replacing "
                                          "it would drop the rest of the page; close the element first"]
    assert page.read_bytes() == UNTERMINATED


def test_embed_writes_no_output_for_a_page_with_an_unterminated_newsld_block(tmp_path):
    out = publish(tmp_path)
    (tmp_path / "page.html").write_bytes(UNTERMINATED)
    result = CliRunner().invoke(main, ["embed", str(tmp_path / "page.html"), "--jsonld", str(out / "story.jsonld"),
                                       "-o", str(tmp_path / "embedded.html")])
    assert result.exit_code == 1 and result.stdout == ""
    assert not (tmp_path / "embedded.html").exists()


def test_embed_in_place_through_a_symbolic_link_rewrites_its_target_and_the_link_stays(tmp_path):
    out = publish(tmp_path)
    (tmp_path / "site").mkdir()
    target = tmp_path / "site" / "story.html"
    target.write_bytes(PAGE)
    link = tmp_path / "page.html"
    link.symlink_to(target)
    result = CliRunner().invoke(main, ["embed", str(link), "--jsonld", str(out / "story.jsonld"), "--in-place"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.readlink() == target
    assert b"data-newsld>" in target.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["story.html"]  # no temporary file left beside it
