"""The local process pool behind the default task runner."""

from __future__ import annotations

import threading
import time

import pytest
from newsflow import workers
from newsflow.enrich.tone import features, tone_model


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
    for name in ("_exit_with_parent", "load_line_model", "detect_language"):
        monkeypatch.setattr(workers, name, lambda *_: None)  # cleaning's loads are not at issue
    for loaded in (tone_model, features.tone_file, features.lexicon):
        loaded.cache_clear()
    workers._prepare_worker(0)
    assert [loaded.cache_info().currsize
            for loaded in (tone_model, features.tone_file, features.lexicon)] == [1, 1, 1]
