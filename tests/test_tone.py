"""Tone toward a target: the features it sees, the shipped model, and `bench/tone.py --predict`
(the same function the workers call)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from newsflow.devtools.tonetraining import ToneTarget, fit, macro_f1, read_targets, splits
from newsflow.enrich.tone import LABELS, ToneModel, target_tone, tone_model
from newsflow.enrich.tone.features import TARGET, ToneFile, target_features
from pydantic import ValidationError

BENCH = Path(__file__).resolve().parent.parent / "bench" / "tone.py"


def span(sentence: str, name: str) -> tuple[int, int]:
    start = sentence.index(name)
    return start, start + len(name)


def test_the_target_is_masked_and_its_neighbours_are_marked_by_side() -> None:
    sentence = "Officials said Smith betrayed the voters."
    features = target_features(sentence, *span(sentence, "Smith"))
    assert "u:smith" not in features
    assert features[f"b:said_{TARGET}"] == 1.0
    assert features["l1:said"] == features["r1:betrayed"] == 1.0
    assert features["lex:right_neg"] > 0 and "lex:left_neg" not in features


def test_a_negated_word_is_marked_and_its_valence_flipped() -> None:
    sentence = "Jones is not a good leader."
    features = target_features(sentence, *span(sentence, "Jones"))
    assert features["n:good"] == 1.0 and features["neg:near"] == 1.0
    assert features["lex:neg"] > 0 and "lex:pos" not in features


def test_a_quoted_speaker_is_told_from_a_quoted_target() -> None:
    speaking = "“We will win,” Brown said."
    quoted = "“Brown is a disaster,” the senator said."
    assert target_features(speaking, *span(speaking, "Brown"))["q:speaks"] == 1.0
    assert target_features(quoted, *span(quoted, "Brown"))["q:inside"] == 1.0


def test_a_family_left_out_adds_no_feature() -> None:
    sentence = "Critics said Smith betrayed the voters."
    features = target_features(sentence, *span(sentence, "Smith"), families=["ngram"])
    assert features and all(name[:2] in ("u:", "b:") for name in features)


def test_a_misspelt_tone_setting_is_refused_by_name() -> None:
    text = resources.files("newsflow.enrich.tone").joinpath("tone.toml").read_text("utf-8")
    data = tomllib.loads(text)
    data["windows"]["neer"] = data["windows"].pop("near")
    with pytest.raises(ValidationError, match=r"windows\.near"):
        ToneFile.model_validate(data)


def test_the_shipped_model_reads_clear_cases_and_scores_in_range() -> None:
    model = tone_model()
    assert model.version.startswith("tone-lr-")
    negative = "Critics said Smith lied, betrayed the voters and disgraced his office."
    positive = "Supporters praised Smith as a brilliant, honest and inspiring leader."
    assert target_tone(negative, *span(negative, "Smith")).label == "negative"
    assert target_tone(positive, *span(positive, "Smith")).label == "positive"
    for sentence in (negative, positive):
        tone = target_tone(sentence, *span(sentence, "Smith"))
        assert tone.label in LABELS and -1.0 <= tone.score <= 1.0


def test_a_model_round_trips_through_its_json() -> None:
    model = tone_model()
    again = ToneModel.from_dict(json.loads(json.dumps(model.to_dict())))
    sentence = "Officials said Lee met the delegation on Tuesday."
    assert again.tone(sentence, *span(sentence, "Lee")) == model.tone(sentence,
                                                                      *span(sentence, "Lee"))


def small_corpus() -> list[ToneTarget]:
    good = ["praised {} as brilliant", "{} won a great victory", "thanked {} for the help"]
    bad = ["accused {} of fraud", "{} lied and failed badly", "condemned {} as corrupt"]
    plain = ["{} met officials on Monday", "{} will travel to Ohio", "{} spoke at the event"]
    targets = []
    for label, patterns in (("positive", good), ("negative", bad), ("neutral", plain)):
        for pattern in patterns:
            for name in ("Ana", "Bo", "Cy", "Di"):
                sentence = pattern.format(name)
                start = sentence.index(name)
                targets.append(ToneTarget(f"{label}-{sentence}", sentence, start,
                                          start + len(name), label))
    return targets


def test_training_learns_a_separable_corpus_and_folds_keep_sentences_together() -> None:
    targets = small_corpus()
    model = fit(targets)
    predicted = [model.tone(t.sentence, t.start, t.end).label for t in targets]
    assert macro_f1([t.label or "" for t in targets], predicted) == 1.0
    for _, train, test in splits(targets):
        assert not {t.sentence for t in train} & {t.sentence for t in test}


def test_bench_predict_prints_one_line_per_target_from_the_shipped_model(
        tmp_path: Path) -> None:
    sentence = "Critics said Smith lied, betrayed the voters and disgraced his office."
    start, end = span(sentence, "Smith")
    line = {"primary_gid": "g1", "sentence_normalized": sentence,
            "targets": [{"Input.gid": "g1", "from": start, "to": end, "mention": "Smith",
                         "polarity": 2.0}]}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    printed = subprocess.run([sys.executable, str(BENCH), "--predict", str(source)],
                             capture_output=True, text=True, check=True).stdout
    rows = [json.loads(row) for row in printed.splitlines()]
    assert rows == [{"gid": "g1", "polarity": target_tone(sentence, start, end).label}]
    assert read_targets(source)[0].label == "negative"


def test_a_line_that_is_not_newsmtsc_is_refused_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"sentence_normalized": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1: not a NewsMTSC line"):
        read_targets(source)
