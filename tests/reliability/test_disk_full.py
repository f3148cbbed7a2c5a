"""A full disk at any step: one line, exit 69, the warehouse as it was and usable next time.

The warehouse lives on a small tmpfs mounted by the test (root only; skipped elsewhere). The
disk is filled right before the step under test, so each step meets it deterministically.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import duckdb
import pytest
from helpers import query, table_checksums
from newsflow.cli import app
from newsflow.exit_codes import ExitCode
from newsflow.quality import audit
from newsflow.warehouse import DuckDBWarehouse, StagingArea, store
from typer.testing import CliRunner


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


def fill(disk: Path) -> None:
    """Take every free byte of the disk (unbuffered: a write that does not fit fails whole)."""
    with (disk / "filler").open("ab", buffering=0) as filler:
        for block in (bytes(1 << 20), bytes(4096), bytes(1)):
            with suppress(OSError):
                while True:
                    filler.write(block)


def filled_before(target: Any, name: str, disk: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`target.name` now fills the disk first, then does its work."""
    original = getattr(target, name)

    def on_a_full_disk(*args: Any, **kwargs: Any) -> Any:
        fill(disk)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, on_a_full_disk)


def run(seeds: Path, db: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["run", "--source", str(seeds), "--db", str(db), *extra])
    return result.exit_code, result.stderr


def assert_one_line_disk_full(code: int, stderr: str) -> None:
    assert code == ExitCode.ENVIRONMENT, stderr[-3000:]
    assert stderr.strip().splitlines()[-1].startswith(
        "environment error: no space left on device"), stderr[-3000:]


STEPS: dict[str, tuple[Any, str]] = {
    "staging": (StagingArea, "append"),
    "data docs": (audit, "build_data_docs"),
    "publish": (DuckDBWarehouse, "publish"),
    # the connection open and the schema checked: the commit's write-ahead log meets it
    "WAL": (store, "commit_run"),
}


@pytest.mark.parametrize("step", STEPS)
def test_a_full_disk_at_a_step_of_a_later_run_leaves_the_warehouse_as_it_was(
    prefect_server: None, small_disk: Path, seeds_dir: Path, step: str,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_WORKERS", "1")
    db = small_disk / "news.duckdb"
    code, stderr = run(seeds_dir, db)
    assert code == ExitCode.OK, stderr[-3000:]
    before = table_checksums(db)

    with monkeypatch.context() as patched:
        filled_before(*STEPS[step], small_disk, patched)
        assert_one_line_disk_full(*run(seeds_dir, db, "--full-refresh"))
    assert table_checksums(db) == before

    (small_disk / "filler").unlink()
    code, stderr = run(seeds_dir, db, "--full-refresh")
    assert code == ExitCode.OK, stderr[-3000:]
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    assert query(db, "SELECT status FROM pipeline_runs ORDER BY started_at")[-1] == (
        "published",)


def test_a_full_disk_at_the_first_publish_leaves_no_database_file(
    prefect_server: None, small_disk: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_WORKERS", "1")
    db = small_disk / "news.duckdb"
    with monkeypatch.context() as patched:
        filled_before(DuckDBWarehouse, "publish", small_disk, patched)
        assert_one_line_disk_full(*run(seeds_dir, db))
    assert not db.exists()  # not a 0-byte file every later run would refuse

    (small_disk / "filler").unlink()
    code, stderr = run(seeds_dir, db)
    assert code == ExitCode.OK, stderr[-3000:]
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]


def test_a_first_run_on_a_disk_too_small_exits_69_and_the_next_one_publishes(
    cli: Callable, tmp_path: Path, seeds_dir: Path
) -> None:
    """End to end, nothing patched: the CLI's last line names the problem, and no DuckDB
    object outlives the run to be reported as leaked at exit."""
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "1m")
    try:
        db = disk / "news.duckdb"
        failed = cli("run", "--source", str(seeds_dir), "--db", str(db))
        assert_one_line_disk_full(failed.returncode, failed.stderr)
        assert "leaked" not in failed.stderr
        if db.exists():
            with duckdb.connect(str(db), read_only=True):
                pass  # whatever is there is a valid database
        subprocess.run(["mount", "-o", "remount,size=32m", str(disk)], check=True)
        published = cli("run", "--source", str(seeds_dir), "--db", str(db))
        assert published.returncode == ExitCode.OK, published.stderr[-3000:]
        assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
