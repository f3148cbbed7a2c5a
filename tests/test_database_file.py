"""The product's DuckDB connections never install or load an extension, and a file that is not a
DuckDB database is refused in one line by every command, before DuckDB is given it."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from newsflow.devtools.servers import BIN, clean_env
from newsflow.exit_codes import ExitCode
from newsflow.settings import CHECKOUT_ROOT
from newsflow.warehouse.connection import NotADatabaseError, duckdb_connect


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (text TEXT)")
    return path


def test_connections_neither_install_nor_load_extensions(tmp_path: Path) -> None:
    for database in (":memory:", str(tmp_path / "news.duckdb")):
        with duckdb_connect(database) as con:
            assert con.execute(
                "SELECT current_setting('autoinstall_known_extensions'), "
                "current_setting('autoload_known_extensions')").fetchone() == (False, False)


def test_every_connection_of_the_product_is_opened_through_the_one_helper() -> None:
    package = CHECKOUT_ROOT / "flows" / "newsflow"
    direct = [f"{path.relative_to(package)}:{number}"
              for path in package.rglob("*.py") if path.name != "connection.py"
              for number, line in enumerate(path.read_text().splitlines(), 1)
              if re.search(r"\bduckdb\.connect\(", line)]
    assert direct == []


def test_a_sqlite_file_is_refused_before_duckdb_opens_it(sqlite_file: Path) -> None:
    before = sqlite_file.read_bytes()
    with pytest.raises(NotADatabaseError, match=r"is not a DuckDB database file \(it is a "
                                                r"SQLite database\)$"):
        duckdb_connect(str(sqlite_file))
    assert sqlite_file.read_bytes() == before


@pytest.mark.parametrize("command", [["run"], ["report"], ["query", "SELECT 1"],
                                     ["export", "articles", "--out", "{tmp}/out.csv"]])
def test_every_command_refuses_a_file_that_is_not_a_duckdb_database_in_one_line(
    sqlite_file: Path, tmp_path: Path, command: list[str]
) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database\n")
    for db, kind in ((sqlite_file, " (it is a SQLite database)"), (text_file, "")):
        args = [arg.format(tmp=tmp_path) for arg in command]
        result = subprocess.run([str(BIN / "newsflow"), *args, "--db", str(db)],
                                capture_output=True, text=True, timeout=120,
                                env=clean_env(PREFECT_HOME=str(tmp_path / "prefect")))
        assert result.returncode == ExitCode.USAGE, result.stderr[-2000:]
        assert result.stderr.splitlines() == [
            f"usage error: {db} is not a DuckDB database file{kind}"]
    assert not (tmp_path / "prefect").exists()  # refused before Prefect started
