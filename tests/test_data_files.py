"""The data files of cleaning and enrichment are read through typed models: a misspelt or
missing key fails when the file is loaded, naming it."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from newsflow.clean.rules import RULES_FILE, RulesFile
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
