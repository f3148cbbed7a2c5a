"""One writing run per database: an advisory lock held for the whole run.

`newsflow run` takes it before anything else starts (a Prefect server, a worker pool), so a
second run started meanwhile is refused at once; the flow it then runs takes the same lock
again, which within one process only counts the holders. A flow run without the CLI (a
deployment, a test) takes it itself.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from newsflow.warehouse.database import WarehouseBusyError, connect

# Lock files this process holds: the open file that holds the flock, and how many holders.
_held: dict[Path, tuple[TextIO, int]] = {}
_held_guard = threading.Lock()


@contextmanager
def run_lock(db: Path, lock_file: Path) -> Iterator[None]:
    """The run's writer lock, refused at once (WarehouseBusyError) if another run holds it or
    another process holds the database read-write.

    The database is opened read-only to check: that fails only while another process holds it
    read-write. Read-only sessions do not count: a run works beside them and waits for them
    only to publish.
    """
    with writer_lock(lock_file):
        if db.exists():
            with connect(db, read_only=True):
                pass
        yield


@contextmanager
def writer_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock for the whole run: never two writers on one database.

    Re-entrant within a process (the CLI holds it around the flow that takes it too); another
    process is refused at once. The lock is released when its last holder here is done.
    """
    key = lock_file.resolve()
    with _held_guard:
        if key not in _held:
            _held[key] = (_flock(lock_file), 0)
        handle, holders = _held[key]
        _held[key] = (handle, holders + 1)
    try:
        yield
    finally:
        with _held_guard:
            handle, holders = _held.pop(key)
            if holders > 1:
                _held[key] = (handle, holders - 1)
            else:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()


def _flock(lock_file: Path) -> TextIO:
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_file.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.close()
        raise WarehouseBusyError(
            f"another newsflow run is writing to this database (lock {lock_file})"
        ) from exc
    return handle
