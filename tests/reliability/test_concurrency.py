"""Two runs on one database: the second refuses with a clear message; nothing is lost."""

from __future__ import annotations

import fcntl
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from helpers import IN_PROCESS, query
from newsflow.devtools.servers import BIN, clean_env
from newsflow.settings import Settings


def lock_is_held(lock_file: Path) -> bool:
    if not lock_file.exists():
        return False
    with lock_file.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def test_second_concurrent_run_is_refused_and_first_publishes(
    cli: Callable, inbox: Path, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    db = tmp_path / "news.duckdb"
    first = subprocess.Popen(
        [str(BIN / "newsflow"), "run", "--source", str(inbox), "--db", str(db)],
        env=clean_env(PREFECT_API_URL=PREFECT_API_URL.value(), **IN_PROCESS),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lock_file = Settings(db=db).lock_file
    deadline = time.monotonic() + 120
    while not lock_is_held(lock_file) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.poll() is None, "the first run ended before the second could start"

    second = cli("run", "--source", str(inbox), "--db", str(db))
    assert second.returncode == 2
    assert "another newsflow run is writing to this database" in second.stderr

    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err[-2000:]
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    assert query(db, "SELECT count(*) FROM pipeline_runs") == [(1,)]
