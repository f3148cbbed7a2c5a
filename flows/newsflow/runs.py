"""A run's own bookkeeping: its status, its counts, and the rows it leaves in quarantine,
dq_results and pipeline_runs; the progress it reports and its summary in markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from newsflow.ingest.seen import IngestedChunk
from newsflow.ingest.sources import Deferred
from newsflow.quality import BREAKER, Audit
from newsflow.records import QuarantineRecord, storable
from newsflow.warehouse import frame

# Stages of the analysis (cleaning to validation); quarantines at other stages came before it.
ANALYSIS_STAGES = frozenset({"clean", "timeout", "ner", "quotations", "tables", "tone",
                             "resolve", "stage", "validate"})
# Held documents a held batch's message names; the rest are counted.
MESSAGE_NAMES = 10




class RunStatus(StrEnum):
    """pipeline_runs.status; `published` and `unchanged` count as published."""

    RUNNING = "running"
    PUBLISHED = "published"
    UNCHANGED = "unchanged"
    FAILED_VALIDATION = "failed_validation"
    PUBLISH_DEFERRED = "publish_deferred"
    INPUTS_FAILED = "inputs_failed"  # nothing staged: every input was refused or failed
    CRASHED = "crashed"


# Runs whose flow run ends Failed, naming their quarantined documents.
FAILED_RUNS = frozenset({RunStatus.FAILED_VALIDATION, RunStatus.INPUTS_FAILED})


@dataclass
class RunSummary:
    run_id: str
    status: RunStatus = RunStatus.RUNNING
    documents_seen: int = 0
    documents_new: int = 0
    documents_skipped: int = 0
    documents_changed: int = 0
    articles: int = 0
    mentions: int = 0
    analysed: int = 0  # documents that reached cleaning
    quarantine: list[QuarantineRecord] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)  # left to the next run
    failures: list[str] = field(default_factory=list)
    data_docs: Path | None = None
    report: Path | None = None  # the offline HTML report, once written
    message: str = ""

    @property
    def failed(self) -> bool:
        """A run the flow ends Failed: its batch held, or every input refused."""
        return self.status in FAILED_RUNS

    @property
    def published(self) -> bool:
        return self.status in {RunStatus.PUBLISHED, RunStatus.UNCHANGED}

    @property
    def documents_judged(self) -> int:
        """The circuit breaker's denominator: the documents that reached cleaning and those
        quarantined before it (discover, fetch, ingest, decode)."""
        return self.analysed + sum(q.stage not in ANALYSIS_STAGES for q in self.quarantine)

    def add_chunk(self, chunk: IngestedChunk, rejected: list[QuarantineRecord]) -> None:
        """Count a chunk that went through ingest, cleaning, enrichment and staging."""
        self.quarantine += chunk.quarantine + rejected
        self.analysed += len(chunk.decoded)
        self.documents_skipped += chunk.skipped
        self.documents_changed += chunk.changed
        self.documents_new += len(chunk.raw_rows)
        if chunk.deferred:
            self.deferred.append(Deferred("URLs", chunk.deferred, "the run's fetch deadline "
                                          "passed"))

    @property
    def documents_deferred(self) -> int:
        return sum(d.count for d in self.deferred)

    def conclude_unstaged(self) -> None:
        """Status and message of a run that staged nothing: unchanged, unless it was offered
        inputs and every one was refused or failed before staging (a feed that cannot be
        fetched, files that cannot be read), which a scheduler must be able to tell apart."""
        if self.quarantine and not self.documents_skipped:
            self.status = RunStatus.INPUTS_FAILED
            self.message = (f"every input was refused or failed ({len(self.quarantine)}); "
                            "nothing staged")
        else:
            self.status, self.message = RunStatus.UNCHANGED, "nothing new or changed"

    def defer_publish(self, exc: Exception) -> None:
        """The write window did not open (readers held the database): the record waits beside
        the database for the next run that publishes."""
        self.status = RunStatus.PUBLISH_DEFERRED
        self.message = f"{exc}; the batch will be published by the next run"

    def conclude(self, audit: Audit, articles: int, mentions: int) -> None:
        """Status and message once the staged batch has been audited."""
        self.quarantine += audit.held
        self.articles, self.mentions = articles, mentions
        if audit.success:
            self.status = RunStatus.PUBLISHED
            held = f"; {len(self.quarantine)} quarantined" if self.quarantine else ""
            self.message = f"published {self.articles} articles{held}"
        else:
            self.status = RunStatus.FAILED_VALIDATION
            self.failures = [f.describe() for f in audit.batch_failures if f.expectation != BREAKER]
            if audit.breaker.tripped:
                self.failures.append(f"circuit breaker: {audit.breaker.rule}")
            self.message = "batch failed " + "; ".join(self.failures)

    @property
    def state_message(self) -> str:
        """The message, and for a held batch (or a run whose every input failed) the first
        MESSAGE_NAMES documents it quarantined with their stage and reason (every one is in the
        artifact, the CLI's output, `newsflow report` and v_held_batches): the flow run's state
        says what held it."""
        if self.status not in FAILED_RUNS or not self.quarantine:
            return self.message
        named = [f"{q.source} ({q.stage}: {q.reason})" for q in self.quarantine[:MESSAGE_NAMES]]
        more = len(self.quarantine) - MESSAGE_NAMES
        return f"{self.message}; held: {'; '.join(named)}" + (
            f"; and {more} more" if more > 0 else "")


def run_records(summary: RunSummary, started_at: dt.datetime, audit: Audit | None,
                flow_run_id: str | None) -> dict[str, pd.DataFrame]:
    """The run's rows of quarantine, dq_results and pipeline_runs, each under the name its
    record_* statement reads it by."""
    now = dt.datetime.now(dt.UTC)
    quarantine = frame(
        [{"source": storable(q.source), "doc_id": q.doc_id or "", "stage": q.stage,
          "reason": storable(q.reason),
          "run_id": summary.run_id, "quarantined_at": now, "expectation": q.expectation}
         for q in summary.quarantine],
        columns=["source", "doc_id", "stage", "reason", "run_id", "quarantined_at",
                 "expectation"],
    ).drop_duplicates(subset=["source", "doc_id"], keep="last")
    dq = frame(
        [{**o.record(), "run_id": summary.run_id, "validated_at": now}
         for o in (audit.outcomes if audit else [])]
    )
    run = frame([{
        "run_id": summary.run_id, "flow_run_id": flow_run_id, "started_at": started_at,
        "finished_at": now, "status": summary.status.value,
        "documents_seen": summary.documents_seen,
        "documents_new": summary.documents_new, "documents_skipped": summary.documents_skipped,
        "documents_changed": summary.documents_changed,
        "quarantined": len(summary.quarantine), "articles": summary.articles,
        "documents_deferred": summary.documents_deferred,
        "mentions": summary.mentions, "message": summary.message,
    }])
    return {"batch_quarantine": quarantine, "batch_dq_results": dq, "batch_pipeline_run": run}


# Called with (documents done, documents in all) as a run progresses; the CLI sets it to drive
# its progress bar. None: logs only.
progress_callback: Callable[[int, int], None] | None = None


class Progress:
    """Counts documents through the run and logs them (`analysed 350/1000 documents`), about
    every tenth of the run and at the end."""

    def __init__(self, total: int, logger: Any) -> None:
        self.total, self.done, self.logger = total, 0, logger
        self._next_log = self._step = max(1, total // 10)
        if progress_callback is not None:
            progress_callback(0, total)  # the total is known before the first chunk is done

    def advance(self, documents: int) -> None:
        self.done += documents
        if progress_callback is not None:
            progress_callback(self.done, self.total)
        if self.done >= self._next_log and self.done < self.total:
            self.logger.info("analysed %d/%d documents", self.done, self.total)
            self._next_log = self.done + self._step

    def finish(self) -> None:
        self.logger.info("analysed %d/%d documents", self.done, self.total)


def run_artifact_markdown(summary: RunSummary) -> str:
    """The run in a few lines of markdown: counts, then each held document and why."""
    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [f"### newsflow run `{summary.run_id}`: {summary.status}", "",
             cell(summary.message), "",
             "| seen | new | changed | unchanged | articles published | quarantined |",
             "|---:|---:|---:|---:|---:|---:|",
             f"| {summary.documents_seen} | {summary.documents_new} | "
             f"{summary.documents_changed} | {summary.documents_skipped} | "
             f"{summary.articles if summary.published else 0} | {len(summary.quarantine)} |"]
    if summary.quarantine:
        lines += ["", "#### Held documents", "", "| source | stage | reason |", "|---|---|---|"]
        lines += [f"| {cell(q.source)} | {q.stage} | {cell(q.reason)} |"
                  for q in summary.quarantine]
    if summary.failures:
        lines += ["", "#### Batch held by", ""] + [f"- {cell(f)}" for f in summary.failures]
    if summary.report:
        lines += ["", f"Report (opens offline, Data Docs linked from it): `{summary.report}`"]
    if summary.data_docs:
        lines += ["", f"Great Expectations Data Docs: `{summary.data_docs}`"]
    return "\n".join(lines)
