"""The Dask task runner: cleaning and NER on a two-worker local cluster, same tables as default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import table_checksums


@pytest.fixture
def dask_cluster(prefect_server: None) -> Iterator[object]:
    """Two single-threaded worker processes that report their task runs to the test server."""
    from distributed import Client, LocalCluster
    from prefect.settings import PREFECT_API_URL

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                     env={"PREFECT_API_URL": PREFECT_API_URL.value()}) as cluster,
        Client(cluster) as client,
    ):
        yield client


def test_dask_run_equals_default_run(dask_cluster: object, published: Path, seeds_dir: Path,
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Against the session's seeds published by default (a local process pool, chunks of the
    default size)."""
    from newsflow import workers
    from newsflow.enrich.ner import load_model
    from newsflow.flow import newsflow_pipeline

    # Several chunks, so both workers get work and staging sees chunks out of submission order.
    monkeypatch.setenv("NEWSFLOW_DOCUMENTS_PER_CHUNK", "2")
    dask_db = tmp_path / "dask" / "news.duckdb"
    runner = workers.task_runner("dask", workers=2,
                                 dask_address=dask_cluster.scheduler.address)  # type: ignore[attr-defined]
    summary = newsflow_pipeline.with_options(task_runner=runner)(
        sources=[str(seeds_dir)], db=str(dask_db))

    assert summary.status == "published", summary.message
    assert table_checksums(dask_db, ignore_run_times=True) == table_checksums(
        published, ignore_run_times=True)
    # The NER ran on the cluster's workers: both loaded the spaCy model.
    loaded = dask_cluster.run(load_model.cache_info).values()  # type: ignore[attr-defined]
    assert [info.currsize for info in loaded] == [1, 1]
