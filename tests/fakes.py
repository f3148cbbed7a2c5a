"""An in-memory Warehouse (the protocol in newsflow/warehouse/__init__.py), so the flow's logic
(what a chunk stages, what it holds, what a run publishes) is tested without a database file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
from newsflow.enrich import PublishedIndex
from newsflow.ingest.seen import KnownState
from newsflow.warehouse import StagedCounts, StagingArea, registry


class InMemoryWarehouse:
    """Rows staged as lists per table; what was published kept as (with_batch, records).

    `refuse(row)` names rows that cannot be staged (as a row that does not fit its table's
    types): a `stage` call holding one stages nothing, like the staging area.
    """

    def __init__(self, known: KnownState | None = None, index: PublishedIndex | None = None,
                 refuse: Callable[[Any], bool] = lambda row: False) -> None:
        self.known = known or KnownState({}, frozenset())
        self.index = index or PublishedIndex()
        self.refuse = refuse
        self.batch: dict[str, list[Any]] | None = None
        self.published: list[tuple[bool, dict[str, pd.DataFrame]]] = []

    def known_documents(self, retry_quarantined: bool = False) -> KnownState:
        return self.known

    def published_index(self) -> PublishedIndex:
        return self.index

    def start_batch(self) -> None:
        self.batch = {table: [] for table in registry().staged}

    def stage(self, rows_by_table: Mapping[str, Iterable[Any]]) -> None:
        assert self.batch is not None, "staged before the batch was started"
        rows = {table: list(table_rows) for table, table_rows in rows_by_table.items()}
        if any(self.refuse(row) for table_rows in rows.values() for row in table_rows):
            raise ValueError("a row does not fit its table")
        for table, table_rows in rows.items():
            self.batch[table] += table_rows

    def staged_counts(self) -> StagedCounts:
        assert self.batch is not None
        return StagedCounts(len(self.batch["articles"]), len(self.batch["entity_mentions"]),
                            len(self.batch["document_sources"]))

    def staged_batch(self) -> StagingArea:
        raise NotImplementedError("validation reads a staging area: a DuckDB integration test")

    def publish(self, with_batch: bool, records: dict[str, pd.DataFrame],
                warn: Callable[[str], object]) -> None:
        self.published.append((with_batch, records))

    def record_crash(self, records: dict[str, pd.DataFrame], logger: Any) -> None:
        self.published.append((False, records))

    def discard_batch(self) -> None:
        self.batch = None


def staged_ids(store: InMemoryWarehouse, table: str) -> list[str]:
    """The article ids of a staged table's rows, in staging order."""
    assert store.batch is not None
    return [row.article_id for row in store.batch[table]]


