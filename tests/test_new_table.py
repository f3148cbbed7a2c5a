"""Adding an article-keyed table is its folder, its producer and one registration
(ARCHITECTURE.md, "Adding a table"): a throwaway table, added to a copy of sql/ and
expectations/, is created, staged, validated, published and pruned with its article."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow.enrich import article_tables
from newsflow.records import Article, TableRows
from newsflow.settings import EXPECTATIONS_DIR, SQL_DIR

TABLE = "article_lengths"
FOLDER = {
    "table.toml": 'staged = true\nkey = ["article_id"]\narticle_key = "article_id"\n',
    "create.sql": f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    article_id     VARCHAR PRIMARY KEY,
    characters     INTEGER NOT NULL,
    names_johnson  BOOLEAN NOT NULL
);""",
    "comment.sql": f"""
COMMENT ON TABLE {TABLE} IS 'Each article''s length (a throwaway table of a test).';
COMMENT ON COLUMN {TABLE}.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN {TABLE}.characters IS 'Characters of its text.';
COMMENT ON COLUMN {TABLE}.names_johnson IS 'Whether its text names Johnson.';""",
    "publish.sql": f"INSERT OR REPLACE INTO {TABLE} SELECT * FROM staged_{TABLE};",
    "delete_orphans.sql":
        f"DELETE FROM {TABLE} WHERE article_id NOT IN (SELECT article_id FROM articles);",
    "unheld.sql":
        f"SELECT * FROM {TABLE} WHERE article_id NOT IN (SELECT article_id FROM held_articles);",
    "expectations.py": '''
import great_expectations.expectations as gxe


def row_expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="names_johnson", value_set=[False],
                                            description="names Johnson")]


def expectations():
    return [gxe.ExpectColumnValuesToBeUnique(column="article_id")]
''',
}


def article_lengths(articles: Sequence[Article]) -> TableRows:
    """The throwaway table's producer, run on the workers with the registered ones."""
    return TableRows(TABLE, [{"article_id": a.article_id, "characters": len(a.text),
                              "names_johnson": "Johnson" in a.text} for a in articles])


@pytest.fixture
def with_new_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of sql/ and expectations/ holding the new table's folder, in use, and its
    producer registered."""
    data = tmp_path / "data"
    shutil.copytree(SQL_DIR, data / "sql")
    shutil.copytree(EXPECTATIONS_DIR, data / "expectations")
    folder = data / "sql" / "tables" / TABLE
    folder.mkdir()
    for name, text in FOLDER.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    # The warehouse reads sql/ through newsflow.warehouse.sql.sql_dir(); the package exports
    # the function `sql` under the module's name, hence the import by name.
    monkeypatch.setattr(importlib.import_module("newsflow.warehouse.sql"), "SQL_DIR",
                        data / "sql")
    monkeypatch.setenv("NEWSFLOW_EXPECTATIONS_DIR", str(data / "expectations"))
    monkeypatch.setattr(article_tables, "PRODUCERS",
                        (*article_tables.PRODUCERS, article_lengths))


def test_the_copy_registers_the_new_table(with_new_table: None) -> None:
    from newsflow.warehouse import registry

    table = registry()[TABLE]
    assert table.staged and table.article_key == "article_id"
    assert registry().names.index(TABLE) > registry().names.index("articles")
    assert f"tables/{TABLE}/publish" in registry().publish_steps()
    assert f"FROM {TABLE} r\nWHERE r.article_id IS NOT NULL" in registry().references_query()


@pytest.mark.slow
def test_a_new_table_is_published_held_and_pruned_with_its_article(
    with_new_table: None, run_pipeline: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(seeds_dir, inbox)
    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    # Created, with its comments.
    assert query(db, "SELECT comment FROM duckdb_tables() WHERE table_name = ?", [TABLE]) == [
        ("Each article's length (a throwaway table of a test).",)]
    # Staged and validated: its suite saw every article's row; the two seeds naming Johnson
    # failed its row-level expectation and were held with all their rows.
    assert query(db, "SELECT sum(element_count), sum(unexpected_count) FROM dq_results "
                     "WHERE suite = ? AND level = 'row'", [TABLE]) == [(5, 2)]
    held = query(db, "SELECT doc_id, reason FROM quarantine")
    assert {reason for _, reason in held} == {f"names Johnson ({TABLE}.names_johnson)"}
    assert len(held) == 2
    # Published: one row per published article, none of a held one.
    articles = dict(query(db, "SELECT article_id, length(text) FROM articles"))
    assert len(articles) == 3
    assert dict(query(db, f"SELECT article_id, characters FROM {TABLE}")) == articles

    # Pruned with its article: a source that now holds other content takes its old article's
    # row along; the new article has its own.
    published_source = query(db, "SELECT source, article_id FROM articles ORDER BY source")[0]
    Path(published_source[0]).write_text(
        "Council approves library budget\n\nThe city council on Tuesday approved next year's "
        "library budget by seven votes to two, ending a debate of more than three hours.\n",
        encoding="utf-8")
    again = run_pipeline(sources=[inbox])
    assert again.status == "published", again.message
    ids = {row[0] for row in query(db, "SELECT article_id FROM articles")}
    assert published_source[1] not in ids and len(ids) == 3
    assert {row[0] for row in query(db, f"SELECT article_id FROM {TABLE}")} == ids
