"""The `newsflow` command (the `app` the installed script runs): commands.py holds the commands,
render.py how they print, server.py `newsflow server`.

`app` and `printable` are imported on first use. A worker the local pool spawns re-runs the
parent's main module as `__mp_main__` before it starts (multiprocessing's spawn), and for the
installed script that is `from newsflow.cli import app`, never called there: while that runs
it gets a placeholder, not the CLI's imports (pandas, DuckDB, Typer: about 0.5 s of CPU a
worker).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "printable"]


def _in_spawned_main() -> bool:
    """Whether this process is a spawned one re-running its parent's main module: that module
    is `__mp_main__` and not yet `__main__`, which it becomes once it has run."""
    return "__mp_main__" in sys.modules and sys.modules["__main__"] is not sys.modules[
        "__mp_main__"]


def _not_loaded(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the newsflow CLI is not loaded in a spawned worker's main module")


def __getattr__(name: str) -> Any:
    if name == "app":
        if _in_spawned_main():
            return _not_loaded
        from newsflow.cli.commands import app

        return app
    if name == "printable":
        from newsflow.cli.render import printable

        return printable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
