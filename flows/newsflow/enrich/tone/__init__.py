"""Tone toward a target: is a sentence negative, neutral or positive about the entity it names?

A target-dependent linear model (features.py: named features and a vector of pooled word
vectors) trained on news sentences annotated with the
sentence's tone toward a named target (bench/train_tone_model.py; cross-validated figures by
bench/tone.py). The model is a JSON file of feature weights and the word vectors an array file,
both read once per process: nothing is unpickled or downloaded at run time. `target_tone` is
the one function that scores a target, for the flow's workers and for `bench/tone.py
--predict` alike.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from newsflow.datafile import parse_json
from newsflow.enrich.tone.features import (
    FAMILIES,
    POOLS,
    VECTORS_FILE,
    target_features,
    target_vector,
    word_vectors,
)

MODEL_FILE = "tone_model.json"
LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Tone:
    """A target's tone: the likeliest label, and P(positive) - P(negative) in [-1, 1] (a
    softmax over the model's margins)."""

    label: str
    score: float


@dataclass(frozen=True)
class ToneModel:
    """A linear model over named features (a linear SVM and a naive Bayes folded into one):
    each known feature's weight toward each label, the labels' intercepts and, with the
    `embedding` family, the weights of `target_vector`'s values (one row per label)."""

    version: str
    families: tuple[str, ...]
    weights: dict[str, tuple[float, float, float]]
    intercept: tuple[float, float, float]
    dense: np.ndarray | None = None

    def tone(self, sentence: str, start: int, end: int) -> Tone:
        """The tone of the sentence toward sentence[start:end]."""
        negative, neutral, positive = self.intercept
        weights = self.weights
        for name, value in target_features(sentence, start, end, self.families).items():
            weight = weights.get(name)
            if weight is not None:
                negative += weight[0] * value
                neutral += weight[1] * value
                positive += weight[2] * value
        if self.dense is not None:
            vector = self.dense @ target_vector(sentence, start, end)
            negative, neutral, positive = (negative + float(vector[0]), neutral + float(vector[1]),
                                           positive + float(vector[2]))
        scores = [negative, neutral, positive]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        return Tone(LABELS[scores.index(top)], round((exps[2] - exps[0]) / sum(exps), 4))

    def to_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "version": self.version, "families": list(self.families), "labels": list(LABELS),
            "intercept": [round(v, 5) for v in self.intercept],
            "weights": {name: [round(v, 5) for v in w]
                        for name, w in sorted(self.weights.items())}}
        if self.dense is not None:
            # Four significant digits: these weights are small, the named ones are not.
            found["dense_weights"] = [[float(f"{v:.4g}") for v in row] for row in self.dense]
        return found

    @classmethod
    def from_json(cls, text: str) -> ToneModel:
        """The model file's text, checked by ToneModelFile: DataFileError, one line, names
        text that is not JSON, a key misspelt, missing or of the wrong type, other labels or an
        unknown family."""
        model = parse_json(ToneModelFile, MODEL_FILE, text)
        dense = (None if model.dense_weights is None
                 else np.array(model.dense_weights, dtype=np.float32))
        return cls(version=model.version, families=model.families, weights=model.weights,
                   intercept=model.intercept, dense=dense)


Weights = tuple[float, float, float]  # toward negative, neutral, positive


class ToneModelFile(BaseModel):
    """tone_model.json as ToneModel.to_dict writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    families: tuple[str, ...]
    labels: tuple[Literal["negative"], Literal["neutral"], Literal["positive"]]
    intercept: Weights
    weights: dict[str, Weights]
    # With the `embedding` family: one row per label, a weight per value of target_vector.
    dense_weights: tuple[list[float], list[float], list[float]] | None = None

    @field_validator("families")
    @classmethod
    def _known_families(cls, families: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown feature families {sorted(unknown)}")
        return families

    @model_validator(mode="after")
    def _dense_weights_with_embedding(self) -> ToneModelFile:
        if ("embedding" in self.families) != (self.dense_weights is not None):
            raise ValueError("dense_weights goes with the embedding family, and only with it")
        if self.dense_weights and len({len(row) for row in self.dense_weights}) != 1:
            raise ValueError("dense_weights' rows differ in length")
        return self


@cache
def tone_model() -> ToneModel:
    """The model shipped in the package, read once per process, with the word vectors it was
    trained on (so a worker's preload reads both); vectors of another size are an error."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model = ToneModel.from_json(text)
    if model.dense is not None:
        expected = len(POOLS) * word_vectors().dims
        if model.dense.shape[1] != expected:
            raise ValueError(f"{MODEL_FILE}: {model.dense.shape[1]} vector weights per label, "
                             f"{VECTORS_FILE} gives {expected}: retrain the tone model")
    return model


def target_tone(sentence: str, start: int, end: int) -> Tone:
    """The shipped model's tone of the sentence toward its characters start:end."""
    return tone_model().tone(sentence, start, end)


def families_of(names: Collection[str]) -> tuple[str, ...]:
    """The families named, in FAMILIES' order; an unknown name is an error."""
    unknown = set(names) - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown tone feature families {sorted(unknown)}; known: {FAMILIES}")
    return tuple(f for f in FAMILIES if f in names)
