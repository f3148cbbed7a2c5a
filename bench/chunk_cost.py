"""CPU time of the flow process's work on each chunk, step by step: what flow.enrich_and_stage
does with a chunk the workers hand back (entity resolution, speaker linking, mention tones,
story grouping, quotation clustering, staging) and the run's entity catalog, on documents
generated as bench/throughput.py generates them.

The documents are ingested and analysed once, in this process (workers.analyse, in a run's
chunks: at most documents_per_chunk at a time). What the flow's process loads before its first
chunk (its imports, the resolution look-ups, the tone model, datasketch, the validation suites)
is loaded before the clock starts and, as a run does, frozen out of the garbage collector's full
scans (`--no-freeze`: left in them, as runs did before). Then every chunk goes through the steps
against an empty warehouse, `--repeat` times: each step's CPU seconds (time.process_time)
summed over the chunks, the mean over passes, and the CPU the collector took during the passes.
`--profile K` prints cProfile's top K functions of one more pass. Indicative on a shared machine:
compare versions on the same machine, one after the other.

Usage: python bench/chunk_cost.py EVAL_DIR [--n 200] [--repeat 3] [--profile 25] [--no-freeze]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsflow import enrich, quality, warehouse
from newsflow.devtools.throughput import corpus
from newsflow.devtools.throughput.analysed import analysed_chunks
from newsflow.enrich.tone import tone_model
from newsflow.enrich.tone.features import lexicon
from newsflow.enrich.tone.mentions import mention_tones
from newsflow.ingest import seen
from newsflow.records import TableRows
from newsflow.settings import Settings, run_settings
from newsflow.workers import Analysis

STEPS = ("resolution", "speakers", "tones", "stories", "quotation clusters", "staging",
         "catalog", "entities (once a run)")


class Steps:
    """CPU seconds by step, summed over the chunks and passes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.process_time()
        yield
        self.seconds[name] += time.process_time() - started


def one_pass(chunks: list[tuple[seen.IngestedChunk, Analysis]], settings: Settings,
             steps: Steps) -> None:
    """Every chunk through the flow's steps, as flow.enrich_and_stage calls them, against an
    empty warehouse."""
    store = warehouse.for_settings(settings)
    published, catalog = store.published_index(), enrich.EntityCatalog()
    store.start_batch()
    for chunk, analysis in chunks:
        with steps.step("resolution"):
            enrichment, held = enrich.resolve_chunk(analysis.articles, analysis.spans,
                                                    published.entities)
        gone = {q.doc_id for q in held}
        articles = [a for a in analysis.articles if a.article_id not in gone]
        with steps.step("speakers"):
            quotations, _ = enrich.attribute_quotations(articles, analysis.quotes,
                                                        enrichment.mentions)
        with steps.step("tones"):
            tones, _ = mention_tones(articles, enrichment.mentions, analysis.tones)
        with steps.step("stories"):
            members, signatures = published.story_index.assign(articles)
        with steps.step("quotation clusters"):
            clusters = published.spread_index.assign(articles, quotations)
        rows = [TableRows("articles", articles), *enrichment.rows,
                TableRows("stories", members), TableRows("article_minhashes", signatures),
                TableRows("quotations", quotations), TableRows("quote_clusters", clusters),
                TableRows("mention_tones", tones), *analysis.rows]
        with steps.step("staging"):
            warehouse.stage_chunk(store.stage, chunk.rows, rows)
        with steps.step("catalog"):
            catalog.add(enrichment.mentions)
    with steps.step("entities (once a run)"):
        store.stage({"entities": catalog.entities()})
    store.discard_batch()


class CollectorTime:
    """CPU seconds the garbage collector takes, from its start and stop callbacks."""

    def __init__(self) -> None:
        self.seconds, self._started = 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.thread_time()
        else:
            self.seconds += time.thread_time() - self._started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="folder with html/*.html.gz and text/*.txt")
    parser.add_argument("--n", type=int, default=200, help="documents generated")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (mean printed)")
    parser.add_argument("--profile", type=int, default=0, help="print this many functions")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave what was loaded in the collector's full scans")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsflow-chunk-cost-") as work:
        folder = corpus.build_corpus(corpus.load_templates(args.eval_dir), args.n,
                                     Path(work) / "corpus")
        settings = run_settings([str(folder)], None, None, str(Path(work) / "news.duckdb"))
        chunks = analysed_chunks(settings)
        import datasketch  # noqa: F401  (the flow's preload imports it)
        import newsflow.flow  # noqa: F401  (the flow's own imports: Prefect)
        enrich.load_resolution_data()
        tone_model()
        lexicon()
        quality.prepare_validation(settings.gx_root, settings.expectations_dir)
        if not args.no_freeze:
            gc.freeze()
        collector, steps = CollectorTime(), Steps()
        for _ in range(args.repeat):
            one_pass(chunks, settings, steps)
        seconds = steps.seconds
        articles = sum(len(a.articles) for _, a in chunks)
        print(f"{args.n} documents, {articles} articles, {len(chunks)} chunks; CPU s a pass, "
              f"mean of {args.repeat}{'' if args.no_freeze else ', what was loaded frozen'}:")
        for step in STEPS:
            print(f"  {step:22} {seconds[step] / args.repeat:6.3f}")
        print(f"  {'all steps':22} {sum(seconds.values()) / args.repeat:6.3f}"
              f"  (of which garbage collection {collector.seconds / args.repeat:.3f})")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(one_pass, chunks, settings, Steps())
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        gc.unfreeze()


if __name__ == "__main__":
    main()
