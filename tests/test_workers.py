"""--workers N gives the same output as one process."""
from __future__ import annotations

import pytest

from conftest import publish_outputs, write_stories

pytestmark = pytest.mark.slow  # process pools


def test_two_workers_write_the_same_files_as_one(tmp_path, monkeypatch):
    from pipeline import parallel

    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)  # several batches, so both workers get some
    write_stories(tmp_path / "in", 5)
    one = publish_outputs(tmp_path / "in", tmp_path / "out1")
    assert one == publish_outputs(tmp_path / "in", tmp_path / "out2", "--workers", "2")
    assert len(one) == 5 * 2 + 2


def test_inputs_that_fail_to_parse_in_a_worker_are_reported_by_name_and_the_rest_published(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from pipeline import parallel
    from pipeline.cli import main

    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)
    inputs = tmp_path / "in"
    write_stories(inputs, 4)
    (inputs / "s1-empty.txt").write_bytes(b"")
    (inputs / "s2-binary.html").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    result = CliRunner().invoke(main, ["publish", str(inputs), "--out", str(tmp_path / "out"), "--no-load",
                                       "--workers", "2", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert sorted(e["source"] for e in report["errors"]) == [str(inputs / "s1-empty.txt"), str(inputs / "s2-binary.html")]
    assert report["summary"]["published"] == 4
