"""The DuckDB warehouse file: connections, schema from sql/tables and sql/views, and the
one-transaction publish of a staged batch (each table's publish steps) with the run's records.

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
from typing import TYPE_CHECKING

import duckdb

from newsflow.faults import crash_point
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.sql import read_sql, sql, sql_dir, sql_files
from newsflow.warehouse.tables import registry

if TYPE_CHECKING:  # a run takes its lock through this module before the workers start
    import pandas as pd

    from newsflow.ingest.seen import KnownState
    from newsflow.warehouse.staging import StagingArea

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


def disk_full_message(exc: BaseException, folder: Path | None = None) -> str | None:
    """One line naming a full disk and what was being written: the file, as the error or one
    it was raised from names it, else the `folder` the run writes in (the database's); None
    when `exc` is not about a full disk."""
    if not _is_disk_full(exc):
        return None
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if path := _written_file(error):
            return f"no space left on device writing {path}"
        error = error.__cause__ or error.__context__
    return "no space left on device" + (f" writing in {folder}" if folder else "")


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in {errno.ENOSPC, errno.EDQUOT}
    return isinstance(exc, duckdb.Error) and bool(_DISK_FULL.search(str(exc)))


def _written_file(exc: BaseException) -> str | None:
    if isinstance(exc, OSError):
        return exc.filename and str(exc.filename)
    written = _WRITTEN_FILE.search(str(exc))
    return written["path"] if written else None


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
        con = duckdb_connect(
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


def known_state(path: Path, retry_quarantined: bool = False) -> KnownState:
    """Every stored content hash and each source's latest one.

    A quarantined document's bytes are stored too, so later runs skip it like any stored
    content, unless asked to retry.
    """
    from newsflow.ingest.seen import KnownState  # not for the commands that only query

    if not path.exists():
        return KnownState({}, frozenset())
    with connect(path, read_only=True) as con:
        sources = dict(con.execute(sql("queries/select_known_sources")).fetchall())
        stored = {row[0] for row in con.execute(sql("queries/select_known_documents")).fetchall()}
        if retry_quarantined:
            stored -= {row[0] for row in
                       con.execute(sql("queries/select_quarantined_documents")).fetchall()}
    return KnownState(sources, frozenset(stored))


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The analyst tables and views, where missing, documented by their comments."""
    declared = declared_columns()
    for table in registry():
        con.execute(sql(table.create))
        add_missing_columns(con, table.name, declared[table.name])
    document_schema(con)


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the database holds `table` (a warehouse of an older release may not)."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
                            "AND schema_name = 'main'", [table]).fetchone()[0])


_COLUMNS_SQL = ("SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index")


def declared_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table's (column, type) as its CREATE statement declares them: the statements run
    in one empty in-memory database, once per process and sql/ folder (an in-memory database
    per table cost about a tenth of a second each, on every publish)."""
    return _declared_columns(sql_dir())


@cache
def _declared_columns(folder: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """declared_columns of the sql/ folder `folder` (the cache's key; registry() reads it)."""
    with duckdb_connect() as scratch:
        for table in registry():
            scratch.execute(sql(table.create))
        return {table.name: tuple(scratch.execute(_COLUMNS_SQL, [table.name]).fetchall())
                for table in registry()}


def schema_gaps(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables, views and columns ("name" or "name.column") of this release that the
    warehouse lacks: empty for a warehouse a run of this release has written."""
    present: dict[str, set[str]] = {}
    for relation, column in con.execute(_RELATION_COLUMNS_SQL).fetchall():
        present.setdefault(relation, set()).add(column)
    gaps = [f"{relation}.{column}" if relation in present else relation
            for relation, columns in _current_schema(sql_dir()).items() for column in columns
            if column not in present.get(relation, ())]
    return list(dict.fromkeys(gaps))


_RELATION_COLUMNS_SQL = ("SELECT table_name, column_name FROM duckdb_columns() "
                         "WHERE schema_name = 'main' AND NOT internal")


@cache
def _current_schema(folder: Path) -> dict[str, tuple[str, ...]]:
    """Every table's and view's columns as this release creates them, in an empty in-memory
    database (once per process and sql/ folder)."""
    with duckdb_connect() as scratch:
        create_schema(scratch)
        columns: dict[str, tuple[str, ...]] = {}
        for relation, column in scratch.execute(_RELATION_COLUMNS_SQL).fetchall():
            columns[relation] = (*columns.get(relation, ()), column)
        return columns


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
    """(Re)create the views and COMMENT ON every table, view and column: each table's
    comment.sql, each view's file in sql/views/ (its CREATE OR REPLACE, then its comments).

    Views are re-created by every run (CREATE OR REPLACE drops their comments), so the comments
    are applied each time too, in one transaction: one write instead of one per statement.
    """
    con.begin()
    for table in registry():
        con.execute(sql(table.comment))
    for path in sql_files("views"):
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

    The publish steps are each table's (tables.Registry.publish_steps): every table's
    delete_republished and publish steps, then every table's delete_orphans, then every
    table's finish, each phase in the registry's dependency order.

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
            steps = registry().publish_steps()
            for number, step in enumerate(steps):
                if number == len(steps) // 2:
                    crash_point("publishing")
                con.execute(sql(step))
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
            for name in registry().staged:
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
            con = duckdb_connect(str(path), config={
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


