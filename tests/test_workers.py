"""--workers N gives the same output as one process."""
from __future__ import annotations

from click.testing import CliRunner

from pipeline.cli import main


def test_two_workers_write_the_same_files_as_one(tmp_path, seed_path, monkeypatch):
    from pipeline import parallel

    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)  # several batches, so both workers get some
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(5):
        (inputs / f"s{number}.txt").write_text(
            f"date 2022-01-2{number} TOKYO -- Nissan said on Thursday it would invest ${number + 1} billion.",
            encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        result = CliRunner().invoke(main, ["publish", str(inputs), "--out", str(out), "--no-load",
                                           "--workers", workers])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")
                        and p.name not in ("manifest.json", "report.json")})  # these name their directory
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 5 * 2 + 2
