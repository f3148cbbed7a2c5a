"""The run's progress as the CLI shows it: the total from the start, an honest average rate."""

from __future__ import annotations

import logging

import pytest
from newsflow import runs
from newsflow.cli.render import RateColumn
from rich.progress import Progress


def test_the_total_is_reported_before_the_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(runs, "progress_callback", lambda done, total: calls.append((done, total)))
    progress = runs.Progress(3, logging.getLogger("test"))
    progress.advance(2)
    assert calls == [(0, 3), (2, 3)]


def test_the_rate_is_documents_over_the_time_since_the_analysis_began() -> None:
    now = [100.0]
    bar = Progress(get_time=lambda: now[0])
    task_id = bar.add_task("documents", total=100)
    column = RateColumn()
    assert column.render(bar.tasks[0]).plain == ""  # nothing done yet: no rate
    now[0] = 110.0
    bar.update(task_id, completed=40)  # a burst: 40 documents after 10 s
    now[0] = 110.1
    bar.update(task_id, completed=80)  # and 40 more a tenth of a second later
    assert column.render(bar.tasks[0]).plain == f"{80 / 10.1:.1f} docs/s"
