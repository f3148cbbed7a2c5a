"""Audit: run the Great Expectations suites in expectations/ on a staged batch.

GX has no DuckDB datasource that works (GX issues #10738, #11579), so each staged frame is read
from DuckDB into pandas and validated as a whole-dataframe batch; a large table comes as several
slices, so memory stays bounded however large the batch. One file context per process keeps the
suites, the results and the Data Docs site under `Settings.gx_root`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

DATASOURCE = "newsflow_staging"
BATCH_DEFINITION = "whole_batch"
# Failing values are kept out of results and Data Docs: they are article text, which may hold
# markup, and the report must never render input as HTML. Counts and ids are enough to triage.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0}


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    expectation: str
    column_name: str | None
    success: bool
    element_count: int | None
    unexpected_count: int | None
    details: str

    def combined(self, other: ExpectationOutcome) -> ExpectationOutcome:
        """This expectation's outcome over two slices of one table."""
        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return replace(self, success=self.success and other.success,
                       element_count=add(self.element_count, other.element_count),
                       unexpected_count=add(self.unexpected_count, other.unexpected_count))

    def describe(self) -> str:
        where = f"{self.suite}.{self.column_name}" if self.column_name else self.suite
        count = f" ({self.unexpected_count} unexpected)" if self.unexpected_count else ""
        return f"{where}: {self.expectation}{count}"


@dataclass(frozen=True)
class ValidationReport:
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


@dataclass(frozen=True)
class Suite:
    """A module of expectations/: SUITE (the staged table), FRAME_SQL, optional SLICE_KEY.

    With a SLICE_KEY the table is validated in slices partitioned by a hash of that column, so
    every row sharing a key value lands in the same slice and uniqueness checks on it stay exact.
    Without one the frame is validated whole (a suite with two unrelated uniqueness checks).
    """

    name: str
    frame_sql: str | None  # sql/ statement reading the suite's frame; None: the whole table
    slice_key: str | None
    module: ModuleType


def load_suites(folder: Path) -> list[Suite]:
    """Every suite module in expectations/, in name order."""
    suites = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"newsflow_expectations_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        suites.append(Suite(module.SUITE, module.FRAME_SQL, getattr(module, "SLICE_KEY", None),
                            module))
    return suites


@cache
def _context(root: Path) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _checkpoint(context: Any, suite: Suite) -> Any:
    """Declare (or refresh) the suite, its dataframe asset and a checkpoint that updates docs."""
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    datasource = context.data_sources.add_or_update_pandas(name=DATASOURCE)
    try:
        asset = datasource.get_asset(suite.name)
    except LookupError:
        asset = datasource.add_dataframe_asset(name=suite.name)
    try:
        batch_definition = asset.get_batch_definition(BATCH_DEFINITION)
    except KeyError:
        batch_definition = asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)
    gx_suite = context.suites.add_or_update(
        gx.ExpectationSuite(name=suite.name, expectations=suite.module.expectations())
    )
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite.name,
            validation_definitions=[definition],
            actions=[UpdateDataDocsAction(name="update_data_docs")],
            result_format=RESULT_FORMAT,
        )
    )


def _outcomes(suite: str, checkpoint_result: Any) -> list[ExpectationOutcome]:
    outcomes = []
    for run_result in checkpoint_result.run_results.values():
        for result in run_result.results:
            config = result.expectation_config
            kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
            outcomes.append(
                ExpectationOutcome(
                    suite=suite,
                    expectation=config.type,
                    column_name=kwargs.get("column"),
                    success=bool(result.success),
                    element_count=result.result.get("element_count"),
                    unexpected_count=result.result.get("unexpected_count"),
                    details=json.dumps(kwargs, default=str, sort_keys=True),
                )
            )
    return outcomes


def validate_suites(frames_of: Callable[[Suite], Iterable[pd.DataFrame]], gx_root: Path,
                    run_name: str, suites: list[Suite]) -> ValidationReport:
    """Validate each suite on its frames, one frame in memory at a time.

    An expectation's outcome is the sum over the table's slices; each slice is a validation
    result of its own in Data Docs. The Data Docs site is rebuilt as a side effect.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(gx_root)
    run_time = dt.datetime.now(dt.UTC)
    outcomes: list[ExpectationOutcome] = []
    for suite in suites:
        checkpoint = _checkpoint(context, suite)
        merged: dict[tuple[str, str], ExpectationOutcome] = {}
        for number, frame in enumerate(frames_of(suite), start=1):
            name = run_name if number == 1 else f"{run_name} slice {number}"
            result = checkpoint.run(batch_parameters={"dataframe": frame},
                                    run_id=RunIdentifier(run_name=name, run_time=run_time))
            for outcome in _outcomes(suite.name, result):
                key = (outcome.expectation, outcome.details)
                merged[key] = merged[key].combined(outcome) if key in merged else outcome
        outcomes.extend(merged.values())
    return ValidationReport(outcomes=outcomes)
