"""The fixed cost of one run and what it is spent on: runs on the seeds, the imports, and the
steps every run pays once (model load, GX context, validation, a Prefect flow run), each timed
in a fresh interpreter."""

from __future__ import annotations

import re
import sys

from newsflow.devtools.throughput.bound import MODEL
from newsflow.devtools.throughput.processes import Measured, measure
from newsflow.devtools.throughput.runs import Bench
from newsflow.settings import SEEDS_DIR

# One row of the fixed-cost table: kind, what, the process, the seconds of its timed part.
Row = tuple[str, str, Measured, float | None]
SEEDS_WARM = "seeds, warm server"  # the run whose wall time is the fixed cost's figure

SNIPPETS: dict[str, str] = {
    "python start": "pass",
    "import prefect": "import prefect",
    "import trafilatura": "import trafilatura",
    "import duckdb + pandas": "import duckdb, pandas",
    "import great_expectations": "import great_expectations",
    "import great_expectations as a run does (quality/gx_import.py)":
        "from newsflow.quality.gx_import import import_gx; import_gx()",
    "import newsflow.flow": "import newsflow.flow",
    "import spacy": "import spacy",
}
# The seeds staged by the flow's own function (in a flow run of their own, as a run stages
# them), so validation alone can be timed on the batch.
STAGE_SEEDS = """\
import tempfile
from pathlib import Path
from prefect import flow
from newsflow import warehouse
from newsflow.flow import stage_new_documents, validate_batch
from newsflow.runs import RunSummary
from newsflow.settings import Settings
settings = Settings(db=Path(tempfile.mkdtemp()) / 'news.duckdb')
store, summary = warehouse.for_settings(settings), RunSummary(run_id='timed')
@flow(name='stage-seeds')
def stage_seeds():
    stage_new_documents(settings, summary, store, False, False)
stage_seeds()
"""
# The flow's validation task as it calls it, without the task's Prefect wrapping.
VALIDATE = ("validate_batch.fn(store, settings, summary.run_id, len(summary.quarantine), "
            "summary.documents_judged)")
TIMED_SNIPPETS: dict[str, tuple[str, str]] = {
    # label: (setup, timed part); the timed part's seconds are printed by the snippet itself.
    "spaCy model load (NER pipes)": (
        "import spacy\nfrom newsflow.enrich.ner import load_model",
        f"load_model({MODEL!r})",
    ),
    "GX file context creation": (
        "import great_expectations as gx, tempfile",
        "gx.get_context(mode='file', project_root_dir=tempfile.mkdtemp())",
    ),
    "validate_batch on the staged seeds, first in a process": (STAGE_SEEDS, VALIDATE),
    "validate_batch on the staged seeds, again in the process": (
        f"{STAGE_SEEDS}{VALIDATE}\n", VALIDATE,
    ),
    "trivial Prefect flow run": (
        "from prefect import flow\n@flow\ndef f():\n    return 1",
        "f()",
    ),
}
TIMED_MARK = "@@"


def timed_snippet(setup: str, timed: str) -> str:
    """Python code running setup, then timed, printing the seconds of timed alone."""
    return (f"{setup}\nimport time, json\n_t = time.perf_counter()\n{timed}\n"
            f"print({TIMED_MARK!r} + json.dumps(time.perf_counter() - _t))")


def snippet_seconds(result: Measured) -> float | None:
    """The seconds a timed snippet printed; None when it failed."""
    found = re.findall(rf"^{TIMED_MARK}(.+)$", result.stdout, re.M)
    return float(found[-1]) if result.ok and found else None


def fixed_costs(bench: Bench) -> list[Row]:
    """One run on the seeds each way, and what a run's fixed cost is spent on."""
    rows: list[Row] = []
    # The snippets' temporary folders (warehouse, GX site) inside the bench's, removed with it.
    scratch = bench.work / "scratch"
    scratch.mkdir(exist_ok=True)
    eph, warm = (dict(bench.env(ephemeral), TMPDIR=str(scratch)) for ephemeral in (True, False))
    for label, ephemeral, db in [
        ("seeds, ephemeral (fresh PREFECT_HOME)", True, "seeds-eph-1"),
        ("seeds, ephemeral (again)", True, "seeds-eph-2"),
        (SEEDS_WARM, False, "seeds-warm"),
    ]:
        rows.append(("run", label, bench.run(label, SEEDS_DIR, db, ephemeral), None))
    for label, code in SNIPPETS.items():
        result = measure(label, [sys.executable, "-c", code], warm, bench.timeout,
                         sample_rss=False)
        rows.append(("import", label, result, None))
    for label, (setup, timed) in TIMED_SNIPPETS.items():
        envs = [("ephemeral", eph), ("warm", warm)] if "Prefect" in label else [("", warm)]
        for suffix, env in envs:
            name = f"{label} ({suffix})" if suffix else label
            result = measure(name, [sys.executable, "-c", timed_snippet(setup, timed)], env,
                             bench.timeout, sample_rss=False)
            rows.append(("step", name, result, snippet_seconds(result)))
    return rows


def import_profile(bench: Bench, top: int = 10) -> list[tuple[str, float]]:
    """The slowest packages under `import newsflow.flow` (python -X importtime).

    Each package's figure is its outermost import, cumulative: figures overlap where one
    package imports another (prefect imports pydantic), so they do not add up.
    """
    result = measure("importtime", [sys.executable, "-X", "importtime", "-c",
                                    "import newsflow.flow"],
                     bench.env(ephemeral=False), bench.timeout, sample_rss=False)
    cumulative: dict[str, float] = {}
    for line in result.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| \s*(\S+)", line)
        if m:
            root = m.group(2).split(".")[0]
            cumulative[root] = max(cumulative.get(root, 0), int(m.group(1)) / 1e6)
    return sorted(cumulative.items(), key=lambda kv: -kv[1])[:top]
