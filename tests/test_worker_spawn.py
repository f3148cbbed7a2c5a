"""A worker spawned by the installed `newsflow` script does not import the CLI: spawn re-runs
the parent's main module in the worker, and for the script that is `from newsflow.cli import
main`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# What the installed console script runs, plus a pool of one spawned worker reporting whether
# the CLI's modules are loaded in it and what `app` is there.
SCRIPT = """\
import sys
from newsflow.cli import main

def loaded():
    return ("newsflow.cli.commands" in sys.modules, "pandas" in sys.modules)

if __name__ == "__main__":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(pool.submit(loaded).result())
"""


def test_a_spawned_worker_does_not_import_the_cli(tmp_path: Path) -> None:
    script = tmp_path / "newsflow"
    script.write_text(SCRIPT, encoding="utf-8")
    flows = Path(__file__).resolve().parents[1] / "flows"
    env = {**os.environ, "PYTHONPATH": str(flows)}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split("\n")[0] == "(False, False)"


def test_the_cli_is_loaded_once_its_main_module_has_run() -> None:
    from newsflow.cli import app, printable
    from newsflow.cli.commands import app as commands_app
    from newsflow.cli.render import printable as render_printable

    assert app is commands_app and printable is render_printable
