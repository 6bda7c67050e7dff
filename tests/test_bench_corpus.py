"""The benchmark's corpus builder (`bench/publish.py --kinds`), run on the dev corpus, and its budget figures."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("bench_publish", Path(__file__).resolve().parent.parent / "bench" / "publish.py")
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


@pytest.mark.parametrize(("kinds", "suffixes"), [(("text",), {".txt"}), (("html",), {".html"}),
                                                 (("text", "html"), {".txt", ".html"})])
def test_kinds_choose_which_inputs_make_the_corpus(tmp_path, corpus_dir, kinds, suffixes):
    bench.SHARED = corpus_dir.parent
    made = bench.build_corpus(tmp_path, 60, kinds)
    assert len(made) == 60 and {p.suffix for p in made} == suffixes


def test_stage_shares_are_of_the_floors_ner_time_with_what_publishs_ner_took_beyond_it():
    stages = {"NER": 110.0, "entities": 5.0, "read": 30.0, "validate": 20.0, "load": 1.0, "peak_mb": 600.0}

    shares = bench.outside_ner(stages, floor_seconds=100.0)

    assert shares == {"total": 0.66, "read": 0.3, "validate": 0.2, "NER overhead": 0.1, "entities": 0.05,
                      "load": 0.01}


def test_a_publish_faster_at_ner_than_the_floor_has_no_negative_overhead():
    assert bench.outside_ner({"NER": 90.0, "read": 5.0}, floor_seconds=100.0)["NER overhead"] == 0.0
