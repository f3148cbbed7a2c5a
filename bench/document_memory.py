"""Peak memory of cleaning and NER on one long document, as one worker does it.

Generates plain-text documents a hostile or careless source may send (many short lines, a long
transcript, a page just under the line cap), then cleans and tags each in a fresh process
(workers.analyse on a chunk of one document, the settings' limits in force) and prints the
outcome and the process's peak resident memory. `--no-limits` lifts the line and character
caps, to see what cleaning and NER themselves cost on the same files.

Usage: python bench/document_memory.py [--no-limits] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsflow.settings import Settings


def short_lines(count: int) -> Callable[[], str]:
    """`count` lines of about 8 characters: the shape that made cleaning's memory explode."""
    return lambda: "".join(f"l {i:05d}\n" for i in range(count))


def transcript(chars: int) -> Callable[[], str]:
    """Speaker turns of prose with names and places, about `chars` characters."""
    def make() -> str:
        rng = random.Random(7)
        names = ["Anna Smith", "John Baker", "Maria Lopez", "Senator Jones", "Ahmed Khan"]
        places = ["London", "Berlin", "Ohio", "Nairobi", "Lima"]
        turns, size = [], 0
        while size < chars:
            turn = (f"{rng.choice(names).upper()}: I spoke with {rng.choice(names)} in "
                    f"{rng.choice(places)} about the budget, and we agreed to meet again.\n\n")
            turns.append(turn)
            size += len(turn)
        return "Hearing transcript\n\n" + "".join(turns)
    return make


DOCUMENTS: dict[str, Callable[[], str]] = {
    "200k-short-lines": short_lines(200_000),
    "750k-short-lines": short_lines(750_000),
    "49k-short-lines": short_lines(49_000),
    "transcript-1.25MB": transcript(1_250_000),
}


def analyse_one(path: Path, no_limits: bool) -> None:
    """In the child: read, decode, clean and tag one file; print the outcome and peak RSS."""
    from newsflow.clean import DocumentLimits
    from newsflow.enrich import NerSettings
    from newsflow.ingest.documents import decode, read_document
    from newsflow.workers import analyse

    settings = Settings()
    limits = (DocumentLimits(sys.maxsize, sys.maxsize) if no_limits
              else DocumentLimits.of(settings))
    document = decode(read_document(path, settings.max_document_bytes, dt.datetime.now(dt.UTC)))
    started = time.perf_counter()
    analysis = analyse([document], NerSettings.of(settings), limits)
    seconds = time.perf_counter() - started
    if analysis.articles:
        spans = sum(len(s) for s in analysis.spans.values())
        outcome = f"article of {analysis.articles[0].word_count:,} words, {spans:,} spans"
    else:
        outcome = f"quarantined: {analysis.rejected[0].reason}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.0f}\t{seconds:.1f}\t{outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-limits", action="store_true",
                        help="lift clean_max_lines and clean_max_chars")
    parser.add_argument("--only", nargs="*", choices=sorted(DOCUMENTS), default=None)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        analyse_one(args.child, args.no_limits)
        return
    print(f"{'document':<20} {'MB':>5} {'lines':>8}  {'peak RSS MB':>11} {'s':>6}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only or DOCUMENTS:
            text = DOCUMENTS[name]()
            path = Path(folder) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            command = [sys.executable, __file__, "--child", str(path)]
            result = subprocess.run(command + ["--no-limits"] * args.no_limits,
                                    capture_output=True, text=True, check=False)
            if result.returncode:
                last = (result.stderr.strip().splitlines() or ["?"])[-1]
                peak, seconds, outcome = "-", "-", f"failed: {last}"
            else:
                peak, seconds, outcome = result.stdout.strip().splitlines()[-1].split("\t")
            print(f"{name:<20} {len(text.encode()) / 1e6:>5.2f} {text.count(chr(10)):>8,}  "
                  f"{peak:>11} {seconds:>6}  {outcome}")


if __name__ == "__main__":
    main()
