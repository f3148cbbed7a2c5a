"""Reliability tests drive the real CLI in subprocesses against the session's Prefect server."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import IN_PROCESS
from newsflow.devtools.servers import BIN, clean_env


@pytest.fixture
def cli(prefect_server: None) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `newsflow ARGS` in a subprocess; extra keyword arguments become environment vars.

    A run analyses in its own process unless the test sets NEWSFLOW_WORKERS: a worker process
    would import the pipeline and load the NER models a second time."""
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        settings = {"PREFECT_API_URL": api, **IN_PROCESS, **env}
        return subprocess.run([str(BIN / "newsflow"), *args], capture_output=True, text=True,
                              env=clean_env(**settings), timeout=300)

    return run


@pytest.fixture
def inbox(seeds_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(seeds_dir, folder)
    return folder
