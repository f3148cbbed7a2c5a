"""Tone toward a target: cross-validated figures on tone-dev, or predictions for any file.

Figures: 5 folds grouped by sentence (a sentence's targets never straddle folds); each fold is
scored by a model fitted on the other four, through `ToneModel.tone`, the function the flow
calls. Prints each fold's macro F1 and the mean; `--curve` the mean when the model is fitted on
a share of the training folds' sentences; `--ablation` the mean with each feature family left
out (and with the masked sentence's words alone); `--grid` the mean for other values of the
linear SVM's C; `--nested` the mean when naive Bayes' weight beside the SVM is chosen, for each
fold, by cross-validation within its training folds alone.

`--predict FILE.jsonl` reads any file in NewsMTSC's format and prints one JSON line per target,
`{"gid": ..., "polarity": "negative|neutral|positive"}`, from the model shipped in the package
(newsflow.enrich.tone.target_tone, as on the workers); score it with tone-dev's score.py.

Usage: python bench/tone.py EVAL_DIR/tone-dev [--curve] [--ablation] [--grid] [--nested]
       python bench/tone.py --predict FILE.jsonl > predictions.jsonl
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from newsflow.devtools.tonetraining import (
    SEED,
    C,
    ToneTarget,
    held_out_f1,
    read_targets,
    splits,
    subsample,
)
from newsflow.enrich.tone import target_tone
from newsflow.enrich.tone.features import FAMILIES

CURVE_SHARES = (0.25, 0.5, 0.75)
GRID = (0.001, 0.003, 0.01, 0.03)
NB_WEIGHTS = (0.5, 1.0, 2.0, 4.0)


def cross_validated(targets: Sequence[ToneTarget], families: Collection[str] = FAMILIES,
                    c: float = C, share: float = 1.0,
                    report: Callable[[int, float], None] | None = None) -> float:
    """The mean over the folds of each held-out fold's macro F1."""
    scores = []
    for fold, train, test in splits(targets):
        scores.append(held_out_f1(subsample(train, share) if share < 1 else train, test,
                                  families, c))
        if report:
            report(fold, scores[-1])
    return statistics.mean(scores)


def nested(targets: Sequence[ToneTarget], report: Callable[[int, float, float], None]) -> float:
    """The mean over the folds of each held-out fold's macro F1, naive Bayes' weight chosen by
    an inner cross-validation on that fold's training targets only (other fold seeds)."""
    scores = []
    for fold, train, test in splits(targets):
        inner = {w: statistics.mean(held_out_f1(fit_on, check, nb_weight=w)
                                    for _, fit_on, check in splits(train, seed=SEED + 1))
                 for w in NB_WEIGHTS}
        weight = max(NB_WEIGHTS, key=inner.__getitem__)
        scores.append(held_out_f1(train, test, nb_weight=weight))
        report(fold, weight, scores[-1])
    return statistics.mean(scores)


def predict(path: Path) -> None:
    for target in read_targets(path):
        tone = target_tone(target.sentence, target.start, target.end)
        print(json.dumps({"gid": target.gid, "polarity": tone.label}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tone_dir", type=Path, nargs="?", help="tone-dev folder (train.jsonl)")
    parser.add_argument("--predict", type=Path, metavar="FILE", help="NewsMTSC-format file")
    parser.add_argument("--curve", action="store_true", help="learning curve")
    parser.add_argument("--ablation", action="store_true", help="each feature family left out")
    parser.add_argument("--grid", action="store_true", help="other values of C")
    parser.add_argument("--nested", action="store_true",
                        help="naive Bayes' weight chosen within the training folds")
    args = parser.parse_args()
    if args.predict:
        predict(args.predict)
        return
    if args.tone_dir is None:
        parser.error("give the tone-dev folder, or --predict FILE")
    targets = read_targets(args.tone_dir / "train.jsonl")
    print(f"{len(targets)} targets, {len({t.sentence for t in targets})} sentences, 5 folds "
          f"grouped by sentence, C={C}")
    mean = cross_validated(targets, report=lambda fold, f1: print(
        f"fold {fold}: macro F1 {f1:.3f}", flush=True))
    print(f"mean macro F1 {mean:.3f}", flush=True)
    if args.curve:
        for share in CURVE_SHARES:
            print(f"curve: {share:.0%} of the training sentences: mean macro F1 "
                  f"{cross_validated(targets, share=share):.3f}", flush=True)
        print(f"curve: 100% of the training sentences: mean macro F1 {mean:.3f}")
    if args.ablation:
        for family in FAMILIES:
            kept = [f for f in FAMILIES if f != family]
            print(f"ablation: without {family}: mean macro F1 "
                  f"{cross_validated(targets, kept):.3f}", flush=True)
        print(f"ablation: masked sentence's words alone (ngram): mean macro F1 "
              f"{cross_validated(targets, ['ngram']):.3f}", flush=True)
    if args.grid:
        for c in GRID:
            print(f"grid: C={c}: mean macro F1 {cross_validated(targets, c=c):.3f}", flush=True)
    if args.nested:
        mean = nested(targets, lambda fold, weight, f1: print(
            f"nested: fold {fold}: naive Bayes weight {weight}: macro F1 {f1:.3f}", flush=True))
        print(f"nested: mean macro F1 {mean:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
