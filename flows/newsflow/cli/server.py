"""`newsflow server`: a local Prefect server (SQLite-backed, with its UI) in the background."""

from __future__ import annotations

import os
import sys

import typer

from newsflow.cli.render import complain, console
from newsflow.exit_codes import ExitCode


def api_answers(api: str) -> bool:
    """Whether a Prefect API answers its health check."""
    import httpx

    try:
        return httpx.get(f"{api.rstrip('/')}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


server_app = typer.Typer(help="A local Prefect server (SQLite-backed, with its UI).",
                         rich_markup_mode="markdown")


@server_app.command("start")
def server_start(
    host: str = "127.0.0.1",
    port: int = 4200,
) -> None:
    """Start a local Prefect server in the background; returns once its API answers.

    `prefect server start --background` returns before the API is up, and a `newsflow schedule`
    typed right after would fail to register its deployment. `--port` alone moves the API but
    not the UI, which asks the server's configured API URL (port 4200 by default): the server
    process gets this host and port as its API and UI API URLs.
    """
    import socket
    import subprocess
    import time

    # The server's own bind, tried first (SO_REUSEADDR as uvicorn sets it: a port left in
    # TIME_WAIT by a stopped server is free), so a busy port is one line, not a traceback.
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            complain("cannot start the server:", f"{host}:{port}: {exc.strerror}")
            raise typer.Exit(ExitCode.ENVIRONMENT) from None
    api = f"http://{host}:{port}/api"
    env = {**os.environ, "PREFECT_SERVER_API_HOST": host, "PREFECT_SERVER_API_PORT": str(port),
           "PREFECT_API_URL": api, "PREFECT_UI_API_URL": api}
    started = subprocess.run(
        [sys.executable, "-m", "prefect", "server", "start", "--background",
         "--host", host, "--port", str(port)],
        env=env, check=False,
    )
    if started.returncode:
        complain("the server did not start:", f"`prefect server start` exited {started.returncode}")
        raise typer.Exit(ExitCode.ENVIRONMENT)
    deadline = time.monotonic() + 120
    with console.status("waiting for the server's API"):
        while not api_answers(api):
            if time.monotonic() > deadline:
                complain("the server did not answer", f"at {api}/health within 120 s")
                raise typer.Exit(ExitCode.ENVIRONMENT)
            time.sleep(0.5)
    console.print(f"UI: http://{host}:{port}\nthen: export PREFECT_API_URL=http://{host}:{port}/api")


@server_app.command("stop")
def server_stop() -> None:
    """Stop the background Prefect server started by `newsflow server start`."""
    import subprocess

    subprocess.run([sys.executable, "-m", "prefect", "server", "stop"], check=True)
