"""Run the Great Expectations suites on a staged batch: each table's own (the expectations.py
of its folder, sql/tables/<table>/) and the cross-table ones of expectations/.

GX has no DuckDB datasource that works (GX issues #10738, #11579), so each staged frame is read
from DuckDB into pandas and validated as a whole-dataframe batch; a large table comes as several
slices, so memory stays bounded however large the batch. One file context per process keeps the
suites, the results and the Data Docs site under `Settings.gx_root`.

Two kinds of expectations (see expectations/README.md): row-level ones name the rows that fail
them (by the suite's ROW_KEY, the article a row belongs to), so the pipeline can quarantine
those articles and publish the rest; batch-level ones (uniqueness, references between tables)
hold the whole batch when they fail.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from newsflow.quality.gx_import import import_gx
from newsflow.warehouse import registry, sql
from newsflow.warehouse.sql import sql_dir

DATASOURCE = "newsflow_staging"
BATCH_DEFINITION = "whole_batch"
ROW_LEVEL = {"level": "row"}  # meta of a row-level expectation in the GX suite
# Failing values are kept out of results and Data Docs: they are article text, which may hold
# markup, and the report must never render input as HTML. Counts and row keys are enough.
SUMMARY_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0}


def keys_format(row_key: str) -> dict[str, Any]:
    """Results that name each failing row by its key and leave its values out."""
    return {"result_format": "COMPLETE", "unexpected_index_column_names": [row_key],
            "exclude_unexpected_values": True, "partial_unexpected_count": 0,
            "return_unexpected_index_query": False}


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    expectation: str
    column_name: str | None
    success: bool
    element_count: int | None
    unexpected_count: int | None
    details: str
    row_level: bool = False
    description: str | None = None

    def combined(self, other: ExpectationOutcome) -> ExpectationOutcome:
        """This expectation's outcome over two slices of one table."""
        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return replace(self, success=self.success and other.success,
                       element_count=add(self.element_count, other.element_count),
                       unexpected_count=add(self.unexpected_count, other.unexpected_count))

    @property
    def level(self) -> str:
        """What a failure does: quarantines the failing rows' articles, or holds the batch."""
        return "row" if self.row_level else "batch"

    @property
    def where(self) -> str:
        return f"{self.suite}.{self.column_name}" if self.column_name else self.suite

    def describe(self) -> str:
        count = f" ({self.unexpected_count} unexpected)" if self.unexpected_count else ""
        return f"{self.where}: {self.expectation}{count}"

    def record(self) -> dict[str, Any]:
        """The outcome as a dq_results row."""
        return {"suite": self.suite, "expectation": self.expectation,
                "column_name": self.column_name, "success": self.success,
                "element_count": self.element_count, "unexpected_count": self.unexpected_count,
                "details": self.details, "level": self.level}


@dataclass(frozen=True)
class RowFailure:
    """A row-level expectation an article failed (through its own row or one of its rows)."""

    article_id: str
    outcome: ExpectationOutcome

    @property
    def reason(self) -> str:
        what = self.outcome.description or self.outcome.expectation
        return f"{what} ({self.outcome.where})"


@dataclass(frozen=True)
class ValidationReport:
    outcomes: list[ExpectationOutcome]
    row_failures: list[RowFailure] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def batch_failures(self) -> list[ExpectationOutcome]:
        """Failures that hold the whole batch: batch-level ones, and row-level ones whose
        failing rows could not be named (a row without a key)."""
        named = {f.outcome.expectation + f.outcome.details for f in self.row_failures}
        return [o for o in self.failures
                if not o.row_level or o.expectation + o.details not in named]

    def failed_articles(self) -> dict[str, list[RowFailure]]:
        """Each article that failed a row-level expectation, with what it failed."""
        by_article: dict[str, list[RowFailure]] = {}
        for failure in self.row_failures:
            by_article.setdefault(failure.article_id, []).append(failure)
        return by_article


@dataclass(frozen=True)
class Suite:
    """A suite module: `expectations()`, optional `row_expectations()`, validated on a frame.

    With a slice_key the table is validated in slices partitioned by a hash of that column, so
    every row sharing a key value lands in the same slice and uniqueness checks on it stay exact.
    Without one the frame is validated whole (a suite with two unrelated uniqueness checks).
    `expectations()` are batch-level; `row_expectations()` (with row_key, the column naming the
    article a row belongs to) are row-level. A module without them is batch-level throughout.
    """

    name: str
    frame_query: str | None  # the SQL reading the suite's frame; None: the whole table
    slice_key: str | None
    module: ModuleType
    row_key: str | None = None

    def gx_expectations(self) -> list[Any]:
        """Batch-level expectations, then row-level ones marked as such in their meta."""
        row_level = (self.module.row_expectations()
                     if self.row_key and hasattr(self.module, "row_expectations") else [])
        for expectation in row_level:
            expectation.meta = {**(expectation.meta or {}), **ROW_LEVEL}
        return [*self.module.expectations(), *row_level]

    @property
    def result_format(self) -> dict[str, Any]:
        return keys_format(self.row_key) if self.row_key else SUMMARY_FORMAT


def load_suites(folder: Path) -> tuple[Suite, ...]:
    """Each table's suite, in the registry's order, then the modules of `folder` in name order;
    read once per process (and sql/ folder), so the GX suites and validation definitions
    declared for them are too (`_definitions`).

    A table's suite is named as the table and validates its folder's validation.sql (else the
    table), sliced by the table's key (unless the module sets SLICE_KEY), its row-level
    expectations keyed by the table's article key. A module of `folder` declares SUITE,
    FRAME_SQL (a statement name, None for the whole table) or a `frame_query()` building the
    SQL, and optional SLICE_KEY and ROW_KEY; one whose SUITE names a table's suite replaces it.
    Modules whose name starts with `_` are not suites.
    """
    return _load_suites(folder, sql_dir())


@cache
def _load_suites(folder: Path, tables: Path) -> tuple[Suite, ...]:
    """load_suites of `folder` with the tables of the sql/ folder `tables` (registry() reads
    it; a key of the cache). The suite modules import GX: import_gx first, so that they meet
    the lighter import even where nothing imported GX before (a run with one worker has no
    preload)."""
    import_gx()
    suites: dict[str, Suite] = {}
    for table in registry():
        if table.suite_file is None:
            continue
        module = _module(table.suite_file, table.name)
        validation = table.statement("validation")
        default_slice = table.key[0] if len(table.key) == 1 else None
        suites[table.name] = Suite(
            table.name, _query(sql(validation)) if validation else None,
            getattr(module, "SLICE_KEY", default_slice), module,
            table.article_key if hasattr(module, "row_expectations") else None)
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        module = _module(path, path.stem)
        if hasattr(module, "frame_query"):
            frame: str | None = module.frame_query()
        else:
            frame = _query(sql(module.FRAME_SQL)) if module.FRAME_SQL else None
        suites[module.SUITE] = Suite(module.SUITE, frame, getattr(module, "SLICE_KEY", None),
                                     module, getattr(module, "ROW_KEY", None))
    return tuple(suites.values())


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"newsflow_expectations_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _query(statement: str) -> str:
    """A statement as a subquery: without its closing semicolon."""
    return statement.strip().rstrip(";")


@cache
def _context(root: Path) -> Any:
    """The file context under root; its Data Docs sites render through views that compile
    GX's templates once on the machine (newsflow.quality.docs_views), not on every build."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from newsflow.quality.docs_views import site_config, template_folder

    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.data_docs_sites = {
        name: site_config(site, template_folder())
        for name, site in (context.variables.data_docs_sites or {}).items()}
    return context


def prepare_validation(gx_root: Path, folder: Path) -> None:
    """Import GX, open the context and declare the suites of the folder: what validating costs
    before the first frame, paid once per process (the flow does it while the workers analyse
    the first chunk)."""
    _definitions(_context(gx_root), load_suites(folder))


@cache
def _definitions(context: Any, suites: tuple[Suite, ...]) -> dict[str, Any]:
    """Declare (or refresh) each suite, its dataframe asset and its validation definition;
    once per process for a given set of suites.

    The datasource is declared with every asset and batch definition in one call: GX rewrites
    the whole project configuration (great_expectations.yml) on each change to a datasource, and
    adding them one by one wrote it 23 times (0.2 s of CPU a run on the seeds)."""
    import great_expectations as gx

    datasource = context.data_sources.add_or_update_pandas(name=DATASOURCE, assets=[
        {"name": suite.name, "type": "dataframe", "batch_metadata": {},
         "batch_definitions": [{"name": BATCH_DEFINITION, "partitioner": None}]}
        for suite in suites])
    definitions = {}
    for suite in suites:
        batch_definition = datasource.get_asset(suite.name).get_batch_definition(
            BATCH_DEFINITION)
        gx_suite = context.suites.add_or_update(
            gx.ExpectationSuite(name=suite.name, expectations=suite.gx_expectations())
        )
        definitions[suite.name] = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
        )
    return definitions


def _failing_keys(result: dict[str, Any], row_key: str) -> list[str]:
    keys: list[str] = []
    for entry in result.get("unexpected_index_list") or []:
        value = entry.get(row_key) if isinstance(entry, dict) else None
        keys += [str(v) for v in (value if isinstance(value, list) else [value])
                 if v is not None and not pd.isna(v)]
    return keys


def _outcomes(suite: Suite, validation_result: Any) -> list[tuple[ExpectationOutcome, list[str]]]:
    """Each expectation's outcome, with the keys of its failing rows if it is row-level."""
    outcomes = []
    for result in validation_result.results:
        config = result.expectation_config
        kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
        row_level = (config.meta or {}).get("level") == ROW_LEVEL["level"]
        outcome = ExpectationOutcome(
            suite=suite.name,
            expectation=config.type,
            column_name=kwargs.get("column") or kwargs.get("column_A"),
            success=bool(result.success),
            element_count=result.result.get("element_count"),
            unexpected_count=result.result.get("unexpected_count"),
            details=json.dumps(kwargs, default=str, sort_keys=True),
            row_level=row_level,
            description=config.description,
        )
        keys = _failing_keys(result.result, suite.row_key) if row_level and suite.row_key else []
        outcomes.append((outcome, keys))
    return outcomes


def validate_suites(frames_of: Callable[[Suite], Iterable[pd.DataFrame]], gx_root: Path,
                    run_name: str, suites: Sequence[Suite]) -> ValidationReport:
    """Validate each suite on its frames, one frame in memory at a time.

    An expectation's outcome is the sum over the table's slices; each slice is a validation
    result of its own (stored for Data Docs, which `build_data_docs` renders once per run). A
    suite whose frame is empty is not run: it has nothing to fail on.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(gx_root)
    definitions = _definitions(context, tuple(suites))
    run_time = dt.datetime.now(dt.UTC)
    outcomes: list[ExpectationOutcome] = []
    row_failures: list[RowFailure] = []
    for suite in suites:
        merged: dict[tuple[str, str], ExpectationOutcome] = {}
        failing: dict[tuple[str, str], set[str]] = {}
        for number, frame in enumerate(frames_of(suite), start=1):
            if frame.empty:
                continue
            name = run_name if number == 1 else f"{run_name} slice {number}"
            result = definitions[suite.name].run(
                batch_parameters={"dataframe": frame}, result_format=suite.result_format,
                run_id=RunIdentifier(run_name=name, run_time=run_time))
            for outcome, keys in _outcomes(suite, result):
                key = (outcome.expectation, outcome.details)
                merged[key] = merged[key].combined(outcome) if key in merged else outcome
                failing.setdefault(key, set()).update(keys)
        outcomes.extend(merged.values())
        for key, outcome in merged.items():
            if outcome.row_level and not outcome.success and failing[key]:
                row_failures += [RowFailure(k, outcome) for k in sorted(failing[key])]
    return ValidationReport(outcomes=outcomes, row_failures=row_failures)


def build_data_docs(gx_root: Path, run_name: str, suites: Sequence[Suite]) -> None:
    """Render the Data Docs pages of the suites and of the results of runs whose name starts
    with run_name (a run's own, its slices' and its re-validation's), and the index of all
    results: the pages of earlier runs' results are rendered already, by their runs."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    context = _context(gx_root)
    results = [key for key in context.validation_results_store.list_keys()
               if str(key.run_id.run_name).startswith(run_name)]
    context.build_data_docs(resource_identifiers=[
        *(ExpectationSuiteIdentifier(name=suite.name) for suite in suites), *results])
