"""Tone toward a target: is a sentence negative, neutral or positive about the entity it names?

A target-dependent linear model (features.py) trained on news sentences annotated with the
sentence's tone toward a named target (bench/train_tone_model.py; cross-validated figures by
bench/tone.py). The model is a JSON file of feature weights read once per process: nothing
is unpickled or downloaded at run time. `target_tone` is the one function that scores a target,
for the flow's workers and for `bench/tone.py --predict` alike.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from newsflow.datafile import parse_json
from newsflow.enrich.tone.features import FAMILIES, target_features

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
    each known feature's weight toward each label, plus the labels' intercepts."""

    version: str
    families: tuple[str, ...]
    weights: dict[str, tuple[float, float, float]]
    intercept: tuple[float, float, float]

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
        scores = [negative, neutral, positive]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        return Tone(LABELS[scores.index(top)], round((exps[2] - exps[0]) / sum(exps), 4))

    def to_dict(self) -> dict[str, object]:
        return {"version": self.version, "families": list(self.families),
                "labels": list(LABELS), "intercept": [round(v, 5) for v in self.intercept],
                "weights": {name: [round(v, 5) for v in w]
                            for name, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, text: str) -> ToneModel:
        """The model file's text, checked by ToneModelFile: DataFileError, one line, names
        text that is not JSON, a key misspelt, missing or of the wrong type, other labels or an
        unknown family."""
        model = parse_json(ToneModelFile, MODEL_FILE, text)
        return cls(version=model.version, families=model.families, weights=model.weights,
                   intercept=model.intercept)


Weights = tuple[float, float, float]  # toward negative, neutral, positive


class ToneModelFile(BaseModel):
    """tone_model.json as ToneModel.to_dict writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    families: tuple[str, ...]
    labels: tuple[Literal["negative"], Literal["neutral"], Literal["positive"]]
    intercept: Weights
    weights: dict[str, Weights]

    @field_validator("families")
    @classmethod
    def _known_families(cls, families: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown feature families {sorted(unknown)}")
        return families


@cache
def tone_model() -> ToneModel:
    """The model shipped in the package, read once per process."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return ToneModel.from_json(text)


def target_tone(sentence: str, start: int, end: int) -> Tone:
    """The shipped model's tone of the sentence toward its characters start:end."""
    return tone_model().tone(sentence, start, end)


def families_of(names: Collection[str]) -> tuple[str, ...]:
    """The families named, in FAMILIES' order; an unknown name is an error."""
    unknown = set(names) - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown tone feature families {sorted(unknown)}; known: {FAMILIES}")
    return tuple(f for f in FAMILIES if f in names)
