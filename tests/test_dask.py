"""publish --cluster runs the per-article work on a Dask cluster: the same bytes as a local run."""
from __future__ import annotations

import pytest

from conftest import publish_outputs, write_stories

pytestmark = pytest.mark.slow  # a Dask LocalCluster


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as local:
        yield local.scheduler_address


def test_cluster_run_writes_the_same_files_as_a_local_run(tmp_path, cluster, monkeypatch):
    from pipeline import parallel

    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)  # several batches, spread over both workers
    write_stories(tmp_path / "in", 5)
    local = publish_outputs(tmp_path / "in", tmp_path / "local")
    assert local == publish_outputs(tmp_path / "in", tmp_path / "cluster", "--cluster", cluster)
    assert len(local) == 5 * 2 + 2
