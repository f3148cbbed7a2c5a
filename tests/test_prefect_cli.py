"""Prefect's own tools against a real local server started by `newsflow server start --port N`.

With FastAPI 0.151+ every `prefect ... ls` got 422 'body.limit' from Prefect 3.8.8's server, and
`--port` moved the API but left the UI calling port 4200. The server runs on loopback with its
scheduler off, so the deployment's 15-minute schedule never starts a run of its own here.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import duckdb
import httpx
import pytest
from newsflow.devtools.servers import BIN, clean_env, free_port

ROOT = Path(__file__).resolve().parents[1]
DEPLOYMENT = "newsflow/newsflow-every-15-minutes"
POOL = "newsflow-local"

pytestmark = pytest.mark.slow


class Server:
    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port = port
        self.api = f"http://127.0.0.1:{port}/api"
        self.env = env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    env = clean_env(PREFECT_HOME=str(home), GX_ANALYTICS_ENABLED="false",
                    PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false")
    started = subprocess.run([str(BIN / "newsflow"), "server", "start", "--port", str(port)],
                             env=env, capture_output=True, text=True, timeout=240)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Server(port, env)
    finally:
        subprocess.run([str(BIN / "newsflow"), "server", "stop"], env=env,
                       capture_output=True, timeout=60)
        pid_file = home / "server.pid"  # if stop failed, end the server this test started
        with suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)


def prefect(server: Server, *args: str, timeout: float = 120,
            **extra_env: str) -> subprocess.CompletedProcess[str]:
    # Wide enough that rich does not cut the names the assertions look for.
    env = {**server.env, "PREFECT_API_URL": server.api, "COLUMNS": "200", **extra_env}
    return subprocess.run([str(BIN / "prefect"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_ui_of_a_server_on_another_port_talks_to_that_port(server: Server) -> None:
    ui = httpx.get(f"http://127.0.0.1:{server.port}/ui-settings", timeout=10)
    assert ui.status_code == 200
    assert ui.json()["api_url"] == server.api
    page = httpx.get(f"http://127.0.0.1:{server.port}/", timeout=10, follow_redirects=True)
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_prefect_cli_deploys_lists_and_a_worker_runs_the_deployment(
    server: Server, tmp_path: Path
) -> None:
    # Each `ls` runs once, on what the steps before it made (a 422 fails a listing either way).
    created = prefect(server, "work-pool", "create", POOL, "--type", "process")
    assert created.returncode == 0, created.stdout + created.stderr
    deployed = prefect(server, "deploy", "--all")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    deployments = prefect(server, "deployment", "ls")
    assert deployments.returncode == 0, deployments.stdout + deployments.stderr
    assert "newsflow-every-15-minutes" in deployments.stdout
    pools = prefect(server, "work-pool", "ls")
    assert pools.returncode == 0, pools.stdout + pools.stderr
    assert POOL in pools.stdout

    triggered = prefect(server, "deployment", "run", DEPLOYMENT)
    assert triggered.returncode == 0, triggered.stdout + triggered.stderr
    db = tmp_path / "news.duckdb"
    worker = prefect(server, "worker", "start", "--pool", POOL, "--run-once", timeout=600,
                     NEWSFLOW_DB=str(db), NEWSFLOW_WORKERS="1")
    assert worker.returncode == 0, worker.stdout + worker.stderr

    runs = prefect(server, "flow-run", "ls")
    assert runs.returncode == 0, runs.stdout + runs.stderr
    states = httpx.post(f"{server.api}/flow_runs/filter", json={}, timeout=10).json()
    assert [run["state_type"] for run in states] == ["COMPLETED"], worker.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
