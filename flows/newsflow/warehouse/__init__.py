"""Warehouse: where a run reads what is already published, stages its batch, and publishes.

The flow sees only the `Warehouse` interface below. Behind it (read in order): tables.py (every
table, one entry each), sql.py (the statements under sql/), staging.py (the run's private batch
as Parquet files), database.py (the DuckDB file: schema, the one-transaction publish), lock.py
(one writing run per database), store.py (DuckDBWarehouse, the implementation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import pandas as pd

from newsflow.enrich import PublishedIndex
from newsflow.ingest.seen import KnownState
from newsflow.settings import Settings
from newsflow.warehouse.database import (
    VIEWS,
    PublishDeferredError,
    WarehouseBusyError,
    connect,
    create_schema,
    disk_full_message,
    is_lock_conflict,
)
from newsflow.warehouse.lock import run_lock, writer_lock
from newsflow.warehouse.sql import sql
from newsflow.warehouse.staging import StagingArea, frame, stage_chunk
from newsflow.warehouse.store import DuckDBWarehouse
from newsflow.warehouse.tables import (
    CREATE_STATEMENTS,
    REGISTRY,
    STAGED_TABLES,
    TABLES,
    UNHELD_ROWS,
    Table,
)

__all__ = [
    "CREATE_STATEMENTS",
    "REGISTRY",
    "STAGED_TABLES",
    "TABLES",
    "UNHELD_ROWS",
    "VIEWS",
    "DuckDBWarehouse",
    "PublishDeferredError",
    "StagingArea",
    "Table",
    "Warehouse",
    "WarehouseBusyError",
    "connect",
    "create_schema",
    "disk_full_message",
    "for_settings",
    "frame",
    "is_lock_conflict",
    "run_lock",
    "sql",
    "stage_chunk",
    "writer_lock",
]


class Warehouse(Protocol):
    """What a run needs of the warehouse, in the order it needs it."""

    staging: StagingArea

    def known_documents(self, retry_quarantined: bool = False) -> KnownState:
        """The content hashes already stored, so ingest skips them."""
        ...

    def published_index(self) -> PublishedIndex:
        """Published entities and stories, which new articles resolve against and join."""
        ...

    def publish(self, staged: StagingArea | None, records: dict[str, pd.DataFrame],
                warn: Callable[[str], object]) -> None:
        """The staged batch (None: only the run's records) in one transaction."""
        ...

    def record_crash(self, records: dict[str, pd.DataFrame], logger: Any) -> None:
        """Write a crashed run's records, or keep them for the next run to write."""
        ...


def for_settings(settings: Settings) -> DuckDBWarehouse:
    """The warehouse a run's settings name."""
    return DuckDBWarehouse(settings.db, settings.staging_dir, settings.publish_wait_seconds,
                           settings.publish_memory_limit)
