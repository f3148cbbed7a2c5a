"""The `newsflow` command's own surface: its version, usage errors' exit code, a busy port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from newsflow.cli import app
from newsflow.exit_codes import ExitCode
from typer.testing import CliRunner

runner = CliRunner()


def test_version_is_the_installed_one() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == ExitCode.OK
    assert result.output.strip() == f"newsflow {version('newsflow')}"


@pytest.mark.parametrize("args", [
    ["--bogus"], ["run", "--nope"], ["no-such-command"], ["report", "--last", "many"],
    ["server", "start", "--port", "http"],
])
def test_a_usage_error_exits_64_as_readme_says(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.USAGE == 64, result.output
    assert "Traceback" not in result.output


def test_server_start_on_a_busy_port_says_so_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["server", "start", "--port", str(port)],
                               terminal_width=400)
    assert result.exit_code == ExitCode.ENVIRONMENT, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [line] = result.output.strip().splitlines()
    assert f"127.0.0.1:{port}" in line and "cannot start the server" in line


def test_help_paragraphs_are_wrapped_to_the_terminal_not_to_the_source() -> None:
    result = runner.invoke(app, ["server", "start", "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == ExitCode.OK
    lines = [line.strip() for line in result.output.splitlines()]
    # one line on a wide terminal, though the docstring breaks it in three
    assert any(line.startswith("prefect server start --background returns before")
               and line.endswith("this host and port as its API and UI API URLs.")
               for line in lines), result.output


@pytest.mark.parametrize(("args", "status", "printed"), [
    (["--version"], ExitCode.OK, "newsflow "), (["--bogus"], ExitCode.USAGE, "No such option"),
])
def test_the_installed_entry_point_keeps_the_exit_status_and_the_output(
        args: list[str], status: int, printed: str) -> None:
    """`main` leaves without the interpreter's teardown: the status and every line still get
    out, and the exit handlers still run."""
    flows = Path(__file__).resolve().parents[1] / "flows"
    code = ("import atexit, sys; atexit.register(print, 'exit handler ran', file=sys.stderr); "
            "from newsflow.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(flows)}, timeout=60)
    assert done.returncode == status
    assert printed in done.stdout + done.stderr
    assert done.stderr.rstrip().endswith("exit handler ran")


def test_the_collector_is_paused_during_a_runs_imports_and_their_objects_frozen() -> None:
    import gc

    from newsflow.cli.commands import collector_paused

    frozen_before = gc.get_freeze_count()
    try:
        with collector_paused():
            assert not gc.isenabled()
            made = [[index] for index in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen_before + len(made)
    finally:
        gc.unfreeze()
        gc.enable()
