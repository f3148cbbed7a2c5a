"""`newsflow run` as the bench starts it: against the bench's Prefect server or an ephemeral
one, into a database folder of its own, measured as a subprocess."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsflow.devtools import servers
from newsflow.devtools.servers import BIN, clean_env
from newsflow.devtools.throughput.processes import Measured, measure
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.sql import sql


@contextmanager
def prefect_server(home: Path) -> Iterator[tuple[str, float]]:
    """The tests' Prefect server (newsflow.devtools.servers); yields (API URL, seconds until
    healthy)."""
    start = time.perf_counter()
    with servers.prefect_server(home, timeout=240) as api:
        yield api, time.perf_counter() - start


@dataclass(frozen=True)
class Bench:
    """Where a run's files go, and how to start runs."""

    work: Path
    timeout: float
    api: str | None = None

    def env(self, ephemeral: bool) -> dict[str, str]:
        """A clean environment: an ephemeral Prefect server of the process's own, or the
        bench's server."""
        if ephemeral:
            return clean_env(PREFECT_HOME=str(self.work / "prefect-ephemeral"))
        if self.api is None:
            raise ValueError("warm runs need the server's API URL")
        return clean_env(PREFECT_HOME=str(self.work / "prefect-client"), PREFECT_API_URL=self.api)

    def run(self, label: str, source: Path, db_name: str, ephemeral: bool = False) -> Measured:
        """`newsflow run` on source into work/db_name/news.duckdb (own folder: own GX site)."""
        db = self.work / db_name / "news.duckdb"
        db.parent.mkdir(parents=True, exist_ok=True)
        args = [str(BIN / "newsflow"), "run", "--source", str(source), "--db", str(db)]
        result = measure(label, args, self.env(ephemeral), self.timeout)
        result.extra.update(articles_in(db))
        return result


def articles_in(db: Path) -> dict:
    """Articles and words published in db, and the last run's status, to check the run did work."""
    if not db.exists():
        return {}
    import duckdb

    try:
        with duckdb_connect(str(db), read_only=True) as con:
            articles, words, status = con.execute(
                sql("queries/select_run_outcome")).fetchone() or (0, 0, None)
    except duckdb.Error as exc:
        return {"db_error": str(exc)[:200]}
    return {"articles": articles, "words": words, "status": status}
