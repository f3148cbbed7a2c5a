"""A process pool for the CPU-bound stage, shared by every run in the process.

Cleaning and NER are pure Python and hold the GIL, so threads cannot use a second core.
Workers are spawned (not forked: the flow's process runs Prefect's threads) and keep their
spaCy model loaded between chunks and between runs.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from typing import Any


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: die when the flow's process dies, even by SIGKILL.

    Orphaned workers would otherwise hold memory and the parent's output pipes forever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


@cache
def _pool(workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_exit_with_parent, initargs=(os.getpid(),))
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool


def reset() -> None:
    """Forget pools whose worker died: a broken pool refuses all further work."""
    _pool.cache_clear()


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
