"""The table registry (warehouse/tables.py) against the table folders: every folder declares its
table, holds the SQL its declaration calls for, and the order runs every table after what it
needs; these tests name whatever is missing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest
from newsflow.enrich import DemonymMention, Mention, Quotation
from newsflow.enrich.stories import Signature, StoryMember
from newsflow.records import Article, Entity
from newsflow.warehouse import RegistryError, registry, sql
from newsflow.warehouse.tables import PUBLISH_PHASES, load_registry

# The record each producer hands over as a table's rows (dict rows for the documents' tables).
RECORDS = {"articles": Article, "entity_mentions": Mention, "entities": Entity,
           "demonym_mentions": DemonymMention, "stories": StoryMember,
           "article_minhashes": Signature, "quotations": Quotation}
STEP_FILES = {f"{step}.sql" for steps in PUBLISH_PHASES for step in steps}
KNOWN_FILES = {"table.toml", "create.sql", "comment.sql", "unheld.sql", "validation.sql",
               "expectations.py"} | STEP_FILES


def columns(table: str) -> list[str]:
    with duckdb.connect() as con:
        con.execute(sql(registry()[table].create))
        return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


@pytest.mark.parametrize("table", registry().names)
def test_each_folder_creates_and_documents_its_table(table: str) -> None:
    entry = registry()[table]
    files = {path.name for path in entry.folder.iterdir()} - {"__pycache__"}  # the suite's bytecode
    assert files <= KNOWN_FILES, "a file nothing reads"
    assert set(entry.key) <= set(columns(table)), "a key column the table lacks"
    assert f"COMMENT ON TABLE {table} " in sql(entry.comment)


@pytest.mark.parametrize("table", registry().names)
def test_staged_tables_are_published_and_article_rows_held_and_pruned(table: str) -> None:
    entry = registry()[table]
    assert (entry.statement("publish") is not None) == entry.staged
    if entry.article_key:
        assert entry.staged and entry.article_key in columns(table)
        assert entry.unheld and entry.statement("delete_orphans"), "rows outlive their article"
    if entry.unheld:
        assert "held_articles" in sql(entry.unheld)


@pytest.mark.parametrize("table", sorted(RECORDS))
def test_record_fields_are_the_table_columns(table: str) -> None:
    assert {field.name for field in dataclasses.fields(RECORDS[table])} == set(columns(table))


def test_every_table_comes_after_what_it_needs_and_phases_run_in_order() -> None:
    names = registry().names
    for table in registry():
        for needed in {*table.references.values(), *table.declaration.after}:
            assert names.index(needed) < names.index(table.name), (table.name, needed)
    steps = registry().publish_steps()
    # Entities are pruned after the mentions that keep them; every publish before any prune.
    assert (steps.index("tables/entity_mentions/delete_orphans")
            < steps.index("tables/entities/delete_orphans"))
    assert max(i for i, s in enumerate(steps) if s.endswith("/publish")) < min(
        i for i, s in enumerate(steps) if s.endswith("/delete_orphans"))


def write_table(folder: Path, name: str, declaration: str) -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / "table.toml").write_text(declaration, encoding="utf-8")


def test_a_declaration_is_validated_and_names_its_file(tmp_path: Path) -> None:
    write_table(tmp_path, "tones", 'staged = true\narticle_kee = "article_id"\n')
    with pytest.raises(RegistryError, match=r"tones/table.toml: .*article_kee"):
        load_registry(tmp_path)


def test_a_folder_not_named_as_a_table_is_refused(tmp_path: Path) -> None:
    write_table(tmp_path, "tones; DROP", "staged = true\n")
    with pytest.raises(RegistryError, match="a table's name is lower-case letters"):
        load_registry(tmp_path)


def test_a_reference_to_no_table_and_a_cycle_are_refused(tmp_path: Path) -> None:
    write_table(tmp_path / "a", "one", 'staged = true\nreferences = {x = "nowhere"}\n')
    with pytest.raises(RegistryError, match="no table named nowhere"):
        load_registry(tmp_path / "a")
    write_table(tmp_path / "b", "one", 'staged = true\nafter = ["two"]\n')
    write_table(tmp_path / "b", "two", 'staged = true\nafter = ["one"]\n')
    with pytest.raises(RegistryError, match=r"one, two: .* cycle"):
        load_registry(tmp_path / "b")
