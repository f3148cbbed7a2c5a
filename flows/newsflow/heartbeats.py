"""Prefect's flow-run heartbeats, stopped as soon as the flow ends.

Prefect 3.8.8's heartbeat thread (`prefect.flow_engine._send_heartbeats`) sleeps in one-second
steps, and the end of every flow run joins it: a run ends up to a second (half a second on
average) after its work, so a seeds run's wall time is rounded up to a whole second after its
flow starts. `send_heartbeats` is the same context manager with the thread waiting on its stop
event instead of sleeping (adapted from Prefect, Apache-2.0): heartbeats are emitted as before,
and the join returns at once. `install` puts it in place only on the Prefect version it was
written against; another version keeps its own.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import prefect
from prefect import flow_engine

WRITTEN_FOR = "3.8.8"


@contextmanager
def send_heartbeats(engine: Any, join_on_exit: bool = True) -> Iterator[None]:
    """Emit the flow run's heartbeat every `engine.heartbeat_seconds` (at least Prefect's
    minimum) from a daemon thread, from entry until exit or a final state."""
    seconds = engine.heartbeat_seconds
    if seconds is None:
        yield
        return
    seconds = max(seconds, flow_engine.MINIMUM_HEARTBEAT_INTERVAL)
    resource, related = engine._build_heartbeat_event_template()
    stop = threading.Event()

    def beat() -> None:
        while not stop.is_set():
            state = engine.flow_run.state if engine.flow_run else None
            if state is not None and state.is_final():
                return
            try:
                engine._emit_flow_run_heartbeat(resource, related)
            except Exception:
                engine.logger.debug("Failed to emit heartbeat", exc_info=True)
            if stop.wait(seconds):
                return

    # The thread sees the caller's context (its settings, so the same API URL), as in Prefect.
    thread = threading.Thread(target=contextvars.copy_context().run, args=(beat,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        if join_on_exit:
            thread.join(timeout=2)


def install() -> bool:
    """Use `send_heartbeats` for every flow run of this process; False, and Prefect's own kept,
    on a Prefect version other than the one it was written for."""
    if prefect.__version__ != WRITTEN_FOR:
        return False
    flow_engine._send_heartbeats = send_heartbeats
    return True
