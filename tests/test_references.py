"""The references suite, generated from the tables' declarations, holds back a batch whose rows
point at rows it lacks (here: articles)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from newsflow import quality, warehouse
from newsflow.quality import staged_frames
from newsflow.settings import EXPECTATIONS_DIR
from newsflow.warehouse import registry


@pytest.fixture
def staged() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table in registry().staged:
        con.execute(warehouse.sql(registry()[table].create))
    con.execute("INSERT INTO articles (article_id, source, title, text, authors, word_count) "
                "VALUES ('a1', 'inbox/a.txt', 'T', 'text', [], 1)")
    con.execute("INSERT INTO stories VALUES ('a1', 's1', 'a1', 1.0)")
    return con


def outcomes(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> dict[str, bool]:
    [suite] = [s for s in quality.load_suites(EXPECTATIONS_DIR) if s.name == "references"]
    report = quality.validate_suites(lambda s: staged_frames(con, s, 50_000), tmp_path, "run",
                                      [suite])
    return {o.describe(): o.success for o in report.outcomes}


def test_a_consistent_batch_passes(staged: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    assert outcomes(staged, tmp_path) == {
        "references.reference_exists: expect_column_values_to_be_in_set": True}


def test_every_article_keyed_table_is_checked() -> None:
    query = registry().references_query()
    for table in registry():
        if table.article_key and table.name != "articles":
            assert f"FROM {table.name} r\nWHERE r.{table.article_key} IS NOT NULL" in query


@pytest.mark.parametrize("orphan", [
    "INSERT INTO stories VALUES ('gone', 's1', 'a1', 0.5)",
    "INSERT INTO demonym_mentions VALUES ('d1', 'gone', 'Russian', 'Russia', 'NORP', 0, 7, 's')",
    "INSERT INTO entity_mentions VALUES ('m1', 'gone', 'e1', 'Kyiv', 'Kyiv', 'GPE', 'GPE', 0, 4, "
    "'s', 'model')",
    "INSERT INTO quotations VALUES ('q1', 'gone', 'we will', 'he', NULL, 'said', false, 0, 7, "
    "'s', 'pronoun', false)",
    "INSERT INTO article_minhashes VALUES ('gone', [1, 2])",
])
def test_a_row_pointing_at_a_missing_article_fails(
    staged: duckdb.DuckDBPyConnection, tmp_path: Path, orphan: str
) -> None:
    staged.execute(orphan)
    failed = [name for name, success in outcomes(staged, tmp_path).items() if not success]
    assert failed == ["references.reference_exists: expect_column_values_to_be_in_set "
                      "(1 unexpected)"]
