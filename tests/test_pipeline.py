"""End to end: the Prefect flow on the seeds into a temporary DuckDB file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import query, table_checksums
from newsflow.clean import cleaner_version, rules_version
from newsflow.settings import EXPECTATIONS_DIR, Settings

SUITE_REQUIRING_REUTERS = '''
import great_expectations.expectations as gxe

SUITE = "articles"
FRAME_SQL = None


def expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="outlet", value_set=["Reuters"])]
'''
# A suite across tables: each mention with its article's outlet, validated in slices by mention.
SUITE_REQUIRING_REUTERS_MENTIONS = '''
import great_expectations.expectations as gxe

SUITE = "mention_outlets"
SLICE_KEY = "mention_id"


def frame_query():
    return "SELECT m.mention_id, a.outlet FROM entity_mentions m JOIN articles a USING (article_id)"


def expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="outlet", value_set=["Reuters"])]
'''


def test_seeds_publish_five_articles_with_mentions(published: Path) -> None:
    assert query(published, "SELECT count(*) FROM articles") == [(5,)]
    assert query(published, "SELECT count(*) FROM raw_documents") == [(5,)]
    # Every article records the line model and rules that cleaned it.
    assert query(published, "SELECT DISTINCT cleaner_version FROM articles") == [
        (cleaner_version(),)]
    assert cleaner_version().endswith(f"+rules.{rules_version()}")
    assert query(published, "SELECT count(*) FROM document_sources") == [(5,)]
    [(mentions,)] = query(published, "SELECT count(*) FROM entity_mentions")
    assert mentions > 100
    # Every mention's offsets point at its text in the published article.
    assert query(published, """
        SELECT count(*) FROM entity_mentions m JOIN articles a USING (article_id)
        WHERE substring(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.mention_text
    """) == [(0,)]
    assert query(published, """
        SELECT count(*) FROM entity_mentions WHERE entity_id NOT IN (SELECT entity_id FROM entities)
    """) == [(0,)]


def test_cnn_seed_metadata(published: Path) -> None:
    [(title, outlet, date, authors)] = query(published, """
        SELECT title, outlet, CAST(published_date AS VARCHAR), authors
        FROM articles WHERE source LIKE '%001_7ae1a928e654e4ad.txt'
    """)
    assert (outlet, date) == ("CNN", "2022-02-10")
    assert authors == ["Nathan Hodge", "Tara John", "Anna Chernova"]
    # The seed has no headline: its first line is the byline, which must not become the title.
    assert title is None


def test_boilerplate_entities_are_not_mentions(published: Path) -> None:
    names = {n for (n,) in query(published, "SELECT DISTINCT mention_text FROM entity_mentions")}
    assert "Nathan Hodge" not in names  # byline only
    assert not any("FRANCE 24" in n for n in names)  # promo and credit lines only


def test_run_is_recorded_with_passing_expectations(published: Path) -> None:
    [(status, articles, failed, evaluated)] = query(published, """
        SELECT status, articles, expectations_failed, expectations FROM v_run_summary
    """)
    assert (status, articles, failed) == ("published", 5, 0)
    assert evaluated >= 20
    # The Data Docs site lists this run's validation results.
    [(run_id,)] = query(published, "SELECT run_id FROM pipeline_runs")
    assert run_id in Settings(db=published).data_docs_index.read_text(encoding="utf-8")
    # The offline HTML report, written by the run beside the database, links to that site.
    page = Settings(db=published).html_report.read_text(encoding="utf-8")
    assert run_id in page and "href='gx/uncommitted/data_docs/local_site/index.html'" in page


def test_rerun_changes_nothing(run_pipeline: Any, seeded: Path) -> None:
    before = table_checksums(seeded)
    summary = run_pipeline()
    assert summary.status == "unchanged"
    assert (summary.documents_seen, summary.documents_skipped, summary.articles) == (5, 5, 0)
    assert table_checksums(seeded) == before


def test_full_refresh_rerun_is_idempotent(run_pipeline: Any, seeded: Path) -> None:
    before = table_checksums(seeded)
    summary = run_pipeline(full_refresh=True)
    assert summary.status == "published"
    assert summary.articles == 5
    assert table_checksums(seeded) == before


def test_failing_batch_is_not_published(
    run_pipeline: Any, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_checksums(seeded)
    strict = tmp_path / "strict_expectations"
    strict.mkdir()
    (strict / "articles.py").write_text(SUITE_REQUIRING_REUTERS)
    monkeypatch.setenv("NEWSFLOW_EXPECTATIONS_DIR", str(strict))
    summary = run_pipeline(full_refresh=True)
    assert summary.status == "failed_validation"
    assert any("expect_column_values_to_be_in_set" in f for f in summary.failures)
    assert table_checksums(seeded) == before
    [(status, message)] = query(seeded, """
        SELECT status, message FROM pipeline_runs ORDER BY started_at DESC LIMIT 1
    """)
    assert status == "failed_validation"
    assert "articles.outlet" in message
    assert query(seeded, """
        SELECT count(*) FROM dq_results d JOIN pipeline_runs r USING (run_id)
        WHERE r.status = 'failed_validation' AND NOT d.success
    """) == [(1,)]


def test_bad_inputs_are_quarantined_and_the_rest_published(
    run_pipeline: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(seeds_dir.glob("*.txt"))[1]
    (inbox / "good.txt").write_bytes(seed.read_bytes())
    (inbox / "copy of good.txt").write_bytes(seed.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    summary = run_pipeline(sources=[inbox])
    assert summary.status == "published", summary.message
    db = tmp_path / "news.duckdb"
    assert query(db, "SELECT count(*) FROM articles") == [(1,)]
    # The empty file is stored too (0 bytes), so later runs know it.
    assert query(db, "SELECT count(*), count(DISTINCT doc_id) FROM document_sources") == [(4, 3)]
    reasons = dict(query(db, "SELECT regexp_extract(source, '[^/]+$'), reason FROM quarantine"))
    assert reasons == {"empty.txt": "empty input",
                       "image.html": "binary content (PNG image) in a text document"}


def dq_outcomes(db: Path, status: str) -> list[tuple]:
    return query(db, """
        SELECT suite, expectation, details, success, element_count, unexpected_count
        FROM dq_results JOIN pipeline_runs USING (run_id)
        WHERE pipeline_runs.status = ? ORDER BY ALL
    """, [status])


def test_validation_in_slices_equals_validation_whole_and_sums_failures_over_slices(
    run_pipeline: Any, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeds validated in slices of 60 rows: every suite's outcome is the whole batch's,
    and a failing expectation counts its unexpected rows over all its slices (a NULL is none)."""
    whole = dq_outcomes(published, "published")
    expectations = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, expectations)
    (expectations / "mention_outlets.py").write_text(SUITE_REQUIRING_REUTERS_MENTIONS)
    monkeypatch.setenv("NEWSFLOW_EXPECTATIONS_DIR", str(expectations))
    monkeypatch.setenv("NEWSFLOW_VALIDATION_ROWS_PER_SLICE", "60")
    sliced = tmp_path / "sliced.duckdb"
    summary = run_pipeline(db=str(sliced))
    assert summary.status == "failed_validation", summary.message
    # The mentions of the three seeds that name an outlet, none of them Reuters; the two
    # seeds without an outlet are not counted. Slices hold whole articles (by the hash of
    # article_id, as quality.staged_frames cuts them): the failing rows lie in several.
    [(named, reuters, unnamed, slices_failing)] = query(published, """
        WITH mentions AS (SELECT outlet, hash(article_id) % ceil(count(*) OVER () / 60)::UBIGINT
                                                AS slice
                          FROM entity_mentions JOIN articles USING (article_id))
        SELECT count(outlet), count(*) FILTER (outlet = 'Reuters'), count(*) - count(outlet),
               count(DISTINCT slice) FILTER (outlet IS NOT NULL)
        FROM mentions""")
    assert reuters == 0 and unnamed > 0
    assert slices_failing > 1
    assert query(published, "SELECT count(outlet) FROM articles") == [(3,)]
    assert summary.failures == [
        f"mention_outlets.outlet: expect_column_values_to_be_in_set ({named} unexpected)"]
    assert [row for row in dq_outcomes(sliced, "failed_validation")
            if row[0] != "mention_outlets"] == whole


def test_slices_partition_the_frame_by_key() -> None:
    import duckdb
    from newsflow.quality import Suite, staged_frames

    con = duckdb.connect()
    # Ids 0..11 over 40 rows, and a row whose id is NULL (a not-null check must still see it).
    con.execute("CREATE TABLE stories AS SELECT if(i = 40, NULL, (i % 12)::VARCHAR) AS article_id,"
                " i AS n FROM range(41) t(i)")
    suite = Suite("stories", None, "article_id", module=None)  # type: ignore[arg-type]
    slices = list(staged_frames(con, suite, rows_per_slice=5))
    assert len(slices) == 9
    assert sorted(n for frame in slices for n in frame["n"]) == list(range(41))
    # Every key lives in exactly one slice, so a duplicate is always seen whole.
    keys_per_slice = [set(frame["article_id"].dropna()) for frame in slices]
    assert sum(len(keys) for keys in keys_per_slice) == 12


def test_staging_area_keeps_table_types_across_chunk_files(tmp_path: Path) -> None:
    import datetime as dt

    import duckdb
    from newsflow.warehouse import StagingArea, registry, sql

    staging = StagingArea(tmp_path / "it's [a] staging; area*")
    staging.reset()
    for number in range(2):
        staging.append({"document_sources": [
            {"source": f"/in/{number}.txt", "doc_id": "d" * 64,
             "content_since": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
             "final_url": None, "http_status": None}]})
    with duckdb.connect() as expected:
        for table in registry().staged:
            expected.execute(sql(registry()[table].create))
        with staging.reader() as con:
            assert con.execute("SELECT count(*) FROM document_sources").fetchall() == [(2,)]
            assert con.execute("SELECT count(*) FROM entities").fetchall() == [(0,)]
            for table in registry().staged:  # typed as declared, rows or not
                declared = [row[:2] for row in expected.execute(f"DESCRIBE {table}").fetchall()]
                staged = [row[:2] for row in con.execute(f"DESCRIBE {table}").fetchall()]
                assert staged == declared, table
    staging.remove()
    assert not staging.folder.exists()


def test_mentions_per_outlet_and_per_day_count_the_same_mentions(published: Path) -> None:
    """Both views count v_entity_mentions, one row per published mention: an entity's days at an
    outlet add up to its mentions and articles there (an article has one day), and its stories
    there are at least any one day's and at most all of them."""
    assert query(published, "SELECT count(*) FROM v_entity_mentions") == query(
        published, "SELECT count(*) FROM entity_mentions")
    per_outlet = {tuple(row[:3]): row[3:] for row in query(
        published, "SELECT * FROM v_mentions_per_entity_outlet")}
    per_day = {tuple(row[:3]): row[3:] for row in query(published, """
        SELECT canonical_name, label, outlet, sum(mentions), sum(articles), max(stories),
               sum(stories)
        FROM v_mentions_per_entity_outlet_day GROUP BY ALL""")}
    assert per_outlet and per_outlet.keys() == per_day.keys()
    assert sum(mentions for mentions, _, _ in per_outlet.values()) == query(
        published, "SELECT count(*) FROM entity_mentions")[0][0]
    for key, (mentions, articles, stories) in per_outlet.items():
        day_mentions, day_articles, most_stories, all_stories = per_day[key]
        assert (mentions, articles) == (day_mentions, day_articles), key
        assert most_stories <= stories <= all_stories, key


def test_seed_quotations_are_published_with_their_speakers(published: Path) -> None:
    rows = query(published, "SELECT speaker, outlet, content FROM v_quotes")
    said = {(speaker, outlet) for speaker, outlet, _ in rows}
    # Lavrov (CNN copy), Zelenskyy (the Reuters-style copy) and Blinken in the AFP copy.
    assert ("Sergey Lavrov", "CNN") in said
    assert any(s == "Volodymyr Zelenskyy" and "honourably defend" in c for s, _, c in rows)
    assert any(s == "Antony Blinken" and o == "FRANCE 24" and "troubling signs" in c
               for s, o, c in rows)
    assert query(published, "SELECT count(*) FROM quotations q LEFT JOIN articles a "
                         "USING (article_id) WHERE a.article_id IS NULL") == [(0,)]
    per_speaker = query(published, "SELECT quotations FROM v_quotes_per_speaker "
                                "WHERE canonical_name = 'Dmitry Peskov'")
    assert per_speaker and per_speaker[0][0] >= 2


def test_documented_examples_print_what_the_docs_show(published: Path) -> None:
    """Every `$ newsflow query` of README.md and docs/ prints, on the seeds, the output shown
    under it (scripts/update_docs.py --db rewrites them)."""
    from newsflow.devtools import docs

    stale = [f"{example.path.name}:{example.line}"
             for path in docs.documentation_files() for example in docs.examples(path)
             if docs.run_example(example.command, published) != example.shown]
    assert stale == []
