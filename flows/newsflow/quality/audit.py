"""Write-audit-publish, per row and per batch: what validation decides about a staged batch.

Every suite (each table's, and those of expectations/) runs on the staged batch. Articles
failing a row-level expectation leave the batch with everything that depends on them, and the
rest is validated again; a batch-level failure, or more quarantined documents (at any stage of
the run) than the circuit breaker allows, holds the whole batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pandas as pd

from newsflow.quality.suites import (
    ExpectationOutcome,
    RowFailure,
    Suite,
    ValidationReport,
    build_data_docs,
    load_suites,
    validate_suites,
)
from newsflow.records import QuarantineRecord
from newsflow.settings import Settings
from newsflow.warehouse import StagingArea, registry, sql

# The circuit breaker's outcome in dq_results.
BREAKER = "quarantined_share_at_most"


@dataclass(frozen=True)
class CircuitBreaker:
    """Too large a share of a run's documents quarantined means the cleaner is broken, not the
    input: then the batch is held. Every quarantine counts (ingest, decode, clean, ner, resolve,
    stage, validate) against every document the run judged; judged only on runs of
    `min_documents` or more, where one odd document in three would otherwise stall them all."""

    quarantined: int
    judged: int
    max_share: float
    min_documents: int

    @classmethod
    def of(cls, settings: Settings, quarantined: int, judged: int) -> CircuitBreaker:
        return cls(quarantined, judged, settings.quarantine_max_share,
                   settings.quarantine_min_documents)

    @property
    def share(self) -> float:
        return self.quarantined / self.judged if self.judged else 0.0

    @property
    def tripped(self) -> bool:
        return self.judged >= self.min_documents and self.share > self.max_share

    @property
    def rule(self) -> str:
        """The verdict as arithmetic: "4 of 12 documents quarantined = 33.3 % > 20 %"."""
        over = self.share > self.max_share
        verdict = (f"{self.quarantined} of {self.judged} documents quarantined = "
                   f"{_percent(self.share)} {'>' if over else '<='} {_percent(self.max_share)}")
        if self.judged < self.min_documents:
            verdict += f" (not judged under {self.min_documents} documents)"
        return verdict

    def outcome(self) -> ExpectationOutcome:
        """The breaker as a batch-level expectation's outcome, for dq_results."""
        details = {"max_share": self.max_share, "share": round(self.share, 4),
                   "min_documents": self.min_documents}
        return ExpectationOutcome(
            suite="batch", expectation=BREAKER, column_name=None, success=not self.tripped,
            element_count=self.judged, unexpected_count=self.quarantined,
            details=json.dumps(details, sort_keys=True), description=self.rule)


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".removesuffix(".0") + " %"


@dataclass(frozen=True)
class Audit:
    """What validation decided: the articles failing row-level expectations and why (taken out
    of a published batch; named with a held one), the outcomes (the whole batch's, then the
    re-validated rest's failures, if any) for dq_results, and the circuit breaker's verdict."""

    outcomes: list[ExpectationOutcome]
    held: list[QuarantineRecord]
    batch_failures: list[ExpectationOutcome]
    breaker: CircuitBreaker

    @property
    def success(self) -> bool:
        return not self.batch_failures


def audit_batch(staging: StagingArea, settings: Settings, run_id: str, quarantined: int,
                judged: int) -> Audit:
    """Validate the staged batch, count the articles failing row-level expectations with the
    run's `quarantined` documents against the `judged` ones for the circuit breaker, and unless
    the batch is held take those articles out and validate the rest again; Data Docs are
    rebuilt once, at the end."""
    suites = load_suites(settings.expectations_dir)

    def run(name: str) -> ValidationReport:
        with staging.reader() as con:
            return validate_suites(
                lambda suite: staged_frames(con, suite, settings.validation_rows_per_slice),
                settings.gx_root, name, suites)

    report = run(run_id)
    outcomes, batch_failures = list(report.outcomes), report.batch_failures
    failed = report.failed_articles()
    held = held_articles(staging, failed)
    breaker = CircuitBreaker.of(settings, quarantined + len(held), judged)
    outcomes.append(breaker.outcome())
    if breaker.tripped:
        batch_failures = [*batch_failures, breaker.outcome()]
    elif failed and not batch_failures:
        unstage_articles(staging, failed)
        recheck = run(f"{run_id} without quarantined articles")
        outcomes += recheck.failures
        batch_failures = recheck.failures
    build_data_docs(settings.gx_root, run_id, suites)
    return Audit(outcomes, held, batch_failures, breaker)


def held_articles(staging: StagingArea,
                  failed: dict[str, list[RowFailure]]) -> list[QuarantineRecord]:
    """A quarantine record for each article failing row-level expectations: its source, the
    failures' reasons and expectations."""
    if not failed:
        return []
    with staging.reader() as con:
        con.register("held_articles", pd.DataFrame({"article_id": sorted(failed)}))
        sources = dict(con.execute(sql("queries/select_held_article_sources")).fetchall())
    return [QuarantineRecord(sources.get(article_id, ""), "validate",
                             "; ".join(f.reason for f in failures)[:500], article_id,
                             ", ".join(dict.fromkeys(f.outcome.expectation for f in failures)))
            for article_id, failures in failed.items()]


def unstage_articles(staging: StagingArea, failed: dict[str, list[RowFailure]]) -> None:
    """Take the failed articles and every row that depends on them out of the staged batch.

    Their raw bytes and sources stay staged: the bytes are kept as received and later runs skip
    them as stored content, until their bytes change or a run retries them.
    """
    staging.rewrite({table: sql(query) for table, query in registry().unheld_rows.items()},
                    {"held_articles": pd.DataFrame({"article_id": sorted(failed)})})


def staged_frames(staging: duckdb.DuckDBPyConnection, suite: Suite,
                  rows_per_slice: int) -> Iterator[pd.DataFrame]:
    """The suite's frame of the staged table: whole, or in slices of about rows_per_slice rows
    partitioned by the hash of its SLICE_KEY (see suites.Suite)."""
    query = suite.frame_query or f"SELECT * FROM {suite.name}"
    (rows,) = staging.execute(f"SELECT count(*) FROM ({query}) AS frame").fetchone() or (0,)
    slices = 1 if suite.slice_key is None else max(1, -(-rows // rows_per_slice))
    if slices == 1:
        yield staging.execute(query).df()
        return
    sliced = f"SELECT * FROM ({query}) AS frame WHERE hash(frame.{suite.slice_key}) % ? = ?"
    for number in range(slices):
        yield staging.execute(sliced, [slices, number]).df()
