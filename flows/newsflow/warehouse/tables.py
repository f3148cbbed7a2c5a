"""The warehouse's tables, discovered from their folders: `sql/tables/<table>/`.

A folder holds everything about its table (ARCHITECTURE.md, "Adding a table"):

- `table.toml`, its declaration (`Declaration` below);
- `create.sql` (its columns: the staging area types the table's rows by it too) and
  `comment.sql` (its column docs, applied with every schema check);
- the publish steps it needs: `delete_republished.sql` and `publish.sql` (the publish phase),
  `delete_orphans.sql` (the prune phase), `finish.sql` (last, once every table is published and
  pruned); `commit_run` runs each phase over the tables in the registry's order;
- `unheld.sql`, the staged rows that stay when articles are held (`held_articles`), for every
  table holding articles' rows;
- `expectations.py`, its Great Expectations suite (expectations/README.md), with
  `validation.sql` when the suite validates a query rather than the table itself.

The registry orders the tables so that each comes after the tables it references and those it
names in `after`; ties go by name, so the order is the same on every machine.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from newsflow.warehouse.sql import sql, sql_dir

TABLES_FOLDER = "tables"  # under sql/
DECLARATION = "table.toml"
# Phases of the publish transaction, each a file a table's folder may hold, in the order run.
PUBLISH_PHASES = (("delete_republished", "publish"), ("delete_orphans",), ("finish",))

# A table or column name: spliced into generated SQL, so nothing else is accepted.
IDENTIFIER = r"^[a-z][a-z0-9_]*$"
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER)]


class Declaration(BaseModel):
    """A table's table.toml.

    `staged`: a run stages its rows and publishes them (the others hold the run's records).
    `key`: the columns naming one row, unique in every batch. `article_key`: the column naming
    the article a row belongs to; such rows are staged, held and pruned with their article, and
    reference it. `references`: other columns naming a row of another staged table of the same
    batch ({column = "table"}); the references suite checks them all. `after`: tables whose
    publish steps must run before this table's, besides those it references.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    staged: bool
    key: tuple[Identifier, ...] = ()
    article_key: Identifier | None = None
    references: dict[Identifier, Identifier] = {}
    after: tuple[Identifier, ...] = ()


@dataclass(frozen=True)
class Table:
    """One warehouse table: its name, its folder and its declaration."""

    name: str
    folder: Path
    declaration: Declaration

    @property
    def staged(self) -> bool:
        return self.declaration.staged

    @property
    def key(self) -> tuple[str, ...]:
        return self.declaration.key

    @property
    def article_key(self) -> str | None:
        return self.declaration.article_key

    @property
    def references(self) -> dict[str, str]:
        """Each column naming a row of another table, the article key included."""
        own = {self.article_key: "articles"} if self.article_key and self.name != "articles" else {}
        return {**own, **self.declaration.references}

    def statement(self, step: str) -> str | None:
        """The name (for `sql()`) of the folder's `<step>.sql`, or None if it has none."""
        if not (self.folder / f"{step}.sql").is_file():
            return None
        return f"{TABLES_FOLDER}/{self.name}/{step}"

    @property
    def create(self) -> str:
        return f"{TABLES_FOLDER}/{self.name}/create"

    @property
    def comment(self) -> str:
        return f"{TABLES_FOLDER}/{self.name}/comment"

    @property
    def unheld(self) -> str | None:
        return self.statement("unheld")

    @property
    def suite_file(self) -> Path | None:
        path = self.folder / "expectations.py"
        return path if path.is_file() else None


class RegistryError(ValueError):
    """A table folder that cannot be read, named with what is wrong with it (one line)."""


@dataclass(frozen=True)
class Registry:
    """Every table, in dependency order (see the module's docstring)."""

    tables: tuple[Table, ...]

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables)

    def __getitem__(self, name: str) -> Table:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Table]:
        return {table.name: table for table in self.tables}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(table.name for table in self.tables)

    @property
    def staged(self) -> tuple[str, ...]:
        """The tables a run stages before it publishes them; the rest are the run's records."""
        return tuple(table.name for table in self.tables if table.staged)

    @property
    def unheld_rows(self) -> dict[str, str]:
        """Each staged table holding articles' rows, with the query selecting the rows of the
        others (statement names)."""
        return {table.name: table.unheld for table in self.tables if table.unheld}

    def publish_steps(self) -> list[str]:
        """The statements publishing a staged batch, phase by phase, each phase in table order."""
        return [statement for steps in PUBLISH_PHASES for table in self.tables
                for step in steps if (statement := table.statement(step))]

    def references_query(self) -> str:
        """Every staged row's reference to another table (declared in table.toml), with whether
        the row it names is staged too: sql/queries/select_reference_for_validation.sql for
        each reference. The names spliced in are validated identifiers (`Identifier`)."""
        template = "\n".join(line for line in
                             sql("queries/select_reference_for_validation").splitlines()
                             if not line.startswith("--")).strip()
        return "\nUNION ALL\n".join(
            template.format(table=table.name, column=column, target=target,
                            target_key=self[target].key[0])
            for table in self.tables for column, target in table.references.items())

    def article_of(self, table: str, row: Any) -> str | None:
        """The article a row of `table` belongs to (None: the table's rows belong to none)."""
        key = self[table].article_key
        if key is None:
            return None
        return row[key] if isinstance(row, dict) else getattr(row, key)


def registry() -> Registry:
    """The tables of the sql/ folder in use."""
    return load_registry(sql_dir() / TABLES_FOLDER)


@cache
def load_registry(folder: Path) -> Registry:
    """Every `<folder>/<table>/table.toml`, validated and ordered; a bad one raises
    RegistryError naming its file."""
    tables = {}
    for path in sorted(folder.glob(f"*/{DECLARATION}")):
        if not re.fullmatch(IDENTIFIER, path.parent.name):
            raise RegistryError(f"{path.parent}: a table's name is lower-case letters, digits "
                                f"and underscores, starting with a letter")
        try:
            declaration = Declaration.model_validate(tomllib.loads(path.read_text("utf-8")))
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            detail = " ".join(str(exc).split())
            raise RegistryError(f"{path}: {detail}") from exc
        tables[path.parent.name] = Table(path.parent.name, path.parent, declaration)
    return Registry(tuple(_dependency_order(tables)))


def _dependency_order(tables: dict[str, Table]) -> Iterable[Table]:
    """Tables after those they reference or name in `after`, ties by name (Kahn's algorithm)."""
    before: dict[str, set[str]] = {}
    for name, table in tables.items():
        needs = set(table.references.values()) | set(table.declaration.after)
        unknown = needs - tables.keys()
        if unknown:
            raise RegistryError(f"{table.folder / DECLARATION}: no table named "
                                f"{', '.join(sorted(unknown))}")
        for target in table.references.values():
            if len(tables[target].key) != 1:
                raise RegistryError(f"{table.folder / DECLARATION}: {target} is referenced but "
                                    f"has no single key column")
        before[name] = needs
    done: list[str] = []
    while len(done) < len(tables):
        ready = sorted(n for n, needs in before.items() if n not in done and needs <= set(done))
        if not ready:
            cycle = sorted(set(tables) - set(done))
            raise RegistryError(f"{', '.join(cycle)}: their table.toml files depend on each "
                                f"other in a cycle")
        done.append(ready[0])
    return (tables[name] for name in done)
