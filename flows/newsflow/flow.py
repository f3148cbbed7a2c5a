"""The Prefect flow: ingest -> clean -> enrich -> stage -> validate -> publish.

Tasks are thin wrappers around the plain functions of the stage packages, so the logic is
testable without Prefect. Documents move in chunks (`documents_per_chunk`): cleaning and NER,
the CPU-bound part, run on a pool of worker processes (`workers`) while the flow ingests the
next chunk; resolution, stories and staging stay in order in this process. The staged batch is
validated whole and published in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.states import Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from newsflow import enrich, heartbeats, quality, warehouse, workers
from newsflow.clean import DocumentLimits
from newsflow.enrich.tone.mentions import mention_tones
from newsflow.faults import crash_point
from newsflow.html_report import write_run_report
from newsflow.ingest import seen
from newsflow.ingest.fetch import PoliteFetcher
from newsflow.ingest.sources import Candidate, Deferred, candidates_of, run_chunks
from newsflow.preload import Preload
from newsflow.records import QuarantineRecord, TableRows
from newsflow.runs import Progress, RunStatus, RunSummary, run_artifact_markdown, run_records
from newsflow.settings import Settings, run_settings
from newsflow.workers import Analysis

heartbeats.install()  # a flow run's end no longer waits up to a second for Prefect's heartbeat

task_ = task(cache_policy=NO_CACHE)  # nothing a run computes is reused by another run


def as_task(fn: Callable[..., Any], name: str) -> Task:
    return task(fn, name=name, cache_policy=NO_CACHE)


# The stages' plain functions as the flow's tasks.
ingest_chunk = as_task(seen.ingest_chunk, "ingest_chunk")
resolve_entities = as_task(enrich.resolve_chunk, "resolve_entities")
link_speakers = as_task(enrich.attribute_quotations, "link_speakers")
stage_chunk = as_task(warehouse.stage_chunk, "stage_chunk")


@task_
def analyse_chunk(documents: list, ner: enrich.NerSettings, limits: DocumentLimits,
                  processes: int, seconds: float) -> Analysis:
    """Clean and tag a chunk: on the local process pool (`processes` > 1), each document
    within `seconds`, or in the process the task runner placed this task in (a Dask worker:
    `processes` = 1)."""
    return workers.analyse_within_budget(processes, documents, ner, limits, seconds)


@task_
def group_stories(index: enrich.StoryIndex, articles: list) -> tuple[TableRows, TableRows]:
    """Each article's story: near-duplicates of published or earlier articles join theirs."""
    members, signatures = index.assign(articles)
    return TableRows("stories", members), TableRows("article_minhashes", signatures)


@task_
def cluster_quotations(index: enrich.SpreadIndex, articles: list, quotations: list
                       ) -> TableRows:
    """Each quotation with a speaker entity joins the cluster of the same words by the same
    speaker, published or earlier in the run, or starts its own."""
    return TableRows("quote_clusters", index.assign(articles, quotations))


@task_
def known_documents(store: warehouse.Warehouse, retry_quarantined: bool) -> seen.KnownState:
    return store.known_documents(retry_quarantined)


@task_
def published_index(store: warehouse.Warehouse) -> enrich.PublishedIndex:
    return store.published_index()


@task_
def validate_batch(store: warehouse.Warehouse, settings: Settings, run_id: str,
                   quarantined: int, judged: int) -> quality.Audit:
    return quality.audit_batch(store.staged_batch(), settings, run_id, quarantined, judged)


@task_
def publish_batch(store: warehouse.Warehouse, with_batch: bool, records: dict) -> None:
    store.publish(with_batch, records, get_run_logger().warning)


@flow(name="newsflow")
def newsflow_pipeline(
    sources: list[str] | None = None, url_lists: list[str] | None = None,
    feeds: list[str] | None = None, db: str | None = None, full_refresh: bool = False,
    retry_quarantined: bool = False,
) -> State:
    """Ingest, clean, enrich, validate and publish what is new under the sources.

    Unset parameters come from the environment (NEWSFLOW_*), then the embedded defaults.
    `retry_quarantined` processes quarantined documents again, though their bytes are stored.
    Ends Failed when validation held the batch, Completed otherwise (the message says what was
    published and quarantined); either state carries the RunSummary as its result.
    """
    settings = run_settings(sources, url_lists, feeds, db)
    summary, started_at = RunSummary(run_id=uuid.uuid4().hex), dt.datetime.now(dt.UTC)
    store = warehouse.for_settings(settings)
    with warehouse.writer_lock(settings.lock_file, settings.db):
        try:
            stage_new_documents(settings, summary, store, retry_quarantined, full_refresh)
            validate_and_publish(settings, summary, started_at, store)
        except warehouse.PublishDeferredError as exc:
            summary.defer_publish(exc)
            get_run_logger().warning(summary.message)
        except Exception as exc:
            summary.status = RunStatus.CRASHED
            summary.message = f"{type(exc).__name__}: {exc}"[:1000]
            store.record_crash(run_records(summary, started_at, None, flow_run.get_id()),
                               get_run_logger())
            raise
        finally:
            store.discard_batch()
            gc.unfreeze()  # what the run froze (ingest_to_staging) is the collector's again
        # Under the lock: a run started meanwhile cannot rewrite the report at the same time.
        summary.report = write_run_report(settings)
    try:  # an artifact on the flow run (Prefect UI) is a convenience: never fail a run for it
        create_markdown_artifact(run_artifact_markdown(summary), key="newsflow-run",
                                 description=f"newsflow run {summary.run_id}: {summary.status}")
    except Exception as exc:
        get_run_logger().warning("could not publish the run's artifact: %s", exc)
    # A held batch, or a run whose every input failed, is a failed run: the UI, automations
    # and alerts see it as one.
    state = Failed if summary.failed else Completed
    return state(message=summary.state_message, data=summary)


def stage_new_documents(settings: Settings, summary: RunSummary, store: warehouse.Warehouse,
                        retry_quarantined: bool, full_refresh: bool) -> None:
    """Stage what the sources offer and the warehouse does not hold yet as a fresh batch: the
    run up to validation, in one function so that bench/throughput.py stages the seeds the way
    a run does before it times validation alone. Fills in `summary`."""
    fetcher = PoliteFetcher(timeout=settings.fetch_timeout, retries=settings.fetch_retries,
                            per_host_delay=settings.fetch_per_host_delay,
                            max_bytes=settings.max_document_bytes,
                            run_deadline=settings.fetch_run_deadline)
    try:
        known = known_documents(store, retry_quarantined)
        store.start_batch()
        offered = list(candidates_of(settings, fetcher, known.sources))
        ingest_to_staging(settings, summary, store, offered, known, full_refresh)
    finally:
        fetcher.close()


def ingest_to_staging(settings: Settings, summary: RunSummary, store: warehouse.Warehouse,
                      offered: list[Candidate | QuarantineRecord | Deferred],
                      known: seen.KnownState,
                      full_refresh: bool) -> None:
    """Ingest, clean, enrich and stage the offered inputs chunk by chunk; fills in `summary`.

    A chunk's cleaning and NER run on a worker while the next chunk is ingested; enough
    chunks are in flight to keep every worker busy, and no more (memory).
    """
    gc.freeze()  # the imports, until the run ends: see finish_oldest
    runner = FlowRunContext.get().task_runner
    # Behind Prefect's threads the local pool does the work; any other runner (Dask) runs each
    # chunk's task in a worker process of its own.
    processes = settings.workers if isinstance(runner, ThreadPoolTaskRunner) else 1
    # One local worker is this process: the preload would only compete with it.
    analysed_here = isinstance(runner, ThreadPoolTaskRunner) and processes <= 1
    lost_worker = workers.lost_worker_errors(runner)
    ner, limits = enrich.NerSettings.of(settings), DocumentLimits.of(settings)
    catalog, in_flight = enrich.EntityCatalog(), deque[tuple[seen.IngestedChunk, Any]]()
    progress = Progress(sum(isinstance(c, Candidate) for c in offered), get_run_logger())
    index: list[enrich.PublishedIndex] = []  # loaded by the first chunk with articles
    preload: list[Preload] = []  # started with the first chunk sent to the workers

    def finish_oldest() -> None:
        chunk, future = in_flight.popleft()
        analysis = workers.collect(future, chunk.decoded, lost_worker)
        crash_point("analysed")
        if analysis.articles and not index:
            for loading in preload:
                loading.wait_for_enrichment()
            index.append(published_index(store))
            # What a run loads once (imports, look-ups, the published index, and GX and the
            # suites unless the preload is still at them) lives as long as the run: out of the
            # collector's full scans, which walked all of it again (0.2-0.3 s of CPU each on
            # 200 documents).
            gc.freeze()
        held = enrich_and_stage(store, chunk, analysis, index[0] if index else None, catalog)
        crash_point("staged")
        summary.add_chunk(chunk, held)
        progress.advance(len(chunk.decoded) + chunk.skipped + len(chunk.quarantine))

    for items in run_chunks(offered, settings.documents_per_chunk, settings.workers):
        candidates = [c for c in items if isinstance(c, Candidate)]
        summary.quarantine += [q for q in items if isinstance(q, QuarantineRecord)]
        summary.deferred += [d for d in items if isinstance(d, Deferred)]
        summary.documents_seen += len(candidates)
        chunk = ingest_chunk(candidates, known, full_refresh)
        crash_point("ingested")
        # Not quoted: Dask rebuilds tuples in task arguments, which strips the annotation.
        in_flight.append((chunk, analyse_chunk.submit(chunk.decoded, ner, limits, processes,
                                                      settings.document_time_budget)
                          if chunk.decoded else None))
        if chunk.decoded and not preload and not analysed_here:
            preload.append(Preload(settings))
        if len(in_flight) > settings.workers:
            finish_oldest()
    while in_flight:
        finish_oldest()
    progress.finish()
    for deferred in summary.deferred:
        get_run_logger().warning("left for the next run: %d from %s (%s)", deferred.count,
                                 deferred.source, deferred.reason)
    workers.release()
    store.stage({"entities": catalog.entities()})
    for loading in preload:  # validation comes next
        loading.wait()


def enrich_and_stage(store: warehouse.Warehouse, chunk: seen.IngestedChunk, analysis: Analysis,
                     published: enrich.PublishedIndex | None,
                     catalog: enrich.EntityCatalog) -> list[QuarantineRecord]:
    """Resolve a chunk's entities, link its quotations' speakers to them, give its mentions
    their tone, group its stories, cluster its quotations and stage it with the rows the workers
    made; returns what was held."""
    if published is None or not analysis.articles:
        return list(analysis.rejected) + stage_chunk(store.stage, quote(chunk.rows), [])
    # quote(): these run in this process, and Prefect would otherwise walk every article and
    # mention looking for futures to resolve.
    enrichment, held = resolve_entities(quote(analysis.articles), quote(analysis.spans),
                                        published.entities)
    crash_point("enriched")
    articles = [a for a in analysis.articles if a.article_id not in {q.doc_id for q in held}]
    quotations, unlinked = link_speakers(quote(articles), quote(analysis.quotes),
                                         quote(enrichment.mentions))
    if unlinked:  # their rows of other tables are left out by stage_chunk
        held += unlinked
        dropped = {q.doc_id for q in unlinked}
        articles = [a for a in articles if a.article_id not in dropped]
    tones, untoned = mention_tones(articles, enrichment.mentions, analysis.tones)
    if untoned:  # as unlinked above
        held += untoned
        dropped = {q.doc_id for q in untoned}
        articles = [a for a in articles if a.article_id not in dropped]
    grouped = group_stories(published.story_index, quote(articles))
    clusters = cluster_quotations(published.spread_index, quote(articles), quote(quotations))
    rows = [TableRows("articles", articles), *enrichment.rows, *grouped,
            TableRows("quotations", quotations), clusters, TableRows("mention_tones", tones),
            *analysis.rows]
    held = list(analysis.rejected) + held + stage_chunk(store.stage, quote(chunk.rows),
                                                        quote(rows))
    staged_ids = {a.article_id for a in articles} - {q.doc_id for q in held}
    # Here, not in a task: Prefect indexes each element of a task's returned list.
    catalog.add([m for m in enrichment.mentions if m.article_id in staged_ids])
    return held


def validate_and_publish(settings: Settings, summary: RunSummary, started_at: dt.datetime,
                         store: warehouse.Warehouse) -> None:
    """Audit the staged batch, then publish it with the run's records, or only the records."""
    staged = store.staged_counts()
    if staged.sources == 0:
        summary.conclude_unstaged()
        publish_batch(store, False, run_records(summary, started_at, None, flow_run.get_id()))
        return
    audit = validate_batch(store, settings, summary.run_id, len(summary.quarantine),
                           summary.documents_judged)
    crash_point("validated")
    summary.data_docs = settings.data_docs_index
    staged = store.staged_counts()
    summary.conclude(audit, staged.articles, staged.mentions)
    if not audit.success:
        get_run_logger().error("batch not published: %s", summary.message)
    publish_batch(store, audit.success,
                  run_records(summary, started_at, audit, flow_run.get_id()))
