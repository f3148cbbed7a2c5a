"""Flow-run heartbeats: emitted as Prefect emits them, stopped at once when the flow ends."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest
from newsflow import heartbeats
from prefect import flow_engine


class Engine:
    """What the heartbeat context reads of Prefect's flow-run engine."""

    def __init__(self, seconds: int | None, final: bool = False) -> None:
        self.heartbeat_seconds = seconds
        self.flow_run = SimpleNamespace(state=SimpleNamespace(is_final=lambda: final))
        self.logger = SimpleNamespace(debug=lambda *args, **kwargs: None)
        self.emitted: list[tuple[Any, Any]] = []
        self.first = threading.Event()

    def _build_heartbeat_event_template(self) -> tuple[str, list[str]]:
        return "resource", ["related"]

    def _emit_flow_run_heartbeat(self, resource: Any, related: Any) -> None:
        self.emitted.append((resource, related))
        self.first.set()


def test_a_heartbeat_is_emitted_and_the_flows_end_does_not_wait_for_the_thread() -> None:
    engine = Engine(seconds=30)
    before = threading.active_count()
    with heartbeats.send_heartbeats(engine):
        assert engine.first.wait(5)
        assert threading.active_count() == before + 1
        started = time.monotonic()
    # Prefect's own thread sleeps in one-second steps, so its join took up to a second here.
    assert time.monotonic() - started < 0.5
    assert threading.active_count() == before
    assert engine.emitted == [("resource", ["related"])]


def test_no_thread_without_a_heartbeat_frequency_and_none_emitted_after_a_final_state() -> None:
    before = threading.active_count()
    quiet, final = Engine(seconds=None), Engine(seconds=30, final=True)
    with heartbeats.send_heartbeats(quiet):
        assert threading.active_count() == before
    with heartbeats.send_heartbeats(final):
        pass
    assert quiet.emitted == final.emitted == []


def test_installed_on_the_prefect_version_it_was_written_for_only(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow_engine, "_send_heartbeats", flow_engine._send_heartbeats)
    monkeypatch.setattr(heartbeats.prefect, "__version__", "3.9.0")
    own = flow_engine._send_heartbeats
    assert not heartbeats.install() and flow_engine._send_heartbeats is own
    monkeypatch.setattr(heartbeats.prefect, "__version__", heartbeats.WRITTEN_FOR)
    assert heartbeats.install() and flow_engine._send_heartbeats is heartbeats.send_heartbeats
