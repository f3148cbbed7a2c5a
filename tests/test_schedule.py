"""Schedules: a real local Prefect server runs the served deployment on its interval."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from helpers import IN_PROCESS, query
from newsflow.devtools.servers import BIN, background, clean_env, prefect_server

pytestmark = pytest.mark.slow

DEPLOYMENT = "newsflow-test-interval"


def completed_runs(api: str) -> list[dict]:
    response = httpx.post(f"{api}/flow_runs/filter", timeout=10, json={
        "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
        "deployments": {"name": {"any_": [DEPLOYMENT]}},
        "sort": "EXPECTED_START_TIME_ASC",
    })
    response.raise_for_status()
    return response.json()


def test_interval_schedule_runs_twice_on_a_real_server(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "news.duckdb"
    with prefect_server(tmp_path) as api:
        args = [str(BIN / "newsflow"), "schedule", "--interval", "5", "--name", DEPLOYMENT,
                "--source", str(seeds_dir), "--db", str(db)]
        env = clean_env(PREFECT_HOME=str(tmp_path), PREFECT_API_URL=api,
                        PREFECT_RUNNER_POLL_FREQUENCY="1", **IN_PROCESS)
        with background(args, env, tmp_path / "serve.log") as serving:
            runs: list[dict] = []
            deadline = time.monotonic() + 300  # a safety bound for a stuck server, not a target
            while len(runs) < 2 and time.monotonic() < deadline and serving.poll() is None:
                time.sleep(2)
                runs = completed_runs(api)
        log = (tmp_path / "serve.log").read_text(errors="replace")
    assert len(runs) >= 2, log[-3000:]
    recorded = query(db, "SELECT flow_run_id, status FROM pipeline_runs ORDER BY started_at")
    run_ids = {r["id"] for r in runs}
    assert run_ids <= {flow_run for flow_run, _ in recorded}
    statuses = [status for flow_run, status in recorded if flow_run in run_ids]
    assert statuses[0] == "published"
    assert set(statuses[1:]) == {"unchanged"}
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
