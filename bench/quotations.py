"""Score who-said-what on an attributed news folder (quotations-dev), through the flow's functions.

The folder holds `text/<doc>.txt`, `gold.json` and its scorer `score.py` (see its README). Each
article goes through what a run does to it, in process (no Prefect, no DuckDB): ingest's
read_document + decode, workers.analyse (cleaning, spaCy NER and the quotation rules, as on a
worker), then per chunk of `documents_per_chunk` articles the flow's entity resolution and speaker
linking (enrich.resolve_chunk, enrich.attribute_quotations). Predictions are written as the
scorer's JSON lines and scored by the folder's own score.py.

The rules' learned cue lists (quotations.toml `learned_cues`, `unlearned_cues`) were learned from
this folder, so the shipped rules' figure is a training figure. `--learn-cues` gives the honest
one: on each of five folds (drawn with a fixed seed) both lists are learned from the other four and
the fold is scored with them; the folds' predictions together are scored as the cross-validated
figure. It then prints the lists learned from every article, for quotations.toml.

Cost: CPU milliseconds per article of the quotation rules alone (find_quotes, every article
once) and of resolution and speaker linking, beside what cleaning and NER cost in the same
analysis; then, on `--parser-sample` cleaned articles, the words per second of the flow's NER
pipeline and of the same model with its dependency parser on (what a parser-based quotation
finder would need): the reason the rules do without one.

`--as-written` skips cleaning and NER: the articles as written go through the quotation rules
and parser alone, speakers as written (a few minutes; no cost line then).

Usage: python bench/quotations.py EVAL_DIR/quotations-dev [--learn-cues] [--as-written]
       [--out FILE] [--parser-sample 150]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from newsflow import enrich, ingest
from newsflow.clean import DocumentLimits
from newsflow.enrich.ner import NerSettings, load_model
from newsflow.enrich.quotations import (
    QuoteRules,
    find_article_quotes,
    find_quotes,
    marked,
    quotations_file,
    quote_rules,
)
from newsflow.enrich.quotations.parsing import parser_for
from newsflow.records import Article, CleanedArticle
from newsflow.settings import Settings
from newsflow.workers import analyse

FOLDS = 5
# How cue words are learned (quotations.toml [learning]): how often a word must open a gold cue
# in the training articles, how often its quotations must match there, and the words that open
# gold cue phrases without marking speech ("has said", "is expected").
LEARNING = quotations_file().learning
NOT_CUES = frozenset(LEARNING.not_cues)


@dataclass
class Corpus:
    """The folder's articles as the flow analyses them, with their resolved mentions."""

    articles: list[Article]
    docs_of: dict[str, list[str]]  # article id -> the folder's documents (same bytes: one)
    mentions: list[enrich.Mention]
    costs: dict[str, float]

    def predict(self, rules: QuoteRules) -> dict[str, list[dict]]:
        """Each document's quotations as the scorer reads them, speakers linked as the flow
        links them."""
        predictions: dict[str, list[dict]] = {d: [] for ds in self.docs_of.values() for d in ds}
        found, _ = find_article_quotes(self.articles, rules)
        rows, _ = enrich.attribute_quotations(self.articles, found, self.mentions)
        for row in rows:
            for doc in self.docs_of[row.article_id]:
                predictions[doc].append({"content": marked(row.content, row.direct),
                                         "speaker": row.speaker or "",
                                         "cue": row.cue or ""})
        return predictions


def as_written(paths: Sequence[Path], settings: Settings) -> Corpus:
    """The folder's articles as written, without cleaning or NER (speakers as written, none
    linked; the English model's parser as the workers run it): the quick figure, a few minutes
    where the flow's takes much longer on a shared machine."""
    model = settings.spacy_models["en"]
    articles = [replace(Article.from_cleaned(p.stem, p.name, CleanedArticle(
        title=None, text=p.read_text(encoding="utf-8"))), language="en", ner_model=model)
        for p in paths]
    return Corpus(articles, {a.article_id: [a.article_id] for a in articles}, [],
                  {"articles": len(articles), "quarantined": 0, "analyse_s": 0.0,
                   "rules_s": 0.0, "resolve_and_link_s": 0.0})


def analysed(paths: Sequence[Path], settings: Settings) -> Corpus:
    now = dt.datetime.now(dt.UTC)
    decoded = [ingest.decode(ingest.read_document(p, settings.max_document_bytes, now))
               for p in paths]
    docs_of: dict[str, list[str]] = {}
    for d, p in zip(decoded, paths, strict=True):
        docs_of.setdefault(d.raw.doc_id, []).append(p.stem)
    started = time.process_time()
    analysis = analyse(decoded, NerSettings.of(settings), DocumentLimits.of(settings))
    analysed_s = time.process_time() - started
    started = time.process_time()
    for article in analysis.articles:
        find_quotes(article.text, article.language)
    rules_s = time.process_time() - started
    started = time.process_time()
    mentions: list[enrich.Mention] = []
    size = settings.documents_per_chunk
    for first in range(0, len(analysis.articles), size):
        chunk = analysis.articles[first:first + size]
        enrichment, _ = enrich.resolve_chunk(chunk, analysis.spans, enrich.KnownEntities())
        mentions += enrichment.mentions
    enrich.attribute_quotations(analysis.articles, analysis.quotes, mentions)
    linked_s = time.process_time() - started
    costs = {"articles": len(analysis.articles), "quarantined": len(analysis.rejected),
             "analyse_s": analysed_s, "rules_s": rules_s, "resolve_and_link_s": linked_s}
    return Corpus(analysis.articles, docs_of, mentions, costs)


def scorer(folder: Path) -> ModuleType:
    """The folder's score.py as a module, for its word matching (learning cues)."""
    spec = importlib.util.spec_from_file_location("quotations_score", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def learn_cues(corpus: Corpus, docs: Sequence[str], gold: dict, score: ModuleType,
               base: QuoteRules) -> tuple[list[str], list[str]]:
    """The cue lists learned on `docs` (quotations.toml [learning]): the words that open gold
    cues often enough and whose quotations match the gold, content and speaker, often enough
    (learned); the written cues whose quotations do not (unlearned)."""
    written = set(base.languages["en"].written_cues)
    heads = Counter(words[0] for d in docs for g in gold[d]
                    if (words := g["cue"].lower().split()) and re.fullmatch(r"[a-z]+", words[0])
                    and words[0] not in NOT_CUES and words[0] not in written)
    candidates = sorted(w for w, n in heads.items() if n >= LEARNING.min_count)
    predictions = corpus.predict(base.with_learned_cues("en", candidates))
    found, matched, attributed = Counter[str](), Counter[str](), Counter[str]()
    for doc in docs:
        predicted, golds = predictions[doc], gold[doc]
        pairs = sorted(((score.f1(score.toks(p["content"]), score.toks(g["content"])), i, j)
                        for i, p in enumerate(predicted) for j, g in enumerate(golds)),
                       reverse=True)
        used_p, used_g = set(), set()
        for overlap, i, j in pairs:
            if overlap < 0.5:
                break
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
                attributed[predicted[i]["cue"]] += bool(
                    score.speaker_ok(predicted[i]["speaker"], golds[j]["source"]))
        for i, p in enumerate(predicted):
            found[p["cue"]] += 1
            matched[p["cue"]] += i in used_p

    def reliable(cue: str) -> bool:
        return (matched[cue] / found[cue] >= LEARNING.min_precision
                and attributed[cue] / found[cue] >= LEARNING.min_attribution_precision)

    learned = [w for w in candidates if found[w] >= LEARNING.min_count and reliable(w)]
    unlearned = [w for w in sorted(written) if found[w] >= LEARNING.min_count
                 and not reliable(w)]
    verbal = verbal_shares(learned, [a for a in corpus.articles
                                     if set(corpus.docs_of[a.article_id]) & set(docs)])
    return [w for w in learned if verbal[w] >= LEARNING.min_verb_share], unlearned


def verbal_shares(words: Sequence[str], articles: Sequence[Article]) -> dict[str, float]:
    """How often each word is a verb in the articles' sentences, by the dependency parse:
    words learned as cues that are mostly adverbs or nouns ("repeatedly", "suggestion") mark
    no speech of their own."""
    uses: dict[str, list[str]] = {w: [] for w in words}
    wanted = re.compile(rf"(?<![\w’'-])(?:{'|'.join(map(re.escape, words))})(?![\w’'-])")
    for article in articles:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", article.text):
            for match in wanted.finditer(sentence):
                if len(uses[match.group()]) < LEARNING.verb_share_sample:
                    uses[match.group()].append(sentence)
    parse = parser_for(articles[0].ner_model if articles else None)
    shares = {}
    for word, sentences in uses.items():
        if parse is None or not sentences:
            shares[word] = 1.0
            continue
        deps = [t.dep_ for doc in parse(sentences) for t in doc if t.text == word]
        verbs = quote_rules().parsing.verb_labels
        shares[word] = sum(d in verbs for d in deps) / len(deps) if deps else 1.0
    return shares


def score_line(folder: Path, gold: dict, predictions: dict[str, list[dict]],
               ids: Sequence[str]) -> str:
    """The folder's scorer on the given documents, its one line of figures."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_file, pred_file = Path(tmp) / "gold.json", Path(tmp) / "pred.jsonl"
        gold_file.write_text(json.dumps({i: gold[i] for i in ids}), encoding="utf-8")
        pred_file.write_text("".join(json.dumps({"id": i, "quotations": predictions.get(i, [])})
                                     + "\n" for i in ids), encoding="utf-8")
        done = subprocess.run([sys.executable, str(folder / "score.py"), str(gold_file),
                               str(pred_file)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the quotations-dev folder")
    parser.add_argument("--learn-cues", action="store_true",
                        help="cross-validate the learned cue words, then learn them from all")
    parser.add_argument("--out", type=Path, help="also write the predictions (JSON lines) here")
    parser.add_argument("--as-written", action="store_true",
                        help="score the articles as written, without cleaning or NER (quicker)")
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
    corpus = (as_written if args.as_written else analysed)(
        [args.folder / "text" / f"{i}.txt" for i in ids], settings)
    shipped = quote_rules()
    folds = [sorted(part) for part in
             (random.Random(13).sample(ids, len(ids))[k::FOLDS] for k in range(FOLDS))]
    if args.learn_cues:
        score, predictions = scorer(args.folder), {}
        for k, fold in enumerate(folds):
            training = [i for i in ids if i not in set(fold)]
            learned, unlearned = learn_cues(corpus, training, gold, score, shipped)
            fold_predictions = corpus.predict(
                shipped.with_learned_cues("en", learned, unlearned))
            predictions.update({i: fold_predictions[i] for i in fold})
            print(f"fold {k + 1}/{FOLDS}, {len(learned)} cue words learned and {len(unlearned)} "
                  f"unlearned on the other folds: "
                  f"{score_line(args.folder, gold, fold_predictions, fold)}")
        print(f"cross-validated, all {len(ids)}: {score_line(args.folder, gold, predictions, ids)}")
        learned, unlearned = learn_cues(corpus, ids, gold, score, shipped)
        print(f"learned from all {len(ids)} articles, for quotations.toml [languages.en]:\n"
              f"learned_cues ({len(learned)}) = {json.dumps(learned, ensure_ascii=False)}\n"
              f"unlearned_cues ({len(unlearned)}) = {json.dumps(unlearned, ensure_ascii=False)}")
    else:
        predictions = corpus.predict(shipped)
        print(f"shipped rules (their learned cues come from this folder: a training figure), "
              f"all {len(ids)}: {score_line(args.folder, gold, predictions, ids)}")
        for k, fold in enumerate(folds):
            print(f"fold {k + 1}/{FOLDS}: {score_line(args.folder, gold, predictions, fold)}")
    if args.out:
        args.out.write_text("".join(json.dumps({"id": i, "quotations": predictions[i]}) + "\n"
                                    for i in ids), encoding="utf-8")
    costs, n = corpus.costs, corpus.costs["articles"]
    if not args.as_written:
        print(f"articles analysed {n:.0f}, quarantined {costs['quarantined']:.0f}; CPU ms per "
              f"article: cleaning + NER + quotation rules {1000 * costs['analyse_s'] / n:.1f}, "
              f"quotation rules alone {1000 * costs['rules_s'] / n:.2f}, resolution + speaker "
              f"linking {1000 * costs['resolve_and_link_s'] / n:.1f}")
    if args.parser_sample:
        texts = [(args.folder / "text" / f"{i}.txt").read_text(encoding="utf-8")
                 for i in ids[:args.parser_sample]]
        ner, parsed = parser_cost(texts, settings.spacy_models["en"])
        print(f"spaCy on {len(texts)} articles, CPU words/s: the flow's NER {ner:,.0f}, with the "
              f"parser {parsed:,.0f} (+{ner / parsed - 1:.0%} time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
