"""A warehouse written by an earlier release gains the columns its tables have since grown."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from newsflow.warehouse import create_schema, registry

# The two tables as an earlier release created them (before place links and the expectation).
OLD_ENTITIES = """CREATE TABLE entities (entity_id VARCHAR PRIMARY KEY,
    canonical_name VARCHAR NOT NULL, label VARCHAR NOT NULL, aliases VARCHAR[] NOT NULL)"""
OLD_QUARANTINE = """CREATE TABLE quarantine (source VARCHAR NOT NULL, doc_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL, reason VARCHAR NOT NULL, run_id VARCHAR NOT NULL,
    quarantined_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (source, doc_id))"""


def columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() "
                       "WHERE schema_name = 'main' ORDER BY table_name, column_index").fetchall()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        found.setdefault(table, []).append((column, data_type))
    return found


def test_old_tables_gain_new_columns_and_keep_their_rows(tmp_path: Path) -> None:
    with duckdb.connect() as fresh:
        create_schema(fresh)
        expected = columns(fresh)
    with duckdb.connect(str(tmp_path / "old.duckdb")) as con:
        con.execute(OLD_ENTITIES)
        con.execute(OLD_QUARANTINE)
        con.execute("INSERT INTO entities VALUES ('e1', 'Minsk', 'GPE', ['Minsk'])")
        con.execute("INSERT INTO quarantine VALUES ('a.txt', 'd1', 'clean', 'empty', 'r1', now())")
        create_schema(con)
        upgraded = columns(con)
        for table in registry().names:
            assert sorted(upgraded[table]) == sorted(expected[table]), table
        assert con.execute("SELECT canonical_name, geonames_id FROM entities").fetchall() == [
            ("Minsk", None)]
        assert con.execute("SELECT source, expectation FROM quarantine").fetchall() == [
            ("a.txt", None)]
        create_schema(con)  # a second pass finds nothing to add
        assert columns(con) == upgraded


def test_report_on_a_warehouse_of_an_older_release_says_to_run_once(tmp_path: Path) -> None:
    from newsflow.cli import app
    from newsflow.exit_codes import ExitCode
    from typer.testing import CliRunner

    db, page = tmp_path / "old.duckdb", tmp_path / "report.html"
    expected = (f"old warehouse: {db} predates this version of newsflow: run `newsflow run` "
                "once to upgrade it")

    def report(*options: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["report", "--db", str(db), *options])
        assert "Traceback" not in result.output
        return result.exit_code, result.stderr.strip()

    with duckdb.connect(str(db)) as con:
        create_schema(con)
        con.execute("DROP VIEW v_quote_spread")  # not there before the release that added it
    assert report() == report("--html", str(page)) == (ExitCode.USAGE, expected)
    with duckdb.connect(str(db)) as con:
        create_schema(con)  # what the next run does first
        con.execute("DROP VIEW v_top_entities")  # read only by the HTML report
    assert report() == (0, "")
    assert report("--html", str(page)) == (ExitCode.USAGE, expected)
    assert not page.exists()
    with duckdb.connect(str(db)) as con:
        create_schema(con)
    assert report("--html", str(page)) == (0, "") and page.exists()


def test_schema_gaps_name_what_an_older_release_lacks() -> None:
    from newsflow.warehouse import schema_gaps

    with duckdb.connect() as con:
        assert "articles" in schema_gaps(con) and "v_quote_spread" in schema_gaps(con)
        create_schema(con)
        assert schema_gaps(con) == []
        con.execute("ALTER TABLE entities DROP COLUMN geonames_id")
        con.execute("DROP VIEW v_entity_tone")
        assert schema_gaps(con) == ["entities.geonames_id", "v_entity_tone"]


def test_a_faulty_report_query_on_a_current_warehouse_is_not_called_an_old_warehouse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsflow.warehouse
    from newsflow.cli import app
    from typer.testing import CliRunner

    db = tmp_path / "news.duckdb"
    with duckdb.connect(str(db)) as con:
        create_schema(con)
    real_sql = newsflow.warehouse.sql
    monkeypatch.setattr(newsflow.warehouse, "sql", lambda name: (
        "SELECT no_such_column FROM pipeline_runs" if name == "queries/report_runs"
        else real_sql(name)))
    result = CliRunner().invoke(app, ["report", "--db", str(db)])
    assert isinstance(result.exception, duckdb.BinderException)
    assert "old warehouse" not in result.output
