"""The DuckDB implementation of the Warehouse interface (see __init__.py).

Reads happen on read-only connections, which coexist with analysts' read-only sessions, so a
run does all its work while they query and needs the write lock only to publish.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import pandas as pd

from newsflow.enrich import KnownEntities, KnownQuote, PublishedIndex, SpreadIndex
from newsflow.enrich.stories import StoryIndex, StoryMember
from newsflow.ingest.seen import KnownState
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.database import (
    PublishDeferredError,
    commit_run,
    connect,
    connect_for_publish,
    create_schema,
    has_table,
    known_state,
)
from newsflow.warehouse.sql import sql
from newsflow.warehouse.staging import StagedCounts, StagingArea


class DuckDBWarehouse:
    """The analyst database `db`, with a run's staging area beside it."""

    def __init__(self, db: Path, staging_dir: Path, publish_wait_seconds: float,
                 publish_memory_limit: str) -> None:
        self.db = db
        # A folder of its own below staging_dir: two runs never share one, even should one get
        # past the writer lock.
        self.staging_root = staging_dir
        self.staging = StagingArea(staging_dir / f"run-{uuid.uuid4().hex}")
        self.publish_wait_seconds = publish_wait_seconds
        self.publish_memory_limit = publish_memory_limit

    def known_documents(self, retry_quarantined: bool = False) -> KnownState:
        return known_state(self.db, retry_quarantined)

    def published_index(self) -> PublishedIndex:
        """Published entities and stories, and the index that reads published quotations by
        speaker as chunks need them; read only by runs that have new articles to place. A
        warehouse of a release before quote_clusters has no clustered quotations yet: its new
        quotations start clusters of their own."""
        if not self.db.exists():
            return PublishedIndex()
        with connect(self.db, read_only=True) as con:
            entities = KnownEntities.from_names(
                con.execute(sql("queries/select_known_entity_names")).fetchall())
            story_index = StoryIndex(
                (StoryMember(*row[:4]), row[4])
                for row in con.execute(sql("queries/select_known_stories")).fetchall())
            clustered = has_table(con, "quote_clusters")
        return PublishedIndex(entities, story_index,
                              SpreadIndex(self.published_quotations if clustered else None))

    def published_quotations(self, speakers: Sequence[str]) -> list[KnownQuote]:
        """The published quotations of these speaker entities, with their clusters."""
        with connect(self.db, read_only=True) as con:
            return [KnownQuote(*row) for row in con.execute(
                sql("queries/select_known_quotations"), [list(speakers)]).fetchall()]

    def start_batch(self) -> None:
        """An empty batch; under the writer lock, whatever else is below the staging root was
        left by a run that crashed, and goes."""
        for leftover in self.staging_root.glob("*"):
            shutil.rmtree(leftover, ignore_errors=True)
        self.staging.reset()

    def stage(self, rows_by_table: Mapping[str, Iterable[Any]]) -> None:
        self.staging.append(rows_by_table)

    def staged_counts(self) -> StagedCounts:
        return self.staging.counts()

    def staged_batch(self) -> StagingArea:
        return self.staging

    def discard_batch(self) -> None:
        self.staging.remove()
        with suppress(OSError):  # another run's batch, or a crashed one's: left to its owner
            self.staging_root.rmdir()

    def publish(self, with_batch: bool, records: dict[str, pd.DataFrame],
                warn: Callable[[str], object]) -> None:
        """One transaction: the validated batch in the staging area (if `with_batch`) plus the
        run's records (and those of earlier runs that could not be written).

        Analysts' read-only sessions block writers, so this waits for the write window (bounded
        by `publish_wait_seconds`) and holds the lock only for the transaction itself. If the
        window does not open, the run's record is kept for the next run that publishes.
        """
        merged, pending = self._with_pending_runs(records)
        try:
            with connect_for_publish(self.db, self.publish_wait_seconds, warn,
                                     self.publish_memory_limit) as con:
                create_schema(con)
                commit_run(con, self.staging if with_batch else None, merged)
        except PublishDeferredError as exc:
            self.keep_pending_run(records["batch_pipeline_run"].assign(
                status="publish_deferred",
                message=f"{exc}; the batch will be published by the next run"))
            raise
        for path in pending:
            path.unlink(missing_ok=True)

    def record_crash(self, records: dict[str, pd.DataFrame], logger: Any) -> None:
        """Best effort: a run that crashed still leaves its pipeline_runs row (and quarantine),
        in the database or else beside it, for the next run to write."""
        try:
            self.publish(False, records, logger.warning)
        except Exception as exc:  # the crash itself is the error to report
            logger.error("could not record the crashed run in the database: %s", exc)
            try:
                self.keep_pending_run(records["batch_pipeline_run"])
            except Exception as again:
                logger.error("could not keep the crashed run's record either: %s", again)

    @property
    def pending_runs_folder(self) -> Path:
        """pipeline_runs rows that could not be written (readers held the database), kept beside
        it until the next run that publishes writes them."""
        return self.db.with_name(self.db.name + ".pending-runs")

    def keep_pending_run(self, run: pd.DataFrame) -> None:
        folder = self.pending_runs_folder
        folder.mkdir(parents=True, exist_ok=True)
        with duckdb_connect() as con:
            con.from_df(run).write_parquet(str(folder / f"{run['run_id'].iloc[0]}.parquet"))

    def _with_pending_runs(self, records: dict[str, pd.DataFrame]
                           ) -> tuple[dict[str, pd.DataFrame], list[Path]]:
        """The run's records plus the rows of earlier runs that could not be written."""
        files = sorted(self.pending_runs_folder.glob("*.parquet"))
        if not files:
            return records, []
        with duckdb_connect() as con:
            earlier = [con.read_parquet(str(path)).df() for path in files]
        runs = pd.concat([*earlier, records["batch_pipeline_run"]], ignore_index=True)
        return {**records, "batch_pipeline_run": runs}, files
