"""Tone toward a target: the features it sees, the shipped model, and `bench/tone.py --predict`
(the same function the workers call)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from newsflow.devtools.tonetraining import ToneTarget, fit, macro_f1, read_targets, splits
from newsflow.enrich.ner import Span
from newsflow.enrich.resolve import Mention
from newsflow.enrich.tone import LABELS, ToneModel, target_tone, tone_model
from newsflow.enrich.tone.features import (
    POOLS,
    TARGET,
    ToneFile,
    WordVectors,
    target_features,
    target_vector,
    tokens,
    tone_file,
    word_vector,
)
from newsflow.enrich.tone.mentions import (
    MentionTone,
    SpanTone,
    in_sentence,
    mention_tones,
    tone_spans,
)
from newsflow.records import Article
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


def test_words_are_split_into_the_longest_known_pieces() -> None:
    table = WordVectors({"play": 0, "##ing": 1, "##in": 2, "##g": 3}, np.eye(4, dtype=np.float32))
    assert table.pieces("playing") == [0, 1]
    assert table.pieces("plaything") == []


def test_the_word_vector_pools_leave_the_target_out_and_keep_sides_apart() -> None:
    praised = "Voters praised Smith yesterday."
    vector = target_vector(praised, *span(praised, "Smith"))
    dims = vector.size // len(POOLS)
    assert vector.shape == (len(POOLS) * dims,)
    other = "Voters praised Obama yesterday."
    assert np.array_equal(vector, target_vector(other, *span(other, "Obama")))
    swapped = "Yesterday Smith praised voters."
    assert not np.allclose(vector[:dims], target_vector(swapped, *span(swapped, "Smith"))[:dims])
    assert not target_vector("Smith", 0, 5).any()


def test_each_pool_is_the_mean_of_its_known_words_vectors() -> None:
    sentence = "Critics in the capital sharply attacked Smith over the long delayed budget plan."
    start, end = span(sentence, "Smith")
    windows = tone_file().windows
    before, after = tokens(sentence[:start])[::-1], tokens(sentence[end:])  # nearest first

    def known(words: list[str], within: int | None = None) -> list[tuple[np.ndarray, int]]:
        """Each known word's vector and distance from the target, up to `within` words off."""
        return [(vector, distance) for distance, word in enumerate(words[:within], 1)
                if (vector := word_vector(word)) is not None]

    pools = [known(before, windows.context), known(after, windows.context),
             known(before, windows.embedding_near), known(after, windows.embedding_near),
             known(before) + known(after)]
    expected = [np.mean([vector for vector, _ in pool], axis=0) for pool in pools]
    close = pools[-1]
    expected.append(sum(vector / distance for vector, distance in close)
                    / sum(1 / distance for _, distance in close))
    assert all(pools)
    assert np.allclose(target_vector(sentence, start, end), np.concatenate(expected), atol=1e-6)


def test_dense_weights_come_only_with_the_embedding_family() -> None:
    data = tone_model().to_dict()
    data["families"] = [f for f in data["families"] if f != "embedding"]
    with pytest.raises(ValueError, match="dense_weights goes with the embedding family"):
        ToneModel.from_json(json.dumps(data))


def test_a_misspelt_tone_setting_is_refused_by_name() -> None:
    text = resources.files("newsflow.enrich.tone").joinpath("tone.toml").read_text("utf-8")
    data = tomllib.loads(text)
    data["windows"]["neer"] = data["windows"].pop("near")
    with pytest.raises(ValidationError, match=r"windows\.near"):
        ToneFile.model_validate(data)


def test_the_shipped_model_reads_clear_cases_and_scores_in_range() -> None:
    model = tone_model()
    assert model.version.startswith("tone-svmnb-")
    negative = "Critics said Smith lied, betrayed the voters and disgraced his office."
    positive = "Supporters praised Smith as a brilliant, honest and inspiring leader."
    assert target_tone(negative, *span(negative, "Smith")).label == "negative"
    assert target_tone(positive, *span(positive, "Smith")).label == "positive"
    for sentence in (negative, positive):
        tone = target_tone(sentence, *span(sentence, "Smith"))
        assert tone.label in LABELS and -1.0 <= tone.score <= 1.0


def test_a_model_round_trips_through_its_json() -> None:
    model = tone_model()
    again = ToneModel.from_json(json.dumps(model.to_dict()))
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


def test_training_refuses_an_unknown_feature_family_by_name() -> None:
    with pytest.raises(ValueError, match=r"unknown tone feature families \['ngrams'\]"):
        fit(small_corpus(), ["ngrams"])


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


def article(text: str, language: str, article_id: str) -> Article:
    return Article(title=None, text=text, language=language, article_id=article_id,
                   source=f"{article_id}.txt")


def mention(art: Article, name: str, label: str = "PERSON", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = art.text.index(name, start + 1)
    line_start = art.text.rfind("\n", 0, start) + 1
    sentence = art.text[line_start:].split("\n")[0]
    return Mention(f"{art.article_id}-{start}", art.article_id, "e", name, name, label, label,
                   start, start + len(name), sentence)


def test_a_target_is_found_in_its_sentence_even_when_the_sentence_repeats() -> None:
    text = "Smith spoke.\nCritics said Smith lied.\nCritics said Smith lied."
    last = text.rindex("Smith")
    assert in_sentence(text, "Critics said Smith lied.", last, last + 5) == (13, 18)
    assert in_sentence(text, "Smith spoke.", last, last + 5) is None


def test_each_mention_in_scope_gets_one_tone_and_other_languages_none() -> None:
    english = article("Critics said Smith lied, betrayed the voters and disgraced his office.\n"
                      "Smith met officials in Ohio.", "en", "a1")
    french = article("Smith a rencontré des responsables.", "fr", "a2")
    spans = {"a1": [Span(s.start_char, s.end_char, s.mention_text, "PERSON", s.sentence)
                    for s in (mention(english, "Smith"), mention(english, "Ohio", "GPE"))]}
    toned = tone_spans([english, french], spans)
    assert set(toned) == {"a1"} and len(toned["a1"]) == 2
    mentions = [mention(english, "Smith"), mention(english, "Smith", nth=1),
                mention(english, "Ohio", "GPE"), mention(french, "Smith"),
                mention(english, "officials", "NORP")]
    toned_rows, rejected = mention_tones([english, french], mentions, toned)
    assert rejected == []
    rows = {row.mention_id: row for row in toned_rows}
    assert set(rows) == {m.mention_id for m in mentions[:4]}
    first = rows[mentions[0].mention_id]
    assert first.tone_label == "negative" and first.tone_model == tone_model().version
    # A mention no worker span covers (found again by resolution) is scored all the same.
    second = mentions[1]
    assert rows[second.mention_id].tone_label == target_tone(
        second.sentence, *span(second.sentence, "Smith")).label
    assert rows[mentions[3].mention_id] == MentionTone(mentions[3].mention_id, "a2", None, None,
                                                       None)


def test_a_mention_takes_the_tone_of_the_span_overlapping_it_most() -> None:
    text = "The Prime Minister of the United Kingdom Boris Johnson met Ohio officials."
    english = article(text, "en", "a1")
    whole, boris = span(text, "The Prime Minister of the United Kingdom Boris Johnson")
    johnson, ohio = span(text, "Johnson"), span(text, "Ohio")
    toned = {"a1": [SpanTone(*ohio, "neutral", 0.0),  # out of text order, as a test of sorting
                    SpanTone(whole, boris, "negative", -0.5),  # long, starting far before
                    SpanTone(*johnson, "positive", 0.5)]}
    mentions = [mention(english, "Kingdom Boris Johnson"), mention(english, "Ohio", "GPE")]
    rows, rejected = mention_tones([english], mentions, toned)
    assert rejected == []
    assert [(row.tone_label, row.tone_score) for row in rows] == [("negative", -0.5),
                                                                  ("neutral", 0.0)]
