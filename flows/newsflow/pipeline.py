"""The Prefect flow: ingest -> clean -> enrich -> stage -> validate -> publish.

Tasks are thin, batch-level wrappers around plain functions of the stage modules, so the logic
is testable without Prefect. Documents move in chunks (`documents_per_chunk`) through ingest,
clean, enrich and stage, so memory does not grow with the corpus. Cleaning and NER, the CPU-bound
part, run on a pool of worker processes (`workers`) while the flow ingests the next chunk and
stages the previous one; entity resolution, stories and staging stay in order in this process.
The staged batch is validated whole and published in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from newsflow import enrich, ingest, stories, validate, warehouse, workers
from newsflow.analyse import Analysis, NerSettings, analyse
from newsflow.faults import crash_point
from newsflow.fetch import PoliteFetcher
from newsflow.records import Article, DecodedDocument, QuarantineRecord
from newsflow.settings import Settings
from newsflow.sources import Candidate, FeedSource, FolderSource, Source, UrlListSource


class KnownState:
    """What the warehouse holds (source -> content hash, every stored hash) and the hashes
    this run has taken so far.

    A plain class, not a dataclass: Prefect passes it to every chunk's task without walking
    its contents, which grow with the warehouse.
    """

    def __init__(self, sources: dict[str, str], doc_ids: frozenset[str]) -> None:
        self.sources = sources
        self.doc_ids = doc_ids
        self.taken: set[str] = set()


@dataclass(frozen=True)
class PublishedIndex:
    """The published entities' names and the LSH index of published stories, which new
    articles resolve against and join."""

    entities: enrich.KnownEntities = field(default_factory=enrich.KnownEntities)
    story_index: stories.StoryIndex = field(default_factory=stories.StoryIndex)


@dataclass
class RunSummary:
    run_id: str
    status: str = "running"
    documents_seen: int = 0
    documents_new: int = 0
    documents_skipped: int = 0
    documents_changed: int = 0
    articles: int = 0
    mentions: int = 0
    quarantine: list[QuarantineRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    data_docs: Path | None = None
    message: str = ""

    @property
    def published(self) -> bool:
        return self.status in {"published", "unchanged"}


@dataclass(frozen=True)
class IngestedChunk:
    decoded: list[DecodedDocument]
    raw_rows: list[dict]
    source_rows: list[dict]
    quarantine: list[QuarantineRecord]
    skipped: int
    changed: int


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@task(cache_policy=NO_CACHE)
def prepare_warehouse(db: Path, retry_quarantined: bool = False) -> KnownState:
    """Read what the warehouse already holds, on a read-only connection.

    Read-only connections coexist with analysts' read-only sessions, so a run can do all its
    work while they query and needs the write lock only to publish. A quarantined document's
    bytes are stored too, so later runs skip it like any stored content, unless asked to retry.
    """
    if not db.exists():
        return KnownState({}, frozenset())
    with warehouse.connect(db, read_only=True) as con:
        sources = dict(con.execute(warehouse.sql("select_known_sources")).fetchall())
        stored = {row[0] for row in con.execute(warehouse.sql("select_known_documents")).fetchall()}
        if retry_quarantined:
            stored -= {row[0] for row in
                       con.execute(warehouse.sql("select_quarantined_documents")).fetchall()}
    return KnownState(sources, frozenset(stored))


@task(cache_policy=NO_CACHE)
def load_published_index(db: Path) -> PublishedIndex:
    """Published entities and stories; read only by runs that have new articles to place."""
    if not db.exists():
        return PublishedIndex()
    with warehouse.connect(db, read_only=True) as con:
        entities = enrich.KnownEntities.from_names(
            con.execute(warehouse.sql("select_known_entity_names")).fetchall()
        )
        story_index = stories.StoryIndex(
            (stories.StoryMember(*row[:4]), row[4])
            for row in con.execute(warehouse.sql("select_known_stories")).fetchall()
        )
    return PublishedIndex(entities, story_index)


@task(cache_policy=NO_CACHE)
def ingest_chunk(candidates: Sequence[Candidate], known: KnownState,
                 full_refresh: bool) -> IngestedChunk:
    """Read and decode a chunk of inputs, skipping bytes already stored or taken by this run
    (and adding the chunk's own to `known.taken`)."""
    now = dt.datetime.now(dt.UTC)
    decoded, raw_rows, source_rows, quarantine, skipped = [], [], [], [], 0
    changed = 0
    for candidate in candidates:
        try:
            raw = candidate.load(now)
        except ingest.IngestError as exc:
            quarantine.append(QuarantineRecord(candidate.source, "ingest", str(exc)))
            continue
        source_row = {"source": raw.source, "doc_id": raw.doc_id, "content_since": now,
                      "final_url": raw.final_url, "http_status": raw.http_status}
        changed += raw.source in known.sources and known.sources[raw.source] != raw.doc_id
        if raw.doc_id in known.taken or (not full_refresh and raw.doc_id in known.doc_ids):
            # Content already stored or staged: record the source only if it is news.
            skipped += 1
            if full_refresh or known.sources.get(raw.source) != raw.doc_id:
                source_rows.append(source_row)
            continue
        known.taken.add(raw.doc_id)
        source_rows.append(source_row)
        row = {"doc_id": raw.doc_id, "media_type": raw.media_type, "byte_size": len(raw.content),
               "encoding": None, "content": raw.content, "ingested_at": now}
        try:
            document = ingest.decode(raw)
            row["encoding"] = document.encoding
            decoded.append(document)
        except ingest.IngestError as exc:
            quarantine.append(QuarantineRecord(raw.source, "decode", str(exc), raw.doc_id))
        raw_rows.append(row)
    return IngestedChunk(decoded, raw_rows, source_rows, quarantine, skipped, changed)


@task(cache_policy=NO_CACHE)
def analyse_chunk(documents: list[DecodedDocument], ner: NerSettings,
                  processes: int) -> Analysis:
    """Clean and tag a chunk: on the local process pool (`processes` > 1), or in the process
    the task runner placed this task in (a Dask worker: `processes` = 1)."""
    return workers.submit(processes, analyse, documents, ner).result()


@dataclass(frozen=True)
class PendingAnalysis:
    """A chunk whose cleaning and NER are under way on a worker."""

    chunk: IngestedChunk
    future: PrefectFuture | None  # None: nothing in the chunk to analyse


def collect_analysis(pending: PendingAnalysis,
                     lost_worker: tuple[type[BaseException], ...]) -> Analysis:
    """The worker's result for a chunk; a worker that died takes only its chunk with it.

    Not a task: Prefect would resolve the future before the task could catch its failure.
    """
    if pending.future is None:
        return Analysis()
    try:
        return pending.future.result()
    except lost_worker as exc:
        workers.reset()
        return Analysis(rejected=[
            QuarantineRecord(d.raw.source, "clean", f"analysis worker died: {exc}", d.raw.doc_id)
            for d in pending.chunk.decoded
        ])


@dataclass(frozen=True)
class Resolved:
    enrichment: enrich.Enrichment
    rejected: list[QuarantineRecord]


@task(cache_policy=NO_CACHE)
def resolve_entities(analysis: Analysis, known: enrich.KnownEntities) -> Resolved:
    """Each tagged article's spans resolved to canonical entities, published ones first.

    Articles are resolved independently, so one whose resolution fails is quarantined (stage
    `resolve`) and the others go on.
    """
    result, rejected = enrich.Enrichment(), []
    for article in analysis.articles:
        if article.article_id not in analysis.spans:
            continue
        try:
            resolved = enrich.resolve_articles([(article, analysis.spans[article.article_id])],
                                               known)
        except Exception as exc:  # that article's failure, not the batch's (see docstring)
            rejected.append(QuarantineRecord(
                article.source, "resolve", f"entity resolution failed: {type(exc).__name__}: "
                f"{exc}"[:500], article.article_id))
            continue
        result.mentions += resolved.mentions
        result.demonyms += resolved.demonyms
    return Resolved(result, rejected)


@task(cache_policy=NO_CACHE)
def group_stories(
    articles: Sequence[Article], index: stories.StoryIndex
) -> tuple[list[stories.StoryMember], list[stories.Signature]]:
    """Each article's story: near-duplicates of published or earlier articles join theirs."""
    return index.assign(articles)


def article_rows(articles: Iterable[Article]) -> list[dict]:
    return [
        {**a.__dict__, "word_count": len(a.text.split())}
        for a in articles
    ]


@task(cache_policy=NO_CACHE)
def stage_chunk(
    staging: warehouse.StagingArea, chunk: IngestedChunk, articles: Sequence[Article],
    enriched: enrich.Enrichment,
    grouped: tuple[list[stories.StoryMember], list[stories.Signature]],
) -> list[QuarantineRecord]:
    """Add a processed chunk to the run's private staging area; returns the articles that
    could not be staged (quarantined, stage `stage`).

    Ingest gives each content hash to one chunk of the run only, so rows never repeat here.
    A chunk is staged whole or not at all; if it cannot be, its documents' bytes and sources are
    staged, then each article with its rows on its own, so only the one at fault is left out.
    """
    members, signatures = grouped
    rows = {
        "articles": article_rows(articles),
        "entity_mentions": enriched.mentions,
        "demonym_mentions": enriched.demonyms,
        "stories": members,
        "article_minhashes": signatures,
    }
    documents = {"raw_documents": chunk.raw_rows, "document_sources": chunk.source_rows}
    try:
        staging.append({**documents, **rows})
        return []
    except Exception:  # the article at fault is found below
        staging.append(documents)
    rejected = []
    for article in articles:
        own = {table: [r for r in table_rows if _article_of(r) == article.article_id]
               for table, table_rows in rows.items()}
        try:
            staging.append(own)
        except Exception as exc:  # that article's failure, not the batch's (see docstring)
            rejected.append(QuarantineRecord(
                article.source, "stage", f"cannot be staged: {type(exc).__name__}: {exc}"[:500],
                article.article_id))
    return rejected


def _article_of(row: object) -> str | None:
    return row["article_id"] if isinstance(row, dict) else getattr(row, "article_id", None)


@dataclass(frozen=True)
class Audit:
    """What validation decided: the articles to quarantine and why, and the outcomes (the
    whole batch's, then the re-validated rest's failures, if any) for dq_results."""

    outcomes: list[validate.ExpectationOutcome]
    held: list[QuarantineRecord]
    batch_failures: list[validate.ExpectationOutcome]

    @property
    def success(self) -> bool:
        return not self.batch_failures


@task(cache_policy=NO_CACHE)
def validate_batch(staging: warehouse.StagingArea, settings: Settings, run_id: str,
                   analysed: int, failed_analysis: int) -> Audit:
    """Write-audit-publish, per row and per batch.

    Every suite in expectations/ runs on the staged batch. Articles failing a row-level
    expectation leave the batch with everything that depends on them, and the rest is
    validated again; a batch-level failure, or more quarantined documents than the circuit
    breaker allows, holds the whole batch. Data Docs are rebuilt once, at the end.
    """
    suites = validate.load_suites(settings.expectations_dir)

    def run(name: str) -> validate.ValidationReport:
        with staging.reader() as con:
            return validate.validate_suites(
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
    validate.build_data_docs(settings.gx_root)
    return Audit(outcomes, held, batch_failures)


def circuit_breaker(settings: Settings, analysed: int,
                    quarantined: int) -> validate.ExpectationOutcome:
    """Too large a share of quarantined documents means the cleaner is broken, not the input:
    then the batch is held. Judged only on batches of `quarantine_min_documents` or more."""
    share = quarantined / analysed if analysed else 0.0
    success = analysed < settings.quarantine_min_documents or share <= settings.quarantine_max_share
    details = {"max_share": settings.quarantine_max_share, "share": round(share, 4),
               "min_documents": settings.quarantine_min_documents}
    return validate.ExpectationOutcome(
        suite="batch", expectation="quarantined_share_at_most", column_name=None,
        success=success, element_count=analysed, unexpected_count=quarantined,
        details=json.dumps(details, sort_keys=True),
        description=f"{share:.0%} of {analysed} analysed documents quarantined "
                    f"(at most {settings.quarantine_max_share:.0%})")


UNSTAGED_TABLES = ("articles", "entity_mentions", "demonym_mentions", "stories",
                   "article_minhashes", "entities")


def unstage_articles(staging: warehouse.StagingArea,
                     failed: dict[str, list[validate.RowFailure]]) -> list[QuarantineRecord]:
    """Take the failed articles and every row that depends on them out of the staged batch.

    Their raw bytes and sources stay staged: the bytes are kept as received and later runs skip
    them as stored content, until their bytes change or a run retries them.
    """
    held = pd.DataFrame({"article_id": sorted(failed)})
    with staging.reader() as con:
        con.register("held_articles", held)
        sources = dict(con.execute(warehouse.sql("select_held_article_sources")).fetchall())
    staging.rewrite({table: warehouse.sql(f"select_unheld_{table}") for table in UNSTAGED_TABLES},
                    {"held_articles": held})
    return [QuarantineRecord(sources.get(article_id, ""), "validate",
                             "; ".join(f.reason for f in failures)[:500], article_id,
                             ", ".join(dict.fromkeys(f.outcome.expectation for f in failures)))
            for article_id, failures in failed.items()]


def staged_frames(staging: duckdb.DuckDBPyConnection, suite: validate.Suite,
                  rows_per_slice: int) -> Iterator[pd.DataFrame]:
    """The suite's frame of the staged table: whole, or in slices of about rows_per_slice rows
    partitioned by the hash of its SLICE_KEY (see validate.Suite)."""
    query = (warehouse.sql(suite.frame_sql).strip().rstrip(";") if suite.frame_sql
             else f"SELECT * FROM {suite.name}")
    (rows,) = staging.execute(f"SELECT count(*) FROM ({query}) AS frame").fetchone() or (0,)
    slices = 1 if suite.slice_key is None else max(1, -(-rows // rows_per_slice))
    if slices == 1:
        yield staging.execute(query).df()
        return
    sliced = f"SELECT * FROM ({query}) AS frame WHERE hash(frame.{suite.slice_key}) % ? = ?"
    for number in range(slices):
        yield staging.execute(sliced, [slices, number]).df()


def run_records(summary: RunSummary, started_at: dt.datetime,
                audit: Audit | None) -> dict[str, pd.DataFrame]:
    now = dt.datetime.now(dt.UTC)
    quarantine = warehouse.frame(
        [{"source": q.source, "doc_id": q.doc_id or "", "stage": q.stage, "reason": q.reason,
          "run_id": summary.run_id, "quarantined_at": now, "expectation": q.expectation}
         for q in summary.quarantine],
        columns=["source", "doc_id", "stage", "reason", "run_id", "quarantined_at",
                 "expectation"],
    ).drop_duplicates(subset=["source", "doc_id"], keep="last")
    dq = warehouse.frame(
        [{**o.record(), "run_id": summary.run_id, "validated_at": now}
         for o in (audit.outcomes if audit else [])]
    )
    run = warehouse.frame([{
        "run_id": summary.run_id, "flow_run_id": flow_run.get_id(), "started_at": started_at,
        "finished_at": now, "status": summary.status, "documents_seen": summary.documents_seen,
        "documents_new": summary.documents_new, "documents_skipped": summary.documents_skipped,
        "documents_changed": summary.documents_changed,
        "quarantined": len(summary.quarantine), "articles": summary.articles,
        "mentions": summary.mentions, "message": summary.message,
    }])
    return {"batch_quarantine": quarantine, "batch_dq_results": dq, "batch_pipeline_run": run}


@task(cache_policy=NO_CACHE)
def publish_batch(settings: Settings, staging: warehouse.StagingArea | None,
                  records: dict[str, pd.DataFrame]) -> None:
    """One transaction: the validated batch in the staging area, if any, plus the run's
    records.

    Analysts' read-only sessions block writers, so this waits for the write window (bounded
    by `publish_wait_seconds`) and holds the lock only for the transaction itself.
    """
    logger = get_run_logger()
    merged, pending = with_pending_runs(settings, records)
    try:
        with warehouse.connect_for_publish(settings.db, settings.publish_wait_seconds,
                                           logger.warning, settings.publish_memory_limit) as con:
            warehouse.create_schema(con)
            warehouse.commit_run(con, staging, merged)
    except warehouse.PublishDeferredError as exc:
        run = records["batch_pipeline_run"].assign(
            status="publish_deferred",
            message=f"{exc}; the batch will be published by the next run")
        keep_pending_run(settings, run)
        raise
    for path in pending:
        path.unlink(missing_ok=True)


def pending_runs_folder(settings: Settings) -> Path:
    """pipeline_runs rows that could not be written (readers held the database), kept beside
    it until the next run that publishes writes them."""
    return settings.db.with_name(settings.db.name + ".pending-runs")


def keep_pending_run(settings: Settings, run: pd.DataFrame) -> None:
    folder = pending_runs_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.from_df(run).write_parquet(str(folder / f"{run['run_id'].iloc[0]}.parquet"))


def with_pending_runs(settings: Settings, records: dict[str, pd.DataFrame]
                      ) -> tuple[dict[str, pd.DataFrame], list[Path]]:
    """The run's records plus the rows of earlier runs that could not be written."""
    files = sorted(pending_runs_folder(settings).glob("*.parquet"))
    if not files:
        return records, []
    with duckdb.connect() as con:
        earlier = [con.read_parquet(str(path)).df() for path in files]
    runs = pd.concat([*earlier, records["batch_pipeline_run"]], ignore_index=True)
    return {**records, "batch_pipeline_run": runs}, files


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


def candidates_of(
    settings: Settings, fetcher: PoliteFetcher
) -> Iterator[Candidate | QuarantineRecord]:
    """Everything the configured sources offer, folders first, then URL lists, then feeds."""
    sources: list[Source] = [FolderSource(p, settings.max_document_bytes) for p in settings.sources]
    sources += [UrlListSource(p, fetcher) for p in settings.url_lists]
    sources += [FeedSource(url, fetcher) for url in settings.feeds]
    for source in sources:
        yield from source.candidates()


def run_settings(sources: list[str] | None, url_lists: list[str] | None, feeds: list[str] | None,
                 db: str | None) -> Settings:
    """Settings for one run: explicit sources replace the default inbox (the seeds)."""
    overrides: dict[str, object] = {"db": db} if db else {}
    if sources or url_lists or feeds:
        overrides.update(sources=sources or [], url_lists=url_lists or [], feeds=feeds or [])
    return Settings(**overrides)


@flow(name="newsflow")
def newsflow_pipeline(
    sources: list[str] | None = None,
    url_lists: list[str] | None = None,
    feeds: list[str] | None = None,
    db: str | None = None,
    full_refresh: bool = False,
    retry_quarantined: bool = False,
) -> State:
    """Ingest, clean, enrich, validate and publish what is new under the sources.

    Unset parameters come from the environment (NEWSFLOW_*), then the embedded defaults.
    `retry_quarantined` processes quarantined documents again, though their bytes are stored.
    Ends Failed when validation held the batch, Completed otherwise (the message says what was
    published and quarantined); either state carries the RunSummary as its result.
    """
    settings = run_settings(sources, url_lists, feeds, db)
    logger = get_run_logger()
    summary = RunSummary(run_id=uuid.uuid4().hex)
    started_at = dt.datetime.now(dt.UTC)
    fetcher = PoliteFetcher(
        timeout=settings.fetch_timeout, retries=settings.fetch_retries,
        per_host_delay=settings.fetch_per_host_delay, max_bytes=settings.max_document_bytes,
    )
    runner = FlowRunContext.get().task_runner
    # Behind Prefect's threads the local pool does the work; any other runner (Dask) runs each
    # chunk's task in a worker process of its own.
    processes = settings.workers if isinstance(runner, ThreadPoolTaskRunner) else 1
    lost_worker = workers.lost_worker_errors(runner)
    with warehouse.writer_lock(settings.lock_file):
        staging = warehouse.StagingArea(settings.staging_dir)
        try:
            known = prepare_warehouse(settings.db, retry_quarantined)
            staging.reset()
            run_batch(settings, summary, started_at, known, staging, fetcher, processes,
                      lost_worker, full_refresh)
        except warehouse.PublishDeferredError as exc:
            summary.status = "publish_deferred"
            summary.message = f"{exc}; the batch will be published by the next run"
            logger.warning(summary.message)
        except Exception as exc:
            summary.status = "crashed"
            summary.message = f"{type(exc).__name__}: {exc}"[:1000]
            record_crash(settings, summary, started_at, logger)
            raise
        finally:
            fetcher.close()
            staging.remove()
    publish_run_artifact(summary)
    if summary.status == "failed_validation":
        # A held batch is a failed run: the UI, automations and alerts see it as one.
        return Failed(message=summary.message, data=summary)
    return Completed(message=summary.message, data=summary)


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


def publish_run_artifact(summary: RunSummary) -> None:
    """A markdown artifact on the flow run (Prefect UI, Artifacts): best effort."""
    try:
        create_markdown_artifact(run_artifact_markdown(summary), key="newsflow-run",
                                 description=f"newsflow run {summary.run_id}: {summary.status}")
    except Exception as exc:  # an artifact is a convenience: never fail a run for it
        get_run_logger().warning("could not publish the run's artifact: %s", exc)


def record_crash(settings: Settings, summary: RunSummary, started_at: dt.datetime,
                 logger: Any) -> None:
    """Best effort: a run that crashed still leaves its pipeline_runs row (and quarantine)."""
    records = run_records(summary, started_at, None)
    try:
        publish_batch.fn(settings, None, records)
    except Exception as exc:  # the crash itself is the error to report
        logger.error("could not record the crashed run in the database: %s", exc)
        try:
            keep_pending_run(settings, records["batch_pipeline_run"])
        except Exception as again:
            logger.error("could not keep the crashed run's record either: %s", again)


def run_batch(settings: Settings, summary: RunSummary, started_at: dt.datetime,
              known: KnownState, staging: warehouse.StagingArea, fetcher: PoliteFetcher,
              processes: int, lost_worker: tuple[type[BaseException], ...],
              full_refresh: bool) -> None:
    """Ingest and analyse the sources chunk by chunk into the staging area, then audit and
    publish (or hold) the batch; fills in `summary`."""
    logger = get_run_logger()
    catalog = enrich.EntityCatalog()
    ner = NerSettings(settings.spacy_model, tuple(settings.entity_labels),
                      tuple(settings.ner_languages), settings.spacy_batch_size)
    pending: deque[PendingAnalysis] = deque()
    published: PublishedIndex | None = None
    analysed = failed_analysis = 0

    def finish_chunk(work: PendingAnalysis) -> None:
        nonlocal published, analysed, failed_analysis
        analysis = collect_analysis(work, lost_worker)
        crash_point("analysed")
        articles = analysis.articles
        rejected = list(analysis.rejected)
        if articles:
            # quote(): these run in this process, and Prefect would otherwise walk every
            # article and mention looking for futures to resolve.
            published = published or load_published_index(settings.db)
            resolved = resolve_entities(quote(analysis), published.entities)
            crash_point("enriched")
            failed_ids = {q.doc_id for q in resolved.rejected}
            articles = [a for a in articles if a.article_id not in failed_ids]
            grouped = group_stories(quote(articles), published.story_index)
            rejected += resolved.rejected + stage_chunk(
                staging, quote(work.chunk), quote(articles), quote(resolved.enrichment),
                quote(grouped))
            staged_ids = {a.article_id for a in articles} - {q.doc_id for q in rejected}
            # Here, not from the task: Prefect indexes each element of a task's
            # returned list for the rest of the run.
            catalog.add([m for m in resolved.enrichment.mentions
                         if m.article_id in staged_ids])
        else:
            stage_chunk(staging, quote(work.chunk), [], enrich.Enrichment(), ([], []))
        crash_point("staged")
        analysed += len(work.chunk.decoded)
        failed_analysis += len(rejected)
        summary.quarantine += work.chunk.quarantine + rejected
        summary.documents_skipped += work.chunk.skipped
        summary.documents_changed += work.chunk.changed
        summary.documents_new += len(work.chunk.raw_rows)
        progress.advance(len(work.chunk.decoded) + work.chunk.skipped
                         + len(work.chunk.quarantine))

    offered = list(candidates_of(settings, fetcher))
    total = sum(isinstance(c, Candidate) for c in offered)
    progress = Progress(total, logger)
    for chunk_items in chunked(offered, settings.documents_per_chunk):
        chunk_candidates = [c for c in chunk_items if isinstance(c, Candidate)]
        summary.quarantine += [q for q in chunk_items if isinstance(q, QuarantineRecord)]
        summary.documents_seen += len(chunk_candidates)
        chunk = ingest_chunk(chunk_candidates, known, full_refresh)
        crash_point("ingested")
        # Not quoted: Dask rebuilds tuples in task arguments, which strips the annotation.
        future = (analyse_chunk.submit(chunk.decoded, ner, processes)
                  if chunk.decoded else None)
        pending.append(PendingAnalysis(chunk, future))
        # Enough chunks in flight to keep every worker busy, and no more (memory).
        if len(pending) > settings.workers:
            finish_chunk(pending.popleft())
    while pending:
        finish_chunk(pending.popleft())
    progress.finish()
    workers.release()
    staging.append({"entities": catalog.entities()})
    with staging.reader() as con:
        _, _, staged_sources = con.execute(warehouse.sql("select_staged_counts")).fetchall()[0]
    if staged_sources == 0:
        summary.status = "unchanged"
        summary.message = "nothing new or changed"
        publish_batch(settings, None, run_records(summary, started_at, None))
        return
    audit = validate_batch(staging, settings, summary.run_id, analysed, failed_analysis)
    crash_point("validated")
    summary.data_docs = settings.data_docs_index
    summary.quarantine += audit.held
    with staging.reader() as con:
        summary.articles, summary.mentions, _ = con.execute(
            warehouse.sql("select_staged_counts")).fetchall()[0]
    if audit.success:
        summary.status = "published"
        held = f"; {len(summary.quarantine)} quarantined" if summary.quarantine else ""
        summary.message = f"published {summary.articles} articles{held}"
        publish_batch(settings, staging, run_records(summary, started_at, audit))
    else:
        summary.status = "failed_validation"
        summary.failures = [f.describe() for f in audit.batch_failures]
        summary.message = "batch failed " + "; ".join(summary.failures)
        logger.error("batch not published: %s", summary.message)
        publish_batch(settings, None, run_records(summary, started_at, audit))
