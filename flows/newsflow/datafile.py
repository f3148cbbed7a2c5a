"""Data files (word lists, patterns, thresholds in TOML; a trained model in JSON) read into
their typed models.

A key misspelt, missing or of the wrong type fails the load with one line naming the file and
each key at fault, instead of a KeyError deep in a run or a value silently ignored.
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class DataFileError(ValueError):
    """A data file that does not fit its model; the message is one line."""


def parse_toml(model: type[Model], name: str, text: str) -> Model:
    """`text`, the TOML file `name`, validated as `model`."""
    try:
        return validated(model, name, tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{name}: not TOML: {exc}") from None


def parse_json(model: type[Model], name: str, text: str) -> Model:
    """`text`, the JSON file `name`, validated as `model`."""
    try:
        return validated(model, name, json.loads(text))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{name}: not JSON: {exc}") from None


def validated(model: type[Model], name: str, data: object) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        faults = "; ".join(f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
                           for error in exc.errors(include_input=False)[:5])
        raise DataFileError(f"{name}: {faults}") from None


def packaged_toml(model: type[Model], package: str, name: str) -> Model:
    """The data file `name` shipped in `package`, validated as `model`."""
    return parse_toml(model, name, resources.files(package).joinpath(name).read_text("utf-8"))
