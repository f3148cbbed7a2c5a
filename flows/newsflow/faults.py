"""Fault injection for crash tests.

`NEWSFLOW_CRASH_AT=<point>` kills the process with SIGKILL when a run reaches that point, so
tests can prove that a crash anywhere leaves the analyst tables as they were and that the next
run recovers. Points: ingested, analysed, enriched, staged, validated, publishing.
"""

from __future__ import annotations

import os
import signal

CRASH_POINTS = ("ingested", "analysed", "enriched", "staged", "validated", "publishing")


def crash_point(name: str) -> None:
    """Die here, without cleanup, if the environment asks for a crash at this point."""
    if os.environ.get("NEWSFLOW_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
