"""--workers N gives the same output as one process."""
from __future__ import annotations

from conftest import publish_outputs, write_stories


def test_two_workers_write_the_same_files_as_one(tmp_path, monkeypatch):
    from pipeline import parallel

    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)  # several batches, so both workers get some
    write_stories(tmp_path / "in", 5)
    one = publish_outputs(tmp_path / "in", tmp_path / "out1")
    assert one == publish_outputs(tmp_path / "in", tmp_path / "out2", "--workers", "2")
    assert len(one) == 5 * 2 + 2
