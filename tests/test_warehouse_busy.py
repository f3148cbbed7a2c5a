"""A database held by another process is reported as WarehouseBusyError, in one line, at once."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from newsflow import warehouse

HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("ready", flush=True)
sys.stdin.read()
"""


@contextmanager
def held(db: Path, mode: str) -> Iterator[None]:
    """Another process holding the file read-write ("rw") or read-only ("ro") until exit."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), mode],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.communicate(timeout=30)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with warehouse.connect(path) as con:
        warehouse.create_schema(con)
    return path


def test_a_read_write_session_elsewhere_makes_the_warehouse_busy(db: Path) -> None:
    with (held(db, "rw"), pytest.raises(warehouse.WarehouseBusyError) as caught,
          warehouse.connect(db, read_only=True)):
        pass
    message = str(caught.value)
    assert "\n" not in message and str(db) in message and "read-write" in message


def test_the_run_lock_refuses_a_read_write_holder(db: Path) -> None:
    with (held(db, "rw"), pytest.raises(warehouse.WarehouseBusyError),
          warehouse.run_lock(db, db.with_suffix(".lock"))):
        pass


def test_read_only_sessions_do_not_make_it_busy(db: Path) -> None:
    with held(db, "ro"), warehouse.run_lock(db, db.with_suffix(".lock")):
        pass
    with warehouse.run_lock(db.with_name("new.duckdb"), db.with_name("new.lock")):
        pass
