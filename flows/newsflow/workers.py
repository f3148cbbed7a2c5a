"""Where the CPU-bound stage (cleaning and NER) runs: a local process pool, or Dask.

Cleaning and NER are pure Python and hold the GIL, so threads cannot use a second core. By
default Prefect's thread task runner hands each chunk to a local process pool: workers are
spawned (not forked: the flow's process runs Prefect's threads), keep their spaCy model loaded
from chunk to chunk and are released when the run's last chunk is analysed. With the Dask task
runner each chunk's task runs on a Dask worker instead, which keeps its model loaded.

What a worker does with a chunk is `analyse`: clean it (clean/), then tag it (enrich/ner.py).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsflow.clean import DocumentLimits, clean_documents
from newsflow.enrich.article_tables import article_rows
from newsflow.enrich.ner import NerSettings, Span, tag_articles, with_ner_models
from newsflow.enrich.quotations.finding import FoundQuote, find_article_quotes
from newsflow.records import Article, DecodedDocument, QuarantineRecord, TableRows
from newsflow.settings import TaskRunnerKind

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner



@dataclass
class Analysis:
    """A chunk's articles, its rejected documents, each tagged article's entity spans and each
    article's quotations (speakers not yet linked to entities), and the rows the workers'
    producers made of its articles, by table (enrich/article_tables.py)."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[QuarantineRecord] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)  # by article_id
    quotes: dict[str, list[FoundQuote]] = field(default_factory=dict)  # by article_id
    rows: list[TableRows] = field(default_factory=list)


def analyse(documents: Sequence[DecodedDocument], ner: NerSettings,
            limits: DocumentLimits) -> Analysis:
    """The CPU-bound half of a run on one chunk: clean, then tag what was cleaned and find its
    quotations (documents over the limits are quarantined untouched).

    Depends only on the chunk, so any worker process can run it; resolution, stories and
    staging need the run's shared state and stay in the flow's process.
    """
    articles, rejected = clean_documents(documents, limits)
    articles = with_ner_models(articles, ner)
    spans, failed = tag_articles(articles, ner)
    quotes, unquoted = find_article_quotes(articles)
    failed_ids = {q.doc_id for q in failed + unquoted}
    kept = [a for a in articles if a.article_id not in failed_ids]
    return Analysis(kept, rejected + failed + unquoted, spans, quotes, article_rows(kept))


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: die when the flow's process dies, even by SIGKILL.

    Orphaned workers would otherwise hold memory and the parent's output pipes forever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


_pools: dict[int, ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool(workers: int) -> ProcessPoolExecutor:
    """The shared pool of this size, created once even when Prefect's threads ask at once
    (functools.cache would let two first callers each start a pool, doubling the workers)."""
    with _pools_lock:
        if workers not in _pools:
            pool = ProcessPoolExecutor(max_workers=workers,
                                       mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_exit_with_parent, initargs=(os.getpid(),))
            atexit.register(pool.shutdown, cancel_futures=True)
            _pools[workers] = pool
        return _pools[workers]


def release() -> None:
    """Stop the pools once a run's last chunk is analysed: validating and publishing do not need
    them, and idle workers would hold their models' memory (about 300 MiB each) beside the
    publishing transaction's, and between a schedule's runs."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def reset() -> None:
    """Forget pools whose worker died: a broken pool refuses all further work."""
    with _pools_lock:
        _pools.clear()


def submit(workers: int, fn: Callable[..., Any], *args: Any) -> Future:
    """Run fn(*args) on the shared pool, or in this process when one worker is asked for."""
    if workers <= 1:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future
    return _pool(workers).submit(fn, *args)


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
