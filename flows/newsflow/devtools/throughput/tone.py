"""What tone costs within a run: the tone model scoring every mention in its scope, timed in
process on the mentions a run published (each in its sentence, as the workers score the spans),
as a share of that run's wall time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from newsflow.devtools.throughput.processes import Measured, cpu_share
from newsflow.enrich.tone.mentions import scored_tone
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.sql import sql


@dataclass(frozen=True)
class ToneCost:
    mentions: int
    cpu_seconds: float

    def share_of(self, run: Measured) -> float | None:
        """The scoring's CPU time as a share of the run's wall time; None if the run failed or
        scored nothing."""
        return cpu_share(self.cpu_seconds, self.mentions, run)


def tone_cost(db: Path) -> ToneCost:
    """Every mention with a tone in db scored again, once."""
    with duckdb_connect(str(db), read_only=True) as con:
        mentions = con.execute(sql("queries/select_toned_mentions")).fetchall()
    started = time.process_time()
    for text, sentence, start, end in mentions:
        scored_tone(text, sentence, start, end)
    return ToneCost(len(mentions), time.process_time() - started)
