"""The body score of `eval/bodies.py`, on small literal examples (not on the corpus)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "eval"
sys.path.insert(0, str(EVAL))
_SPEC = importlib.util.spec_from_file_location("eval_bodies", EVAL / "bodies.py")
bodies = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bodies)


def test_words_are_tokens_whatever_their_case_quotes_and_punctuation():
    assert bodies.tokens("Apple’s  VISION pro, 2023!") == bodies.tokens("apple's vision Pro 2023")


def test_each_chinese_character_is_a_token():
    assert sum(bodies.tokens("新华社北京电 记者").values()) == 8


def test_a_body_cut_short_loses_recall_not_precision():
    assert bodies.scores("one two", "one two three four") == {"precision": 1.0, "recall": 0.5, "f1": 0.667}


def test_boilerplate_around_the_body_loses_precision_not_recall():
    assert bodies.scores("Advertisement one two three four", "one two three four") == \
        {"precision": 0.8, "recall": 1.0, "f1": 0.889}


def test_no_output_scores_zero():
    assert bodies.scores(None, "one two") == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_json_option_prints_each_pages_scores_for_the_corpus_it_is_given(tmp_path, capsys, monkeypatch):
    """A corpus of one page written here: its gold body is the page's text, so newsld's recall is whole."""
    monkeypatch.setattr(bodies, "RESULTS", tmp_path / "results" / "bodies.json")
    prose = "The keepers climbed the stairs at dusk and logged the passing ships until the morning light came back."
    paragraphs = [f"{prose} Night {n} was calm." for n in range(1, 7)]
    (tmp_path / "d900.html").write_text(
        "<!doctype html><html lang='en'><head><title>Keepers</title></head><body><article><h1>Keepers</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>", encoding="utf-8")
    (tmp_path / "d900.gold_body.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (tmp_path / "d900.json").write_text(json.dumps({"id": "d900", "input_file": "d900.html", "input_format": "html",
                                                    "gold_body_file": "d900.gold_body.txt"}), encoding="utf-8")
    assert bodies.main(["--json", "--corpus", str(tmp_path)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert json.loads(bodies.RESULTS.read_text(encoding="utf-8")) == figures
    assert [page["id"] for page in figures["pages"]] == ["d900"]
    assert figures["pages"][0]["newsld"]["recall"] == 1.0


def test_a_corpus_without_body_files_exits_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bodies, "RESULTS", tmp_path / "bodies.json")
    assert bodies.main(["--corpus", str(tmp_path)]) == 1
    assert "0 pages with a body file" in capsys.readouterr().out
