"""The local process pool behind the default task runner."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time

import pytest
from newsflow import workers
from newsflow.clean import DocumentLimits
from newsflow.enrich.ner import NerSettings
from newsflow.enrich.tone import features, tone_model
from newsflow.ingest.documents import decode, document_from_bytes
from newsflow.settings import Settings


class SlowPool:
    """Stands in for ProcessPoolExecutor: slow to construct, counts constructions."""

    created = 0

    def __init__(self, **_: object) -> None:
        time.sleep(0.05)  # widens the window two first callers could both fall into
        SlowPool.created += 1

    def shutdown(self, **_: object) -> None:
        pass


def test_threads_asking_at_once_share_one_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "ProcessPoolExecutor", SlowPool)
    monkeypatch.setattr(workers, "_pools", {})
    SlowPool.created = 0
    start = threading.Barrier(8)
    pools: list[object] = []

    def ask() -> None:
        start.wait()
        pools.append(workers._pool(2))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert SlowPool.created == 1
    assert len({id(pool) for pool in pools}) == 1
    workers.reset()
    assert workers._pool(2) is not pools[0]  # a reset pool is replaced, not reused


def test_a_fresh_worker_loads_what_tone_scoring_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read on first use otherwise, inside the first document's time budget."""
    for name in ("_bind_to_parent", "load_line_model", "detect_language"):
        monkeypatch.setattr(workers, name, lambda *_: None)  # cleaning's loads are not at issue
    for loaded in (tone_model, features.tone_file, features.lexicon):
        loaded.cache_clear()
    workers._prepare_worker(0)
    assert [loaded.cache_info().currsize
            for loaded in (tone_model, features.tone_file, features.lexicon)] == [1, 1, 1]


def _article(name: str) -> object:
    text = ("The council approved the library budget on Tuesday, and the mayor said the "
            "branches would stay open on Sundays next year.\n\n") * 3
    raw = document_from_bytes(text.encode(), source=f"/in/{name}.txt",
                              now=dt.datetime.now(dt.UTC), media_type="text/plain")
    return decode(raw)


def test_a_chunk_waits_for_the_early_worker_rather_than_spawning_a_second() -> None:
    """On the real pool: the first chunk of a run started early runs on the early worker."""
    ner = NerSettings.of(Settings())
    try:
        workers.start_early(2, ner)
        pool = workers._pool(2)
        analysis = workers.analyse_within_budget(2, [_article("one")], ner,  # type: ignore[list-item]
                                                 DocumentLimits.of(Settings()), seconds=60)
        assert [a.source for a in analysis.articles] == ["/in/one.txt"]
        assert len(pool._processes) == 1  # type: ignore[attr-defined]
        [early] = pool._processes.values()  # type: ignore[attr-defined]
    finally:
        workers.release()
    assert early.exitcode == 0  # stopped, not killed


def test_an_early_worker_no_chunk_waited_for_is_killed_at_release() -> None:
    """A run with nothing new does not wait for the early worker's models."""
    try:
        workers.start_early(2, NerSettings.of(Settings()))
        [early] = workers._pool(2)._processes.values()  # type: ignore[attr-defined]
    finally:
        workers.release()
    assert early.exitcode == -signal.SIGKILL
