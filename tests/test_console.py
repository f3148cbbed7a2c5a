"""What a run prints on a console: Prefect's lines through the progress bar's console, from
WARNING up on a terminal unless --verbose, Dask's shutdown noise left out; and where it points
for the report."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsflow.cli import render
from newsflow.html_report import write_run_report
from newsflow.runs import RunSummary, run_artifact_markdown
from newsflow.settings import Settings
from prefect.logging.handlers import PrefectConsoleHandler
from rich.console import Console


@pytest.fixture
def prefect_lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[logging.Logger, io.StringIO,
                                                                   io.StringIO]]:
    """A logger printing through a Prefect console handler, the bar's console on a terminal
    (both captured), and every logger's handlers restored afterwards."""
    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict
                                      .values() if isinstance(logger, logging.Logger))]
    saved = [(logger, list(logger.handlers)) for logger in loggers]
    prefect_stream, bar_stream = io.StringIO(), io.StringIO()
    monkeypatch.setattr(render, "err", Console(file=bar_stream, force_terminal=True,
                                               width=200))
    logger = logging.getLogger("newsflow.test.console")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = PrefectConsoleHandler(stream=prefect_stream)
    handler.setFormatter(logging.Formatter("%(levelname)s | %(message)s"))
    logger.addHandler(handler)
    yield logger, prefect_stream, bar_stream
    for each, handlers in saved:
        each.handlers = handlers
    logger.handlers = []
    handler.filters = []


def log_a_run(logger: logging.Logger) -> None:
    logger.info("Task run 'analyse_chunk' - Finished in state Completed()")
    logger.warning("readers hold the database [/b]: waiting to publish")
    try:
        raise type("CommClosedError", (OSError,), {})("in <TCP (closed) ConnectionPool>")
    except OSError:
        logger.error("Exception while handling op close", exc_info=True)


def test_on_a_terminal_only_warnings_reach_the_bars_console(
    prefect_lines: tuple[logging.Logger, io.StringIO, io.StringIO]
) -> None:
    logger, prefect_stream, bar_stream = prefect_lines
    render.route_run_logs(verbose=False)
    log_a_run(logger)
    assert prefect_stream.getvalue() == ""
    shown = bar_stream.getvalue()
    assert "WARNING | readers hold the database [/b]: waiting to publish" in shown  # not markup
    assert "Finished in state" not in shown and "CommClosedError" not in shown


def test_verbose_shows_every_line(
    prefect_lines: tuple[logging.Logger, io.StringIO, io.StringIO]
) -> None:
    logger, _, bar_stream = prefect_lines
    render.route_run_logs(verbose=True)
    log_a_run(logger)
    shown = bar_stream.getvalue()
    assert "INFO | Task run 'analyse_chunk' - Finished" in shown
    assert "CommClosedError" in shown


def test_off_a_terminal_prefect_prints_info_but_not_dasks_shutdown(
    prefect_lines: tuple[logging.Logger, io.StringIO, io.StringIO],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logger, prefect_stream, bar_stream = prefect_lines
    monkeypatch.setattr(render, "err", Console(file=bar_stream, force_terminal=False))
    render.route_run_logs(verbose=False)
    log_a_run(logger)
    printed = prefect_stream.getvalue()
    assert "Finished in state Completed()" in printed and "waiting to publish" in printed
    assert "CommClosedError" not in printed and bar_stream.getvalue() == ""


def test_the_report_a_run_writes_opens_offline_and_links_the_data_docs(tmp_path: Path) -> None:
    from newsflow import warehouse

    settings = Settings(db=tmp_path / "news.duckdb")
    with warehouse.connect(settings.db) as con:
        warehouse.create_schema(con)
    settings.data_docs_index.parent.mkdir(parents=True)
    settings.data_docs_index.write_text("<html></html>")
    written = write_run_report(settings)
    assert written == tmp_path / "report.html"
    assert "href='gx/uncommitted/data_docs/local_site/index.html'" in written.read_text()
    summary = RunSummary(run_id="r1", report=written, data_docs=settings.data_docs_index)
    markdown = run_artifact_markdown(summary)
    assert f"Report (opens offline, Data Docs linked from it): `{written}`" in markdown


def test_a_report_that_cannot_be_written_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(db=tmp_path / "missing" / "news.duckdb")
    assert write_run_report(settings) is None
    assert "could not write the HTML report" in caplog.text
