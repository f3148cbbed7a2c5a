"""The temporary Prefect server dies with the run that started it, even on SIGKILL.

With no PREFECT_API_URL, Prefect 3.8.8 starts a temporary ("ephemeral") API server as a plain
child process (`SubprocessASGIServer`: `python -m uvicorn ...` in the parent's process group,
stopped by an `atexit` hook). A run killed with SIGKILL never runs that hook, so the server,
about 230 MB, lives on under PID 1. `install()` makes Prefect start the same uvicorn command
through this module instead, which runs uvicorn in-process beside a thread that watches its
parent: once the parent is gone (the server has been re-parented), the server stops itself.

A parent-death signal (PR_SET_PDEATHSIG) would be simpler but fires when the *thread* that
started the child exits, and Prefect may start its server from a short-lived thread.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

POLL_SECONDS = 0.5
GRACE_SECONDS = 5.0


def _watch_parent(parent: int) -> None:
    """Stop this process once `parent` is no longer its parent: SIGTERM, then for good."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn shuts down cleanly on SIGTERM
    time.sleep(GRACE_SECONDS)
    os._exit(1)


def _guarded_uvicorn(server: Any) -> subprocess.Popen[Any]:
    """Prefect 3.8.8's `SubprocessASGIServer._run_uvicorn_command`, through this module."""
    import prefect
    from prefect.settings import get_current_settings

    server_env = {
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    return subprocess.Popen(
        args=[
            sys.executable, "-m", "newsflow.server_guard", str(os.getpid()),
            "--app-dir", str(prefect.__module_path__.parent),
            "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(server.port),
            "--log-level", "error", "--lifespan", "on",
        ],
        env={
            **os.environ,
            **server_env,
            **get_current_settings().to_environment_variables(exclude_unset=True),
        },
    )


def install() -> None:
    """Have Prefect start its temporary server under the parent watch (idempotent)."""
    from prefect.server.api.server import SubprocessASGIServer

    SubprocessASGIServer._run_uvicorn_command = _guarded_uvicorn  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    """`python -m newsflow.server_guard PARENT_PID UVICORN_ARGS...`"""
    parent, uvicorn_args = int(argv[0]), argv[1:]
    if os.getppid() != parent:
        sys.exit(1)  # the run is gone already
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    import uvicorn

    uvicorn.main.main(args=uvicorn_args, prog_name="uvicorn")


if __name__ == "__main__":
    main(sys.argv[1:])
