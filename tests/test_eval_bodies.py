"""The body score of `eval/bodies.py`, on small literal examples (not on the corpus)."""
from __future__ import annotations

import importlib.util
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
