"""The warehouse's tables, one entry each: everything the code knows about a table is here.

A table's SQL follows from its name: `sql/schema/create_<name>.sql` (its columns; the staging
area types its rows by it too), `sql/schema/comment_on_<name>.sql`, and for a staged table the
publish steps `sql/publish/NNN_publish_<name>.sql` (plus `NNN_delete_orphan_<name>.sql` when its
rows belong to an article). tests/test_table_registry.py checks the SQL against this registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsflow.enrich.quotations import Quotation
from newsflow.enrich.resolve import DemonymMention, Mention
from newsflow.enrich.spread import ClusterMember
from newsflow.enrich.stories import Signature, StoryMember
from newsflow.records import Article, Entity


@dataclass(frozen=True)
class Table:
    """One warehouse table.

    `staged`: a run stages its rows before publishing them (the others hold the run's records).
    `record`: the dataclass a stage produces as the table's rows, if any (dict rows otherwise).
    `article_key`: the column naming the article a row belongs to; such rows are staged and
    held with their article. `unheld`: the query (under sql/) selecting the staged rows that
    stay when articles are held (`held_articles`).
    """

    name: str
    staged: bool
    record: type | None = None
    article_key: str | None = None
    unheld: str | None = None

    @property
    def create(self) -> str:
        return f"schema/create_{self.name}"

    @property
    def comment(self) -> str:
        return f"schema/comment_on_{self.name}"


REGISTRY = (
    Table("raw_documents", staged=True),
    Table("document_sources", staged=True),
    Table("articles", staged=True, record=Article, article_key="article_id",
          unheld="queries/select_unheld_articles"),
    Table("entity_mentions", staged=True, record=Mention, article_key="article_id",
          unheld="queries/select_unheld_entity_mentions"),
    # Entities are staged once per run (the run's catalog) and kept while a mention names them.
    Table("entities", staged=True, record=Entity, unheld="queries/select_unheld_entities"),
    Table("demonym_mentions", staged=True, record=DemonymMention, article_key="article_id",
          unheld="queries/select_unheld_demonym_mentions"),
    Table("stories", staged=True, record=StoryMember, article_key="article_id",
          unheld="queries/select_unheld_stories"),
    Table("article_minhashes", staged=True, record=Signature, article_key="article_id",
          unheld="queries/select_unheld_article_minhashes"),
    Table("quotations", staged=True, record=Quotation, article_key="article_id",
          unheld="queries/select_unheld_quotations"),
    Table("quote_clusters", staged=True, record=ClusterMember, article_key="article_id",
          unheld="queries/select_unheld_quote_clusters"),
    Table("quarantine", staged=False),
    Table("pipeline_runs", staged=False),
    Table("dq_results", staged=False),
)
BY_NAME = {table.name: table for table in REGISTRY}

TABLES = tuple(table.name for table in REGISTRY)
# The tables a run stages before it publishes them (staging.py); the rest are the run's records.
STAGED_TABLES = tuple(table.name for table in REGISTRY if table.staged)
# Each table's CREATE statement (the staging area types its rows by them, too).
CREATE_STATEMENTS = {table.name: table.create for table in REGISTRY}
# Each staged table holding articles' rows, with the query selecting the rows of the others.
UNHELD_ROWS = {table.name: table.unheld for table in REGISTRY if table.unheld}
_TABLE_OF_RECORD = {table.record: table for table in REGISTRY if table.record}


def rows_by_table(records: Iterable[Any]) -> dict[str, list[Any]]:
    """Records of any staged tables, each under the table its type is stored in."""
    rows: defaultdict[str, list[Any]] = defaultdict(list)
    for record in records:
        rows[_TABLE_OF_RECORD[type(record)].name].append(record)
    return dict(rows)


def article_of(table: str, record: Any) -> str | None:
    """The article a row of `table` belongs to (None: the table's rows belong to no article)."""
    key = BY_NAME[table].article_key
    return getattr(record, key) if key else None
