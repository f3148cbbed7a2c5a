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
from newsflow.quality import Audit
from newsflow.records import QuarantineRecord
from newsflow.warehouse import frame


class RunStatus(StrEnum):
    """pipeline_runs.status; `published` and `unchanged` count as published."""

    RUNNING = "running"
    PUBLISHED = "published"
    UNCHANGED = "unchanged"
    FAILED_VALIDATION = "failed_validation"
    PUBLISH_DEFERRED = "publish_deferred"
    CRASHED = "crashed"


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
    analysed: int = 0  # documents that reached cleaning; the circuit breaker's denominator
    failed_analysis: int = 0  # of those, held by cleaning, NER, resolution or staging
    quarantine: list[QuarantineRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    data_docs: Path | None = None
    message: str = ""

    @property
    def published(self) -> bool:
        return self.status in {RunStatus.PUBLISHED, RunStatus.UNCHANGED}

    def add_chunk(self, chunk: IngestedChunk, rejected: list[QuarantineRecord]) -> None:
        """Count a chunk that went through ingest, cleaning, enrichment and staging."""
        self.quarantine += chunk.quarantine + rejected
        self.analysed += len(chunk.decoded)
        self.failed_analysis += len(rejected)
        self.documents_skipped += chunk.skipped
        self.documents_changed += chunk.changed
        self.documents_new += len(chunk.raw_rows)

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
            self.failures = [f.describe() for f in audit.batch_failures]
            self.message = "batch failed " + "; ".join(self.failures)


def run_records(summary: RunSummary, started_at: dt.datetime, audit: Audit | None,
                flow_run_id: str | None) -> dict[str, pd.DataFrame]:
    """The run's rows of quarantine, dq_results and pipeline_runs, each under the name its
    record_* statement reads it by."""
    now = dt.datetime.now(dt.UTC)
    quarantine = frame(
        [{"source": q.source, "doc_id": q.doc_id or "", "stage": q.stage, "reason": q.reason,
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
    if summary.data_docs:
        lines += ["", f"Data-quality report: `{summary.data_docs}`"]
    return "\n".join(lines)
