"""Options of publish not covered elsewhere: --profile, --model, --language."""
from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import main

STORY = "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest in batteries."


def publish(tmp_path, *options):
    (tmp_path / "s.txt").write_text(STORY, encoding="utf-8")
    return CliRunner().invoke(main, ["publish", str(tmp_path / "s.txt"), "--out", str(tmp_path / "out"), "--no-load",
                                     *options])


def test_profile_reports_seconds_per_stage_and_peak_memory(tmp_path):
    result = publish(tmp_path, "--profile", "--format", "json")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)["profile"]
    assert {"read", "extract", "NER", "entities", "validate", "peak_mb"} <= set(profile)
    assert profile["peak_mb"] > 0


def test_model_that_is_not_installed_is_a_usage_error_in_one_line(tmp_path):
    result = publish(tmp_path, "--model", "no_such_pipeline")
    assert result.exit_code == 2
    assert "no_such_pipeline" in result.stderr and "not installed" in result.stderr
    assert "Traceback" not in result.output


def test_language_option_sets_in_language_and_skips_ner_without_a_model(tmp_path):
    result = publish(tmp_path, "--language", "de")
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out" / "s.jsonld").read_text(encoding="utf-8"))
    assert document["inLanguage"] == "de"
    assert "mentions" not in document and "about" not in document


def test_loading_an_empty_dataset_file_is_one_clear_line_and_exit_1(tmp_path):
    (tmp_path / "empty.nq").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(tmp_path / "empty.nq"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "empty.nq: no named graph" in result.stderr and "Traceback" not in result.output


def test_base_that_is_no_valid_iri_is_a_usage_error_in_one_line_before_anything_is_written(tmp_path):
    result = publish(tmp_path, "--base", "https://news example.com/ld/")
    assert result.exit_code == 2
    assert result.stderr.startswith("newsld: error: --base:") and "not a valid IRI" in result.stderr
    assert not (tmp_path / "out").exists()
