"""heuristics.toml as a typed model, parsed and checked once per process.

Each part of enrich/ compiles its section (names.py, ner.py, typecheck.py, repair.py,
gazetteer.py); a key misspelt or missing in the file fails here, naming it, instead of as a
KeyError deep in a run or as a setting silently ignored.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from newsflow.datafile import packaged_toml

HEURISTICS_FILE = "heuristics.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(_Section):
    tie_priority: list[str]
    partial_name_labels: list[str]
    model_labels: dict[str, str]


class Variant(_Section):
    pattern: str
    replacement: str
    example: str = ""  # for the reader: what the rule folds together


class Names(_Section):
    person_titles: list[str]
    modifiers: list[str]
    particles: list[str]
    variants: list[Variant]


class Repair(_Section):
    role_words: list[str]
    list_separators: list[str]
    trailing_punctuation: str


class Recall(_Section):
    not_names: list[str]
    max_surname_words: int
    min_surname_chars: int
    prominent_city_population: int


class Cue(_Section):
    label: str
    suffix: list[str] = []
    before: list[str] = []
    after: list[str] = []


class Types(_Section):
    """The type checks' switches (cross-validated by bench/entities.py) and their data."""

    context: bool
    agreement: bool
    gazetteer: bool
    single_token: bool
    person_evidence: bool
    recall: bool
    name_shape: bool
    agreement_min_articles: int
    agreement_share: float
    place_label: str
    not_person_label: str
    generic_place_names: list[str]
    person_evidence_labels: list[str]
    place_labels: list[str]
    list_separators: list[str]
    list_items: int
    extra_titles: list[str] = []
    cues: list[Cue]


class Heuristics(_Section):
    version: int
    labels: Labels
    names: Names
    same_as: dict[str, str]
    demonyms: dict[str, str]
    place_aliases: dict[str, str]
    repair: Repair
    recall: Recall
    types: Types


@cache
def heuristics_file() -> Heuristics:
    """The packaged heuristics.toml, validated."""
    return packaged_toml(Heuristics, __package__, HEURISTICS_FILE)
