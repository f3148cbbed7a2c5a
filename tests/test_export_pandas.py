"""`newsflow export` files are readable by pandas from the project's own install (pyarrow)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from newsflow import warehouse
from newsflow.cli import app
from typer.testing import CliRunner


def test_parquet_export_reads_back_with_pandas(tmp_path: Path) -> None:
    db, out = tmp_path / "news.duckdb", tmp_path / "articles.parquet"
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)
        con.execute("INSERT INTO articles (article_id, source, title, text, authors, "
                    "published_date, outlet, language, word_count) VALUES "
                    "('a1', 'inbox/a.txt', 'Harbour reopens', 'text', ['Ann Lee', 'Bo Ng'], "
                    "'2024-05-01', 'Outlet', 'en', 1), "
                    "('a2', 'inbox/b.txt', 'Budget vote', 'more text', [], NULL, NULL, 'en', 2)")
    result = CliRunner().invoke(app, ["export", "--db", str(db), "articles", "--out", str(out)])
    assert result.exit_code == 0, result.stderr

    frame = pd.read_parquet(out).sort_values("article_id").reset_index(drop=True)
    assert frame["article_id"].tolist() == ["a1", "a2"]
    assert frame["title"].tolist() == ["Harbour reopens", "Budget vote"]
    assert [list(authors) for authors in frame["authors"]] == [["Ann Lee", "Bo Ng"], []]
    assert str(frame.loc[0, "published_date"]) == "2024-05-01"
    assert pd.isna(frame.loc[1, "published_date"])
