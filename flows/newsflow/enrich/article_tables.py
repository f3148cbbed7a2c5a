"""Producers of article-keyed tables whose rows depend on nothing but the article: they run on
the workers, right after cleaning and tagging (workers.analyse), and their rows travel with the
chunk's analysis to the staging area.

Adding such a table is its folder under sql/tables/, its producer and one entry in PRODUCERS
(ARCHITECTURE.md, "Adding a table"). A producer takes a chunk's articles and returns its table's
rows for them; an exception quarantines the article it fails on (stage `tables`), the others
keep their rows (workers.analyse).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsflow.records import Article, TableRows, by_table

Producer = Callable[[Sequence[Article]], TableRows]

PRODUCERS: tuple[Producer, ...] = ()


def article_rows(articles: Sequence[Article]) -> list[TableRows]:
    """Every registered producer's rows for these articles, by table."""
    return by_table(produce(articles) for produce in PRODUCERS)
