"""The benchmark's corpus builder (`bench/publish.py --kinds`), run on the dev corpus."""
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
