"""One writing run per database: the lock is refused to other processes, re-entered in its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from newsflow import warehouse
from newsflow.devtools.servers import BIN, clean_env
from newsflow.exit_codes import ExitCode

TRY_LOCK = """
import sys
from pathlib import Path
from newsflow.warehouse import WarehouseBusyError, writer_lock
try:
    with writer_lock(Path(sys.argv[1])):
        print("taken")
except WarehouseBusyError as exc:
    print(exc)
"""


TRY_RUN_LOCK = """
import sys
from pathlib import Path
from newsflow.warehouse import WarehouseBusyError, run_lock
try:
    with run_lock(Path(sys.argv[1]), Path(sys.argv[2])):
        print("taken")
except WarehouseBusyError as exc:
    print(exc)
"""


def other_run_takes(db: Path, lock: Path) -> str:
    return subprocess.run([sys.executable, "-c", TRY_RUN_LOCK, str(db), str(lock)],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()


def other_process_takes(lock: Path) -> str:
    return subprocess.run([sys.executable, "-c", TRY_LOCK, str(lock)], capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()


def test_the_lock_is_reentrant_here_and_refused_elsewhere(tmp_path: Path) -> None:
    lock = tmp_path / "news.lock"
    with warehouse.writer_lock(lock):
        with warehouse.run_lock(tmp_path / "news.duckdb", lock):  # the flow inside the CLI
            assert other_process_takes(lock).startswith("another newsflow run")
        # the inner holder is done: the outer one still holds it
        assert other_process_takes(lock).startswith("another newsflow run")
    assert other_process_takes(lock) == "taken"


def test_a_run_started_while_another_holds_the_lock_is_refused_before_prefect_starts(
    tmp_path: Path, seeds_dir: Path
) -> None:
    """What a second run meets during the first one's start-up: the lock is the first thing
    either takes, so the second exits at once, and nothing of Prefect (its home, its temporary
    server) is started."""
    db = tmp_path / "news.duckdb"
    home = tmp_path / "prefect-home"
    with warehouse.writer_lock(db.with_suffix(".lock")):
        started = time.monotonic()
        second = subprocess.run(
            [str(BIN / "newsflow"), "run", "--source", str(seeds_dir), "--db", str(db)],
            capture_output=True, text=True, timeout=120, env=clean_env(PREFECT_HOME=str(home)))
        seconds = time.monotonic() - started
    assert second.returncode == ExitCode.BUSY, second.stderr[-2000:]
    lock = db.with_suffix(".lock")
    assert second.stderr.strip().splitlines() == [
        f"not run: another newsflow run is writing to this database (lock {lock})"]
    assert second.stdout == ""
    assert not home.exists() and not db.exists()
    assert seconds < 20, seconds  # Prefect's start-up alone takes longer (7-14 s here)


def test_deleting_or_replacing_the_lock_file_lets_no_second_run_in(tmp_path: Path) -> None:
    db, lock = tmp_path / "news.duckdb", tmp_path / "news.lock"
    with warehouse.connect(db):
        pass  # a warehouse an earlier run published
    with warehouse.run_lock(db, lock):
        lock.unlink()  # the second run creates and locks a new lock file, not the database
        assert other_run_takes(db, lock).startswith("another newsflow run")
        (tmp_path / "export.csv").write_text("a,b\n")
        os.replace(tmp_path / "export.csv", lock)  # a file written over it
        assert other_run_takes(db, lock).startswith("another newsflow run")
        assert lock.read_text() == "a,b\n"  # the lock never writes its file
    assert other_run_takes(db, lock) == "taken"


def test_the_run_writes_its_report_while_it_still_holds_the_lock(
    run_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsflow import flow
    from newsflow.settings import Settings

    seen: list[str] = []

    def report(settings: Settings) -> None:
        seen.append(other_process_takes(settings.lock_file))

    monkeypatch.setattr(flow, "write_run_report", report)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    run_pipeline(sources=[inbox])
    assert len(seen) == 1 and seen[0].startswith("another newsflow run")
