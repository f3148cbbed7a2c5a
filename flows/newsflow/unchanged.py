"""An unchanged inbox, told before Prefect starts: the cheap answer to most scheduled reruns.

Telling that nothing is new takes hashing the folders' files and reading the warehouse's
sources, a fraction of a second; a flow run adds Prefect's import and the run's creation (1.5 to
2 s on two cores) to find the same. So `newsflow run` asks here first, before it starts a
worker. When every input of its folder sources is stored already under its own name, the run is
recorded as the flow records an unchanged one (a pipeline_runs row, status `unchanged`, without
a flow run id) and the report is rewritten; no flow run is made. Anything else goes to the
flow: a new, changed or unreadable input, a URL list or feed (their bytes must be fetched),
--full-refresh or --retry-quarantined.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import TYPE_CHECKING

from newsflow.ingest.fetch import PoliteFetcher
from newsflow.ingest.sources import Candidate, candidates_of
from newsflow.settings import Settings
from newsflow.warehouse.database import known_state

if TYPE_CHECKING:
    from newsflow.runs import RunSummary


def unchanged_inputs(settings: Settings) -> int | None:
    """How many inputs the folder sources offer when the warehouse holds every one's bytes
    under its name already; None when the flow has something to ingest, fetch or report.

    Only light imports: a run with work to do pays this before its first worker starts.
    """
    if settings.url_lists or settings.feeds:
        return None
    known, now, inputs = known_state(settings.db), dt.datetime.now(dt.UTC), 0
    # Folder sources read files themselves: this fetcher is never asked for anything.
    for offered in candidates_of(settings, PoliteFetcher(), known.sources):
        if not isinstance(offered, Candidate):
            return None  # a file the discovery refused: the flow quarantines it
        try:
            raw = offered.load(now)
        except Exception:  # the flow quarantines the input with its reason
            return None
        if raw.doc_id not in known.doc_ids or not known.holds(raw):
            return None  # bytes to ingest, or a source to record
        inputs += 1
    return inputs


def record_unchanged_run(settings: Settings, inputs: int) -> RunSummary:
    """Record a run that found `inputs` inputs and nothing new, and rewrite the report, as the
    flow does for such a run. Call under the writer lock."""
    # Here, not above: pandas and the report only for a run that records this way.
    from newsflow import warehouse
    from newsflow.html_report import write_run_report
    from newsflow.runs import RunSummary, run_records

    started_at = dt.datetime.now(dt.UTC)
    summary = RunSummary(run_id=uuid.uuid4().hex, documents_seen=inputs,
                         documents_skipped=inputs)
    summary.conclude_unstaged()
    try:
        warehouse.for_settings(settings).publish(
            False, run_records(summary, started_at, None, None),
            logging.getLogger(__name__).warning)
    except warehouse.PublishDeferredError as exc:
        summary.defer_publish(exc)
    summary.report = write_run_report(settings)
    return summary
