"""`newsflow query` cannot touch the file system; `newsflow export` writes only where told."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from helpers import query
from newsflow import warehouse
from newsflow.cli import app
from newsflow.exit_codes import ExitCode
from typer.testing import CliRunner

TITLE = "Budget [/b] vote [bold red]today[/]"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with warehouse.connect(path) as con:
        warehouse.create_schema(con)
        insert = ("INSERT INTO articles (article_id, source, title, text, authors, "
                  "published_date, outlet, language, word_count) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        con.execute(insert, ["a1", "inbox/a.txt", TITLE, "text", ["X"], "2024-05-01", "Outlet",
                             "en", 1])
        con.execute(insert, ["a2", "inbox/b.txt", "Other", "more text", [], None, None, "en", 2])
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("statement", [
    "COPY (SELECT 'gone') TO '{db}'",
    "COPY (SELECT 'gone') TO '{tmp}/copied.csv'",
    "COPY articles TO '{tmp}/copied.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{tmp}/exported'",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/home/*')",
    "SELECT * FROM read_parquet('{tmp}/*.parquet')",
    "ATTACH '{tmp}/other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "DROP TABLE articles",
])
def test_query_cannot_touch_the_file_system(db: Path, tmp_path: Path, statement: str) -> None:
    before = digest(db)
    entries = sorted(p.name for p in tmp_path.iterdir())
    code, _, stderr = invoke("query", "--db", str(db), statement.format(db=db, tmp=tmp_path))
    assert code == ExitCode.REFUSED, stderr
    assert "query failed" in stderr
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == entries
    assert query(db, "SELECT count(*) FROM articles") == [(2,)]


def test_query_cannot_write_into_duckdbs_temporary_folder(db: Path) -> None:
    """DuckDB lets a connection write where it spills; that must not be beside the warehouse."""
    spill = db.with_name(db.name + ".tmp")
    spill.mkdir()
    code, _, stderr = invoke("query", "--db", str(db), f"COPY (SELECT 1) TO '{spill}/x.csv'")
    assert code == ExitCode.REFUSED, stderr
    assert list(spill.iterdir()) == []


def test_query_prints_titles_and_errors_as_text(db: Path) -> None:
    code, stdout, _ = invoke("query", "--db", str(db), "SELECT title FROM articles WHERE "
                             "article_id = 'a1'")
    assert code == ExitCode.OK
    assert TITLE in stdout.replace("\n", "")
    code, _, stderr = invoke("query", "--db", str(db), "SELECT * FROM \"[/b]\"")
    assert code == ExitCode.REFUSED
    assert "[/b]" in stderr


HOLD_READ_WRITE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
"""


def test_query_of_a_database_held_by_a_writer_is_busy(db: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_READ_WRITE, str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        code, _, stderr = invoke("query", "--db", str(db), "SELECT 1")
    finally:
        holder.communicate(timeout=30)
    assert code == ExitCode.BUSY
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def test_export_table_as_parquet(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles [1].parquet"
    code, stdout, stderr = invoke("export", "--db", str(db), "articles", "--out", str(out))
    assert code == ExitCode.OK, stderr
    assert "2 row(s)" in stdout
    with duckdb.connect() as con:
        rows = con.execute("SELECT article_id, title, authors, published_date FROM "
                           "read_parquet(?) ORDER BY 1", [str(out)]).fetchall()
        types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE "
                                 "SELECT * FROM read_parquet(?))", [str(out)]).fetchall())
    assert rows[0][:3] == ("a1", TITLE, ["X"]) and str(rows[0][3]) == "2024-05-01"
    assert types["authors"] == "VARCHAR[]" and types["published_date"] == "DATE"


def test_export_query_as_csv_replaces_the_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "titles.csv"
    out.write_text("old content\n")
    code, _, stderr = invoke("export", "--db", str(db), "--format", "csv", "--out", str(out),
                             "SELECT article_id, title FROM articles ORDER BY article_id")
    assert code == ExitCode.OK, stderr
    assert list(csv.reader(io.StringIO(out.read_text()))) == [
        ["article_id", "title"], ["a1", TITLE], ["a2", "Other"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.duckdb", "titles.csv"]


@pytest.mark.parametrize("statement", [
    "SELECT * FROM read_text('/etc/passwd')",
    "COPY articles TO '{tmp}/elsewhere.csv'",
    "SELECT * FROM read_csv('{out}')",
])
def test_export_query_cannot_touch_other_files(db: Path, tmp_path: Path, statement: str) -> None:
    out = tmp_path / "out.csv"
    code, _, stderr = invoke("export", "--db", str(db), "--format", "csv", "--out", str(out),
                             statement.format(tmp=tmp_path, out=out))
    assert code != ExitCode.OK
    assert "export failed" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.duckdb"]


@pytest.mark.parametrize("suffix", ["", ".wal"])
def test_export_will_not_overwrite_the_warehouse(db: Path, suffix: str) -> None:
    before = digest(db)
    code, _, stderr = invoke("export", "--db", str(db), "articles", "--out", f"{db}{suffix}")
    assert code == ExitCode.USAGE
    assert "not overwritten" in stderr
    assert digest(db) == before and not Path(f"{db}.wal").exists()


def one_line_at_limit(code: int, stderr: str, limit: str) -> None:
    assert code == ExitCode.LIMIT, stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, stderr
    assert limit in stderr


def test_a_query_stops_at_the_time_limit(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_QUERY_TIME_LIMIT", "1")
    started = time.monotonic()
    code, _, stderr = invoke("query", "--db", str(db), "SELECT count(*) FROM range(1e12::BIGINT)")
    one_line_at_limit(code, stderr, "stopped at the 1-second time limit")
    assert time.monotonic() - started < 10  # the count alone would take hours


def test_a_result_too_large_to_hold_stops_at_the_memory_limit(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_QUERY_MEMORY_LIMIT", "64MB")
    code, _, stderr = invoke("query", "--db", str(db), "SELECT * FROM range(300000000)")
    one_line_at_limit(code, stderr, "stopped at the 64,000,000-byte memory limit")


def test_duckdbs_own_memory_is_bounded(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_QUERY_MEMORY_LIMIT", "32MB")
    code, _, stderr = invoke("query", "--db", str(db), "SELECT count(*) FROM (SELECT DISTINCT "
                             "i::VARCHAR || repeat('x', 30) FROM range(3000000) t(i))")
    one_line_at_limit(code, stderr,
                      "32,000,000-byte memory limit (NEWSFLOW_QUERY_MEMORY_LIMIT), with")


def test_an_export_stopped_at_a_limit_leaves_the_old_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_QUERY_TIME_LIMIT", "1")
    out = tmp_path / "count.csv"
    out.write_text("old content\n")
    code, _, stderr = invoke("export", "--db", str(db), "--format", "csv", "--out", str(out),
                             "SELECT count(*) FROM range(1e12::BIGINT)")
    one_line_at_limit(code, stderr, "time limit")
    assert out.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["count.csv", "news.duckdb"]


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_export_through_a_link_to_the_warehouse_is_refused(
    db: Path, tmp_path: Path, link: str
) -> None:
    alias = tmp_path / "elsewhere" / "articles.parquet"
    alias.parent.mkdir()
    if link == "hard":
        os.link(db, alias)
    else:
        alias.symlink_to(db)
    before = digest(db)
    code, _, stderr = invoke("export", "--db", str(db), "articles", "--out", str(alias))
    assert code == ExitCode.USAGE, stderr
    assert "not overwritten" in stderr
    assert digest(db) == before
    assert query(db, "SELECT count(*) FROM articles") == [(2,)]
