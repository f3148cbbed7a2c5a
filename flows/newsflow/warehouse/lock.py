"""One writing run per database: an advisory lock held for the whole run."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsflow.warehouse.database import WarehouseBusyError, connect


def ensure_available(db: Path, lock_file: Path) -> None:
    """Raise WarehouseBusyError at once if a run could not take the database now.

    Cheap enough to call before anything else starts (a Prefect server, a worker pool): it
    takes and drops the run's advisory lock, then opens the file read-only, which fails only
    while another process holds it read-write. Read-only sessions do not count: a run works
    beside them and waits for them only to publish.
    """
    with writer_lock(lock_file):
        pass
    if db.exists():
        with connect(db, read_only=True):
            pass


@contextmanager
def writer_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock for the whole run: never two writers on one database."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseBusyError(
                f"another newsflow run is writing to this database (lock {lock_file})"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
