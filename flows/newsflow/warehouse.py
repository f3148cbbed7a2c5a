"""DuckDB access: schema from sql/, the private staging area, and the one-transaction publish.

Writers hold the analyst database only for short moments (schema check at start, publish at
end); the batch is built in a staging area of its own so analysts never see half a batch.
"""

from __future__ import annotations

import dataclasses
import fcntl
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from newsflow.faults import crash_point
from newsflow.settings import SQL_DIR

TABLES = (
    "raw_documents", "document_sources", "articles", "entity_mentions", "entities",
    "demonym_mentions", "stories", "article_minhashes",
    "quarantine", "pipeline_runs", "dq_results",
)
STAGED_TABLES = (
    "raw_documents", "document_sources", "articles", "entity_mentions", "entities",
    "demonym_mentions", "stories", "article_minhashes",
)
VIEWS = (
    "v_mentions_per_entity_outlet", "v_mentions_per_entity_outlet_day", "v_top_entities",
    "v_entity_timeline", "v_entity_cooccurrence", "v_entity_story_cooccurrence", "v_stories",
    "v_story_top_entities", "v_run_summary", "v_places",
)
# Publish steps, in order, each one file of sql/; all run inside one transaction.
PUBLISH_STEPS = (
    "publish_raw_documents",
    "publish_document_sources",
    "publish_articles",
    "delete_republished_mentions",
    "publish_entity_mentions",
    "publish_entities",
    "delete_republished_demonym_mentions",
    "publish_demonym_mentions",
    "publish_stories",
    "publish_article_minhashes",
    "delete_orphan_articles",
    "delete_orphan_raw_documents",
    "delete_orphan_mentions",
    "delete_orphan_entities",
    "delete_orphan_demonym_mentions",
    "delete_orphan_stories",
    "delete_orphan_article_minhashes",
    "update_entity_canonical_names",
    "delete_released_quarantine",
)


@cache
def sql(name: str) -> str:
    """The statement stored in sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


# The storage format a new warehouse file is written in. DuckDB 2.0 writes storage version 69 by
# default, which the DuckDB CLI users can install here (`pip install duckdb-cli`, 1.5.6: versions
# 64-68) refuses to open; v1.5.0 it reads. A file keeps the version it was created with.
STORAGE_COMPATIBILITY_VERSION = "v1.5.0"


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
    for name in TABLES:
        con.execute(sql(f"create_{name}"))
        add_missing_columns(con, name)
    for name in VIEWS:
        con.execute(sql(name))
    document_schema(con)


def add_missing_columns(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Give a table created by an older release the columns its CREATE statement has gained.

    The statement is run in an empty in-memory database to read what the table should be; each
    column it lacks is added (NULL for the rows already there), so a warehouse of any earlier
    release is published into without a migration of its own.
    """
    columns_sql = ("SELECT column_name, data_type FROM duckdb_columns() "
                   "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index")
    with duckdb.connect() as scratch:
        scratch.execute(sql(f"create_{table}"))
        wanted = scratch.execute(columns_sql, [table]).fetchall()
    present = {name for name, _ in con.execute(columns_sql, [table]).fetchall()}
    for name, data_type in wanted:
        if name not in present:
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{name}" {data_type}')


def document_schema(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every table, view and column, from sql/comment_on_<name>.sql.

    Views are re-created by every run (CREATE OR REPLACE drops their comments), so the comments
    are applied each time too, in one transaction: one write instead of one per statement.
    """
    con.begin()
    for path in sorted(SQL_DIR.glob("comment_on_*.sql")):
        con.execute(sql(path.stem))
    con.commit()


def frame(rows: Iterable[Any], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """DataFrame from dataclass instances or dicts, keeping columns even when there are no rows.

    Dataclass rows are read through their __dict__ (one flat level, as the tables are):
    dataclasses.asdict deep-copies every value, which costs more than the write itself.
    """
    records = [vars(r) if dataclasses.is_dataclass(r) else r for r in rows]
    return pd.DataFrame.from_records(records, columns=columns)


def append(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Any]) -> int:
    """Append rows (dataclasses or dicts whose keys are column names) to a table."""
    df = frame(rows)
    if df.empty:
        return 0
    con.append(table, df, by_name=True)
    return len(df)


class StagingArea:
    """A run's private batch: for each staged table, one Parquet file per chunk.

    Files are only ever added, so staging the last chunk of a large batch costs what the first
    did; a DuckDB file instead rewrites its last row group (all of a small table) at every
    checkpoint and keeps what it wrote cached, both growing with the batch. Readers stream the
    files one chunk's row group at a time, so no vector holds more than a chunk's raw documents.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files_written = 0

    def reset(self) -> None:
        """Start empty (whatever a crashed run left is discarded) with each table's schema."""
        self.remove()
        self.append({table: [] for table in STAGED_TABLES}, keep_empty=True)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def append(self, rows_by_table: Mapping[str, Iterable[Any]], keep_empty: bool = False) -> None:
        """Write each table's rows as a new file, typed by the table's CREATE statement."""
        rows_by_table = {table: list(rows) for table, rows in rows_by_table.items()}
        if not keep_empty and not any(rows_by_table.values()):
            return  # an unchanged chunk: nothing to write, not even a connection to open
        number = self._files_written
        self._files_written += 1
        with duckdb.connect() as con:  # in memory, only to give the rows the table's types
            # Every table's rows typed first, then written: rows that cannot be typed leave no
            # file behind, so a chunk is staged whole or not at all.
            written = []
            for table, rows in rows_by_table.items():
                con.execute(sql(f"create_{table}"))
                if append(con, table, rows) or keep_empty:
                    written.append(table)
            for table in written:
                folder = self.folder / table
                folder.mkdir(parents=True, exist_ok=True)
                con.table(table).write_parquet(str(folder / f"{number:06d}.parquet"))

    def rewrite(self, queries: Mapping[str, str], relations: Mapping[str, pd.DataFrame]) -> None:
        """Replace each named table's files by one file of what its query (over the staged
        tables and the given `relations`) selects; the old files go once all are written."""
        number = self._files_written
        self._files_written += 1
        with self.reader() as con:
            for name, df in relations.items():
                con.register(name, df)
            old = {table: sorted((self.folder / table).glob("*.parquet")) for table in queries}
            for table, query in queries.items():
                con.sql(query).write_parquet(str(self.folder / table / f"{number:06d}.parquet"))
        for paths in old.values():
            for path in paths:
                path.unlink()

    def create_views(self, con: duckdb.DuckDBPyConnection, prefix: str = "") -> None:
        """A temporary view `prefix + table` over each table's files.

        The file list is bound through a variable: no path is ever spliced into SQL text.
        """
        for table in STAGED_TABLES:
            files = sorted(str(path) for path in (self.folder / table).glob("*.parquet"))
            con.execute(f"SET VARIABLE staged_files_{table} = ?", [files])
            con.execute(f"CREATE OR REPLACE TEMP VIEW {prefix}{table} AS SELECT * "
                        f"FROM read_parquet(getvariable('staged_files_{table}'))")

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory connection where each staged table reads under its own name."""
        with duckdb.connect() as con:
            self.create_views(con)
            yield con


# Run records, each a DataFrame registered under this name for its record_* statement.
RECORD_STEPS = (
    ("record_quarantine", "batch_quarantine"),
    ("record_dq_results", "batch_dq_results"),
    ("record_pipeline_run", "batch_pipeline_run"),
)


def commit_run(con: duckdb.DuckDBPyConnection, staging: StagingArea | None,
               records: dict[str, pd.DataFrame]) -> None:
    """In one transaction: publish the staged batch (if given) and record the run.

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
            for number, step in enumerate(PUBLISH_STEPS):
                if number == len(PUBLISH_STEPS) // 2:
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
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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
    try:
        yield con
    finally:
        con.close()


class WarehouseBusyError(RuntimeError):
    """Another run is writing to the same database, or another process holds it read-write.

    The message is one line, fit to print as it is.
    """


def held_message(path: Path) -> str:
    return (f"{path} is held by another process's read-write connection (an analyst's DuckDB "
            f"session? open it with -readonly or use `newsflow query`)")


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
