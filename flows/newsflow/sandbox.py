"""Analyst access to the warehouse that cannot reach the machine it runs on.

SQL given to `newsflow query` or `newsflow export` may come from someone other than the person
at the keyboard (a shared notebook, a dashboard). It runs on a read-only connection with DuckDB's
own switches off: no file or network access (COPY, EXPORT DATABASE, read_text, read_csv, glob,
ATTACH, INSTALL all fail), no extension autoloading, and the configuration locked so the SQL
cannot switch any of it back on. An export writes its one file from a second, in-memory
connection that may touch only the output path and reads nothing but the query's result stream.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

# Settings that keep a connection away from files, network and extensions, then lock them.
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@contextmanager
def query_connection(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse with external access off and locked.

    DuckDB still lets a connection write to its temporary directory (where it spills large
    results), by default `<db>.tmp/` beside the warehouse; here that is a private folder,
    removed with the connection, so nothing the SQL writes there outlives the query.
    """
    scratch = tempfile.mkdtemp(prefix="newsflow-query-")
    try:
        con = duckdb.connect(str(db), read_only=True,
                             config={**LOCKED_DOWN, "temp_directory": scratch})
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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


def export(db: Path, table_or_sql: str, out: Path, fmt: ExportFormat) -> int:
    """Write the result of a table, view or query to `out` as Parquet or CSV; returns rows.

    The query runs on the locked-down connection; the writer is an in-memory connection whose
    only reachable path is `out` (DuckDB's `allowed_paths`), given the result as an Arrow stream.
    """
    out = out.resolve()
    warehouse_file = db.resolve()
    if out.parent == warehouse_file.parent and out.name.startswith(warehouse_file.name):
        raise ValueError(f"{out} is the warehouse (or its write-ahead log): not overwritten")
    with query_connection(db) as con:
        tables = {name.lower() for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        relation = con.sql(export_relation_sql(table_or_sql, tables))
        if relation is None:
            raise ValueError("only a query that returns rows can be exported")
        writer = duckdb.connect()
        try:
            writer.execute("SET allowed_paths = ?", [[str(out)]])
            for name, value in LOCKED_DOWN.items():
                writer.execute(f"SET {name} = {str(value).lower()}")
            writer.register("export_result", _ResultStream(relation))
            options = "FORMAT parquet" if fmt is ExportFormat.parquet else "FORMAT csv, HEADER"
            # Written in place: DuckDB's default temporary file beside `out` is not allowed.
            (rows,) = writer.execute(
                f"COPY (SELECT * FROM export_result) TO ? ({options}, USE_TMP_FILE false)",
                [str(out)]).fetchone() or (0,)
        finally:
            writer.close()
    return int(rows)
