"""One writing run per database: an advisory lock held for the whole run.

`newsflow run` takes it before anything else starts (a Prefect server, a worker pool), so a
second run started meanwhile is refused at once; the flow it then runs takes the same lock
again, which within one process only counts the holders. A flow run without the CLI (a
deployment, a test) takes it itself.

The lock is flock(2) on open file descriptors, never on a name: on the lock file beside the
database (which nothing writes: it is opened read-only, and `export --out` refuses it), checked
after locking to be the file the name still leads to, and on the database file itself when it
exists. A lock file deleted or replaced during a run therefore lets no second run in: that run
locks the new file, but not the database the first run holds. flock is independent of the
fcntl locks DuckDB takes on its file, but closing a descriptor of the database file drops every
fcntl lock this process holds on that file, DuckDB's included. DuckDB's locks hold only because
no connection is open when the lock is taken (a failed take closes the descriptor too) and every
connection is closed before it is released: keep it so.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from newsflow.warehouse.database import WarehouseBusyError, connect

# Lock files this process holds: the descriptors that hold the flocks, and how many holders.
_held: dict[Path, tuple[list[int], int]] = {}
_held_guard = threading.Lock()
# Times a lock file replaced between opening and locking it is opened again.
_ATTEMPTS = 5


@contextmanager
def run_lock(db: Path, lock_file: Path) -> Iterator[None]:
    """The run's writer lock, refused at once (WarehouseBusyError) if another run holds it or
    another process holds the database read-write.

    The database is opened read-only to check: that fails only while another process holds it
    read-write. Read-only sessions do not count: a run works beside them and waits for them
    only to publish.
    """
    with writer_lock(lock_file, db):
        if db.exists():
            with connect(db, read_only=True):
                pass
        yield


@contextmanager
def writer_lock(lock_file: Path, db: Path | None = None) -> Iterator[None]:
    """Hold an exclusive advisory lock for the whole run: never two writers on one database.

    Re-entrant within a process (the CLI holds it around the flow that takes it too); another
    process is refused at once. The lock is released when its last holder here is done.
    """
    key = lock_file.resolve()
    with _held_guard:
        if key not in _held:
            _held[key] = (_lock(lock_file, db), 0)
        descriptors, holders = _held[key]
        _held[key] = (descriptors, holders + 1)
    try:
        yield
    finally:
        with _held_guard:
            descriptors, holders = _held.pop(key)
            if holders > 1:
                _held[key] = (descriptors, holders - 1)
            else:
                for fd in descriptors:
                    os.close(fd)  # closing the last descriptor of a file releases its flock


def _lock(lock_file: Path, db: Path | None) -> list[int]:
    """The descriptors holding the run's flocks: the lock file's, and the database's when it
    exists."""
    busy = f"another newsflow run is writing to this database (lock {lock_file})"
    descriptors = [_lock_file(lock_file, busy)]
    try:
        if db is not None and (database := _open_existing(db)) is not None:
            descriptors.append(database)
            _flock(database, busy)
    except BaseException:
        for fd in descriptors:
            os.close(fd)
        raise
    return descriptors


def _lock_file(lock_file: Path, busy: str) -> int:
    """A descriptor of the lock file holding its flock. Opened read-only (created if missing),
    never followed through a symlink; once locked, the name must still lead to this very file
    (same device and inode), else it was replaced meanwhile and is opened again."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(_ATTEMPTS):
        try:
            fd = os.open(lock_file, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
                         | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            raise WarehouseBusyError(f"cannot open the lock file {lock_file}: "
                                     f"{exc.strerror or exc}") from exc
        try:
            _flock(fd, busy)
            if _same_file(fd, lock_file):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    raise WarehouseBusyError(f"the lock file {lock_file} keeps being replaced: not run")


def _open_existing(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WarehouseBusyError(f"cannot open {path} to lock it: {exc.strerror or exc}") from exc


def _flock(fd: int, busy: str) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        raise WarehouseBusyError(busy) from exc


def _same_file(fd: int, path: Path) -> bool:
    """Whether `path` still names the open file `fd` (not deleted, not replaced)."""
    opened = os.fstat(fd)
    with suppress(OSError):
        named = os.stat(path, follow_symlinks=False)
        return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
    return False
