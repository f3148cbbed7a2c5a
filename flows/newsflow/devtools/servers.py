"""Real servers for tests, on loopback only, started and stopped by the tests themselves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus the Prefect and newsflow configuration inherited from the developer,
    telemetry off, so a subprocess sees only what the caller passes in `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSFLOW_"))}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               GX_ANALYTICS_ENABLED="false")
    env.update(extra)
    return env


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A subprocess in its own process group (so `stop` reaches its children), its output to
    `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


@contextmanager
def background(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A subprocess in its own process group, killed with its children on exit."""
    process = spawn(args, env, log)
    try:
        yield process
    finally:
        stop(process)


def wait_until_healthy(api: str, log: Path, timeout: float,
                       process: subprocess.Popen | None = None) -> None:
    """Poll `api`'s health until it answers; the server's log tail if it exits or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"Prefect server {api} did not become healthy in {timeout:.0f} s: "
                       + log.read_text(errors="replace")[-3000:])


@contextmanager
def prefect_server(home: Path, timeout: float = 180) -> Iterator[str]:
    """A real Prefect server (SQLite in `home`) on a free loopback port; yields its API URL.

    bench/throughput.py times its start with this launcher too.
    """
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    args = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port),
            "--no-ui"]
    env = clean_env(PREFECT_HOME=str(home))
    with background(args, env, home / "server.log") as process:
        wait_until_healthy(api, home / "server.log", timeout, process)
        yield api


def start_test_api(home: Path) -> tuple[subprocess.Popen, str]:
    """A Prefect API for tests as Prefect's own test harness serves it (SQLite in `home`, no UI,
    only the services Prefect runs in an ephemeral server), started on a free loopback port and
    not waited for, so the caller goes on while it starts; `wait_until_healthy` before use,
    `stop` after."""
    port = free_port()
    env = clean_env(PREFECT_HOME=str(home), PREFECT_UI_ENABLED="0",
                    PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1",
                    PREFECT_SERVER_DATABASE_CONNECTION_URL=(
                        f"sqlite+aiosqlite:///{home / 'prefect-test.db'}"))
    args = [sys.executable, "-m", "uvicorn", "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]
    return spawn(args, env, home / "server.log"), f"http://127.0.0.1:{port}/api"


def stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and its children."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
