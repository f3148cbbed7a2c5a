"""Rules decided twice, in Python for the run's batch and in the publish steps over everything
published, pinned to the same answers on data that tells them apart: an entity's canonical name
(resolve.EntityCatalog, sql/tables/entities/finish.sql) and a story's representative
(stories._age_order, sql/tables/stories/publish.sql)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from newsflow.enrich.resolve import EntityCatalog, Mention
from newsflow.enrich.stories import _age_order
from newsflow.records import Article
from newsflow.warehouse import registry, sql

NAMES = [
    ["Beta Group", "Alpha Group"],  # a tie: alphabetically first
    ["B Corp", "B Corp", "A Corp"],  # the most frequent
    ["NATO", "NATO", "Nato"],  # capitals only when no other form is seen
    ["NATO"],
    ["3M", "三菱"],  # no cased letter is no form in capitals; digits do not make one
    ["STRAßE AG", "Strasse AG"],  # ß has no capital of its own
    ["Zed", "Ängel", "Élysée"],  # code-point order, not the alphabet of a locale
    ["ǅemal", "DŽEMAL"],  # a titlecase letter is not a capital
]


def test_the_canonical_name_is_chosen_alike_in_python_and_sql() -> None:
    mentions = [Mention(f"m{e}.{i}", "a", f"e{e}", name, name, "ORG", "ORG", 0, len(name), name)
                for e, names in enumerate(NAMES) for i, name in enumerate(names)]
    catalog = EntityCatalog()
    catalog.add(mentions)
    in_python = {e.entity_id: e.canonical_name for e in catalog.entities()}
    with duckdb.connect() as con:
        for table in ("entities", "entity_mentions"):
            con.execute(sql(registry()[table].create))
        con.executemany("INSERT INTO entity_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [list(vars(m).values()) for m in mentions])
        con.executemany("INSERT INTO entities (entity_id, canonical_name, label, aliases) "
                        "VALUES (?, '', 'ORG', [])", [[e] for e in in_python])
        con.execute("CREATE TEMP VIEW staged_entities AS SELECT * FROM entities")
        con.execute(sql("tables/entities/finish"))
        in_sql = dict(con.execute("SELECT entity_id, canonical_name FROM entities").fetchall())
    assert in_sql == in_python
    assert in_python["e2"] == "Nato" and in_python["e4"] == "三菱"  # the rule, not just parity


FAR = dt.date(9999, 12, 31)


@pytest.mark.parametrize("members", [
    {"m1": dt.date(2024, 1, 2), "m0": dt.date(2024, 1, 2), "m2": dt.date(2023, 5, 1)},
    {"a_undated": None, "b_far": FAR},  # undated goes after every date, even the last one
    {"b_undated": None, "a_undated": None},
    {"z": dt.date(2020, 1, 1), "a": None},
])
def test_the_story_representative_is_chosen_alike_in_python_and_sql(
        members: dict[str, dt.date | None]) -> None:
    """A story whose representative `gone` leaves (its source now holds other content) moves
    to the member stories.py would have made representative."""
    articles = [Article(a, f"/in/{a}", title=None, text="text", published_date=d, language="en")
                for a, d in members.items()]
    in_python = sorted(articles, key=_age_order)[0].article_id
    with duckdb.connect() as con:
        for table in ("articles", "stories", "article_minhashes", "document_sources"):
            con.execute(sql(registry()[table].create))
            con.execute(f"CREATE TEMP TABLE staged_{table} AS SELECT * FROM {table}")
        for a, published in {"gone": dt.date(2000, 1, 1), **members}.items():
            con.execute("INSERT INTO articles (article_id, source, text, published_date, "
                        "word_count, authors) VALUES (?, ?, 'text', ?, 1, [])",
                        [a, f"/in/{a}", published])
            con.execute("INSERT INTO stories VALUES (?, 's', 'gone', 0.9)", [a])
            con.execute("INSERT INTO article_minhashes VALUES (?, [1, 2])", [a])
            if a != "gone":
                con.execute("INSERT INTO document_sources VALUES (?, ?, now(), NULL, NULL)",
                            [f"/in/{a}", a])
        con.execute(sql("tables/stories/publish"))
        in_sql = {row[0] for row in con.execute(
            "SELECT DISTINCT representative_id FROM stories WHERE article_id <> 'gone'"
        ).fetchall()}
    assert in_sql == {in_python}
