"""The SQL statements under sql/: tables/<table>/ (each table's own, see tables.py), views/
(each view with its comments), queries/ (every other read and write).

Code names a statement by its path under sql/ without `.sql` (`queries/select_known_documents`),
so a search for the file's name finds its users; only a whole folder is listed (views, comments,
the tables).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from newsflow.settings import SQL_DIR


def sql_dir() -> Path:
    """The sql/ folder in use (a test may point it at a copy holding another table)."""
    return SQL_DIR


def sql(name: str) -> str:
    """The statement stored in sql/<name>.sql."""
    return _statement(sql_dir(), name)


@cache
def _statement(folder: Path, name: str) -> str:
    return read_sql(folder / f"{name}.sql")


def read_sql(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sql_files(folder: str, pattern: str = "*.sql") -> list[Path]:
    """The statements of one folder of sql/, in name order."""
    return sorted((sql_dir() / folder).glob(pattern))
