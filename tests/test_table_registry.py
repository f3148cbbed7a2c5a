"""The table registry (warehouse/tables.py) against the SQL files: adding a table is one entry
there plus its SQL, and these tests name whatever is missing."""

from __future__ import annotations

import dataclasses
import re

import duckdb
import pytest
from newsflow.settings import SQL_DIR
from newsflow.warehouse import REGISTRY, STAGED_TABLES, UNHELD_ROWS, sql
from newsflow.warehouse.sql import sql_files
from newsflow.warehouse.tables import rows_by_table

STEP = re.compile(r"\d{3}_(?P<verb>publish|delete_orphan|delete_republished)_(?P<table>\w+)")


def test_every_create_statement_has_an_entry_and_every_entry_its_sql() -> None:
    created = {path.stem.removeprefix("create_") for path in sql_files("schema", "create_*.sql")}
    assert created == {table.name for table in REGISTRY}
    for table in REGISTRY:
        assert (SQL_DIR / f"{table.comment}.sql").is_file(), f"{table.name} has no comments"


def test_every_staged_table_is_published_and_article_rows_are_cleaned_up() -> None:
    steps = [STEP.fullmatch(path.stem) for path in sql_files("publish")]
    named = {(m["verb"], m["table"]) for m in steps if m}
    assert {table for _, table in named} <= set(STAGED_TABLES), "a step names no staged table"
    for table in REGISTRY:
        assert (("publish", table.name) in named) == table.staged, table.name
        if table.article_key:
            assert ("delete_orphan", table.name) in named, f"{table.name} keeps orphaned rows"


def test_rows_of_held_articles_leave_every_table_holding_them() -> None:
    for table in REGISTRY:
        if table.article_key:
            assert table.staged and table.name in UNHELD_ROWS, table.name
    for query in UNHELD_ROWS.values():
        assert (SQL_DIR / f"{query}.sql").is_file(), query


@pytest.mark.parametrize("table", [t for t in REGISTRY if t.record], ids=lambda t: t.name)
def test_record_fields_are_the_table_columns(table) -> None:
    with duckdb.connect() as con:
        con.execute(sql(table.create))
        columns = [row[0] for row in con.execute(f"DESCRIBE {table.name}").fetchall()]
    assert {field.name for field in dataclasses.fields(table.record)} == set(columns)
    if table.article_key:
        assert table.article_key in columns


def test_records_are_sorted_into_their_tables() -> None:
    def blank(record_type: type):
        return record_type(**{field.name: "" for field in dataclasses.fields(record_type)
                              if field.init})

    records = [blank(table.record) for table in REGISTRY if table.record] * 2
    rows = rows_by_table(records)
    assert {name: len(r) for name, r in rows.items()} == {
        table.name: 2 for table in REGISTRY if table.record}
    assert all(type(r) is table.record for table in REGISTRY if table.record
               for r in rows[table.name])
