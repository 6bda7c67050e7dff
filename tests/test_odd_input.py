"""Odd input a careless or hostile user gives `newsld publish`: byte-order marks, links out of a directory,
control and bidi characters in file names, hidden files, character references in bylines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline import publish_file
from pipeline.cli import main
from pipeline.namespaces import SCHEMA

STORY = "date 2022-01-28 ZÜRICH -- Nestlé said on Thursday it would invest €2 billion in Zürich and 東京.\n"


def publish(tmp_path: Path, *arguments: str | Path) -> Result:
    """`newsld publish ARGUMENTS --out tmp_path/out --no-load`, in process."""
    return CliRunner().invoke(main, ["publish", *map(str, arguments), "--out", str(tmp_path / "out"), "--no-load"])


def jsonld(tmp_path: Path, slug: str) -> dict:
    return json.loads((tmp_path / "out" / f"{slug}.jsonld").read_text(encoding="utf-8"))


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def stories(directory: Path, *names: str) -> Path:
    """A directory holding a story under each of `names`."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(STORY, encoding="utf-8")
    return directory


# --- byte-order marks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_story_saved_as_utf16_or_utf32_with_a_bom_publishes_with_its_text_intact(tmp_path, encoding):
    stories(tmp_path / "in", "reference.txt")
    (tmp_path / "in" / "encoded.txt").write_bytes(("\ufeff" + STORY).encode(encoding))  # U+FEFF first: the BOM
    result = publish(tmp_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    reference, encoded = jsonld(tmp_path, "reference"), jsonld(tmp_path, "encoded")
    assert "Nestlé said on Thursday it would invest €2 billion in Zürich and 東京." in encoded["articleBody"]
    assert (encoded["articleBody"], encoded["headline"]) == (reference["articleBody"], reference["headline"])


# --- symbolic links -----------------------------------------------------------------------------------

def test_link_to_a_file_outside_the_directory_is_skipped_with_one_warning(tmp_path):
    stories(tmp_path / "private", "secret.txt")
    directory = stories(tmp_path / "in", "a.txt")
    (directory / "evil.txt").symlink_to(tmp_path / "private" / "secret.txt")
    result = publish(tmp_path, directory)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "evil.jsonld").exists() and (tmp_path / "out" / "a.jsonld").exists()
    [line] = stderr_lines(result)
    assert line.startswith(f"newsld: warning: {directory / 'evil.txt'}: ") and "--follow-links" in line


def test_link_to_a_directory_outside_is_skipped_with_one_warning(tmp_path):
    stories(tmp_path / "elsewhere", "b.txt", "c.txt")
    directory = stories(tmp_path / "in", "a.txt")
    (directory / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = publish(tmp_path, directory)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "b.jsonld").exists()
    [line] = stderr_lines(result)
    assert line.startswith(f"newsld: warning: {directory / 'more'}: ") and "--follow-links" in line


def test_follow_links_publishes_what_links_out_of_the_directory_point_to(tmp_path):
    stories(tmp_path / "elsewhere", "b.txt")
    stories(tmp_path / "private", "secret.txt")
    directory = stories(tmp_path / "in", "a.txt")
    (directory / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (directory / "linked.txt").symlink_to(tmp_path / "private" / "secret.txt")
    result = publish(tmp_path, directory, "--follow-links")
    assert result.exit_code == 0, result.output
    assert {p.stem for p in (tmp_path / "out").glob("*.jsonld")} == {"a", "b", "linked"}
    assert stderr_lines(result) == []


def test_link_that_stays_inside_the_directory_is_published(tmp_path):
    directory = stories(tmp_path / "in", "archive/a.txt")
    (directory / "latest.txt").symlink_to(Path("archive") / "a.txt")
    result = publish(tmp_path, directory)
    assert result.exit_code == 0, result.output
    assert {p.stem for p in (tmp_path / "out").glob("*.jsonld")} == {"a", "latest"}
    assert stderr_lines(result) == []


@pytest.mark.parametrize("options", [[], ["--follow-links"]])
def test_symlink_loops_do_not_hang(tmp_path, options):
    directory = stories(tmp_path / "in" / "stories", "a.txt")
    (directory / "self").symlink_to(directory, target_is_directory=True)
    (directory / "up").symlink_to(tmp_path / "in", target_is_directory=True)
    (directory / "x.txt").symlink_to(directory / "y.txt")
    (directory / "y.txt").symlink_to(directory / "x.txt")
    result = subprocess.run([sys.executable, "-m", "pipeline", "publish", str(directory), "--out",
                             str(tmp_path / "out"), "--no-load", *options], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.jsonld")] == ["a.jsonld"]


# --- odd file names in messages -----------------------------------------------------------------------

def test_control_and_bidi_characters_in_file_names_are_escaped_in_messages(tmp_path):
    (tmp_path / "bad\nname.txt").write_text("", encoding="utf-8")
    (tmp_path / "good\u202etxt.txt").write_text(STORY, encoding="utf-8")
    result = publish(tmp_path, tmp_path / "bad\nname.txt", tmp_path / "good\u202etxt.txt")
    assert result.exit_code == 1
    [error] = stderr_lines(result)
    assert error.startswith(f"newsld: error: {tmp_path}/bad\\nname.txt: empty file")
    [article] = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert article.endswith(f"({tmp_path}/good\\u202etxt.txt)")
    assert "\u202e" not in result.output


def test_summary_escapes_the_output_directory_name(tmp_path):
    story = stories(tmp_path / "in", "a.txt") / "a.txt"
    result = CliRunner().invoke(main, ["publish", str(story), "--out", str(tmp_path / "out\u202e\nnext"), "--no-load"])
    assert result.exit_code == 0, result.output
    assert f"output in {tmp_path}/out\\u202e\\nnext/" in result.stdout
    assert "\u202e" not in result.output


# --- hidden files -------------------------------------------------------------------------------------

def test_hidden_story_files_in_a_directory_are_named_in_a_warning_not_published(tmp_path):
    directory = stories(tmp_path / "in", "a.txt", "..txt", ".draft.txt", ".DS_Store")
    result = publish(tmp_path, directory)
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").glob("*.jsonld")] == ["a.jsonld"]
    [line] = stderr_lines(result)
    assert line.startswith(f"newsld: warning: {directory}: ") and "..txt" in line and ".draft.txt" in line
    assert ".DS_Store" not in line


def test_directory_holding_only_a_hidden_story_names_it(tmp_path):
    directory = stories(tmp_path / "in", "..txt")
    result = publish(tmp_path, directory)
    assert result.exit_code == 2
    assert any("no .txt" in line for line in stderr_lines(result))
    assert any("..txt" in line for line in stderr_lines(result))


def test_hidden_story_named_on_the_command_line_is_published_under_a_visible_name(tmp_path):
    story = stories(tmp_path / "in", "..txt") / "..txt"
    result = publish(tmp_path, story)
    assert result.exit_code == 0, result.output
    written = [p.name for p in (tmp_path / "out").iterdir() if p.suffix in (".ttl", ".jsonld")]
    assert len(written) == 2 and not any(name.startswith(".") for name in written)


# --- bylines ------------------------------------------------------------------------------------------

def test_character_references_in_a_pages_byline_do_not_split_it(tmp_path):
    markup = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
              '"headline": "Storm reaches the coast", "datePublished": "2024-03-04", "author": {"@type": "Person", '
              '"name": "Jos&eacute; Mart&#237;nez &lt;jose@example.com&gt;"}}</script>')
    prose = "<p>The storm reached the coast on Monday, officials said, and thousands of homes lost power.</p>" * 6
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Storm reaches the coast"
                    f"</title>{markup}</head><body><article><h1>Storm reaches the coast</h1>{prose}</article>"
                    "</body></html>", encoding="utf-8")
    pub = publish_file(str(page))
    names = [str(pub.graph.value(a, SCHEMA.name)) for a in pub.graph.objects(pub.iri, SCHEMA.author)]
    assert names == ["José Martínez"]


def test_a_dangling_link_in_the_directory_is_named_in_a_warning(tmp_path):
    folder = stories(tmp_path / "in", "a.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = publish(tmp_path, folder)
    assert result.exit_code == 0, result.output
    assert [line for line in stderr_lines(result) if "gone.txt" in line and "does not exist" in line]


def test_publishing_a_directory_that_holds_the_output_reads_none_of_newslds_own_pages(tmp_path):
    folder = stories(tmp_path / "site", "a.txt")
    runs = [CliRunner().invoke(main, ["publish", str(folder), "--out", str(folder / "out"), "--html", "--no-load"])
            for _ in range(2)]
    assert [run.exit_code for run in runs] == [0, 0], runs[1].output
    assert (folder / "out" / "a.html").exists() and not (folder / "out" / "out-a.html").exists()
    assert "1 unchanged and skipped" in runs[1].output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_page_saved_as_utf16_or_utf32_with_a_bom_is_read_by_its_mark(tmp_path, encoding):
    page = f"<html><head><title>Nestlé invests</title></head><body><article><p>{STORY}</p></article></body></html>"
    (tmp_path / "page.html").write_bytes(page.encode(encoding))  # Python writes the little-endian mark
    result = publish(tmp_path, tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    assert "Zürich and 東京" in jsonld(tmp_path, "page")["articleBody"]
