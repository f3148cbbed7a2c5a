"""How the product opens DuckDB: every connection, in memory or on a file, through here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# Every DuckDB connection of the product: never install an extension (a download from the
# internet) nor load one on its own. Given a SQLite file, DuckDB would otherwise fetch its
# sqlite extension and attach the file, writing the schema into the user's SQLite database.
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Bytes 8-11 of every DuckDB database file.
DUCKDB_MAGIC = b"DUCK"


def duckdb_connect(database: str = ":memory:", read_only: bool = False,
                   config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with extensions off (NO_EXTENSIONS); a file is checked to be a DuckDB
    database first (NotADatabaseError)."""
    if database != ":memory:":
        check_database_file(Path(database))
    return duckdb.connect(database, read_only=read_only,
                          config={**NO_EXTENSIONS, **(config or {})})


class NotADatabaseError(ValueError):
    """The file named as the warehouse is something else; the message is one line."""


def check_database_file(path: Path) -> None:
    """Refuse, before DuckDB opens it, a file that is not a DuckDB database (a SQLite file, a
    text file, a folder). A missing or empty file is a database yet to be created."""
    try:
        with path.open("rb") as fh:
            header = fh.read(64)
    except IsADirectoryError:
        raise NotADatabaseError(f"{path} is a folder, not a DuckDB database file") from None
    except OSError:  # missing, or unreadable: for opening it to report (it may be created)
        return
    if header and header[8:12] != DUCKDB_MAGIC:
        kind = " (it is a SQLite database)" if header.startswith(b"SQLite format 3") else ""
        raise NotADatabaseError(f"{path} is not a DuckDB database file{kind}")
