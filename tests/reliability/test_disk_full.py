"""A full disk at any step: one line, exit 69, the warehouse as it was and usable next time.

The warehouse lives on a small tmpfs mounted by the test (root only; skipped elsewhere). The
disk is filled right before the step under test, in the `newsflow run` process itself, so each
step meets it deterministically.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import duckdb
import newsflow as newsflow_package
import pytest
from helpers import query, table_checksums
from newsflow.devtools.servers import BIN, clean_env
from newsflow.exit_codes import ExitCode
from newsflow.quality import audit
from newsflow.warehouse import DuckDBWarehouse, StagingArea, store

STEPS: dict[str, tuple[Any, str]] = {
    "staging": (StagingArea, "append"),
    "data docs": (audit, "build_data_docs"),
    "publish": (DuckDBWarehouse, "publish"),
    # the connection open and the schema checked: the commit's write-ahead log meets it
    "WAL": (store, "commit_run"),
}
# `newsflow ARGS...` in a process of its own, with one step made to fill the disk first.
# The driver imports this module: its folder and the tests' are on the subprocess's PYTHONPATH.
DRIVER = """
import sys
from pathlib import Path
from test_disk_full import fill_before
fill_before(sys.argv[1], Path(sys.argv[2]))
from newsflow.cli import app
app(sys.argv[3:], prog_name="newsflow")
"""


def fill(disk: Path) -> None:
    """Take every free byte of the disk (unbuffered: a write that does not fit fails whole)."""
    with (disk / "filler").open("ab", buffering=0) as filler:
        for block in (bytes(1 << 20), bytes(4096), bytes(1)):
            with suppress(OSError):
                while True:
                    filler.write(block)


def fill_before(step: str, disk: Path) -> None:
    """The step now fills the disk first, then does its work (in the process calling this)."""
    target, name = STEPS[step]
    original = getattr(target, name)

    def on_a_full_disk(*args: Any, **kwargs: Any) -> Any:
        fill(disk)
        return original(*args, **kwargs)

    setattr(target, name, on_a_full_disk)


def mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not permitted'}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs: room for a run, until the test fills it."""
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "24m")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def newsflow(prefect_server: None) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`newsflow ARGS` in a subprocess, against the session's Prefect server; `full_at`
    names the step that meets a full `disk`."""
    from prefect.settings import PREFECT_API_URL

    here = Path(__file__).parent
    package = Path(newsflow_package.__file__).parents[1]  # the newsflow these tests import
    env = clean_env(PREFECT_API_URL=str(PREFECT_API_URL.value()), NEWSFLOW_WORKERS="1",
                    PYTHONPATH=os.pathsep.join([str(here), str(here.parent), str(package)]))

    def run(*args: str, full_at: str | None = None,
            disk: Path | None = None) -> subprocess.CompletedProcess[str]:
        command = ([sys.executable, "-c", DRIVER, full_at, str(disk)] if full_at
                   else [str(BIN / "newsflow")])
        return subprocess.run([*command, *args], capture_output=True, text=True, env=env,
                              timeout=300)

    return run


def assert_one_line_disk_full(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 69, the last line names the problem and the file it met it writing (or, where the
    error does not say, the database's folder), and no DuckDB object outlives the run to be
    listed as leaked after it."""
    assert result.returncode == ExitCode.ENVIRONMENT, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert re.match(r"environment error: no space left on device writing (in )?/", last), last
    assert "leaked" not in result.stderr


@pytest.mark.parametrize("step", STEPS)
def test_a_full_disk_at_a_step_of_a_later_run_leaves_the_warehouse_as_it_was(
    newsflow: Callable, run_pipeline: Callable, published: Path, small_disk: Path,
    seeds_dir: Path, step: str
) -> None:
    # The earlier run: the seeds this module published, copied onto the small disk.
    shutil.copytree(published.parent, small_disk, dirs_exist_ok=True)
    db = small_disk / "news.duckdb"
    before = table_checksums(db)

    assert_one_line_disk_full(newsflow("run", "--source", str(seeds_dir), "--db", str(db),
                                       "--full-refresh", full_at=step, disk=small_disk))
    assert table_checksums(db) == before

    (small_disk / "filler").unlink()
    again = run_pipeline(db=db, full_refresh=True)  # in this process: the flow is loaded
    assert again.status == "published", again.message
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    assert query(db, "SELECT status FROM pipeline_runs ORDER BY started_at")[-1] == (
        "published",)


def test_a_full_disk_at_the_first_publish_leaves_no_database_file(
    newsflow: Callable, run_pipeline: Callable, small_disk: Path, seeds_dir: Path
) -> None:
    db = small_disk / "news.duckdb"
    assert_one_line_disk_full(newsflow("run", "--source", str(seeds_dir), "--db", str(db),
                                       full_at="publish", disk=small_disk))
    assert not db.exists()  # not a 0-byte file every later run would refuse

    (small_disk / "filler").unlink()
    again = run_pipeline(db=db)  # in this process: the flow is loaded
    assert again.status == "published", again.message
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]


def test_a_first_run_on_a_disk_too_small_exits_69_and_the_next_one_publishes(
    newsflow: Callable, run_pipeline: Callable, tmp_path: Path, seeds_dir: Path
) -> None:
    """End to end, nothing patched."""
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "1m")
    try:
        db = disk / "news.duckdb"
        assert_one_line_disk_full(newsflow("run", "--source", str(seeds_dir), "--db", str(db)))
        if db.exists():
            with duckdb.connect(str(db), read_only=True):
                pass  # whatever is there is a valid database
        subprocess.run(["mount", "-o", "remount,size=32m", str(disk)], check=True)
        again = run_pipeline(db=db)  # in this process: the flow is loaded
        assert again.status == "published", again.message
        assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
