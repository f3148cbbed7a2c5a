"""Assertion helpers over a DuckDB warehouse file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
from newsflow.warehouse import registry

# What analysts see (the staged tables); run records differ from run to run by design.
ANALYST_TABLES = registry().staged
# The tables whose rows belong to an article (keyed by article_id), articles included.
ARTICLE_TABLES = tuple(table.name for table in registry() if table.article_key)
# Analysis in the test's own process (NEWSFLOW_WORKERS=1), where the NER models stay loaded from
# one run to the next: a pool of fresh worker processes loads them again for every run. The pool
# itself is exercised by conftest.py's `published_once`, tests/test_workers.py and the runs
# tests/reliability/test_crash.py kills.
IN_PROCESS = {"NEWSFLOW_WORKERS": "1"}
# When a run first saw something: the only columns two equivalent runs may disagree on.
RUN_TIME_COLUMNS = {"raw_documents": "ingested_at", "document_sources": "content_since"}


def table_checksums(db: Path, tables: tuple[str, ...] = ANALYST_TABLES,
                    ignore_run_times: bool = False) -> dict[str, str]:
    """Order-independent checksum of each table's full contents."""
    with duckdb.connect(str(db), read_only=True) as con:
        sums = {}
        for table in tables:
            skip = RUN_TIME_COLUMNS.get(table) if ignore_run_times else None
            columns = f"* EXCLUDE ({skip})" if skip else "*"
            rows = sorted(repr(r) for r in con.execute(f"SELECT {columns} FROM {table}").fetchall())
            sums[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return sums


def table_names(db: Path) -> set[str]:
    return {name for (name,) in query(db, "SELECT table_name FROM information_schema.tables")}


def query(db: Path, statement: str, params: list | dict | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(statement, params or []).fetchall()
