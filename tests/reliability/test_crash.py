"""Crashes: SIGKILL at every stage boundary and in the middle of publishing leaves the analyst
tables as they were; the next run recovers to exactly what a run without crashes gives."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Callable
from pathlib import Path

from helpers import table_checksums, table_names
from newsflow.faults import CRASH_POINTS
from newsflow.settings import Settings

# The points a run reaches with its pool of analysis workers alive: `newsflow run` starts the
# pool's first worker before Prefect, and the pool is released once the last chunk is staged
# (flow.py). Killed there, with a pool of two, the workers die with the run; at the other points
# a pool would only be started and stopped again, so those runs analyse in their own process.
POOL_ALIVE_AT = ("ingested", "analysed", "enriched", "staged")


def test_kill_at_every_stage_then_rerun_equals_a_clean_run(
    cli: Callable, run_pipeline: Callable, inbox: Path, tmp_path: Path
) -> None:
    held_back = sorted(inbox.glob("*.txt"))[-1]
    parked = tmp_path / held_back.name
    crashed, clean = tmp_path / "crashed" / "news.duckdb", tmp_path / "clean" / "news.duckdb"

    # The runs without a crash set the scene in this process, where the flow is loaded already
    # (the earlier run once, copied); the killed runs and the recovery are `newsflow run`
    # processes.
    shutil.move(held_back, parked)
    assert run_pipeline(sources=[inbox], db=crashed).status == "published"
    shutil.copytree(crashed.parent, clean.parent)
    shutil.move(parked, held_back)
    assert run_pipeline(sources=[inbox], db=clean).status == "published"

    before = table_checksums(crashed)
    tables_before = table_names(crashed)
    assert set(POOL_ALIVE_AT) < set(CRASH_POINTS)
    for point in CRASH_POINTS:
        result = cli("run", "--source", str(inbox), "--db", str(crashed), NEWSFLOW_CRASH_AT=point,
                     NEWSFLOW_WORKERS="2" if point in POOL_ALIVE_AT else "1")
        assert result.returncode == -signal.SIGKILL, (point, result.stderr[-2000:])
        assert table_checksums(crashed) == before, f"analyst tables changed by a crash at {point}"
        assert table_names(crashed) == tables_before, f"leftovers visible after a crash at {point}"

    result = cli("run", "--source", str(inbox), "--db", str(crashed))
    assert result.returncode == 0, result.stderr[-2000:]
    assert table_checksums(crashed, ignore_run_times=True) == table_checksums(
        clean, ignore_run_times=True
    )
    assert not Settings(db=crashed).staging_dir.exists()
