"""Warehouse: where a run reads what is already published, stages its batch, and publishes.

The flow sees only the `Warehouse` interface below. Behind it (read in order): tables.py (every
table, discovered from its folder sql/tables/<table>/), sql.py (the statements under sql/),
staging.py (the run's private batch as Parquet files), database.py (the DuckDB file: schema, the
one-transaction publish), lock.py (one writing run per database), store.py (DuckDBWarehouse, the
implementation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

# Imported now: importing the submodule sql.py binds the package's name `sql` to the module.
from newsflow.warehouse.sql import sql

if TYPE_CHECKING:
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
        schema_gaps,
    )
    from newsflow.warehouse.lock import run_lock, writer_lock
    from newsflow.warehouse.staging import StagedCounts, StagingArea, frame, stage_chunk
    from newsflow.warehouse.store import DuckDBWarehouse
    from newsflow.warehouse.tables import Registry, RegistryError, Table, registry

# Each export's module, imported on first use (PEP 562): a command that only opens a connection
# (`newsflow query`, `export`) does not pay for pandas, the enrichment and the ingest modules.
_EXPORTED_FROM = {
    "newsflow.warehouse.database": (
        "VIEWS", "PublishDeferredError", "WarehouseBusyError", "connect", "create_schema",
        "disk_full_message", "is_lock_conflict", "schema_gaps"),
    "newsflow.warehouse.lock": ("run_lock", "writer_lock"),
    "newsflow.warehouse.staging": ("StagedCounts", "StagingArea", "frame", "stage_chunk"),
    "newsflow.warehouse.store": ("DuckDBWarehouse",),
    "newsflow.warehouse.tables": ("Registry", "RegistryError", "Table", "registry"),
}
_MODULE_OF = {name: module for module, names in _EXPORTED_FROM.items() for name in names}


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_MODULE_OF[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "VIEWS",
    "DuckDBWarehouse",
    "PublishDeferredError",
    "Registry",
    "RegistryError",
    "StagedCounts",
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
    "registry",
    "run_lock",
    "schema_gaps",
    "sql",
    "stage_chunk",
    "writer_lock",
]


class Warehouse(Protocol):
    """What a run needs of the warehouse, in the order it needs it.

    The flow calls nothing else, so its logic runs as well against an in-memory warehouse
    (tests/fakes.py) as against DuckDB."""

    def known_documents(self, retry_quarantined: bool = False) -> KnownState:
        """The content hashes already stored, so ingest skips them."""
        ...

    def published_index(self) -> PublishedIndex:
        """Published entities and stories, which new articles resolve against and join."""
        ...

    def start_batch(self) -> None:
        """An empty batch to stage into (whatever a crashed run staged is discarded)."""
        ...

    def stage(self, rows_by_table: Mapping[str, Iterable[Any]]) -> None:
        """Add rows to the batch, typed by their tables: all of them, or none if any fails."""
        ...

    def staged_counts(self) -> StagedCounts:
        """How many articles, entity mentions and document sources the batch holds."""
        ...

    def staged_batch(self) -> StagingArea:
        """The batch as the quality stage reads it and takes held articles out of it."""
        ...

    def publish(self, with_batch: bool, records: dict[str, pd.DataFrame],
                warn: Callable[[str], object]) -> None:
        """The staged batch (unless `with_batch` is false: only the run's records) in one
        transaction."""
        ...

    def discard_batch(self) -> None:
        """Remove the batch, published or not."""
        ...

    def record_crash(self, records: dict[str, pd.DataFrame], logger: Any) -> None:
        """Write a crashed run's records, or keep them for the next run to write."""
        ...


def for_settings(settings: Settings) -> DuckDBWarehouse:
    """The warehouse a run's settings name."""
    from newsflow.warehouse.store import DuckDBWarehouse

    return DuckDBWarehouse(settings.db, settings.staging_dir, settings.publish_wait_seconds,
                           settings.publish_memory_limit)
