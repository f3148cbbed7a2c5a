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


@contextmanager
def background(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A subprocess in its own process group, killed with its children on exit."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError((home / "server.log").read_text()[-3000:])
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        else:
            raise TimeoutError("Prefect server did not become healthy")
        yield api
