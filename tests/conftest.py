"""Shared fixtures: the bundled seeds, a Prefect test server, and pipeline runs into temp files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from newsflow.settings import SEEDS_DIR, Settings


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """A throwaway Prefect API on loopback with its own SQLite database."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def run_pipeline(prefect_server: None, tmp_path: Path) -> Callable[..., object]:
    """Run the flow into tmp_path/news.duckdb; keyword arguments override settings."""
    from newsflow.pipeline import newsflow_pipeline

    def run(*, full_refresh: bool = False, **overrides: object) -> object:
        values: dict[str, object] = {"db": tmp_path / "news.duckdb", "sources": [SEEDS_DIR]}
        values.update(overrides)
        return newsflow_pipeline(settings=Settings(**values), full_refresh=full_refresh)

    return run
