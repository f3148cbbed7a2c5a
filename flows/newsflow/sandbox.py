"""Analyst access to the warehouse that cannot reach the machine it runs on.

SQL given to `newsflow query` or `newsflow export` may come from someone other than the person
at the keyboard (a shared notebook, a dashboard). It runs on a read-only connection with DuckDB's
own switches off: no file or network access (COPY, EXPORT DATABASE, read_text, read_csv, glob,
ATTACH, INSTALL all fail), no extension autoloading, and the configuration locked so the SQL
cannot switch any of it back on. An export writes its one file from a second, in-memory
connection that may touch only a temporary file beside the output (renamed to it when complete)
and reads nothing but the query's result stream.

Such SQL may also be costly by accident or on purpose (`SELECT * FROM range(300000000)`), so a
query gets limits (`QueryLimits`): DuckDB's memory and spill space, the memory the rows take
once in Python, and a time limit after which its connections are interrupted. Reaching one
raises QueryLimitError, whose message is one line naming the limit.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

from newsflow.settings import Settings
from newsflow.warehouse.connection import duckdb_connect

# Settings that keep a connection away from files, network and extensions, then lock them.
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Rows fetched into Python at a time; the memory limit is checked between batches.
ROWS_PER_BATCH = 10_000
# First characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


class QueryLimitError(RuntimeError):
    """A query or export stopped at one of its limits; the message is one line naming it."""


@dataclass(frozen=True)
class QueryLimits:
    """What one query or export may take: memory, seconds, and disk to spill to."""

    memory_bytes: int
    seconds: float
    temp_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> QueryLimits:
        return cls(int(settings.query_memory_limit), settings.query_time_limit,
                   int(settings.query_temp_limit))

    @property
    def config(self) -> dict[str, str]:
        """DuckDB's settings for them (locked with the rest of the configuration)."""
        return {"memory_limit": f"{self.memory_bytes}B",
                "max_temp_directory_size": f"{self.temp_bytes}B"}


def _resident_bytes() -> int:
    """This process's resident memory (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@dataclass
class _Guard:
    """Holds a query to its limits: interrupts its connections when the time is up, and
    checks the memory the process gained since the query began."""

    limits: QueryLimits
    connections: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    timed_out: threading.Event = field(default_factory=threading.Event)
    _baseline: int = field(default_factory=_resident_bytes)

    def watch(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """`con`, to be interrupted at the time limit (an export's writer comes second)."""
        self.connections.append(con)
        if self.timed_out.is_set():
            raise QueryLimitError(self.time_message)
        return con

    def expire(self) -> None:
        self.timed_out.set()
        for con in self.connections:
            with suppress(duckdb.Error):  # closed since: nothing left to stop
                con.interrupt()

    def check_time(self) -> None:
        if self.timed_out.is_set():
            raise QueryLimitError(self.time_message)

    def check(self) -> None:
        """Between batches of rows: stop at either limit."""
        self.check_time()
        if _resident_bytes() - self._baseline > self.limits.memory_bytes:
            raise QueryLimitError(self.memory_message)

    @property
    def time_message(self) -> str:
        return (f"stopped at the {self.limits.seconds:g}-second time limit "
                f"(NEWSFLOW_QUERY_TIME_LIMIT)")

    @property
    def memory_message(self) -> str:
        return (f"stopped at the {self.limits.memory_bytes:,}-byte memory limit "
                f"(NEWSFLOW_QUERY_MEMORY_LIMIT)")


@contextmanager
def _limited(limits: QueryLimits) -> Iterator[_Guard]:
    """A guard whose timer runs for the block; DuckDB's errors at a limit become
    QueryLimitError."""
    guard = _Guard(limits)
    timer = threading.Timer(limits.seconds, guard.expire)
    timer.daemon = True
    timer.start()
    try:
        yield guard
    except duckdb.Error as exc:
        # An export's writer reports its reader's error wrapped in one of its own, so both
        # are known by their text as well as by their class.
        if guard.timed_out.is_set():
            raise QueryLimitError(guard.time_message) from exc
        if isinstance(exc, duckdb.OutOfMemoryException) or "Out of Memory Error" in str(exc):
            # DuckDB runs out of memory once it can neither allocate nor spill to its
            # temporary files: either limit may be the one reached.
            raise QueryLimitError(
                f"{guard.memory_message}, with {limits.temp_bytes:,} bytes of temporary files "
                f"(NEWSFLOW_QUERY_TEMP_LIMIT)") from exc
        raise
    except MemoryError as exc:
        raise QueryLimitError(guard.memory_message) from exc
    finally:
        # The timer's thread holds the guard, and through it the connections: it must be gone
        # before the interpreter exits, or DuckDB's bindings list them on stderr as leaked.
        timer.cancel()
        timer.join()
        guard.connections.clear()


@contextmanager
def query_connection(db: Path, limits: QueryLimits) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse with external access off and locked, and the
    query's memory and spill space bounded.

    DuckDB still lets a connection write to its temporary directory (where it spills large
    results), by default `<db>.tmp/` beside the warehouse; here that is a private folder,
    removed with the connection, so nothing the SQL writes there outlives the query.
    """
    scratch = tempfile.mkdtemp(prefix="newsflow-query-")
    try:
        con = duckdb_connect(str(db), read_only=True,
                             config={**limits.config, **LOCKED_DOWN, "temp_directory": scratch})
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@dataclass(frozen=True)
class QueryResult:
    """A query's columns and rows, and `check`, which raises QueryLimitError once the query's
    time is up: whoever prints the rows calls it between them."""

    columns: list[str]
    rows: list[tuple]
    check: Callable[[], None]


@contextmanager
def run_query(db: Path, sql: str, limits: QueryLimits) -> Iterator[QueryResult]:
    """The columns and rows of `sql` on the locked-down connection, within `limits`.

    Rows come in batches, so a result too large to hold stops at the memory limit instead of
    taking the machine's memory first. The connection is closed before the block runs; the time
    limit still runs until it ends, so printing a result counts against it too.
    """
    with _limited(limits) as guard:
        with query_connection(db, limits) as con:
            cursor = guard.watch(con).execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows: list[tuple] = []
            while batch := cursor.fetchmany(ROWS_PER_BATCH):
                rows += batch
                guard.check()
        yield QueryResult(columns, rows, guard.check_time)


class _ResultStream:
    """Hands a relation's result to another connection as an Arrow C stream, nothing more."""

    def __init__(self, relation: duckdb.DuckDBPyRelation) -> None:
        self._relation = relation

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._relation.__arrow_c_stream__(requested_schema)


def export_relation_sql(table_or_sql: str, tables: set[str]) -> str:
    """The query to export: `SELECT *` of a table or view named alone, else the SQL as given."""
    name = table_or_sql.strip()
    if _IDENTIFIER.fullmatch(name) and name.lower() in tables:
        return f'SELECT * FROM "{name}"'
    return table_or_sql


def refuse_output(db: Path, out: Path, lock_file: Path) -> None:
    """ValueError, in one line, if `out` is not a file an export may replace: a folder, a
    device or another file that is not a regular one, the warehouse or its write-ahead log (a
    WAL written there would be replayed into the warehouse), or the run lock. The warehouse's
    files and the lock are recognised by name and by inode (a hard link or another path to the
    same file)."""
    warehouse_file = db.resolve()
    guarded = {warehouse_file: "the warehouse",
               warehouse_file.with_name(warehouse_file.name + ".wal"):
                   "the warehouse's write-ahead log",
               lock_file.resolve(): "the run lock"}
    for path, what in guarded.items():
        if out.resolve() == path or (out.exists() and path.exists()
                                     and os.path.samefile(out, path)):
            raise ValueError(f"{out} is {what}: not overwritten")
    if out.is_dir():
        raise ValueError(f"{out} is a folder: give a file name")
    if out.exists() and not stat.S_ISREG(out.stat().st_mode):
        raise ValueError(f"{out} is not a regular file (a device, pipe or socket): not written")


def neutralised(value: object) -> object:
    """A text value a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+1`, `@SUM`, or
    one starting with a tab or CR), prefixed with `'` so it is shown as text (OWASP's advice
    on CSV injection); anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised_sql(relation: duckdb.DuckDBPyRelation) -> str:
    """The SELECT an export writes to CSV: `neutralised` in SQL, on every text column."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    names = ['"' + column.replace('"', '""') + '"'
             for column, kind in zip(relation.columns, relation.types, strict=True)
             if str(kind) == "VARCHAR"]
    if not names:
        return "SELECT * FROM export_result"
    replaced = ", ".join(f"CASE WHEN left({name}, 1) IN ({starts}) THEN chr(39) || {name} "
                         f"ELSE {name} END AS {name}" for name in names)
    return f"SELECT * REPLACE ({replaced}) FROM export_result"


def export(db: Path, table_or_sql: str, out: Path, fmt: ExportFormat, limits: QueryLimits,
           lock_file: Path, raw: bool = False) -> int:
    """Write the result of a table, view or query to `out` as Parquet or CSV; returns rows.

    The query runs on the locked-down connection; the writer is an in-memory connection whose
    only reachable path is a temporary file beside `out` (DuckDB's `allowed_paths`), given the
    result as an Arrow stream. The file replaces `out` by a rename once it is complete, so a
    failed export leaves `out` as it was, and a rename never writes into the file `out` was.
    CSV text cells are `neutralised` unless `raw`.
    """
    refuse_output(db, out, lock_file)
    out = out.resolve()
    partial = out.with_name(f".{out.name}.{secrets.token_hex(4)}.partial")
    try:
        with _limited(limits) as guard, query_connection(db, limits) as con:
            guard.watch(con)
            tables = {name.lower() for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}
            relation = con.sql(export_relation_sql(table_or_sql, tables))
            if relation is None:
                raise ValueError("only a query that returns rows can be exported")
            writer = guard.watch(duckdb_connect())
            try:
                writer.execute("SET allowed_paths = ?", [[str(partial)]])
                for name, value in {**limits.config, **LOCKED_DOWN}.items():
                    writer.execute(f"SET {name} = ?", [value])
                writer.register("export_result", _ResultStream(relation))
                options = ("FORMAT parquet" if fmt is ExportFormat.parquet
                           else "FORMAT csv, HEADER")
                # Written in place: DuckDB's own temporary file beside it is not allowed.
                select = ("SELECT * FROM export_result"
                          if raw or fmt is ExportFormat.parquet else neutralised_sql(relation))
                (rows,) = writer.execute(
                    f"COPY ({select}) TO ? ({options}, USE_TMP_FILE false)",
                    [str(partial)]).fetchone() or (0,)
            finally:
                writer.close()
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return int(rows)
