"""`newsflow query` as an SQL terminal: what does not fit an 80-column terminal is named or cut
with an ellipsis, NULL is shown, errors keep their lines, and printing is bounded too."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import time
from pathlib import Path

import pytest
from newsflow import warehouse
from newsflow.cli import app, render
from newsflow.devtools.servers import BIN, clean_env
from newsflow.exit_codes import ExitCode
from newsflow.sandbox import QueryLimitError, QueryLimits, run_query
from typer.testing import CliRunner

LONG_TITLE = ("Ministers agree a budget after a night of talks in Brussels about farming, "
              "fishing and the unchanged rules on state aid")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with warehouse.connect(path) as con:
        warehouse.create_schema(con)
        con.execute("INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, "
                    "documents_seen, documents_new, documents_skipped, documents_changed, "
                    "quarantined, articles, mentions, message) VALUES "
                    "('3f1c0e9a5b7d4c2e8f6a1b3c5d7e9f01', '2026-12-07 09:23:24+00', "
                    "'2026-12-07 09:23:40+00', 'unchanged', 5, 0, 5, 0, 0, 0, 0, 'nothing new')")
        con.execute("INSERT INTO articles (article_id, source, title, text, authors, "
                    "published_date, outlet, language, word_count) VALUES "
                    "('a1', 'inbox/a.txt', ?, 'text', [], NULL, NULL, 'en', 1)", [LONG_TITLE])
    return path


def invoke(*args: str, width: int = 80, **env: str) -> tuple[int, str, str]:
    # Through COLUMNS, which the console reads at each print: setting its width would pin it
    # for every later test of this process.
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), **env})
    return result.exit_code, result.stdout, result.stderr


def test_columns_that_do_not_fit_80_columns_are_named(db: Path) -> None:
    code, stdout, stderr = invoke("query", "--db", str(db), "SELECT * FROM v_run_summary")
    assert code == ExitCode.OK, stderr
    lines = stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[-1] == "1 row(s)"
    note = " ".join(stdout.split("┘")[1].split()[:-2])
    shown = lines[1]
    hidden = note.split(": ", 1)[1].removesuffix(" (--format line shows every column)")
    assert note.startswith(f"{len(hidden.split(', '))} more columns: ")
    columns = ["run_id", "started_at", "status", "documents_seen", "documents_new",
               "quarantined", "articles", "mentions", "expectations", "expectations_failed",
               "message"]
    # every column is either in the header or named as hidden, in order
    assert [c for c in columns if f" {c} " in shown] + hidden.split(", ") == columns
    assert "unchanged" in stdout  # whole words: never `unchan` and `ged` on two lines


def test_null_is_shown_and_long_values_are_cut_between_words(db: Path) -> None:
    code, stdout, _ = invoke("query", "--db", str(db),
                             "SELECT title, published_date, outlet FROM articles")
    assert code == ExitCode.OK
    [row] = [line for line in stdout.splitlines() if line.startswith("│")]
    title, published, outlet = (cell.strip() for cell in row.strip("│").split("│"))
    assert published == outlet == "NULL"
    assert title.endswith("…") and LONG_TITLE.startswith(title[:-1])
    assert LONG_TITLE[len(title) - 1] == " "  # the cut falls between two words


def test_line_format_shows_every_column_in_full(db: Path) -> None:
    code, stdout, _ = invoke("query", "--db", str(db), "--format", "line",
                             "SELECT * FROM v_run_summary")
    assert code == ExitCode.OK
    fields = dict(line.strip().split(" = ", 1) for line in stdout.splitlines()[:-1])
    assert fields["run_id"] == "3f1c0e9a5b7d4c2e8f6a1b3c5d7e9f01"
    assert fields["expectations_failed"] == "0" and fields["message"] == "nothing new"
    assert len(fields) == 11


def test_errors_keep_their_lines_but_no_other_control_character(db: Path) -> None:
    code, _, stderr = invoke("query", "--db", str(db), "SELECT 1 +")
    assert code == ExitCode.REFUSED
    assert "\\x0a" not in stderr
    assert "LINE 1: SELECT 1 +" in stderr.splitlines()
    code, _, stderr = invoke("query", "--db", str(db), "SELECT * FROM \"x\x1b[2J\u202ey\"")
    assert code == ExitCode.REFUSED
    assert "\x1b" not in stderr and "\u202e" not in stderr
    assert "x\\x1b[2J\\u202ey" in stderr


def test_a_huge_value_is_printed_within_its_cap(db: Path) -> None:
    started = time.monotonic()
    code, stdout, _ = invoke("query", "--db", str(db), "SELECT repeat('x', 60000000) AS x")
    assert code == ExitCode.OK
    assert len(stdout) < 2_000 and "x…" in stdout
    code, stdout, _ = invoke("query", "--db", str(db), "--format", "line",
                             "SELECT repeat('x', 60000000) AS x")
    assert code == ExitCode.OK
    assert f"… ({60_000_000 - render.MAX_FIELD_CHARS:,} more characters" in stdout
    assert len(stdout) < render.MAX_FIELD_CHARS + 1_000
    assert time.monotonic() - started < 30


def test_the_time_limit_runs_while_the_rows_are_printed(db: Path) -> None:
    with pytest.raises(QueryLimitError, match="time limit"), run_query(
            db, "SELECT 1", QueryLimits(10**9, 0.2, 10**9)) as result:
        result.check()  # fetched in time
        time.sleep(0.5)
        result.check()


FORMULAS = ("SELECT '=HYPERLINK(\"http://x\")' AS a, '+1' AS b, '-2' AS c, '@SUM(A1)' AS d, "
            "chr(9) || 't' AS e, chr(13) || 'r' AS f, 'plain' AS g, -3 AS h")
AS_STORED = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tt", "\rr", "plain", "-3"]
NEUTRALISED = ["'" + value for value in AS_STORED[:6]] + ["plain", "-3"]


@pytest.mark.parametrize(("raw", "expected"), [([], NEUTRALISED), (["--raw"], AS_STORED)])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(
    db: Path, tmp_path: Path, raw: list[str], expected: list[str]
) -> None:
    code, stdout, _ = invoke("query", "--db", str(db), "--format", "csv", *raw, FORMULAS)
    assert code == ExitCode.OK
    assert list(csv.reader(io.StringIO(stdout, newline="")))[1] == expected
    out = tmp_path / "formulas.csv"
    code, _, stderr = invoke("export", "--db", str(db), "--format", "csv", "--out", str(out),
                             *raw, FORMULAS)
    assert code == ExitCode.OK, stderr
    with out.open(newline="") as written:
        assert list(csv.reader(written))[1] == expected


@pytest.mark.parametrize(("out", "says"), [
    (".", "is a folder"), ("/dev/null", "not a regular file"), ("news.lock", "the run lock"),
    ("lock-link", "the run lock"),
])
def test_export_out_that_is_no_plain_file_is_refused_in_one_line(
    db: Path, out: str, says: str
) -> None:
    lock = db.with_suffix(".lock")
    lock.write_text("")
    (db.parent / "lock-link").hardlink_to(lock)
    target = out if out.startswith("/") else str(db.parent / out)
    code, _, stderr = invoke("export", "--db", str(db), "articles", "--out", target, width=400)
    assert code == ExitCode.USAGE == 64
    [line] = stderr.strip().splitlines()
    assert says in line and "Traceback" not in stderr
    assert lock.read_text() == ""


@pytest.mark.slow
def test_twenty_queries_and_exports_leave_stderr_empty(db: Path, tmp_path: Path) -> None:
    """DuckDB's bindings list every object still alive at interpreter exit as leaked: nothing
    of a query (its connection, the thread timing it) may outlive the command."""
    env = clean_env(PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    commands = [["query", "SELECT 1"], ["query", "SELECT * FROM v_run_summary"],
                ["query", "SELECT 1 +"],
                ["export", "articles", "--out", str(tmp_path / "a.parquet")]] * 5
    for command in commands:
        done = subprocess.run([str(BIN / "newsflow"), *command, "--db", str(db)],
                              capture_output=True, text=True, env=env, timeout=120)
        expected = "" if command[1] != "SELECT 1 +" else done.stderr
        assert done.stderr == expected and "nanobind" not in done.stderr, (command, done.stderr)
