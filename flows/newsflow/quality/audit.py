"""Write-audit-publish, per row and per batch: what validation decides about a staged batch.

Every suite in expectations/ runs on the staged batch. Articles failing a row-level expectation
leave the batch with everything that depends on them, and the rest is validated again; a
batch-level failure, or more quarantined documents than the circuit breaker allows, holds the
whole batch.
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
from newsflow.warehouse import StagingArea, sql


@dataclass(frozen=True)
class Audit:
    """What validation decided: the articles to quarantine and why, and the outcomes (the
    whole batch's, then the re-validated rest's failures, if any) for dq_results."""

    outcomes: list[ExpectationOutcome]
    held: list[QuarantineRecord]
    batch_failures: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return not self.batch_failures


def audit_batch(staging: StagingArea, settings: Settings, run_id: str, analysed: int,
                failed_analysis: int) -> Audit:
    """Validate the staged batch, take out the articles that failed row-level expectations
    (unless the circuit breaker trips), validate the rest again; Data Docs are rebuilt once,
    at the end. `analysed` and `failed_analysis` count the run's documents for the breaker."""
    suites = load_suites(settings.expectations_dir)

    def run(name: str) -> ValidationReport:
        with staging.reader() as con:
            return validate_suites(
                lambda suite: staged_frames(con, suite, settings.validation_rows_per_slice),
                settings.gx_root, name, suites)

    report = run(run_id)
    outcomes, batch_failures = list(report.outcomes), report.batch_failures
    failed = report.failed_articles()
    held: list[QuarantineRecord] = []
    if failed and not batch_failures:
        breaker = circuit_breaker(settings, analysed, failed_analysis + len(failed))
        outcomes.append(breaker)
        if breaker.success:
            held = unstage_articles(staging, failed)
            recheck = run(f"{run_id} without quarantined articles")
            outcomes += recheck.failures
            batch_failures = recheck.failures
        else:
            batch_failures = [breaker]
    build_data_docs(settings.gx_root)
    return Audit(outcomes, held, batch_failures)


def circuit_breaker(settings: Settings, analysed: int, quarantined: int) -> ExpectationOutcome:
    """Too large a share of quarantined documents means the cleaner is broken, not the input:
    then the batch is held. Judged only on batches of `quarantine_min_documents` or more."""
    share = quarantined / analysed if analysed else 0.0
    success = analysed < settings.quarantine_min_documents or share <= settings.quarantine_max_share
    details = {"max_share": settings.quarantine_max_share, "share": round(share, 4),
               "min_documents": settings.quarantine_min_documents}
    return ExpectationOutcome(
        suite="batch", expectation="quarantined_share_at_most", column_name=None,
        success=success, element_count=analysed, unexpected_count=quarantined,
        details=json.dumps(details, sort_keys=True),
        description=f"{share:.0%} of {analysed} analysed documents quarantined "
                    f"(at most {settings.quarantine_max_share:.0%})")


# Each staged table an article's rows are in, with the query selecting the others' rows.
UNHELD_ROWS = {
    "articles": "queries/select_unheld_articles",
    "entity_mentions": "queries/select_unheld_entity_mentions",
    "demonym_mentions": "queries/select_unheld_demonym_mentions",
    "stories": "queries/select_unheld_stories",
    "article_minhashes": "queries/select_unheld_article_minhashes",
    "quotations": "queries/select_unheld_quotations",
    "entities": "queries/select_unheld_entities",
}


def unstage_articles(staging: StagingArea,
                     failed: dict[str, list[RowFailure]]) -> list[QuarantineRecord]:
    """Take the failed articles and every row that depends on them out of the staged batch.

    Their raw bytes and sources stay staged: the bytes are kept as received and later runs skip
    them as stored content, until their bytes change or a run retries them.
    """
    held = pd.DataFrame({"article_id": sorted(failed)})
    with staging.reader() as con:
        con.register("held_articles", held)
        sources = dict(con.execute(sql("queries/select_held_article_sources")).fetchall())
    staging.rewrite({table: sql(query) for table, query in UNHELD_ROWS.items()},
                    {"held_articles": held})
    return [QuarantineRecord(sources.get(article_id, ""), "validate",
                             "; ".join(f.reason for f in failures)[:500], article_id,
                             ", ".join(dict.fromkeys(f.outcome.expectation for f in failures)))
            for article_id, failures in failed.items()]


def staged_frames(staging: duckdb.DuckDBPyConnection, suite: Suite,
                  rows_per_slice: int) -> Iterator[pd.DataFrame]:
    """The suite's frame of the staged table: whole, or in slices of about rows_per_slice rows
    partitioned by the hash of its SLICE_KEY (see suites.Suite)."""
    query = (sql(suite.frame_sql).strip().rstrip(";") if suite.frame_sql
             else f"SELECT * FROM {suite.name}")
    (rows,) = staging.execute(f"SELECT count(*) FROM ({query}) AS frame").fetchone() or (0,)
    slices = 1 if suite.slice_key is None else max(1, -(-rows // rows_per_slice))
    if slices == 1:
        yield staging.execute(query).df()
        return
    sliced = f"SELECT * FROM ({query}) AS frame WHERE hash(frame.{suite.slice_key}) % ? = ?"
    for number in range(slices):
        yield staging.execute(sliced, [slices, number]).df()
