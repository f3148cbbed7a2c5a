"""`newsflow run` takes the writer lock before Prefect starts and holds it to the end, so a
second run started during the first one's start-up is refused at once, and nothing of the
first is lost."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from helpers import IN_PROCESS, query
from newsflow.devtools.servers import BIN, clean_env
from newsflow.exit_codes import ExitCode
from newsflow.settings import Settings

pytestmark = pytest.mark.slow  # a whole `newsflow run`, with its temporary Prefect server


def flock_held(lock_file: Path) -> bool:
    """Whether any process holds a flock on the file, read from /proc/locks: looking must not
    take the lock, or the run could find it taken by the test."""
    if not lock_file.exists():
        return False
    inode = str(lock_file.stat().st_ino)
    with open("/proc/locks") as locks:
        return any(fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == inode
                   for fields in (line.split() for line in locks) if len(fields) > 5)


def test_the_lock_is_taken_before_prefect_and_held_to_the_end(
    tmp_path: Path, seeds_dir: Path
) -> None:
    db = tmp_path / "news.duckdb"
    lock_file = Settings(db=db).lock_file
    home = tmp_path / "prefect-home"  # created once Prefect's temporary server starts
    command = [str(BIN / "newsflow"), "run", "--source", str(seeds_dir), "--db", str(db)]
    env = clean_env(PREFECT_HOME=str(home),
                    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180", **IN_PROCESS)
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    samples: list[tuple[bool, bool]] = []  # (lock held, Prefect's home exists)
    second = None
    while first.poll() is None:
        samples.append((flock_held(lock_file), home.exists()))
        if second is None and samples[-1][0]:
            started = time.monotonic()
            second = subprocess.run(command, env=clean_env(PREFECT_HOME=str(tmp_path / "p2")),
                                    capture_output=True, text=True, timeout=120)
            refused_in = time.monotonic() - started
        time.sleep(0.01)
    _, err = first.communicate()
    assert first.returncode == ExitCode.OK, err[-2000:]
    assert home.exists()
    held = [was_held for was_held, _ in samples]
    taken, released = held.index(True), len(held) - held[::-1].index(True)
    assert all(held[taken:released]), "the lock was dropped and taken again during the run"
    assert not samples[taken][1], "Prefect had started before the lock was taken"
    assert second is not None and second.returncode == ExitCode.BUSY, second
    assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr
    assert "another newsflow run is writing to this database" in second.stderr
    assert refused_in < 20, refused_in  # refused at once, not after a Prefect start-up
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    assert query(db, "SELECT count(*) FROM pipeline_runs") == [(1,)]
