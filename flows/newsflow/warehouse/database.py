"""The DuckDB warehouse file: connections, schema from sql/schema and sql/views, and the
one-transaction publish of a staged batch (sql/publish) with the run's records.

Writers hold the analyst database only for short moments (schema check at start, publish at
end); the batch is built in a staging area of its own (staging.py) so analysts never see half
a batch.
"""

from __future__ import annotations

import errno
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from newsflow.faults import crash_point
from newsflow.warehouse.sql import read_sql, sql, sql_files
from newsflow.warehouse.staging import StagingArea
from newsflow.warehouse.tables import CREATE_STATEMENTS, STAGED_TABLES, TABLES

# The analysts' views, one file each under sql/views/, named as the view.
VIEWS = tuple(path.stem for path in sql_files("views"))


# The storage format a new warehouse file is written in. DuckDB 2.0 writes storage version 69 by
# default, which the DuckDB CLI users can install here (`pip install duckdb-cli`, 1.5.6: versions
# 64-68) refuses to open; v1.5.0 it reads. A file keeps the version it was created with.
STORAGE_COMPATIBILITY_VERSION = "v1.5.0"


class WarehouseBusyError(RuntimeError):
    """Another run is writing to the same database, or another process holds it read-write.

    The message is one line, fit to print as it is.
    """


def held_message(path: Path) -> str:
    return (f"{path} is held by another process's read-write connection (an analyst's DuckDB "
            f"session? open it with -readonly or use `newsflow query`)")


# DuckDB reports a full disk in the text of whichever error the write happened under (an
# IOException while staging, a TransactionException when the WAL cannot be written at commit).
_DISK_FULL = re.compile(r"No space left on device|Disk quota exceeded")
_WRITTEN_FILE = re.compile(r'Could not write file \\?"(?P<path>[^"\\]+)')


def disk_full_message(exc: BaseException) -> str | None:
    """One line naming a full disk (and the file being written, when known), or None when
    `exc` is not about a full disk."""
    if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        path = exc.filename
    elif isinstance(exc, duckdb.Error) and _DISK_FULL.search(str(exc)):
        written = _WRITTEN_FILE.search(str(exc))
        path = written and written["path"]
    else:
        return None
    return "no space left on device" + (f" writing {path}" if path else "")


def is_lock_conflict(exc: BaseException) -> bool:
    """DuckDB's refusal to open a file another process holds (`Could not set lock on file`)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is always closed, so the file lock is released promptly.

    A file held by another process's read-write connection (another program writing, or an
    analyst's DuckDB CLI session, read-write by default) raises WarehouseBusyError.
    """
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(
            str(path), read_only=read_only,
            config={"storage_compatibility_version": STORAGE_COMPATIBILITY_VERSION})
    except duckdb.IOException as exc:
        if is_lock_conflict(exc):
            raise WarehouseBusyError(held_message(path)) from exc
        raise
    try:
        yield con
    finally:
        con.close()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The analyst tables and views, where missing, documented by their comments."""
    declared = declared_columns()
    for name in TABLES:
        con.execute(sql(CREATE_STATEMENTS[name]))
        add_missing_columns(con, name, declared[name])
    for path in sql_files("views"):
        con.execute(read_sql(path))
    document_schema(con)


_COLUMNS_SQL = ("SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index")


@cache
def declared_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table's (column, type) as its CREATE statement declares them: the statements run
    in one empty in-memory database, once per process (an in-memory database per table cost
    about a tenth of a second each, on every publish)."""
    with duckdb.connect() as scratch:
        for name in TABLES:
            scratch.execute(sql(CREATE_STATEMENTS[name]))
        return {name: tuple(scratch.execute(_COLUMNS_SQL, [name]).fetchall())
                for name in TABLES}


def add_missing_columns(con: duckdb.DuckDBPyConnection, table: str,
                        wanted: tuple[tuple[str, str], ...]) -> None:
    """Give a table created by an older release the columns its CREATE statement has gained
    (`wanted`, from declared_columns): each column it lacks is added (NULL for the rows already
    there), so a warehouse of any earlier release is published into without a migration of its
    own."""
    present = {name for name, _ in con.execute(_COLUMNS_SQL, [table]).fetchall()}
    for name, data_type in wanted:
        if name not in present:
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{name}" {data_type}')


def document_schema(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every table, view and column, from sql/schema/comment_on_<name>.sql.

    Views are re-created by every run (CREATE OR REPLACE drops their comments), so the comments
    are applied each time too, in one transaction: one write instead of one per statement.
    """
    con.begin()
    for path in sql_files("schema", "comment_on_*.sql"):
        con.execute(read_sql(path))
    con.commit()


# Run records, each a DataFrame registered under this name for its record_* statement.
RECORD_STEPS = (
    ("queries/record_quarantine", "batch_quarantine"),
    ("queries/record_dq_results", "batch_dq_results"),
    ("queries/record_pipeline_run", "batch_pipeline_run"),
)


def commit_run(con: duckdb.DuckDBPyConnection, staging: StagingArea | None,
               records: dict[str, pd.DataFrame]) -> None:
    """In one transaction: publish the staged batch (if given) and record the run.

The publish steps are the files of sql/publish/, run in the order of their numbered names.

    Either analysts see the whole batch and the run that published it, or neither. The staged
    files are read as views (`staged_<table>`) and copied table to table inside DuckDB, so the
    batch never passes through Python memory however large it is.
    """
    relations = {relation: records[relation] for _, relation in RECORD_STEPS
                 if not records[relation].empty}
    for relation, df in relations.items():
        con.register(relation, df)
    if staging is not None:
        staging.create_views(con, prefix="staged_")
    con.begin()
    try:
        if staging is not None:
            steps = sql_files("publish")  # in the order of their numbered names
            for number, step in enumerate(steps):
                if number == len(steps) // 2:
                    crash_point("publishing")
                con.execute(read_sql(step))
        for statement, relation in RECORD_STEPS:
            if relation in relations:
                con.execute(sql(statement))
        con.commit()
    except BaseException:
        # A commit that failed has rolled back already; its error is the one to report.
        with suppress(duckdb.TransactionException):
            con.rollback()
        raise
    finally:
        for relation in relations:
            con.unregister(relation)
        if staging is not None:
            for name in STAGED_TABLES:
                con.execute(f"DROP VIEW IF EXISTS temp.staged_{name}")


class PublishDeferredError(RuntimeError):
    """The write window did not open in time (readers held the database)."""


@contextmanager
def connect_for_publish(path: Path, wait_seconds: float, warn: Callable[[str], object],
                        memory_limit: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, waiting with backoff while other processes hold the file.

    DuckDB caches the blocks it writes up to its memory limit (by default most of the machine),
    so without a limit of its own the size of the batch would show in the run's memory.

    A database file this connection created is removed again if anything fails before it is
    closed (a full disk on a first run leaves a 0-byte or half-written file that DuckDB would
    refuse to open, failing every later run): the warehouse stays as it was, absent.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    try:
        con = _open_for_publish(path, wait_seconds, warn, memory_limit)
        try:
            yield con
        finally:
            con.close()
    except PublishDeferredError:
        raise  # never opened: whatever file is there now is not this run's
    except BaseException:
        if created:
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise


def _open_for_publish(path: Path, wait_seconds: float, warn: Callable[[str], object],
                      memory_limit: str) -> duckdb.DuckDBPyConnection:
    """The read-write connection, once no other process holds the file (see above)."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.25
    while True:
        try:
            con = duckdb.connect(str(path), config={
                "memory_limit": memory_limit,
                "storage_compatibility_version": STORAGE_COMPATIBILITY_VERSION,
            })
            break
        except duckdb.IOException as exc:
            remaining = deadline - time.monotonic()
            if "lock" not in str(exc).lower():
                raise
            if remaining <= 0:
                raise PublishDeferredError(
                    f"{path} stayed locked by another process for {wait_seconds:.0f}s"
                ) from exc
            warn(f"{path} is locked by another process (a read-only analyst session?); "
                 f"waiting to publish, {remaining:.0f}s left")
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 5.0)
    return con


