"""Shared fixtures: the bundled seeds, a Prefect test server, and pipeline runs into temp files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from newsflow.settings import SEEDS_DIR


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
    """Run the flow into tmp_path/news.duckdb (seeds by default); arguments are flow parameters."""
    from newsflow.flow import newsflow_pipeline

    def run(*, sources: list[Path] | None = None, **parameters: object) -> object:
        parameters.setdefault("db", str(tmp_path / "news.duckdb"))
        paths = [str(p) for p in (sources if sources is not None else [SEEDS_DIR])]
        state = newsflow_pipeline(sources=paths, return_state=True, **parameters)
        # A held batch ends the flow run Failed, with the summary as its result; a crash ends
        # it Failed with the exception.
        result = state.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            raise result
        return result

    return run
