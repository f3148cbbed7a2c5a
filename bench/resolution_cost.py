"""CPU time of entity resolution alone (enrich.resolve_chunk, what the flow's process runs on
each chunk), on documents generated as bench/throughput.py generates them.

The documents are cleaned and tagged once, in this process, by the workers' own function
(workers.analyse, in a run's chunks: at most documents_per_chunk at a time); the look-ups
resolution loads once per process (enrich.load_resolution_data) are loaded before the clock
starts; then every chunk is resolved against an empty warehouse, `--repeat` times, and the
fastest pass is printed.
`--profile` prints cProfile's top functions of one more pass. Figures are CPU seconds
(time.process_time), indicative on a shared machine.

Usage: python bench/resolution_cost.py EVAL_DIR [--n 300] [--repeat 3] [--profile 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from newsflow import enrich
from newsflow.devtools.throughput import corpus
from newsflow.devtools.throughput.analysed import analysed_chunks
from newsflow.settings import run_settings
from newsflow.workers import Analysis


def generated_analyses(eval_dir: Path, n: int) -> list[Analysis]:
    """n generated documents' analyses, a chunk at a time."""
    with tempfile.TemporaryDirectory(prefix="newsflow-resolution-") as work:
        folder = corpus.build_corpus(corpus.load_templates(eval_dir), n, Path(work) / "corpus")
        settings = run_settings([str(folder)], None, None, str(Path(work) / "news.duckdb"))
        return [analysis for _, analysis in analysed_chunks(settings)]


def resolve_all(chunks: list[Analysis]) -> int:
    mentions = 0
    for chunk in chunks:
        enrichment, _ = enrich.resolve_chunk(chunk.articles, chunk.spans, enrich.KnownEntities())
        mentions += len(enrichment.mentions)
    return mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="folder with html/*.html.gz and text/*.txt")
    parser.add_argument("--n", type=int, default=300, help="documents generated")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (fastest printed)")
    parser.add_argument("--profile", type=int, default=0, help="print this many functions")
    args = parser.parse_args()
    chunks = generated_analyses(args.eval_dir, args.n)
    articles = sum(len(c.articles) for c in chunks)
    enrich.load_resolution_data()
    passes = []
    for _ in range(args.repeat):
        started = time.process_time()
        mentions = resolve_all(chunks)
        passes.append(time.process_time() - started)
    best = min(passes)
    print(f"{args.n} documents, {articles} articles, {len(chunks)} chunks, {mentions} mentions: "
          f"resolve_chunk {best:.2f} s CPU (fastest of {args.repeat}), "
          f"{1000 * best / max(articles, 1):.2f} ms per article")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(resolve_all, chunks)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
