"""Training and cross-validating the tone model on NewsMTSC-format sentences (tone-dev).

bench/train_tone_model.py writes the model into the package; bench/tone.py prints the
cross-validated figures, the learning curve and the ablation; the quality gate computes the
figure its floor guards. Folds are grouped by sentence, so the targets of one sentence never
straddle folds. Every prediction scored here goes through `ToneModel.tone`, the function the
flow calls. scikit-learn comes with the `test` extra and is imported by the functions that fit.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from newsflow.enrich.tone import LABELS, ToneModel, families_of
from newsflow.enrich.tone.features import (
    FAMILIES,
    VECTORS_FILE,
    target_features,
    target_vector,
)

if TYPE_CHECKING:
    import numpy as np

GOLD_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
# Inverse regularisation strength of the linear SVM, chosen by `bench/tone.py --grid`.
C = 0.003
# Smoothing of the complement naive Bayes.
NB_ALPHA = 0.5
# Naive Bayes' share beside the SVM (each scaled to unit spread), chosen by cross-validation
# within the training folds (bench/tone.py --nested).
NB_WEIGHT = 2.0
# A feature seen in fewer training targets than this is left out of the model.
MIN_COUNT = 2
FOLDS = 5
SEED = 0
# Word vectors: principal components kept of the encoder's token embeddings (64: 0.682, 128:
# 0.689, 256: 0.685, all 384: 0.683 cross-validated with the other families, bench/tone.py).
VECTOR_DIMS = 128
EMBEDDING_TENSOR = "embeddings.word_embeddings.weight"
_PIECE = re.compile(r"(?:##)?[a-z0-9]+")


@dataclass(frozen=True)
class ToneTarget:
    """One target of a NewsMTSC line: its id, sentence, character span and (gold) label."""

    gid: str
    sentence: str
    start: int
    end: int
    label: str | None


def read_targets(path: Path) -> list[ToneTarget]:
    """Every target of a NewsMTSC-format file, in file order (label None where the file has no
    polarity); a line that is not a sentence with targets is an error naming the line."""
    targets = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = row["sentence_normalized"]
                for t in row["targets"]:
                    polarity = t.get("polarity")
                    targets.append(ToneTarget(
                        str(t["Input.gid"]), sentence, int(t["from"]), int(t["to"]),
                        None if polarity is None else GOLD_LABELS[float(polarity)]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a NewsMTSC line ({exc!r})") from exc
    return targets


def fold_of(sentence: str, folds: int = FOLDS, seed: int = SEED) -> int:
    """A sentence's fold, stable across runs and machines (a hash of the text)."""
    digest = hashlib.sha256(f"{seed}:{sentence}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def fit(targets: Sequence[ToneTarget], families: Collection[str] = FAMILIES,
        c: float = C, nb_weight: float = NB_WEIGHT) -> ToneModel:
    """A linear SVM (classes weighted to balance) over the targets' named features and word
    vectors, and a complement naive Bayes over the named features (it takes no negative
    values), folded into one linear model: each one's margins divided by their spread on the
    training targets, naive Bayes' weighted by `nb_weight`. Features seen in fewer than MIN_COUNT
    targets are dropped. An unknown family name is an error."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    families = families_of(families)
    dense = "embedding" in families
    rows = [target_features(t.sentence, t.start, t.end, families) for t in targets]
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = [{k: v for k, v in row.items() if counts[k] >= MIN_COUNT} for row in rows]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept).tocsr()
    named = matrix.shape[1]
    if dense:
        vectors = np.array([target_vector(t.sentence, t.start, t.end) for t in targets])
        everything = sparse.hstack([matrix, sparse.csr_matrix(vectors)]).tocsr()
    else:
        everything = matrix
    # LinearSVC takes 32-bit sparse indices only.
    everything.indices, everything.indptr = (everything.indices.astype(np.int32),
                                             everything.indptr.astype(np.int32))
    labels = [t.label for t in targets]
    svm = LinearSVC(C=c, class_weight="balanced").fit(everything, labels)
    bayes = ComplementNB(alpha=NB_ALPHA).fit(matrix, labels)
    # Naive Bayes' joint log likelihood is linear in the features; centred over the labels it
    # is its log probabilities up to a constant per target, which the argmax ignores.
    bayes_coef = bayes.feature_log_prob_ - bayes.feature_log_prob_.mean(axis=0)
    svm_spread = float(np.std(svm.decision_function(everything)))
    bayes_spread = float(np.std(matrix @ bayes_coef.T))
    coef = svm.coef_[:, :named] / svm_spread + nb_weight * bayes_coef / bayes_spread
    intercept = svm.intercept_ / svm_spread
    order = [list(svm.classes_).index(label) for label in LABELS]
    coef, intercept = coef[order], intercept[order]
    dense_coef = (svm.coef_[order, named:] / svm_spread).astype(np.float32) if dense else None
    weights = {name: (float(coef[0, i]), float(coef[1, i]), float(coef[2, i]))
               for i, name in enumerate(vectorizer.feature_names_)}
    model = ToneModel("", families, weights, (float(intercept[0]), float(intercept[1]),
                                              float(intercept[2])), dense_coef)
    # What the JSON holds (weights rounded), so the shipped model is the one scored here.
    model = ToneModel.from_json(json.dumps(model.to_dict()))
    digest = hashlib.sha256(json.dumps(model.to_dict(), sort_keys=True).encode())
    if dense:  # the word vectors are part of the model
        digest.update(resources.files("newsflow.enrich.tone").joinpath(VECTORS_FILE).read_bytes())
    return ToneModel(f"tone-svmnb-2.{digest.hexdigest()[:10]}", families, model.weights,
                     model.intercept, model.dense)


def encoder_word_pieces(model_dir: Path, dims: int = VECTOR_DIMS
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The word pieces of a BERT sentence encoder's folder (vocab.txt, model.safetensors) and a
    vector for each: its token-embedding row (the encoder's first layer, read with numpy: no
    deep-learning framework), centred, reduced to `dims` principal components and scaled to unit
    spread, as float16 (the model2vec idea without its distillation pass). Only the pieces the
    features' tokenizer can produce are kept (lower-case ASCII letters and digits)."""
    import numpy as np

    pieces = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    with (model_dir / "model.safetensors").open("rb") as data:
        size = int.from_bytes(data.read(8), "little")
        header = json.loads(data.read(size))
        entry = header[EMBEDDING_TENSOR]
        first, last = entry["data_offsets"]
        if entry["dtype"] != "F32" or entry["shape"][0] != len(pieces):
            raise ValueError(f"{model_dir}: {EMBEDDING_TENSOR} is {entry['dtype']} "
                             f"{entry['shape']}, not F32 rows for {len(pieces)} pieces")
        data.seek(8 + size + first)
        table = np.frombuffer(data.read(last - first), dtype=np.float32).reshape(entry["shape"])
    centred = table - table.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ axes[:dims].T
    kept = [i for i, piece in enumerate(pieces) if _PIECE.fullmatch(piece)]
    return (np.array([pieces[i] for i in kept]),
            (reduced[kept] / reduced.std()).astype(np.float16))


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro F1 over the three labels (as tone-dev's score.py computes it)."""
    f1s = []
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def splits(targets: Sequence[ToneTarget], folds: int = FOLDS, seed: int = SEED
           ) -> Iterator[tuple[int, list[ToneTarget], list[ToneTarget]]]:
    """(fold, training targets, held-out targets) for each fold, grouped by sentence."""
    of = [fold_of(t.sentence, folds, seed) for t in targets]
    for fold in range(folds):
        yield (fold, [t for t, f in zip(targets, of, strict=True) if f != fold],
               [t for t, f in zip(targets, of, strict=True) if f == fold])


def held_out_f1(train: Sequence[ToneTarget], test: Sequence[ToneTarget],
                families: Collection[str] = FAMILIES, c: float = C,
                nb_weight: float = NB_WEIGHT) -> float:
    """Macro F1 on `test` of a model fitted on `train`."""
    model = fit(train, families, c, nb_weight)
    return macro_f1([t.label or "" for t in test],
                    [model.tone(t.sentence, t.start, t.end).label for t in test])


def subsample(targets: Sequence[ToneTarget], share: float, seed: int = SEED) -> list[ToneTarget]:
    """The targets of a random `share` of the sentences (whole sentences, for the curve)."""
    sentences = sorted({t.sentence for t in targets})
    chosen = set(random.Random(seed).sample(sentences, round(share * len(sentences))))
    return [t for t in targets if t.sentence in chosen]
