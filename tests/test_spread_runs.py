"""Where a quotation travelled, through runs of the flow: three outlets' copies of one quotation
(verbatim, other marks, a fragment) are one row of v_quote_spread, also when the third comes
in a later run; articles processed again keep their clusters, and one republished without the
quotation leaves its cluster; the report shows the most travelled quotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import query
from newsflow.cli import app, render
from rich.console import Console
from typer.testing import CliRunner

QUOTE = "We will not let a single convoy cross the border, whatever happens in the talks"

ARTICLES = {
    "harbour.txt": (
        "Border crossing closed to military convoys\n\n"
        "Published: 2026-12-01 By Anna Berg, Harbour Times\n\n"
        "The government closed the northern border crossing to all military convoys on Monday "
        "after a week of talks with its neighbour ended without an agreement.\n\n"
        f"“{QUOTE},” Defence Minister Mark Ellison said at a news conference in the capital.\n\n"
        "Traffic queued for several kilometres on the road to the crossing by the evening.\n"),
    "valley.txt": (
        "Minister vows to keep convoys out as talks stall\n\n"
        "Published: 2026-12-02 By Tom Reyes, Valley Post\n\n"
        "Lorries and buses were turned back at the northern crossing on Tuesday, a day after "
        "the government shut it to military convoys.\n\n"
        f'"{QUOTE.lower().replace(",", " --")}," Mark Ellison told reporters outside the '
        "parliament building.\n\n"
        "Opposition parties called for a debate on the closure later this week.\n"),
    "coast.txt": (
        "Fishing towns brace for a long closure\n\n"
        "Published: 2026-12-03 By Lena Holt, Coast Herald\n\n"
        "Harbour towns near the northern crossing said trade had slowed since the government "
        "closed it to military convoys on Monday, and Mark Ellison gave no date for reopening."
        "\n\n«We will not let a single convoy cross,» Ellison told local officials on Wednesday."
        "\n\nThe fishing season ends in a month.\n"),
}
SPREAD = ("SELECT outlets, articles, first_outlet, first_seen::VARCHAR, content "
          "FROM v_quote_spread WHERE content ILIKE '%single convoy%'")


def write(inbox: Path, names: list[str]) -> None:
    inbox.mkdir(exist_ok=True)
    for name in names:
        (inbox / name).write_text(ARTICLES[name], encoding="utf-8")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return tmp_path / "inbox"


def test_a_third_outlet_joins_in_a_later_run_and_a_republished_copy_leaves(
    run_pipeline: Any, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.duckdb"
    write(inbox, ["harbour.txt", "valley.txt"])
    assert run_pipeline(sources=[inbox]).status == "published"
    assert [row[:3] for row in query(db, SPREAD)] == [(2, 2, "Harbour Times")]

    write(inbox, ["coast.txt"])
    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    [(outlets, articles, first_outlet, first_seen, content)] = query(db, SPREAD)
    assert (outlets, articles, first_outlet, first_seen) == (3, 3, "Harbour Times", "2026-12-01")
    assert QUOTE in content
    assert sorted(row[0] for row in query(
        db, "SELECT match FROM quote_clusters WHERE quote_cluster_id = (SELECT quote_cluster_id "
            "FROM v_quote_spread WHERE content ILIKE '%single convoy%')")) == [
        "first", "fragment", "verbatim"]
    shows_most_travelled(db, tmp_path / "report.html", monkeypatch)

    # Processed again whole, the articles' quotations are placed again, not added twice.
    clusters = query(db, "SELECT * FROM quote_clusters ORDER BY quote_id")
    assert run_pipeline(sources=[inbox], full_refresh=True).status == "published"
    assert query(db, "SELECT * FROM quote_clusters ORDER BY quote_id") == clusters

    valley = inbox / "valley.txt"
    valley.write_text(ARTICLES["valley.txt"].split('"')[0] + "The minister did not speak.\n",
                      encoding="utf-8")
    assert run_pipeline(sources=[inbox]).status == "published"
    assert [row[:3] for row in query(db, SPREAD)] == [(2, 2, "Harbour Times")]
    assert query(db, "SELECT count(*) FROM quote_clusters WHERE quote_id NOT IN "
                     "(SELECT quote_id FROM quotations)") == [(0,)]


def shows_most_travelled(db: Path, html: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`newsflow report` and its HTML page list the quotation three outlets carried."""
    # A wide console of its own: the process's console may have fixed its width at import.
    monkeypatch.setattr(render, "console", Console(width=200))
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--html", str(html)])
    assert result.exit_code == 0, result.output
    table = result.output.split("Most travelled quotations")[1]
    assert "Mark Ellison" in table and "Harbour Times" in table and "We will not" in table
    section = html.read_text(encoding="utf-8").split("<h2>Most travelled quotations")[1]
    row = section.split("</tr>")[1]
    assert ("<td class=num>3</td><td class=num>3</td><td>Mark Ellison</td>"
            "<td>Harbour Times</td><td>2026-12-01</td>") in row
