"""The one table of input formats: every command finds a file's reader by its suffix or media type there."""
from __future__ import annotations

from pipeline.sources.registry import FORMATS, by_media_type, by_suffix, suffixes


def test_no_suffix_or_media_type_means_two_things_to_one_command():
    for command in ("publish", "validate", "load"):
        rows = [f for f in FORMATS if command in f.read_by]
        all_suffixes = [s for f in rows for s in f.suffixes]
        all_types = [t for f in rows for t in f.media_types]
        assert len(all_suffixes) == len(set(all_suffixes)) and len(all_types) == len(set(all_types)), command


def test_publish_takes_stories_and_pages_from_a_directory_and_validate_no_json():
    assert suffixes("publish", directory=True) == (".txt", ".html", ".htm", ".xhtml")
    assert ".json" not in suffixes("validate", directory=True) and by_suffix(".JSON", "validate").kind == "json-ld"


def test_load_reads_the_rdf_syntaxes_and_json_ld_only():
    assert {f.name for f in FORMATS if "load" in f.read_by} == {"json-ld", "turtle", "n-triples", "n-quads", "trig"}
    assert by_suffix(".html", "load") is None


def test_a_media_type_finds_its_reader():
    assert by_media_type("application/n-quads", "validate").rdf is not None
    assert by_media_type("application/rss+xml", "publish").kind == "feed"
