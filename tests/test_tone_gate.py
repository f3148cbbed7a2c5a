"""Tone gate: the tone model's cross-validated macro F1 must not fall below the floor pinned in
quality_floors.toml.

The gate fold of tone-dev (folds grouped by sentence) is scored by a model fitted on the other
folds with the shipped recipe, through `ToneModel.tone`, the function the workers call.
Skipped without the evaluation data, unless CI requires it (conftest.py's `eval_dir`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from newsflow.devtools.tonetraining import held_out_f1, read_targets, splits

FLOORS = tomllib.loads(Path(__file__).with_name("quality_floors.toml").read_text("utf-8"))


@pytest.mark.slow
def test_held_out_macro_f1_is_at_or_above_its_floor(eval_dir: Path) -> None:
    gate, floor = FLOORS["tone_gate"], FLOORS["tone_floors"]["macro_f1"]
    targets = read_targets(eval_dir / "tone-dev" / "train.jsonl")
    [(train, test)] = [(train, test) for fold, train, test in splits(targets, gate["folds"])
                       if fold == gate["fold"]]
    figure = held_out_f1(train, test)
    assert figure >= floor, f"tone macro F1 = {figure:.3f}, below its floor {floor}"
