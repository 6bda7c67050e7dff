"""[limits] in newsld.toml: clear messages naming the limit, the rest of the batch published."""
from __future__ import annotations

import os

from click.testing import CliRunner

from pipeline.cli import main

STORY = "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest in batteries."


def run(tmp_path, limits: str, *inputs: str):
    (tmp_path / "newsld.toml").write_text(f"[limits]\n{limits}\n", encoding="utf-8")
    return CliRunner().invoke(main, ["publish", *inputs, "--out", str(tmp_path / "out"), "--no-load",
                                     "--config", str(tmp_path / "newsld.toml")])


def test_file_over_the_size_limit_is_refused_and_the_others_published(tmp_path):
    (tmp_path / "big.txt").write_text(STORY + " x" * 500, encoding="utf-8")
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    result = run(tmp_path, "file_bytes = 200", str(tmp_path / "big.txt"), str(tmp_path / "small.txt"))
    assert result.exit_code == 1
    assert "200-byte limit" in result.stderr and "big.txt" in result.stderr
    assert (tmp_path / "out" / "small.jsonld").exists()


def test_article_text_over_the_body_limit_is_refused(tmp_path):
    (tmp_path / "long.txt").write_text(STORY + " More words here." * 20, encoding="utf-8")
    result = run(tmp_path, "body_chars = 100", str(tmp_path / "long.txt"))
    assert result.exit_code == 1
    assert "100-character limit" in result.stderr


def test_entities_over_the_limit_are_cut_with_a_warning(tmp_path):
    (tmp_path / "many.txt").write_text("date 2022-01-28 TOKYO -- Nissan, Renault, Toyota, Honda and Mazda met.",
                                       encoding="utf-8")
    result = run(tmp_path, "entities = 2", str(tmp_path / "many.txt"), "-v")
    assert result.exit_code == 0, result.output
    assert "more than the 2 kept" in result.stdout


def test_unknown_limit_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    result = run(tmp_path, "pages = 3", str(tmp_path / "a.txt"))
    assert result.exit_code == 2 and "[limits] does not know pages" in result.stderr


def test_a_200_mb_input_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    result = CliRunner().invoke(main, ["publish", str(huge), "--out", str(tmp_path / "out"), "--no-load"])
    assert result.exit_code == 1
    assert "209,715,200 bytes" in result.stderr
    assert os.path.getsize(huge) == 200 * 1024 * 1024
