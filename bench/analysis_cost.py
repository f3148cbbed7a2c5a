"""CPU time of the workers' analysis (workers.analyse) by part, beside the bound's extract + NER
on the same documents, on documents generated as bench/throughput.py generates them.

Every model a worker loads is loaded before the clock starts. Then each chunk of
documents_per_chunk documents goes through `analyse` in this process, with each part's calls
timed by a thin wrapper (time.process_time): trafilatura's extraction, the line model (features
and trees, `choose_lines`), the rest of cleaning, NER (`tag_articles`), the quotation rules and
the dependency parse of their cue sentences, tone, and the article tables' producers. Then the
bound's work on the same files: `trafilatura.extract` (a .txt wrapped one <p> a line) and the
NER pipes over the extracted texts, in one process. `--profile` prints cProfile's top functions
of one more pass of `analyse`. Figures are CPU seconds of one process, indicative on a shared
machine.

Usage: python bench/analysis_cost.py EVAL_DIR [--n 200] [--profile 30]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import trafilatura
from newsflow import ingest, workers
from newsflow.clean import DocumentLimits
from newsflow.clean import html as clean_html_module
from newsflow.clean import text as clean_text_module
from newsflow.clean.linemodel import load_line_model
from newsflow.clean.metadata import MIN_LANGUAGE_CHARS, detect_language
from newsflow.devtools.throughput import corpus
from newsflow.devtools.throughput.bound import MODEL, extracted_texts
from newsflow.enrich.ner import NerSettings, load_model
from newsflow.enrich.quotations import finding
from newsflow.enrich.tone import tone_model
from newsflow.enrich.tone.features import lexicon, tone_file
from newsflow.records import DecodedDocument
from newsflow.settings import Settings

# The parts, each a function that a module calls by the name it is patched under here.
PARTS: dict[str, list[tuple[Any, str]]] = {
    "cleaning": [(workers, "clean_documents")],
    "trafilatura": [(trafilatura, "bare_extraction")],
    "line model": [(clean_text_module, "choose_lines"), (clean_html_module, "choose_lines")],
    "NER": [(workers, "tag_articles")],
    "quotations": [(workers, "find_article_quotes")],
    "tone": [(workers, "tone_spans")],
    "producers": [(workers, "_produced")],
}


@contextmanager
def timed_parts(spent: dict[str, float]) -> Iterator[None]:
    """Each part's functions wrapped to add their CPU time to spent[part] (outermost call
    only), and the quotation parse timed where finding.py asks for a parser."""
    originals: list[tuple[Any, str, Any]] = []

    def timing(part: str, function: Callable) -> Callable:
        depth = 0

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            nonlocal depth
            depth += 1
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                depth -= 1
                if depth == 0:
                    spent[part] += time.process_time() - started

        return wrapper

    def timed_parser(*args: Any, **kwargs: Any) -> Any:
        parser = original_parser(*args, **kwargs)
        return None if parser is None else timing("quotation parse", parser)

    for part, places in PARTS.items():
        for module, name in places:
            function = getattr(module, name)
            originals.append((module, name, function))
            setattr(module, name, timing(part, function))
    original_parser = finding.language_parser
    originals.append((finding, "language_parser", original_parser))
    finding.language_parser = timed_parser
    try:
        yield
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def documents(eval_dir: Path, n: int, settings: Settings, folder: Path
              ) -> list[DecodedDocument]:
    now = dt.datetime.now(dt.UTC)
    corpus.build_corpus(corpus.load_templates(eval_dir), n, folder)
    return [ingest.decode(ingest.read_document(p, settings.max_document_bytes, now))
            for p in sorted(folder.iterdir())]


def analyse_all(decoded: list[DecodedDocument], settings: Settings) -> int:
    size, ner, limits = (settings.documents_per_chunk, NerSettings.of(settings),
                         DocumentLimits.of(settings))
    return sum(len(workers.analyse(decoded[i:i + size], ner, limits).articles)
               for i in range(0, len(decoded), size))


def bound_cpu(folder: Path) -> tuple[float, float]:
    """The bound's extract and NER CPU seconds on the files (bound.py's work, one process)."""
    started = time.process_time()
    texts = extracted_texts(folder)
    extracted = time.process_time()
    for _ in load_model(MODEL).pipe(texts, batch_size=32):
        pass
    return extracted - started, time.process_time() - extracted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="folder with html/*.html.gz and text/*.txt")
    parser.add_argument("--n", type=int, default=200, help="documents generated")
    parser.add_argument("--profile", type=int, default=0, help="print this many functions")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="newsflow-analysis-") as work:
        decoded = documents(args.eval_dir, args.n, settings, Path(work))
        load_line_model(), detect_language(" " * MIN_LANGUAGE_CHARS), tone_model()
        tone_file(), lexicon()  # what a worker loads as it starts (workers._prepare_worker)
        analyse_all(decoded[:2], settings)  # and on its first chunk (spaCy, the parser)
        spent: dict[str, float] = defaultdict(float)
        with timed_parts(spent):
            started = time.process_time()
            articles = analyse_all(decoded, settings)
            total = time.process_time() - started
        extract, ner = bound_cpu(Path(work))
    rows = [
        ("trafilatura", spent["trafilatura"]),
        ("line model (features, trees)", spent["line model"]),
        ("rest of cleaning", spent["cleaning"] - spent["trafilatura"] - spent["line model"]),
        ("NER", spent["NER"]),
        ("quotation rules", spent["quotations"] - spent["quotation parse"]),
        ("quotation parse", spent["quotation parse"]),
        ("tone", spent["tone"]),
        ("producers", spent["producers"]),
    ]
    rows.append(("rest of analyse", total - sum(s for _, s in rows)))
    print(f"{args.n} documents, {articles} articles: analyse {total:.2f} s CPU, "
          f"{1000 * total / args.n:.1f} ms a document")
    print("| part | CPU s | share | ms a document |\n|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} | "
              f"{1000 * seconds / args.n:.1f} |")
    print(f"bound on the same files: extract {extract:.2f} s + NER {ner:.2f} s = "
          f"{extract + ner:.2f} s CPU; analyse / bound {total / (extract + ner):.2f}")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(analyse_all, decoded, settings)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
