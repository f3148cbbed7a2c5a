"""Assertion helpers over a DuckDB warehouse file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

ANALYST_TABLES = ("raw_documents", "document_sources", "articles", "entity_mentions", "entities")


def table_checksums(db: Path, tables: tuple[str, ...] = ANALYST_TABLES) -> dict[str, str]:
    """Order-independent checksum of each table's full contents."""
    with duckdb.connect(str(db), read_only=True) as con:
        sums = {}
        for table in tables:
            rows = sorted(repr(r) for r in con.execute(f"SELECT * FROM {table}").fetchall())
            sums[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return sums


def query(db: Path, statement: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(statement, params or []).fetchall()
