"""The `newsflow` command: `main` is what the installed script runs; commands.py holds the
commands (the Typer `app`), render.py how they print, server.py `newsflow server`.

`app` and `printable` are imported on first use. A worker the local pool spawns re-runs the
parent's main module as `__mp_main__` before it starts (multiprocessing's spawn), and for the
installed script that is `from newsflow.cli import main`: a plain function, so the worker does
not import the CLI (pandas, DuckDB, Typer: about 0.5 s of CPU a worker).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from contextlib import suppress
from typing import Any

__all__ = ["app", "main", "printable"]


def main() -> None:
    """Run the command line, then exit without the interpreter's teardown.

    After a run, freeing every object one by one (spaCy's, GX's and Prefect's modules, the
    gazetteer) takes 1–2 s of CPU once the last line is printed, and DuckDB's bindings print
    leaked-instance warnings during it. The exit handlers still run (Prefect sends its last
    logs and events, pools stop, log handlers flush) and the output is flushed; the exit code
    is the one the command set.
    """
    from newsflow.cli.commands import app

    try:
        app()
    except SystemExit as exc:
        status = _status(exc.code)
    else:
        status = 0
    if any(thread.is_alive() and not thread.daemon and thread is not threading.main_thread()
           for thread in threading.enumerate()):
        sys.exit(status)  # the interpreter joins the threads still working, as ever
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    os._exit(status)


def _status(code: object) -> int:
    """The exit status `sys.exit(code)` gives (a message is printed and exits 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def __getattr__(name: str) -> Any:
    if name == "app":
        from newsflow.cli.commands import app

        return app
    if name == "printable":
        from newsflow.cli.render import printable

        return printable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
