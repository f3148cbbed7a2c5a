"""The warehouse documents itself and stays readable by the DuckDB CLI users can install."""

from __future__ import annotations

from pathlib import Path

from newsflow import warehouse


def _created(tmp_path: Path) -> Path:
    db = tmp_path / "news.duckdb"
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)
    return db


def test_every_analyst_table_view_and_column_has_a_comment(tmp_path: Path) -> None:
    db = _created(tmp_path)
    relations = list(warehouse.registry().names + warehouse.VIEWS)
    with warehouse.connect(db, read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE table_name IN (SELECT unnest(?))", [relations]).fetchall()
        relation_comments = dict(con.execute(
            "SELECT table_name, comment FROM duckdb_tables() UNION ALL "
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert {table for table, _, _ in columns} == set(relations)
    undocumented = [f"{t}.{c}" for t, c, comment in columns if not (comment or "").strip()]
    assert undocumented == []
    assert [r for r in relations if not (relation_comments.get(r) or "").strip()] == []


def test_comments_survive_the_next_run_recreating_the_views(tmp_path: Path) -> None:
    db = _created(tmp_path)
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)  # CREATE OR REPLACE VIEW drops comments; they come back
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = "
                              "'v_top_entities' AND column_name = 'stories'").fetchone()
    assert comment and "wire story counts once" in comment[0]


def test_new_warehouse_is_written_in_a_storage_version_the_duckdb_cli_reads(
    tmp_path: Path,
) -> None:
    """DuckDB 2.0 writes version 69 by default; the installable CLI (1.5.6) reads up to 68.

    tests/test_wheel_install.py opens a warehouse with that CLI itself.
    """
    db = _created(tmp_path)
    with warehouse.connect(db, read_only=True) as con:
        tags = con.execute("SELECT tags FROM duckdb_databases() "
                           "WHERE database_name = current_database()").fetchone()
    assert tags and tags[0]["storage_version"] == "v1.5.0+"
