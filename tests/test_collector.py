"""The collector setting publish makes for its batches: young objects are collected less often."""
from __future__ import annotations

import gc

from pipeline.collector import YOUNG, collect_less
from pipeline.config import Config
from pipeline.parallel import render_stream
from pipeline.sources import read_text


def test_a_batch_in_this_process_collects_young_objects_less_often():
    saved = gc.get_threshold()
    collect_less.cache_clear()
    gc.set_threshold(700, *saved[1:])
    try:
        story = read_text("date 2024-05-06 PARIS -- Airbus said on Monday it would build a plant.", name="s.txt",
                          slug="s")
        outcomes = list(render_stream([story], Config()))
        assert len(outcomes) == 1 and gc.get_threshold() == (YOUNG, *saved[1:])
    finally:
        gc.set_threshold(*saved)
        collect_less.cache_clear()
