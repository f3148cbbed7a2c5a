"""The bench's report: where a run's time went (from its Prefect log), the tables it prints and
the verdicts against the targets."""

from __future__ import annotations

import re
import time
from itertools import pairwise

from rich.console import Console
from rich.table import Table

from newsflow.devtools.throughput.fixed import Row
from newsflow.devtools.throughput.processes import SAMPLE_SECONDS, Measured

TARGETS = {"pipeline/bound": 1.25, "rerun/first": 0.05, "peak_rss 4N/N": 1.3,
           "quotations/pipeline": 0.15, "tone/pipeline": 0.10,
           "seeds, warm server s": 6.0}
# From this many documents on, the pipeline's overhead over the bound must be smaller: the
# fixed cost of a run weighs less.
LARGE_N, LARGE_N_PIPELINE_BOUND = 1000, 1.10
# Shares of a run's wall time reported when its log has such stages: the stages whose task
# name contains the word (the breakdown takes whatever stages the flow has). Quotation finding
# and tone run inside analyse_chunk and are timed on their own (quotations.py, tone.py); the
# spread clustering is a task of the flow's own.
STAGE_SHARES = {"quotation clustering/pipeline": "cluster_quotations"}
console = Console(width=110)

LOG_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d+) \| \w+\s+\| (?:Flow|Task) run '([^']+)' - "
                      r"(Beginning flow run|Finished in state)", re.M)


def stage_times(result: Measured) -> list[tuple[str, float]]:
    """Where a run's wall time went, from its Prefect log: tasks run one after another, so a
    task's time is from the previous logged event to its own `Finished` line."""
    day = time.localtime(result.started_at)
    midnight = time.mktime((day.tm_year, day.tm_mon, day.tm_mday, 0, 0, 0, 0, 0, -1))
    events = [(midnight + int(h) * 3600 + int(m) * 60 + float(sec), name, what)
              for h, m, sec, name, what in LOG_LINE.findall(result.stderr + result.stdout)]
    if not events:
        return []
    events.sort()
    totals: dict[str, float] = {"before the flow starts (imports, Prefect)":
                                events[0][0] - result.started_at}
    for (previous, _, _), (at, name, what) in pairwise(events):
        if what.startswith("Finished"):
            task = name.rsplit("-", 1)[0] if name != events[0][1] else "flow wrap-up"
            totals[task] = totals.get(task, 0) + at - previous
    totals["after the flow (exit, output)"] = result.started_at + result.seconds - events[-1][0]
    return list(totals.items())


def stage_share(result: Measured, word: str) -> tuple[float, list[str]] | None:
    """The share of the run's wall time spent in the stages whose name contains `word`, and
    those stages; None if the run failed or has no such stage."""
    stages = [(name, seconds) for name, seconds in stage_times(result) if word in name]
    if not result.ok or not stages or result.seconds <= 0:
        return None
    return sum(s for _, s in stages) / result.seconds, [name for name, _ in stages]


def stages_table(runs: dict[str, Measured]) -> Table:
    table = Table(title="Where the pipeline's wall time goes (from its Prefect log, summed "
                        "over chunks)")
    table.add_column("stage")
    results = list(runs.values())
    per_run = [dict(stage_times(r)) for r in results]
    for short in runs:
        table.add_column(f"{short} s", justify="right")
        table.add_column("share", justify="right")
    names = list(dict.fromkeys(name for times in per_run for name in times))
    for name in names:
        cells = []
        for result, times in zip(results, per_run, strict=True):
            value = times.get(name)
            share = f"{value / result.seconds:.0%}" if value is not None else "-"
            cells += [f"{value:.1f}" if value is not None else "-", share]
        table.add_row(name, *cells)
    return table


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.1f}" if seconds > 0 else "-"


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f}"


def status_of(result: Measured) -> str:
    status = "ok" if result.ok else f"FAILED (exit {result.returncode})"
    if "status" in result.extra:
        status += f", {result.extra['status']}"
    return status


def print_failures(results: list[Measured]) -> None:
    for result in results:
        if not result.ok:
            console.rule(f"[red]{result.label}: exit {result.returncode}")
            console.print((result.stderr or result.stdout)[-2500:], markup=False,
                          highlight=False)


def throughput_table(n: int, words: int, bound: Measured,
                     runs: list[Measured]) -> Table:
    table = Table(title=f"Throughput on {n} documents ({words:,} extracted words; same "
                        "numerator on every row)")
    for column in ("measurement", "exit", "wall s", "docs/s", "words/s", "peak RSS MiB",
                   "articles"):
        table.add_column(column, justify="left" if column in ("measurement", "exit") else "right")
    for result in [bound, *runs]:
        table.add_row(result.label, status_of(result), f"{result.seconds:.1f}",
                      rate(n, result.seconds), rate(words, result.seconds),
                      mib(result.peak_rss), str(result.extra.get("articles", "-")))
    return table


def bound_table(phases: dict, wall: float) -> Table:
    table = Table(title="Bound, by phase")
    table.add_column("phase")
    table.add_column("s", justify="right")
    table.add_column("share", justify="right")
    rows = [("imports + model load", phases["load"]),
            ("trafilatura.extract (one process)", phases["extract"]),
            ("spaCy nlp.pipe NER", phases["ner"])]
    rows.append(("interpreter start and the rest", wall - sum(s for _, s in rows)))
    for label, seconds in rows:
        table.add_row(label, f"{seconds:.1f}", f"{seconds / wall:.0%}")
    return table


def fixed_table(rows: list[Row], server_start: float) -> Table:
    table = Table(title="Fixed cost: runs on the 5 seeds, and what one run is spent on")
    table.add_column("kind")
    table.add_column("what")
    table.add_column("s", justify="right")
    table.add_column("exit / status")
    table.add_row("server", "prefect server start until /api/health (paid once, warm)",
                  f"{server_start:.1f}", "ok")
    for kind, label, result, inner in rows:
        seconds = inner if inner is not None else result.seconds
        note = " (timed part only)" if kind == "step" else ""
        table.add_row(kind, label + note, f"{seconds:.2f}" if result.ok else "-",
                      status_of(result))
    return table


def imports_table(imports: list[tuple[str, float]]) -> Table:
    table = Table(title="Slowest packages under `import newsflow.flow` "
                        "(outermost import, cumulative, overlapping)")
    table.add_column("package")
    table.add_column("cumulative s", justify="right")
    for name, seconds in imports:
        table.add_row(name, f"{seconds:.2f}")
    return table


def memory_table(memory: dict[int, Measured], memory_n: int) -> Table:
    table = Table(title=f"Peak RSS of the `newsflow run` process tree (warm server; sum of "
                        f"RSS, /proc every {SAMPLE_SECONDS * 1000:.0f} ms), memory N = {memory_n}")
    for column in ("documents", "exit", "wall s", "peak RSS MiB"):
        table.add_column(column)
    for m in (memory_n, 4 * memory_n):
        table.add_row(str(m), status_of(memory[m]), f"{memory[m].seconds:.1f}",
                      mib(memory[m].peak_rss))
    return table


def pipeline_bound_target(n: int) -> float:
    return LARGE_N_PIPELINE_BOUND if n >= LARGE_N else TARGETS["pipeline/bound"]


def verdict(name: str, value: float | None, target: float | None = None) -> str:
    """The figure beside its target: `target`, else the name's in TARGETS, else none."""
    target = target if target is not None else TARGETS.get(name)
    if target is None:
        return f"{name} = {'n/a' if value is None else f'{value:.2f} ({value:.4f})'}"
    if value is None:
        return f"{name} = n/a (a run failed)    target <= {target:.2f}: not met"
    met = "met" if value <= target else "not met"
    return f"{name} = {value:.2f} ({value:.4f})    target <= {target:.2f}: {met}"


def ratio(a: Measured, b: Measured, value_a: float, value_b: float) -> float | None:
    return value_a / value_b if a.ok and b.ok and value_b > 0 else None

