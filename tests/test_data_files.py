"""The data files of cleaning and enrichment are read through typed models: a misspelt or
missing key fails when the file is loaded, naming it."""

from __future__ import annotations

import json
import tomllib
from importlib import resources

import pytest
from newsflow.clean.metadata import WIRE_FILE, WireRules, wire_rules
from newsflow.clean.rules import RULES_FILE, RulesFile
from newsflow.datafile import DataFileError, parse_toml
from newsflow.enrich.heuristics_file import HEURISTICS_FILE, Heuristics, heuristics_file
from pydantic import ValidationError


def raw_heuristics() -> dict:
    text = resources.files("newsflow.enrich").joinpath(HEURISTICS_FILE).read_text("utf-8")
    return tomllib.loads(text)


def test_the_packaged_heuristics_validate() -> None:
    assert heuristics_file().types.place_labels == raw_heuristics()["types"]["place_labels"]


@pytest.mark.parametrize("section, key", [("types", "agreement_shares"), ("recall", "max_words")])
def test_a_misspelt_heuristic_is_refused_by_name(section: str, key: str) -> None:
    data = raw_heuristics()
    data[section][key] = 1
    with pytest.raises(ValidationError, match=rf"{section}\.{key}"):
        Heuristics.model_validate(data)


def test_a_missing_heuristic_is_refused_by_name() -> None:
    data = raw_heuristics()
    del data["types"]["agreement_share"]
    with pytest.raises(ValidationError, match=r"types\.agreement_share"):
        Heuristics.model_validate(data)


def test_a_misspelt_cleaning_rule_setting_is_refused_by_name() -> None:
    text = resources.files("newsflow.clean").joinpath(RULES_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    assert RulesFile.model_validate(data).title.max_words == data["title"]["max_words"]
    data["title"]["max_word"] = data["title"].pop("max_words")
    with pytest.raises(ValidationError, match=r"title\.max_word"):
        RulesFile.model_validate(data)


def wire_text() -> str:
    return resources.files("newsflow.clean").joinpath(WIRE_FILE).read_text("utf-8")


def test_the_packaged_wire_rules_validate() -> None:
    rules = wire_rules()
    assert rules.max_words == tomllib.loads(wire_text())["max_words"]
    assert rules.outlet.match("MOSCOW (Reuters) -")["outlet"] == "Reuters"
    assert "NATO" in rules.acronyms


@pytest.mark.parametrize(("change", "says"), [
    (("max_words", "max_word"), "wire.toml: max_words: Field required; max_word: Extra inputs"),
    (("capitals_share = 0.8", "capitals_share = 'most'"), "wire.toml: capitals_share: Input"),
    (("dateline = '", "dateline = '(["), "wire.toml: dateline: "),
    (("min_words = 2", "min_words = "), "wire.toml: not TOML: "),
])
def test_a_bad_wire_file_is_one_line_naming_the_key(change: tuple[str, str], says: str) -> None:
    with pytest.raises(DataFileError) as raised:
        parse_toml(WireRules, WIRE_FILE, wire_text().replace(*change, 1))
    assert str(raised.value).startswith(says) and "\n" not in str(raised.value)


def test_a_line_model_file_with_a_misspelt_key_is_one_line_naming_it() -> None:
    from newsflow.clean.linemodel import MODEL_FILE, LineModel, load_line_model

    text = resources.files("newsflow.clean").joinpath(MODEL_FILE).read_text("utf-8")
    assert LineModel.from_json(load_line_model().to_json()).features == load_line_model().features
    with pytest.raises(DataFileError) as raised:
        LineModel.from_json(text.replace('"page_threshold"', '"page_treshold"', 1))
    assert str(raised.value) == (f"{MODEL_FILE}: page_threshold: Field required; "
                                 "page_treshold: Extra inputs are not permitted")


def test_a_tone_model_with_other_labels_or_families_is_one_line_naming_them() -> None:
    from newsflow.enrich.tone import MODEL_FILE, ToneModel, tone_model

    data = tone_model().to_dict()
    with pytest.raises(DataFileError, match=rf"^{MODEL_FILE}: labels\.0: "):
        ToneModel.from_json(json.dumps({**data, "labels": ["bad", "neutral", "positive"]}))
    with pytest.raises(DataFileError, match=r"families: Value error, unknown feature families"):
        ToneModel.from_json(json.dumps({**data, "families": [*data["families"], "bogus"]}))
    with pytest.raises(DataFileError, match=rf"^{MODEL_FILE}: not JSON: "):
        ToneModel.from_json(json.dumps(data)[:-1])
