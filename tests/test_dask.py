"""publish --cluster runs the per-article work on a Dask cluster: the same bytes as a local run."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main

@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as local:
        yield local.scheduler_address

def test_cluster_run_writes_the_same_files_as_a_local_run(tmp_path, cluster, monkeypatch):
    from pipeline import parallel

    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)  # several batches, spread over both workers
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(5):
        (inputs / f"s{number}.txt").write_text(
            f"date 2022-01-2{number} TOKYO -- Renault said on Thursday it would invest ${number + 1} billion.",
            encoding="utf-8")
    outputs = []
    for extra in ([], ["--cluster", cluster]):
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(main, ["publish", str(inputs), "--out", str(out), "--no-load", *extra])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")
                        and p.name not in ("manifest.json", "report.json")})  # these name their directory
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 5 * 2 + 2
