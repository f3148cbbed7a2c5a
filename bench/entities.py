"""Score entity types on an annotated news folder (entities-dev): persons, places, organisations.

The folder holds `text/<id>.txt` and `gold.json` ({id: {PERSON: [...], LOC: [...], ORG: [...]}}).
Each article goes through the flow's own functions, in process (no Prefect, no DuckDB):
ingest.read_document + ingest.decode, workers.analyse (cleaning and spaCy NER) and
enrich.resolve_chunk (names, labels and type checks; a chunk of documents_per_chunk
articles at a time, the function the flow calls on each chunk). The same articles are also run with
cleaning bypassed (the file's text as the article), and the model's raw PERSON spans are scored
on both texts, so the resolution's effect is measured on the same words.

Scoring follows the folder's README: per article, the set of person names (lower-cased) against
the gold set, micro precision and recall over (article, person) pairs. The pipeline's names are
its resolved `entity_mentions.name`; the raw model's spans get the gold's folding (a name is folded
to the longest person name of the article that ends with it). LOC and ORG compare the mention
texts as written; label mapping: GPE, LOC, FAC -> LOC; ORG -> ORG (NORP and the rest are CoNLL's
MISC, not scored).

`--folds K` cross-validates the settings of the type checks (TypeRules): the on/off switches and
the agreement thresholds. On each fold the setting with the best person F1 on the other folds is
chosen and scored on the fold, so the figure printed as held-out is never tuned on the articles it
is measured on (folds drawn with a fixed seed).

It also counts the cleaned articles that got a title and an outlet (wire copy: headline in
capitals or above a dateline, agency credit in the dateline).

Usage: python bench/entities.py EVAL_DIR [--folds 5] [--errors N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsflow import enrich, ingest
from newsflow.clean import DocumentLimits
from newsflow.enrich.ner import NerSettings, Span, find_spans
from newsflow.enrich.typecheck import TypeRules, type_rules
from newsflow.records import Article
from newsflow.settings import Settings
from newsflow.workers import analyse
from rich.console import Console
from rich.table import Table

LOC_LABELS = {"GPE", "LOC", "FAC"}
ORG_LABELS = {"ORG"}
Pairs = set[tuple[str, str]]  # (article, name)


@dataclass(frozen=True)
class Tagged:
    """One way of producing an article's text, with the model's spans on it."""

    name: str
    articles: list[tuple[str, Article, list[Span]]]  # (gold id, article, spans)


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def score(predicted: Pairs, gold: Pairs) -> Score:
    return Score(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def fold_surnames(names: Iterable[str]) -> set[str]:
    """Each name folded to the longest name of the set that ends with it (the gold's folding)."""
    names = {" ".join(n.lower().split()) for n in names}
    folded = set()
    for name in names:
        owners = [o for o in names if o == name or o.endswith(" " + name)]
        folded.add(max(owners, key=lambda o: (len(o.split()), o)))
    return folded


def gold_pairs(gold: dict, ids: Iterable[str], label: str) -> Pairs:
    if label == "PERSON":
        return {(i, n) for i in ids for n in gold[i]["PERSON"]}
    return {(i, " ".join(n.split())) for i in ids for n in gold[i][label]}


def raw_pairs(tagged: Tagged, ids: set[str]) -> dict[str, Pairs]:
    """The model's own spans, labels mapped, persons folded as the gold is."""
    out: dict[str, Pairs] = {"PERSON": set(), "LOC": set(), "ORG": set()}
    for gid, _, spans in tagged.articles:
        if gid not in ids:
            continue
        persons = [enrich.names.normalise_name(s.text) for s in spans if s.label == "PERSON"]
        out["PERSON"] |= {(gid, n) for n in fold_surnames(p for p in persons if p)}
        for s in spans:
            text = " ".join(s.text.split())
            if s.label in LOC_LABELS:
                out["LOC"].add((gid, text))
            elif s.label in ORG_LABELS:
                out["ORG"].add((gid, text))
    return out


def pipeline_pairs(tagged: Tagged, ids: set[str], rules: TypeRules) -> dict[str, Pairs]:
    """The flow's resolution (with these type rules) over the articles, a chunk of
    documents_per_chunk articles at a time as a first run into an empty warehouse resolves them."""
    chosen = [(gid, a, s) for gid, a, s in tagged.articles if gid in ids]
    gid_of = {a.article_id: gid for gid, a, _ in chosen}
    size = Settings().documents_per_chunk
    mentions = []
    for first in range(0, len(chosen), size):
        chunk = chosen[first:first + size]
        resolved, _ = enrich.resolve_chunk([a for _, a, _ in chunk],
                                           {a.article_id: s for _, a, s in chunk},
                                           enrich.KnownEntities(), rules)
        mentions += resolved.mentions
    out: dict[str, Pairs] = {"PERSON": set(), "LOC": set(), "ORG": set()}
    for m in mentions:
        gid = gid_of[m.article_id]
        if m.label == "PERSON":
            out["PERSON"].add((gid, m.name.lower()))
        elif m.label in LOC_LABELS:
            out["LOC"].add((gid, " ".join(m.mention_text.split())))
        elif m.label in ORG_LABELS:
            out["ORG"].add((gid, " ".join(m.mention_text.split())))
    return out


def load_cleaned(paths: Sequence[Path], settings: Settings) -> Tagged:
    """Ingest, clean and tag as the flow does; a quarantined article predicts nothing."""
    now = dt.datetime.now(dt.UTC)
    decoded = [ingest.decode(ingest.read_document(p, settings.max_document_bytes, now))
               for p in paths]
    analysis = analyse(decoded, NerSettings.of(settings), DocumentLimits.of(settings))
    gid_of = {d.raw.doc_id: p.stem for d, p in zip(decoded, paths, strict=True)}
    return Tagged("cleaned", [(gid_of[a.article_id], a, analysis.spans.get(a.article_id, []))
                              for a in analysis.articles])


def load_raw(paths: Sequence[Path], settings: Settings) -> Tagged:
    """The file's text as the article (cleaning bypassed), tagged by the same model."""
    articles = [Article(p.stem, str(p), title=None, text=p.read_text(encoding="utf-8"),
                        language="en") for p in paths]
    spans = find_spans([a.text for a in articles], settings.spacy_models["en"],
                       tuple(settings.entity_labels), settings.spacy_batch_size)
    return Tagged("raw", [(a.article_id, a, s) for a, s in zip(articles, spans, strict=True)])


AGREEMENT_MIN_ARTICLES = (1, 2, 3)
AGREEMENT_SHARES = (0.5, 0.75, 0.9)


def rule_settings(base: TypeRules) -> list[TypeRules]:
    """The switches as in heuristics.toml, each switch flipped alone, and, with the switches as
    in heuristics.toml, every pair of agreement thresholds of the grids above (every on/off
    combination of seven switches would be 128 settings a fold)."""
    return [base] + [replace(base, **{name: not on}) for name, on in base.switches().items()] + [
        replace(base, agreement_min_articles=n, agreement_share=share)
        for n in AGREEMENT_MIN_ARTICLES for share in AGREEMENT_SHARES]


def describe(rules: TypeRules) -> str:
    off = [n for n, on in rules.switches().items() if not on]
    return (f"off: {', '.join(off) or 'none'}, agreement >= {rules.agreement_min_articles} "
            f"articles and {rules.agreement_share:.0%}")


def cross_validate(tagged: Tagged, gold: dict, ids: list[str], folds: int,
                   base: TypeRules) -> tuple[Score, list[str]]:
    """Held-out person score: each fold scored with the setting best on the other folds."""
    shuffled = sorted(ids)
    random.Random(17).shuffle(shuffled)
    parts = [set(shuffled[k::folds]) for k in range(folds)]
    candidates = rule_settings(base)
    held_out = Score(0, 0, 0)
    chosen = []
    for k, test in enumerate(parts):
        train = set(ids) - test
        gold_train = gold_pairs(gold, train, "PERSON")
        best = max(candidates, key=lambda r: (
            score(pipeline_pairs(tagged, train, r)["PERSON"], gold_train).f1,
            sum(r.switches().values())))
        held_out += score(pipeline_pairs(tagged, test, best)["PERSON"],
                          gold_pairs(gold, test, "PERSON"))
        chosen.append(f"fold {k + 1}: {describe(best)}")
    return held_out, chosen


def show_errors(console: Console, predicted: Pairs, gold: Pairs, limit: int) -> None:
    for title, rows in (("false persons", predicted - gold), ("missed persons", gold - predicted)):
        console.print(f"[bold]{title}[/] ({len(rows)}): " + "; ".join(
            f"{i}:{n}" for i, n in sorted(rows)[:limit]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--folds", type=int, default=5, help="0: no cross-validation")
    parser.add_argument("--errors", type=int, default=0, help="list up to N person errors")
    args = parser.parse_args(argv)
    gold = json.loads((args.eval_dir / "gold.json").read_text(encoding="utf-8"))
    paths = sorted(p for p in (args.eval_dir / "text").glob("*.txt") if p.stem in gold)
    ids = [p.stem for p in paths]
    settings = Settings()
    rules = type_rules()
    console = Console(width=140)
    started = time.perf_counter()
    runs = [load_cleaned(paths, settings), load_raw(paths, settings)]
    console.print(f"{len(paths)} articles tagged twice in {time.perf_counter() - started:.1f} s "
                  f"(model {settings.spacy_models['en']})")
    cleaned = [a for _, a, _ in runs[0].articles]
    titles, outlets = sum(bool(a.title) for a in cleaned), sum(bool(a.outlet) for a in cleaned)
    console.print(f"cleaned articles with a title: {titles}/{len(paths)}, with an outlet: "
                  f"{outlets}/{len(paths)}")
    table = Table(title="entities: micro P/R over (article, name) pairs")
    for column in ("text", "method", "PERSON P", "PERSON R", "PERSON F1", "LOC P", "LOC R",
                   "ORG P", "ORG R"):
        table.add_column(column, justify="left" if column in ("text", "method") else "right")
    every = set(ids)
    methods: list[tuple[str, Callable[[Tagged], dict[str, Pairs]]]] = [
        ("raw model", lambda t: raw_pairs(t, every)),
        ("pipeline, no type checks", lambda t: pipeline_pairs(t, every, rules.all_off())),
        ("pipeline", lambda t: pipeline_pairs(t, every, rules)),
    ]
    for run in runs:
        for name, method in methods:
            predicted = method(run)
            cells = []
            for label in ("PERSON", "LOC", "ORG"):
                s = score(predicted[label], gold_pairs(gold, every, label))
                cells += [f"{s.precision:.3f}", f"{s.recall:.3f}"]
                if label == "PERSON":
                    cells.append(f"{s.f1:.3f}")
            table.add_row(run.name, name, *cells)
            if name == "pipeline" and args.errors:
                console.print(f"[bold]{run.name} text[/]")
                show_errors(console, predicted["PERSON"], gold_pairs(gold, every, "PERSON"),
                            args.errors)
    console.print(table)
    if args.folds > 1:
        for run in runs:
            held_out, chosen = cross_validate(run, gold, ids, args.folds, rules)
            console.print(f"{run.name} text, {args.folds}-fold held-out PERSON: "
                          f"P {held_out.precision:.3f} R {held_out.recall:.3f} "
                          f"F1 {held_out.f1:.3f}")
            for line in chosen:
                console.print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
