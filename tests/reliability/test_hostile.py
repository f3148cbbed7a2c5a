"""Hostile content: stored as text, never rendered as markup, never spliced into SQL."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import IN_PROCESS, query
from newsflow.exit_codes import ExitCode
from newsflow.settings import Settings

SCRIPT = "<script>alert(1)</script>"
HOSTILE_ARTICLE = (
    "Council publishes its budget & the <b>markup</b> debate\n\n"
    "The city council published its annual budget on Tuesday, and a resident's comment quoted "
    f"in the report read {SCRIPT} in full, which the clerk called a test of the website.\n\n"
    "Officials said the text would be kept exactly as it was received, including entities like "
    "&amp; and &lt;tags&gt; and markdown such as **bold claims** in the residents' comments.\n\n"
    "The mayor said the budget would fund new bus routes, road repairs and a library extension, "
    "and that the council would publish quarterly updates on how the money is being spent.\n"
)
SUITE_REJECTING_SCRIPTS = '''
import great_expectations.expectations as gxe

SUITE = "articles"
FRAME_SQL = None


def expectations():
    return [gxe.ExpectColumnValuesToNotMatchRegex(column="text", regex="<script>")]
'''


def make_hostile_inbox(folder: Path) -> Path:
    inbox = folder / "it's; DROP TABLE articles; --"
    inbox.mkdir()
    (inbox / "o'brien\"; DELETE FROM articles;.txt").write_text(HOSTILE_ARTICLE)
    return inbox


@pytest.fixture
def hostile_inbox(tmp_path: Path) -> Path:
    return make_hostile_inbox(tmp_path)


@pytest.fixture(scope="module")
def hostile_published(prefect_server: None,
                      tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The hostile inbox and the warehouse its run published, once for the tests that only
    read that warehouse (each test that could change it takes a copy)."""
    from newsflow.flow import newsflow_pipeline

    root = tmp_path_factory.mktemp("hostile")
    inbox = make_hostile_inbox(root)
    db = root / "warehouse" / "news.duckdb"
    with pytest.MonkeyPatch.context() as env:
        for name, value in IN_PROCESS.items():
            env.setenv(name, value)
        summary = newsflow_pipeline(sources=[str(inbox)], db=str(db))
    assert summary.status == "published", summary.message
    return inbox, db


def test_hostile_text_is_stored_verbatim_under_a_hostile_name(
    hostile_published: tuple[Path, Path]
) -> None:
    inbox, db = hostile_published
    [(source, text)] = query(db, "SELECT source, text FROM articles")
    assert source == str(next(inbox.iterdir()))
    assert SCRIPT in text
    assert "**bold claims**" in text and "&amp;" in text


def test_report_escapes_hostile_text(
    run_pipeline: Any, hostile_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "articles.py").write_text(SUITE_REJECTING_SCRIPTS)
    monkeypatch.setenv("NEWSFLOW_EXPECTATIONS_DIR", str(suites))
    summary = run_pipeline(sources=[hostile_inbox])
    assert summary.status == "failed_validation"
    site = Settings(db=tmp_path / "news.duckdb").data_docs_index.parent
    pages = list(site.rglob("*.html"))
    assert len(pages) > 1
    for page in pages:
        assert SCRIPT not in page.read_text(errors="replace"), page


def test_query_is_read_only(
    cli: Callable, hostile_published: tuple[Path, Path], tmp_path: Path
) -> None:
    _, published = hostile_published
    db = Path(shutil.copytree(published.parent, tmp_path / "warehouse")) / published.name
    result = cli("query", "--db", str(db), "DROP TABLE articles")
    assert result.returncode == ExitCode.REFUSED
    assert "read-only" in result.stderr
    assert query(db, "SELECT count(*) FROM articles") == [(1,)]
    # The markup is stored as text and printed as text (the table cuts long cells, so only the
    # script element is selected).
    shown = cli("query", "--db", str(db),
                "SELECT regexp_extract(text, '<script>.*?</script>') FROM articles")
    assert shown.returncode == 0
    assert "<script>alert(1)</script>" in shown.stdout


def test_no_byte_from_outside_the_source_root_is_stored(
    run_pipeline: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "article.txt").write_text(HOSTILE_ARTICLE)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    (inbox / seed.name).write_bytes(seed.read_bytes())
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    (inbox / "article.txt").symlink_to(outside / "article.txt")
    (inbox / "folder").symlink_to(outside, target_is_directory=True)
    (inbox / "again.txt").symlink_to(inbox / seed.name)

    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT source FROM document_sources") == [(str(inbox / seed.name),)]
    [(content,)] = query(db, "SELECT content FROM raw_documents")
    assert content == seed.read_bytes()
    quarantined = dict(query(db, "SELECT source, reason FROM quarantine"))
    assert set(quarantined) == {str(inbox / n) for n in ("passwd.txt", "article.txt", "folder")}
    assert all("outside the source root" in reason for reason in quarantined.values())
