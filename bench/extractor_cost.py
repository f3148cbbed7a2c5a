"""CPU time per HTML page of newsflow's HTML path and of the extractors it could also run.

What an extra candidate source would cost before it is built: each row runs one extractor over
every page of the folders given (`html/*.html.gz`), after a warm-up on a few pages, `--repeat`
times, and prints the median CPU milliseconds per page: trafilatura's three settings (the
precise one with metadata, as `clean_html` runs it first; the others without, as they would run
beside it), jusText's block split (the segmentation `page_text` uses) and `clean_html` itself,
whose figure includes the fallbacks it runs on some pages. One process, one core. Nothing is
asserted.

Usage: python bench/extractor_cost.py FOLDER [FOLDER ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura
from newsflow.clean.html import page_text
from newsflow.clean.linemodel import load_line_model
from newsflow.devtools.scoring import newsflow_html, read_html
from rich.console import Console
from rich.table import Table

# The line model is loaded once per worker in the pipeline: not part of a page's cost.
LINE_MODEL = load_line_model()
EXTRACTORS: dict[str, Callable[[str], object]] = {
    "trafilatura precise + metadata":
        lambda page: trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, favor_precision=True),
    "trafilatura defaults":
        lambda page: trafilatura.bare_extraction(
            page, with_metadata=False, include_comments=False),
    "trafilatura favor_recall":
        lambda page: trafilatura.bare_extraction(
            page, with_metadata=False, include_comments=False, favor_recall=True),
    "jusText blocks (page_text)": page_text,
    "newsflow clean_html": lambda page: newsflow_html(page, "page.html", LINE_MODEL),
}


def ms_per_page(extract: Callable[[str], object], pages: list[str], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.process_time()
        for page in pages:
            extract(page)
        timings.append((time.process_time() - started) * 1000 / len(pages))
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpora = [[read_html(p) for p in sorted((f / "html").glob("*.html.gz"))]
               for f in args.folders]
    table = Table(title=f"CPU ms per HTML page, median of {args.repeat} runs")
    table.add_column("extractor", no_wrap=True)
    for folder, pages in zip(args.folders, corpora, strict=True):
        table.add_column(f"{folder.name}\n{len(pages)} pages", justify="right")
    for name, extract in EXTRACTORS.items():
        for pages in corpora:
            ms_per_page(extract, pages[:5], 1)  # warm-up: imports, caches, first compilations
        table.add_row(name, *(f"{ms_per_page(extract, pages, args.repeat):.1f}"
                              for pages in corpora))
    Console().print(table)


if __name__ == "__main__":
    main()
