"""Throughput, incremental-rerun and memory figures of `newsflow run` beside a lower bound.

The order of the measurements, all against one Prefect server the bench starts on loopback:
the fixed costs on the seeds, the import profile, the bound, the pipeline's first run, its
incremental rerun and an ephemeral run on N documents, then the runs of the memory ratio; last,
the quotation rules' and the tone model's shares of the first run, timed on what it published.
bench/throughput.py is the command; see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from newsflow.devtools.throughput import bound, corpus, tables
from newsflow.devtools.throughput.fixed import SEEDS_WARM, fixed_costs, import_profile
from newsflow.devtools.throughput.processes import Measured, measure
from newsflow.devtools.throughput.quotations import quotation_cost
from newsflow.devtools.throughput.runs import Bench, prefect_server
from newsflow.devtools.throughput.tables import console, mib, status_of, verdict
from newsflow.devtools.throughput.tone import tone_cost


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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Measure in a temporary folder, removed at the end unless --keep."""
    args = parse_args(argv)
    memory_n = args.memory_n or args.n
    work = Path(tempfile.mkdtemp(prefix="newsflow-throughput-"))
    try:
        measure_and_report(args, memory_n, work)
    finally:
        if args.keep:
            console.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def timed(label: str, action: Callable[[], Measured]) -> Measured:
    """action(), logged before and after: a long bench shows where it is."""
    console.log(f"{label} ...")
    result = action()
    console.log(f"{label}: {result.seconds:.1f} s, {status_of(result)}, "
                f"peak RSS {mib(result.peak_rss)} MiB")
    return result


def measure_and_report(args: argparse.Namespace, memory_n: int, work: Path) -> None:
    """Build the corpora, take every measurement on one warm server, print the figures."""
    console.log(f"building corpora from {args.eval_dir} into {work}")
    templates = corpus.load_templates(args.eval_dir)
    documents = corpus.build_corpus(templates, args.n, work / f"corpus-{args.n}")
    memory_corpora = {m: corpus.build_corpus(templates, m, work / f"corpus-{m}")
                      for m in {memory_n, 4 * memory_n} - {args.n}}
    memory_corpora[args.n] = documents
    files, size = corpus.corpus_size(documents)
    kinds = ", ".join(f"{len(t.pages)} {t.kind} pages, {len(t.pool)} paragraphs" for t in templates)
    console.log(f"corpus: {files} files, {size / 2**20:.0f} MiB (from {kinds})")
    (work / "prefect-server").mkdir()
    with prefect_server(work / "prefect-server") as (api, server_start):
        console.log(f"Prefect server healthy after {server_start:.1f} s at {api}")
        bench = Bench(work, args.timeout, api)
        fixed = fixed_costs(bench)
        imports = import_profile(bench)
        lower = timed(f"bound (n_process={args.cores})", lambda: measure(
            f"bound (extract + NER, n_process={args.cores})",
            bound.command(documents, args.cores), bench.env(ephemeral=False), bench.timeout))
        phases = bound.phases_of(lower)
        first = timed("pipeline, warm server", lambda: bench.run(
            "pipeline, warm server (first run)", documents, "warm"))
        rerun = timed("rerun, warm server", lambda: bench.run(
            "incremental rerun, warm server", documents, "warm"))
        ephemeral = timed("pipeline, ephemeral", lambda: bench.run(
            "pipeline, ephemeral Prefect", documents, "ephemeral", ephemeral=True))
        memory = {args.n: first}
        for m in sorted({memory_n, 4 * memory_n} - {args.n}):
            memory[m] = timed(f"memory run at {m}", lambda m=m: bench.run(
                f"pipeline at {m} docs, warm server", memory_corpora[m], f"memory-{m}"))
    quotations = quotation_cost(work / "warm" / "news.duckdb")
    tone = tone_cost(work / "warm" / "news.duckdb")
    runs = [first, rerun, ephemeral]
    console.print(tables.fixed_table(fixed, server_start))
    console.print(tables.imports_table(imports))
    if phases:
        console.print(tables.bound_table(phases, lower.seconds))
        console.print(f"bound: {phases['extracted']}/{phases['documents']} documents extracted, "
                      f"{phases['entities']:,} entities, pipes {phases['pipes']}")
    console.print(tables.throughput_table(args.n, phases.get("words", 0), lower, runs))
    breakdown = {f"N={args.n}": first}
    if memory_n != args.n:
        breakdown[f"N={memory_n}"] = memory[memory_n]
    breakdown |= {"rerun": rerun, "ephemeral": ephemeral}
    console.print(tables.stages_table(breakdown))
    console.print(tables.memory_table(memory, memory_n))
    tables.print_failures([*(r for _, _, r, _ in fixed), lower, *runs, *memory.values()])
    low, high = memory[memory_n], memory[4 * memory_n]
    if memory_n != args.n:
        console.print(f"note: the memory ratio uses N = {memory_n} (--memory-n), "
                      f"not the corpus N = {args.n}")
    [seeds_warm] = [result for kind, label, result, _ in fixed
                    if kind == "run" and label == SEEDS_WARM]
    console.print(verdict("seeds, warm server s",
                          seeds_warm.seconds if seeds_warm.ok else None))
    console.print(verdict("pipeline/bound",
                          tables.ratio(first, lower, first.seconds, lower.seconds),
                          tables.pipeline_bound_target(args.n)))
    console.print(verdict("rerun/first", tables.ratio(rerun, first, rerun.seconds, first.seconds)))
    console.print(verdict("peak_rss 4N/N",
                          tables.ratio(high, low, high.peak_rss, low.peak_rss)))
    console.print(f"quotation rules on the first run's {quotations.articles} articles: "
                  f"{quotations.quotations} quotations, "
                  f"{1000 * quotations.cpu_seconds / max(quotations.articles, 1):.1f} ms CPU "
                  f"per article")
    console.print(verdict("quotations/pipeline", quotations.share_of(first)))
    console.print(f"tone on the first run's {tone.mentions} scored mentions: "
                  f"{1000 * tone.cpu_seconds / max(tone.mentions, 1):.2f} ms CPU per mention")
    console.print(verdict("tone/pipeline", tone.share_of(first)))
    for name, word in tables.STAGE_SHARES.items():
        for size, result in breakdown.items():
            if size.startswith("N=") and (found := tables.stage_share(result, word)):
                share, stages = found
                console.print(f"{verdict(name, share)}    ({size}: stages {', '.join(stages)})")
