"""Where the CPU-bound stage (cleaning and NER) runs: a local process pool, or Dask.

Cleaning and NER are pure Python and hold the GIL, so threads cannot use a second core. By
default Prefect's thread task runner hands each chunk to a local process pool: workers are
spawned (not forked: the flow's process runs Prefect's threads), keep their spaCy model loaded
from chunk to chunk and are released when the run's last chunk is analysed. With the Dask task
runner each chunk's task runs on a Dask worker instead, which keeps its model loaded.

What a worker does with a chunk is `analyse`: clean it (clean/), then tag it (enrich/ner.py),
find its quotations (enrich/quotations/) and score the tone toward each span (enrich/tone/).
On the local pool each document has a time budget (`analyse_within_budget`): a worker that
overruns it is killed and replaced, and the document quarantined as `timeout`.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsflow.clean import DocumentLimits, clean_documents
from newsflow.clean.linemodel import load_line_model
from newsflow.clean.metadata import MIN_LANGUAGE_CHARS, detect_language
from newsflow.enrich.article_tables import article_rows
from newsflow.enrich.ner import NerSettings, Span, load_model, tag_articles, with_ner_models
from newsflow.enrich.quotations.finding import FoundQuote, find_article_quotes, language_parser
from newsflow.enrich.tone import tone_model
from newsflow.enrich.tone.features import lexicon, tone_file
from newsflow.enrich.tone.mentions import SpanTone, tone_spans
from newsflow.records import (
    Article,
    DecodedDocument,
    QuarantineRecord,
    TableRows,
    by_table,
    each_article,
)
from newsflow.settings import TaskRunnerKind

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner



@dataclass
class Analysis:
    """A chunk's articles, its rejected documents, each tagged article's entity spans, each
    article's quotations (speakers not yet linked to entities), the tone toward each span
    (articles in a language the tone model knows) and the rows the workers' producers made of
    its articles, by table (enrich/article_tables.py)."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[QuarantineRecord] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)  # by article_id
    quotes: dict[str, list[FoundQuote]] = field(default_factory=dict)  # by article_id
    rows: list[TableRows] = field(default_factory=list)
    tones: dict[str, list[SpanTone]] = field(default_factory=dict)  # by article_id


def analyse(documents: Sequence[DecodedDocument], ner: NerSettings,
            limits: DocumentLimits, heartbeat: Path | None = None) -> Analysis:
    """The CPU-bound half of a run on one chunk: clean, then tag what was cleaned, find its
    quotations and score the tone toward each span (documents over the limits are quarantined
    untouched).

    Depends only on the chunk, so any worker process can run it; resolution, stories and
    staging need the run's shared state and stay in the flow's process. With a `heartbeat`
    file, the worker writes its process id there and touches it as each document (each NER
    batch, the chunk's quotation parse) starts, so the flow can tell a document that overran
    its time budget.
    """
    beat = _Heartbeat(heartbeat)
    articles, rejected = [], []
    for document in documents:
        beat()
        cleaned, refused = clean_documents([document], limits)
        articles += cleaned
        rejected += refused
    articles = with_ner_models(articles, ner)
    for model in sorted({a.ner_model for a in articles if a.ner_model}):
        beat.pause()  # loading a model, once per worker, counts in no document's time
        load_model(model)
        for language in {a.language for a in articles if a.ner_model == model}:
            language_parser(language, model)  # its parser too, where quotations use it
        beat()
    spans: dict[str, list[Span]] = {}
    failed: list[QuarantineRecord] = []
    for start in range(0, len(articles), ner.batch_size):
        beat()
        tagged, refused = tag_articles(articles[start:start + ner.batch_size], ner)
        spans.update(tagged)
        failed += refused
    quotes, refused = find_article_quotes(articles, beat=beat)
    failed += refused
    failed_ids = {q.doc_id for q in failed}
    kept = [a for a in articles if a.article_id not in failed_ids]
    rows, unproduced = _produced(kept)
    unproduced_ids = {q.doc_id for q in unproduced}
    kept = [a for a in kept if a.article_id not in unproduced_ids]

    def toned(article: Article) -> dict[str, list[SpanTone]]:
        beat()
        return tone_spans([article], spans)

    toned_articles, untoned = each_article(kept, "tone", "tone scoring failed", toned)
    tones = {key: value for found in toned_articles.values() for key, value in found.items()}
    untoned_ids = {q.doc_id for q in untoned}
    return Analysis([a for a in kept if a.article_id not in untoned_ids],
                    rejected + failed + unproduced + untoned, spans, quotes, rows, tones)


def _produced(articles: Sequence[Article]) -> tuple[list[TableRows], list[QuarantineRecord]]:
    """The article tables' rows (enrich/article_tables.py) for the articles; if a producer fails
    on the chunk, article by article, so that the article it fails on is quarantined (stage
    `tables`) and the others keep their rows."""
    try:
        return article_rows(articles), []
    except Exception:  # the article at fault is found below
        pass
    rows, rejected = each_article(articles, "tables", "article tables failed",
                                  lambda article: article_rows([article]))
    return by_table([row for article in rows.values() for row in article]), rejected


class _Heartbeat:
    """A worker's sign of progress: its pid written as it starts on a document, the file's
    time touched as it starts each next one; emptied while it does something that counts in
    no document's time."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.counting = path, False

    def __call__(self) -> None:
        if self.path is None:
            return
        if self.counting:
            os.utime(self.path)
        else:
            self.path.write_text(str(os.getpid()))
            self.counting = True

    def pause(self) -> None:
        if self.path is not None:
            self.path.write_text("")
            self.counting = False


def _prepare_worker(parent: int) -> None:
    """Worker initializer: bound to the flow's process; load what cleaning and tone scoring load
    on first use (the line model, the language identifier, the tone model, its settings and
    VADER's lexicon: some 3 s), so that no document's time budget pays for a fresh worker's
    start."""
    _bind_to_parent(parent)
    load_line_model()
    detect_language(" " * MIN_LANGUAGE_CHARS)
    tone_model()
    tone_file()
    lexicon()


def _bind_to_parent(parent: int) -> None:
    """Die when the flow's process dies, even by SIGKILL; leave without the interpreter's
    teardown.

    Orphaned workers would otherwise hold memory and the parent's output pipes forever. The
    teardown frees a worker's models object by object (about 0.5 s) while the flow waits for
    the worker in `release`, and nothing of a worker's needs it: its results are sent.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
    atexit.register(os._exit, 0)  # the last exit handler registered runs first


_pools: dict[int, ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool(workers: int) -> ProcessPoolExecutor:
    """The shared pool of this size, created once even when Prefect's threads ask at once
    (functools.cache would let two first callers each start a pool, doubling the workers)."""
    with _pools_lock:
        if workers not in _pools:
            pool = ProcessPoolExecutor(max_workers=workers,
                                       mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_prepare_worker, initargs=(os.getpid(),))
            atexit.register(pool.shutdown, cancel_futures=True)
            _pools[workers] = pool
        return _pools[workers]


# Each pool's first worker, started before the run's first chunk (`start_early`): the future of
# its loading the first language's models.
_warm_ups: weakref.WeakKeyDictionary[ProcessPoolExecutor, Future] = weakref.WeakKeyDictionary()


def start_early(workers: int, ner: NerSettings) -> None:
    """Start the pool's first worker now, loading the first language's NER model and parser.

    `newsflow run` calls this before it imports Prefect, so that the worker's start (spawn,
    imports, models: some 4 s of CPU) overlaps the flow's own (Prefect, the flow run's creation,
    ingest) instead of following the first chunk's submission. A chunk waits for it rather
    than spawning a second worker beside it, so a run of one chunk keeps one worker; later
    chunks spawn the others as ever. A run with nothing to analyse kills it (`release`).
    Nothing is started for one worker (the flow's process analyses) or twice for a pool.
    """
    if workers <= 1 or not ner.models:
        return
    pool = _pool(workers)
    with _pools_lock:
        if pool not in _warm_ups:
            _warm_ups[pool] = pool.submit(_load_models, *ner.models[0])


def _load_models(language: str, model: str) -> None:
    load_model(model)
    language_parser(language, model)


def _warmed_up(pool: ProcessPoolExecutor) -> None:
    """Wait for the pool's early worker, if it has one, to have loaded its models."""
    warm_up = _warm_ups.get(pool)
    if warm_up is not None:
        with suppress(Exception):  # a chunk meets a failed load again, and reports it
            warm_up.result()


def release() -> None:
    """Stop the pools once a run's last chunk is analysed: validating and publishing do not need
    them, and idle workers would hold their models' memory (about 300 MiB each) beside the
    publishing transaction's, and between a schedule's runs."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        warm_up = _warm_ups.get(pool)
        if warm_up is not None and not warm_up.done():
            # Started early for a run that had nothing to analyse (a chunk would have waited
            # for it): it would load its models only to stop.
            for process in list(pool._processes.values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)


def reset() -> None:
    """Forget pools whose worker died: a broken pool refuses all further work."""
    with _pools_lock:
        _pools.clear()


def analyse_within_budget(workers: int, documents: Sequence[DecodedDocument],
                          ner: NerSettings, limits: DocumentLimits, seconds: float) -> Analysis:
    """`analyse` on the shared pool, no document taking more than `seconds` (NEWSFLOW_DOCUMENT_
    TIME_BUDGET); in this process, unbounded, when one worker is asked for.

    The worker's heartbeat says when it last started a document. One that goes `seconds`
    without a beat is killed, its pool replaced, and the chunk analysed again one document at
    a time, so that only the documents that overrun alone are quarantined (stage `timeout`).
    """
    if workers <= 1:
        return analyse(documents, ner, limits)
    whole = _analyse_on_pool(workers, documents, ner, limits, seconds)
    if whole is not None:
        return whole
    parts = []
    for document in documents:
        alone = _analyse_on_pool(workers, [document], ner, limits, seconds)
        parts.append(alone if alone is not None else Analysis(rejected=[QuarantineRecord(
            document.raw.source, "timeout", f"analysis took longer than the {seconds:g}-second "
            "budget per document (NEWSFLOW_DOCUMENT_TIME_BUDGET)", document.raw.doc_id)]))
    return Analysis(
        [a for part in parts for a in part.articles],
        [q for part in parts for q in part.rejected],
        {k: v for part in parts for k, v in part.spans.items()},
        {k: v for part in parts for k, v in part.quotes.items()},
        by_table(rows for part in parts for rows in part.rows),
        {k: v for part in parts for k, v in part.tones.items()})


# Pools whose worker was killed here for overrunning: a chunk of another worker of theirs
# failed for that reason, not its own, and is submitted again.
_killed_pools: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()
# How often a chunk is submitted again after another chunk's worker was killed.
_RESUBMISSIONS = 3


def _analyse_on_pool(workers: int, documents: Sequence[DecodedDocument], ner: NerSettings,
                     limits: DocumentLimits, seconds: float) -> Analysis | None:
    """The chunk's analysis, or None when a document overran (its worker killed)."""
    resubmitted = 0
    while True:
        pool = _pool(workers)
        _warmed_up(pool)
        with tempfile.TemporaryDirectory(prefix="newsflow-heartbeat-") as folder:
            heartbeat = Path(folder) / "beat"
            future = pool.submit(analyse, documents, ner, limits, heartbeat)
            try:
                while True:
                    try:
                        return future.result(timeout=min(1.0, seconds))
                    except TimeoutError:
                        if _overran(heartbeat, seconds):
                            _kill(heartbeat, pool)
                            return None
            except BrokenProcessPool:
                if pool not in _killed_pools or resubmitted == _RESUBMISSIONS:
                    raise  # its own worker died: collect() quarantines the chunk
                resubmitted += 1


def _overran(heartbeat: Path, seconds: float) -> bool:
    """Whether the worker started on the chunk (its pid is written) and has not begun another
    document for `seconds`."""
    try:
        return bool(heartbeat.read_text()) and time.time() - heartbeat.stat().st_mtime > seconds
    except OSError:  # not started yet
        return False


def _kill(heartbeat: Path, pool: ProcessPoolExecutor) -> None:
    """Kill the overrunning worker and retire its pool (a pool with a dead worker refuses all
    further work); the next submission starts a fresh one."""
    with _pools_lock:
        _killed_pools.add(pool)
        for size, known in list(_pools.items()):
            if known is pool:
                del _pools[size]
    with suppress(ProcessLookupError, ValueError):
        os.kill(int(heartbeat.read_text()), signal.SIGKILL)
    pool.shutdown(wait=False)


def collect(future: Any, documents: Sequence[DecodedDocument],
            lost_worker: tuple[type[BaseException], ...]) -> Analysis:
    """A chunk's analysis once its worker is done (None: nothing was submitted); a worker that
    died takes only its chunk with it, quarantined (stage `clean`).

    Called by the flow, not a task: Prefect would resolve the future before the task could
    catch its failure.
    """
    if future is None:
        return Analysis()
    try:
        return future.result()
    except lost_worker as exc:
        reset()
        return Analysis(rejected=[
            QuarantineRecord(d.raw.source, "clean", f"analysis worker died: {exc}", d.raw.doc_id)
            for d in documents
        ])


def task_runner(kind: TaskRunnerKind, workers: int, dask_address: str | None = None) -> TaskRunner:
    """The flow's task runner: threads in front of the local pool, or a Dask cluster.

    Without an address, Dask means a temporary local cluster of `workers` single-threaded
    processes, torn down with the flow run.
    """
    if kind == "local":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


def lost_worker_errors(runner: object) -> tuple[type[BaseException], ...]:
    """What a future raises when the process running its chunk died, under this runner."""
    if type(runner).__module__.startswith("prefect_dask"):
        from distributed import KilledWorker

        return (KilledWorker,)
    return (BrokenProcessPool,)
