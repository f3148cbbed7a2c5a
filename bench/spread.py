"""What clustering quotations by speaker and words (enrich/spread.py) costs per 1,000 quotations.

The quotations are the gold attributions of an attributed news folder (quotations-dev:
`gold.json`, `{doc: [{"content", "source", ...}]}`), each source as written (lower-cased)
standing for its speaker entity, so "he" and "Trump" are speakers with thousands of quotations
each: the index's worst case, not a friendly one. Articles go through `SpreadIndex.assign` in
chunks of `--chunk` as a run's chunks do, into one index that grows with them.

For each prefix of N quotations (doubling), it prints the CPU milliseconds per 1,000 quotations:
flat figures mean the cost grows linearly with N, as the index is meant to make it (all pairs of
one speaker's quotations would grow with N²).

It then counts the clusters that span more than one of the folder's own articles (the same
words of the same source carried by several articles, as printed, without the planted ones).
It also plants copies of `--planted` quotations of at least 10 words in articles of their own,
as other outlets would carry them (the same words between other marks; a fragment of 6-8
words; one word changed, one dropped), and prints the share of the copies that joined their
original's cluster. The copies are made by rule, so that share says the matcher finds what it
is meant to find; it is no measure of clustering on real spread.

Usage: python bench/spread.py EVAL_DIR/quotations-dev [--chunk 100] [--planted 300]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsflow.enrich.spread import ClusterMember, SpreadIndex, normalised_words
from newsflow.records import Article

SEED = 39
SWAPS = {"will": "would", "not": "never", "we": "they", "the": "this", "is": "was"}


@dataclass(frozen=True)
class Said:
    """The columns of a quotations row that clustering reads."""

    quote_id: str
    article_id: str
    content: str
    speaker_entity_id: str | None
    start_char: int


def quotation(article_id: str, number: int, content: str, speaker: str | None) -> Said:
    return Said(f"{article_id}:{number}", article_id, content, speaker, number)


def article(article_id: str) -> Article:
    return Article(article_id, article_id, title=None, text="", language="en")


def gold_articles(folder: Path) -> list[tuple[Article, list[Said]]]:
    """Each gold article with its attributions as quotations of its sources."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return [(article(doc), [quotation(doc, i, g["content"], g["source"].strip().lower() or None)
                            for i, g in enumerate(attributions)])
            for doc, attributions in sorted(gold.items())]


def copies(original: Said, rng: random.Random) -> list[str]:
    """Another outlet's copies: other marks, a fragment, one word changed, one word dropped."""
    words = original.content.strip("“”\"' ").split()
    size = rng.randint(6, 8)
    start = rng.randint(0, len(words) - size)
    swapped = list(words)
    at = rng.randrange(len(words))
    swapped[at] = SWAPS.get(swapped[at].lower(), "indeed")
    dropped = words[:at] + words[at + 1:]
    return [f"« {' '.join(words)} »", f"'{' '.join(words[start:start + size])}'",
            " ".join(swapped), " ".join(dropped)]


def planted_articles(pairs: list[tuple[Article, list[Said]]], count: int, rng: random.Random
                     ) -> tuple[list[tuple[Article, list[Said]]], dict[str, str]]:
    """Articles carrying copies of `count` long quotations, and each copy's original."""
    long = [q for _, quotes in pairs for q in quotes
            if q.speaker_entity_id and len(normalised_words(q.content)) >= 10]
    planted, original_of = [], {}
    for number, original in enumerate(rng.sample(long, min(count, len(long)))):
        doc = f"planted-{number:05d}"
        quotes = [quotation(doc, i, text, original.speaker_entity_id)
                  for i, text in enumerate(copies(original, rng))]
        planted.append((article(doc), quotes))
        original_of.update({q.quote_id: original.quote_id for q in quotes})
    return planted, original_of


def cluster(pairs: Sequence[tuple[Article, list[Said]]], chunk: int
            ) -> tuple[list[ClusterMember], float]:
    """Every quotation's cluster, chunk by chunk into one index, and the CPU seconds it took."""
    index, members = SpreadIndex(), []
    started = time.process_time()
    for at in range(0, len(pairs), chunk):
        part = pairs[at:at + chunk]
        members += index.assign([a for a, _ in part], [q for _, quotes in part for q in quotes])
    return members, time.process_time() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="quotations-dev (gold.json)")
    parser.add_argument("--chunk", type=int, default=100, help="articles per chunk")
    parser.add_argument("--planted", type=int, default=300, help="quotations copied")
    args = parser.parse_args(argv)

    rng = random.Random(SEED)
    pairs = gold_articles(args.folder)
    planted, original_of = planted_articles(pairs, args.planted, rng)
    everything = pairs + planted
    rng.shuffle(everything)
    total = sum(len(quotes) for _, quotes in everything)

    print(f"{'quotations':>10} {'speakers':>8} {'CPU ms/1,000':>12} {'clusters >1':>11}")
    limit = 1000
    while True:
        prefix, count = [], 0
        for pair in everything:
            if count >= limit:
                break
            prefix.append(pair)
            count += len(pair[1])
        members, seconds = cluster(prefix, args.chunk)
        sizes = Counter(m.quote_cluster_id for m in members)
        speakers = len({q.speaker_entity_id for _, quotes in prefix for q in quotes
                        if q.speaker_entity_id})
        print(f"{count:>10,} {speakers:>8,} {1000 * seconds / count * 1000:>12.1f} "
              f"{sum(size > 1 for size in sizes.values()):>11,}")
        if count >= total:
            break
        limit = min(limit * 2, total)

    kinds = Counter(m.match for m in members)
    cluster_of = {m.quote_id: m.quote_cluster_id for m in members}
    joined = sum(cluster_of.get(copy) == cluster_of.get(original)
                 for copy, original in original_of.items())
    articles_of: dict[str, set[str]] = {}
    for m in members:
        if not m.article_id.startswith("planted-"):
            articles_of.setdefault(m.quote_cluster_id, set()).add(m.article_id)
    print(f"matches: {dict(sorted(kinds.items()))}")
    print(f"clusters spanning more than one gold article: "
          f"{sum(len(ids) > 1 for ids in articles_of.values())}")
    print(f"planted copies in their original's cluster: {joined} of {len(original_of)} "
          f"({joined / max(1, len(original_of)):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
