"""The documentation's generated parts: the data dictionary, written from the warehouse's own
comments, and the output shown under each `$ newsflow query` example, written by running it.

`scripts/update_docs.py` rewrites both; `tests/test_docs.py` and `tests/test_pipeline.py` fail
when the files in the repository differ from what these functions produce.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newsflow.settings import CHECKOUT_ROOT

DOCS_DIR = CHECKOUT_ROOT / "docs"
README = CHECKOUT_ROOT / "README.md"
DICTIONARY = DOCS_DIR / "data-dictionary.md"
# Documented examples are rendered at the width of a classic terminal.
EXAMPLE_COLUMNS = 80
PROMPT = "$ "
# A view's sources are the relations named after FROM or JOIN in its SQL (its CTEs excluded,
# as they are no relation of the warehouse).
RELATION_AFTER = re.compile(r"\b(?:from|join)[\s(]+([a-z_][a-z0-9_]*)", re.IGNORECASE)


def documentation_files() -> list[Path]:
    """README.md and every page of docs/: where examples may be shown."""
    return [README, *sorted(DOCS_DIR.glob("*.md"))]


def _cell(text: str | None) -> str:
    """A comment as one Markdown table cell."""
    return " ".join((text or "").split()).replace("|", "\\|")


def data_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    """Every table and view of the warehouse with its comment, each view's sources, and every
    column with its type and comment, in Markdown."""
    tables = con.execute("SELECT table_name, comment FROM duckdb_tables() "
                         "WHERE schema_name = 'main' ORDER BY table_name").fetchall()
    views = con.execute("SELECT view_name, comment, sql FROM duckdb_views() "
                        "WHERE NOT internal AND schema_name = 'main' "
                        "ORDER BY view_name").fetchall()
    relations = {name for name, _ in tables} | {name for name, _, _ in views}
    columns: dict[str, list[tuple[str, str, str | None]]] = {}
    for relation, column, data_type, comment in con.execute(
            "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
            "WHERE schema_name = 'main' ORDER BY table_name, column_index").fetchall():
        columns.setdefault(relation, []).append((column, data_type, comment))

    lines = ["# Data dictionary", "",
             "Generated from the comments the warehouse carries (`duckdb_tables()`, "
             "`duckdb_views()`, `duckdb_columns()`), which come from "
             "the schema's SQL files: do not edit this page, run "
             "`.venv/bin/python scripts/update_docs.py` after changing a comment, a column or "
             "a view. [warehouse.md](warehouse.md) says how to query these.", "",
             "Tables: " + ", ".join(f"[`{name}`](#{name})" for name, _ in tables) + ".", "",
             "Views: " + ", ".join(f"[`{name}`](#{name})" for name, _, _ in views) + ".", ""]

    def columns_table(relation: str) -> list[str]:
        rows = [f"| `{column}` | {data_type} | {_cell(comment)} |"
                for column, data_type, comment in columns.get(relation, [])]
        return ["| column | type | meaning |", "|---|---|---|", *rows, ""]

    lines += ["## Tables", ""]
    for name, comment in tables:
        lines += [f"### {name}", "", _cell(comment), "", *columns_table(name)]
    lines += ["## Views", ""]
    for name, comment, view_sql in views:
        sources = sorted({found.lower() for found in RELATION_AFTER.findall(view_sql)}
                         & relations - {name})
        lines += [f"### {name}", "", _cell(comment), "",
                  "Reads: " + ", ".join(f"[`{source}`](#{source})" for source in sources) + ".",
                  "", *columns_table(name)]
    return "\n".join(lines).rstrip("\n") + "\n"


def schema_dictionary(folder: Path) -> str:
    """The data dictionary of a warehouse created in `folder` with the current schema."""
    from newsflow import warehouse

    db = folder / "dictionary.duckdb"
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)
    with warehouse.connect(db, read_only=True) as con:
        return data_dictionary(con)


@dataclass(frozen=True)
class Example:
    """A `$ newsflow query …` line of a code block, and the output shown under it."""

    path: Path
    line: int
    command: str
    shown: str


def examples(path: Path) -> Iterator[Example]:
    """The query examples of a Markdown file: in a fenced block, a line starting `$ newsflow
    query` and the lines after it up to the next prompt, blank line or end of block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    in_block = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and line.startswith(f"{PROMPT}newsflow query "):
            end = index + 1
            while end < len(lines) and lines[end].strip() and not (
                    lines[end].startswith(("```", PROMPT))):
                end += 1
            yield Example(path, index + 1, line[len(PROMPT):],
                          "\n".join(lines[index + 1:end]) + "\n")
            index = end
            continue
        index += 1


def run_example(command: str, db: Path) -> str:
    """What `newsflow query` prints for the example's command on the warehouse `db` (its own
    --db, if it names one, replaced), at the width of an 80-column terminal."""
    from typer.testing import CliRunner

    from newsflow.cli import app

    arguments = shlex.split(command)[1:]
    if "--db" in arguments:
        del arguments[arguments.index("--db"):arguments.index("--db") + 2]
    # Through COLUMNS, which the console reads at each print: setting its width instead would
    # pin it for every later command of this process.
    result = CliRunner().invoke(app, [*arguments, "--db", str(db)],
                                env={"COLUMNS": str(EXAMPLE_COLUMNS)})
    if result.exit_code != 0:
        raise AssertionError(f"{command}: exit {result.exit_code}: {result.output}")
    return result.stdout


def rewrite_examples(path: Path, db: Path) -> int:
    """Replace the output shown under each example of `path` with what it prints on `db`;
    returns how many examples there are."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    found = list(examples(path))
    for example in reversed(found):
        shown_lines = example.shown.count("\n") if example.shown.strip() else 0
        start = example.line
        lines[start:start + shown_lines] = run_example(example.command, db).splitlines(
            keepends=True)
    path.write_text("".join(lines), encoding="utf-8")
    return len(found)
