"""The temporary Prefect server a run starts dies with the run, even when the run is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from newsflow.devtools.servers import BIN, clean_env


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found += [int(c) for c in f.read().split()]
    return found


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow  # a `newsflow run` starting its temporary Prefect server
def test_sigkill_of_a_run_takes_its_temporary_server_with_it(inbox: Path, tmp_path: Path) -> None:
    env = clean_env(PREFECT_HOME=str(tmp_path / "prefect"),
                    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
    run = subprocess.Popen([str(BIN / "newsflow"), "run", "--source", str(inbox), "--db",
                            str(tmp_path / "news.duckdb")], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    try:
        deadline = time.monotonic() + 120
        while server is None and run.poll() is None and time.monotonic() < deadline:
            server = next((c for c in children(run.pid) if "uvicorn" in command_line(c)
                           or "server_guard" in command_line(c)), None)
            time.sleep(0.1)
        assert server is not None, "the run never started a temporary server"
        time.sleep(1)  # let it get going
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        deadline = time.monotonic() + 30
        while alive(server) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(server), "the temporary server outlived its run"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if server is not None and alive(server):
            os.kill(server, signal.SIGKILL)


STARTUP_TIMEOUT = (
    "import newsflow\n"
    "from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS as timeout\n"
    "print(timeout.value())"
)


def test_temporary_server_gets_time_to_start_on_a_new_machine() -> None:
    """Prefect's 20 s default is too short for a first run on a new 2-core machine; a value
    the user sets still wins."""
    default = subprocess.run([str(BIN / "python"), "-c", STARTUP_TIMEOUT], env=clean_env(),
                             capture_output=True, text=True, check=True)
    chosen = subprocess.run(
        [str(BIN / "python"), "-c", STARTUP_TIMEOUT], capture_output=True, text=True, check=True,
        env=clean_env(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="45"),
    )
    assert (default.stdout.split(), chosen.stdout.split()) == (["120"], ["45"])
