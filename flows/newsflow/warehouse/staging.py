"""A run's private staging area: the batch as Parquet files, before it is validated and
published.

What a chunk hands over (its documents' rows, its articles with every row made of them) is
staged whole, or article by article when one of them cannot be typed; the quality stage reads
the staged tables, may take articles out again (`rewrite`), and the warehouse publishes what is
left in one transaction.
"""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd
import pyarrow as pa

from newsflow.records import (
    Article,
    QuarantineRecord,
    TableRows,
    by_table,
    failure_reason,
    rows_of,
)
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.sql import sql
from newsflow.warehouse.tables import registry


def frame(rows: Iterable[Any], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """DataFrame from dataclass instances or dicts, keeping columns even when there are no rows.

    Dataclass rows are read through their __dict__ (one flat level, as the tables are):
    dataclasses.asdict deep-copies every value, which costs more than the write itself.
    """
    records = [vars(r) if dataclasses.is_dataclass(r) else r for r in rows]
    return pd.DataFrame.from_records(records, columns=columns)


def columns_of(rows: Sequence[Any]) -> pa.Table:
    """An Arrow table, column by column, from dataclass instances or dicts (the union of their
    keys, in order of appearance); Arrow infers each column's type, the table's CREATE
    statement gives the final one. Built without pandas: its row-wise construction cost a
    chunk's staging more than DuckDB's typing."""
    first = rows[0]
    if dataclasses.is_dataclass(first):
        names = [f.name for f in dataclasses.fields(first)]
        return pa.table({name: list(map(attrgetter(name), rows)) for name in names})
    names = list(dict.fromkeys(key for r in rows for key in r))
    return pa.table({name: [r.get(name) for r in rows] for name in names})


def append(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Any]) -> int:
    """Append rows (dataclasses or dicts whose keys are column names) to a table, each value
    cast to its column's type; a value that cannot be cast fails the whole append."""
    rows = list(rows)
    if not rows:
        return 0
    con.register("staged_rows", columns_of(rows))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM staged_rows")
    finally:
        con.unregister("staged_rows")
    return len(rows)


class StagedCounts(NamedTuple):
    articles: int
    mentions: int
    sources: int


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
        # The in-memory connection that types the rows, opened once (15 ms of CPU a chunk).
        self._typing: duckdb.DuckDBPyConnection | None = None
        self._typing_lock = threading.Lock()

    def reset(self) -> None:
        """Start empty (whatever a crashed run left is discarded) with each table's schema."""
        self.remove()
        self.append({table: [] for table in registry().staged}, keep_empty=True)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        with self._typing_lock:
            if self._typing is not None:
                self._typing.close()
            self._typing = None

    def append(self, rows_by_table: Mapping[str, Iterable[Any]], keep_empty: bool = False) -> None:
        """Write each table's rows as a new file, typed by the table's CREATE statement."""
        rows_by_table = {table: list(rows) for table, rows in rows_by_table.items()}
        if not keep_empty and not any(rows_by_table.values()):
            return  # an unchanged chunk: nothing to write, not even a connection to open
        number = self._files_written
        self._files_written += 1
        tables = registry()
        with self._typing_lock:
            if self._typing is None:  # in memory, only to give the rows their tables' types;
                # one thread: a chunk's rows are too few for a second to gain (a fifth more CPU)
                self._typing = duckdb_connect(config={"threads": 1})
            con = self._typing
            try:
                for table in rows_by_table:
                    con.execute(sql(tables[table].create))
                # Every table's rows typed first, then written: rows that cannot be typed leave
                # no file behind, so a chunk is staged whole or not at all.
                written = [table for table, rows in rows_by_table.items()
                           if append(con, table, rows) or keep_empty]
                for table in written:
                    folder = self.folder / table
                    folder.mkdir(parents=True, exist_ok=True)
                    con.table(table).write_parquet(str(folder / f"{number:06d}.parquet"))
            finally:  # dropped, not emptied: an in-memory table keeps deleted rows' memory
                for table in rows_by_table:
                    con.execute(f"DROP TABLE IF EXISTS {table}")

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
        for table in registry().staged:
            files = sorted(str(path) for path in (self.folder / table).glob("*.parquet"))
            con.execute(f"SET VARIABLE staged_files_{table} = ?", [files])
            con.execute(f"CREATE OR REPLACE TEMP VIEW {prefix}{table} AS SELECT * "
                        f"FROM read_parquet(getvariable('staged_files_{table}'))")

    def counts(self) -> StagedCounts:
        """How many articles, entity mentions and document sources are staged."""
        with self.reader() as con:
            articles, mentions, sources = con.execute(
                sql("queries/select_staged_counts")).fetchall()[0]
        return StagedCounts(articles, mentions, sources)

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory connection where each staged table reads under its own name."""
        with duckdb_connect() as con:
            self.create_views(con)
            yield con


def stage_chunk(stage: Callable[[Mapping[str, Iterable[Any]]], None],
                documents: Mapping[str, list[dict]],
                rows: Sequence[TableRows]) -> list[QuarantineRecord]:
    """Add a processed chunk to the batch through `stage` (`Warehouse.stage`); returns the
    articles that could not be staged (quarantined, stage `stage`).

    `documents` holds the chunk's raw_documents and document_sources rows, `rows` its articles
    and every row made of them, by table; a row of an article that is not among the chunk's
    articles (one held since its rows were made) is left out. Ingest gives each content hash
    to one chunk of the run only, so rows never repeat here. A chunk is staged whole or not at
    all; if it cannot be, its documents' bytes and sources are staged (document by document if
    need be), then each article with its rows on its own, so only the documents and articles
    at fault are left out.
    """
    tables = registry()
    articles: list[Article] = rows_of(rows, "articles")
    ids = {article.article_id for article in articles}
    own_rows = {table: [r for r in table_rows
                        if (article := tables.article_of(table, r)) is None or article in ids]
                for table, table_rows in by_table(rows)}
    try:
        stage({**documents, **own_rows})
        return []
    except Exception:  # the document or article at fault is found below
        pass
    rejected = _stage_documents(stage, documents)
    failed = {q.doc_id for q in rejected}
    for article in articles:
        if article.article_id in failed:
            continue
        own = {table: [r for r in table_rows if tables.article_of(table, r) == article.article_id]
               for table, table_rows in own_rows.items()}
        try:
            stage(own)
        except Exception as exc:  # that article's failure, not the batch's (see docstring)
            rejected.append(QuarantineRecord(
                article.source, "stage", failure_reason(exc, "cannot be staged"),
                article.article_id))
    return rejected


def _stage_documents(stage: Callable[[Mapping[str, Iterable[Any]]], None],
                     documents: Mapping[str, list[dict]]) -> list[QuarantineRecord]:
    """Stage a chunk's raw_documents and document_sources rows, together or else document by
    document (its bytes with its sources); returns the documents that could not be staged."""
    try:
        stage(documents)
        return []
    except Exception:  # the document at fault is found below
        pass
    rejected = []
    for doc_id in dict.fromkeys(r["doc_id"] for rows in documents.values() for r in rows):
        own = {table: [r for r in rows if r["doc_id"] == doc_id]
               for table, rows in documents.items()}
        try:
            stage(own)
        except Exception as exc:  # that document's failure, not the chunk's
            sources = [r["source"] for r in own.get("document_sources", [])] or [doc_id]
            rejected += [QuarantineRecord(source, "stage", failure_reason(
                exc, "cannot be staged"), doc_id) for source in sources]
    return rejected
