"""The SQL statements under sql/, by purpose: schema/, views/, publish/, queries/.

Code names a statement by its path under sql/ without `.sql` (`queries/select_known_documents`),
so a search for the file's name finds its users; only a whole folder is listed (views, comments,
the numbered publish steps).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from newsflow.settings import SQL_DIR


@cache
def sql(name: str) -> str:
    """The statement stored in sql/<name>.sql."""
    return read_sql(SQL_DIR / f"{name}.sql")


def read_sql(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sql_files(folder: str, pattern: str = "*.sql") -> list[Path]:
    """The statements of one folder of sql/, in name order."""
    return sorted((SQL_DIR / folder).glob(pattern))
