"""Score who-said-what on an attributed news folder (quotations-dev), through the flow's functions.

The folder holds `text/<doc>.txt`, `gold.json` and its scorer `score.py` (see its README). Each
article goes through what a run does to it, in process (no Prefect, no DuckDB): ingest's
read_document + decode, workers.analyse (cleaning, spaCy NER and the quotation rules, as on a
worker), then per chunk of `documents_per_chunk` articles the flow's entity resolution and speaker
linking (enrich.resolve_chunk, enrich.attribute_quotations). The predictions are written as the
scorer's JSON lines and scored by the folder's own score.py, on all articles and on each of
`--folds` folds drawn with a fixed seed: nothing in the rules is fitted to this folder, so the
folds show how much the figures move between unseen fifths of it.

Cost: CPU milliseconds per article of the quotation rules alone (find_quotes, every article
once) and of speaker linking, beside what cleaning and NER cost in the same analysis; then, on
`--parser-sample` cleaned articles, the words per second of the flow's NER pipeline and of the same
model with its dependency parser on (what a parser-based quotation finder would need): the reason
the rules do without one.

Usage: python bench/quotations.py EVAL_DIR/quotations-dev [--folds 5] [--out FILE]
       [--parser-sample 150]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from newsflow import enrich, ingest
from newsflow.clean import DocumentLimits
from newsflow.enrich.ner import NerSettings, load_model
from newsflow.enrich.quotes import find_quotes
from newsflow.records import Article
from newsflow.settings import Settings
from newsflow.workers import analyse


def predict(paths: Sequence[Path], settings: Settings) -> tuple[dict[str, list[dict]], dict]:
    """Each document's quotations as the scorer reads them, and the time each step took."""
    now = dt.datetime.now(dt.UTC)
    decoded = [ingest.decode(ingest.read_document(p, settings.max_document_bytes, now))
               for p in paths]
    docs_of: dict[str, list[str]] = {}  # two files of the same bytes are one document
    for d, p in zip(decoded, paths, strict=True):
        docs_of.setdefault(d.raw.doc_id, []).append(p.stem)
    started = time.process_time()
    analysis = analyse(decoded, NerSettings.of(settings), DocumentLimits.of(settings))
    analysed = time.process_time() - started
    started = time.process_time()
    for article in analysis.articles:
        find_quotes(article.text, article.language)
    rules = time.process_time() - started
    predictions: dict[str, list[dict]] = {p.stem: [] for p in paths}
    size = settings.documents_per_chunk
    started = time.process_time()
    for first in range(0, len(analysis.articles), size):
        chunk: list[Article] = analysis.articles[first:first + size]
        enrichment, _ = enrich.resolve_chunk(chunk, analysis.spans, enrich.KnownEntities())
        rows, _ = enrich.attribute_quotations(chunk, analysis.quotes, enrichment.mentions)
        for row in rows:
            for doc in docs_of[row.article_id]:
                predictions[doc].append({"content": row.content, "speaker": row.speaker or "",
                                         "cue": row.cue or ""})
    linked = time.process_time() - started
    costs = {"articles": len(analysis.articles), "quarantined": len(analysis.rejected),
             "analyse_s": analysed, "rules_s": rules, "resolve_and_link_s": linked}
    return predictions, costs


def parser_cost(texts: Sequence[str], model: str) -> tuple[float, float]:
    """Words per second (CPU) of the flow's NER pipeline, and of the model with its parser."""
    import spacy

    with_parser = spacy.load(model, exclude=["tagger", "attribute_ruler", "lemmatizer"])
    words = sum(len(t.split()) for t in texts)
    rates = []
    for nlp in (load_model(model), with_parser):
        list(nlp.pipe(texts[:5]))  # warm up
        started = time.process_time()
        list(nlp.pipe(texts, batch_size=8))
        rates.append(words / (time.process_time() - started))
    return rates[0], rates[1]


def score(folder: Path, gold: dict, predictions: dict[str, list[dict]], ids: Sequence[str]
          ) -> str:
    """The folder's scorer on the given documents, its one line of figures."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_file, pred_file = Path(tmp) / "gold.json", Path(tmp) / "pred.jsonl"
        gold_file.write_text(json.dumps({i: gold[i] for i in ids}), encoding="utf-8")
        pred_file.write_text("".join(json.dumps({"id": i, "quotations": predictions.get(i, [])})
                                     + "\n" for i in ids), encoding="utf-8")
        done = subprocess.run([sys.executable, str(folder / "score.py"), str(gold_file),
                               str(pred_file)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the quotations-dev folder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the predictions (JSON lines) here")
    parser.add_argument("--parser-sample", type=int, default=150,
                        help="articles to time the parser on (0: skip)")
    args = parser.parse_args(argv)
    if not (args.folder / "gold.json").is_file():
        print(f"{args.folder}: no gold.json here (is it the quotations-dev folder?)",
              file=sys.stderr)
        return 2
    gold = json.loads((args.folder / "gold.json").read_text(encoding="utf-8"))
    ids = sorted(gold)
    settings = Settings()
    predictions, costs = predict([args.folder / "text" / f"{i}.txt" for i in ids], settings)
    if args.out:
        args.out.write_text("".join(json.dumps({"id": i, "quotations": predictions[i]}) + "\n"
                                    for i in ids), encoding="utf-8")
    print(f"all {len(ids)}: {score(args.folder, gold, predictions, ids)}")
    shuffled = random.Random(13).sample(ids, len(ids))
    for fold in range(args.folds):
        part = sorted(shuffled[fold::args.folds])
        print(f"fold {fold + 1}/{args.folds}: {score(args.folder, gold, predictions, part)}")
    n = costs["articles"]
    print(f"articles analysed {n}, quarantined {costs['quarantined']}; CPU ms per article: "
          f"cleaning + NER + quotation rules {1000 * costs['analyse_s'] / n:.1f}, quotation rules "
          f"alone {1000 * costs['rules_s'] / n:.2f}, resolution + speaker linking "
          f"{1000 * costs['resolve_and_link_s'] / n:.1f}")
    if args.parser_sample:
        texts = [(args.folder / "text" / f"{i}.txt").read_text(encoding="utf-8")
                 for i in ids[:args.parser_sample]]
        ner, parsed = parser_cost(texts, settings.spacy_models["en"])
        print(f"spaCy on {len(texts)} articles, CPU words/s: the flow's NER {ner:,.0f}, with the "
              f"parser {parsed:,.0f} (+{ner / parsed - 1:.0%} time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
