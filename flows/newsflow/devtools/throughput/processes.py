"""Measuring a subprocess: wall time, exit status, output, and the peak RSS of its process tree.

RSS is read from /proc (Linux); the tree's figure is the sum over its processes, so pages they
share (forked workers) count once per process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.05


def process_rss(pid: int) -> int:
    """RSS in bytes of one process; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0


def tree_rss(pid: int) -> int:
    """RSS in bytes of pid and all its descendants (shared pages count once per process)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += process_rss(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


@dataclass
class Measured:
    """One subprocess: wall time, exit status, peak tree RSS and its output."""

    label: str
    seconds: float
    returncode: int
    started_at: float = 0.0  # epoch seconds
    peak_rss: int = 0
    stdout: str = ""
    stderr: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def measure(label: str, args: list[str], env: dict[str, str], timeout: float,
            sample_rss: bool = True) -> Measured:
    """Run args to completion in a session of their own (killed whole on timeout), sampling
    the process tree's RSS every SAMPLE_SECONDS."""
    peak = 0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errf:
        started_at, start = time.time(), time.perf_counter()
        process = subprocess.Popen(args, env=env, stdout=out, stderr=errf,
                                   start_new_session=True)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(SAMPLE_SECONDS):
                peak = max(peak, tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_rss:
            sampler.start()
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            returncode = process.wait()
            returncode = -9 if returncode == 0 else returncode
        seconds = time.perf_counter() - start
        done.set()
        if sample_rss:
            sampler.join()
        out.seek(0)
        errf.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = errf.read().decode("utf-8", "replace")
    return Measured(label, seconds, returncode, started_at, peak, stdout, stderr)


def cpu_share(cpu_seconds: float, timed: int, run: Measured) -> float | None:
    """CPU time spent on what a run published (`timed` items of it), as a share of that run's
    wall time; None if the run failed or nothing was timed."""
    if not run.ok or not timed:
        return None
    return cpu_seconds / run.seconds
