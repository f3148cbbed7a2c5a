"""The `newsflow` command: run the flow, clean files, query the warehouse, read the report."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsflow.settings import Settings
from newsflow.workers import TaskRunnerKind

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $NEWSFLOW_DB or warehouse/news.duckdb)."),
]
SourceOption = Annotated[
    list[Path] | None,
    typer.Option("--source", help="File or folder (recursive: .txt, .html, .htm and their .gz "
                 "forms). Repeatable. Default: the bundled seeds."),
]
UrlsOption = Annotated[
    list[Path] | None, typer.Option("--urls", help="File of URLs to fetch, one a line. Repeatable.")
]
FeedOption = Annotated[
    list[str] | None, typer.Option("--feed", help="RSS/Atom/JSON feed URL. Repeatable.")
]
TaskRunnerOption = Annotated[
    TaskRunnerKind | None,
    typer.Option("--task-runner", help="Where cleaning and NER run: local (a process pool, the "
                 "default; $NEWSFLOW_TASK_RUNNER) or dask."),
]
DaskAddressOption = Annotated[
    str | None,
    typer.Option("--dask-address", help="Scheduler of an existing Dask cluster, e.g. "
                 "tcp://10.0.0.5:8786 (default: a temporary local cluster)."),
]
FullRefreshOption = Annotated[
    bool, typer.Option("--full-refresh", help="Re-process inputs whose bytes are already stored.")
]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _settings(db: Path | None, **overrides: object) -> Settings:
    values = {k: v for k, v in {"db": db, **overrides}.items() if v}
    return Settings(**values)


@app.command()
def run(
    source: SourceOption = None,
    urls: UrlsOption = None,
    feed: FeedOption = None,
    db: DbOption = None,
    full_refresh: FullRefreshOption = False,
    task_runner: TaskRunnerOption = None,
    dask_address: DaskAddressOption = None,
) -> None:
    """Run the pipeline flow: ingest, clean, enrich, validate, publish."""
    from newsflow import workers
    from newsflow.pipeline import newsflow_pipeline, run_settings
    from newsflow.warehouse import WarehouseBusyError

    def strings(values: list | None) -> list[str] | None:
        return [str(v) for v in values] if values else None

    parameters = {"sources": strings(source), "url_lists": strings(urls), "feeds": feed,
                  "db": str(db) if db else None}
    settings = run_settings(**parameters)
    runner = workers.task_runner(task_runner or settings.task_runner, settings.workers,
                                 dask_address or settings.dask_address)
    try:
        summary = newsflow_pipeline.with_options(task_runner=runner)(
            **parameters, full_refresh=full_refresh)
    except WarehouseBusyError as exc:
        err.print(f"[red]not run:[/] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=f"run {summary.run_id}", show_header=False)
    for label, value in [
        ("status", summary.status),
        ("documents seen / new / changed / unchanged",
         f"{summary.documents_seen} / {summary.documents_new} / {summary.documents_changed} / "
         f"{summary.documents_skipped}"),
        ("articles staged", summary.articles),
        ("entity mentions staged", summary.mentions),
        ("quarantined", len(summary.quarantine)),
    ]:
        table.add_row(label, str(value))
    console.print(table)
    console.print(f"database: {settings.db}", soft_wrap=True)
    console.print(f"data-quality report: {summary.data_docs or settings.data_docs_index}",
                  soft_wrap=True)
    for q in summary.quarantine:
        console.print(f"[yellow]quarantined[/] {q.source} at {q.stage}: {q.reason}")
    if not summary.published:
        err.print(f"[red]not published:[/] {summary.message}")
        raise typer.Exit(3 if summary.status == "publish_deferred" else 1)


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to clean.")],
    jsonl: Annotated[bool, typer.Option(help="One JSON object per input on stdout.")] = False,
) -> None:
    """Clean inputs without a database: the cleaning stage alone, all inputs in one process."""
    import datetime as dt

    from newsflow import ingest
    from newsflow.clean import CleaningError, clean_document
    from newsflow.records import QuarantineRecord

    settings = Settings()
    now = dt.datetime.now(dt.UTC)
    failed = 0
    for item in ingest.discover(paths):
        if isinstance(item, QuarantineRecord):
            err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")
            failed += 1
            continue
        try:
            document = ingest.decode(ingest.read_document(item, settings.max_document_bytes, now))
            article = clean_document(document.text, document.raw.media_type, str(item))
        except (ingest.IngestError, CleaningError) as exc:
            err.print(f"[yellow]skipped[/] {item}: {exc}")
            failed += 1
            continue
        record = {
            "source": str(item),
            "title": article.title,
            "text": article.text,
            "authors": list(article.authors),
            "published_date": article.published_date and article.published_date.isoformat(),
            "outlet": article.outlet,
            "language": article.language,
        }
        if jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            console.rule(f"{item}")
            console.print(f"[bold]{article.title}[/]  {article.outlet or ''} "
                          f"{record['published_date'] or ''} {', '.join(article.authors)}")
            console.print(article.text, markup=False, highlight=False)
    if failed:
        err.print(f"{failed} input(s) could not be cleaned")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse, read-only.")],
    db: DbOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """Run ad-hoc SQL on a read-only connection and print the result."""
    from newsflow.warehouse import connect

    settings = _settings(db)
    if not settings.db.exists():
        err.print(f"[red]no database at {settings.db}[/]: run `newsflow run` first")
        raise typer.Exit(2)
    try:
        with connect(settings.db, read_only=True) as con:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
    except duckdb.Error as exc:
        err.print(f"[red]query failed:[/] {exc}")
        raise typer.Exit(1) from exc
    if output is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif output is OutputFormat.json:
        for row in rows:
            sys.stdout.write(json.dumps(dict(zip(columns, row, strict=True)), default=str,
                                        ensure_ascii=False) + "\n")
    else:
        print_rows(columns, rows)


def print_rows(columns: list[str], rows: list[tuple], title: str | None = None) -> None:
    """Print rows as a rich table; cells are plain Text so data is never read as markup."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)")


def fetch(con: duckdb.DuckDBPyConnection, statement: str,
          params: list | None = None) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(statement, params or [])
    return [d[0] for d in cursor.description or []], cursor.fetchall()


@app.command()
def report(
    db: DbOption = None,
    last: Annotated[int, typer.Option(help="How many recent runs to show.")] = 10,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write a self-contained HTML report (charts, no network) here.",
    )] = None,
) -> None:
    """Show the last runs, their data-quality outcome, quarantined inputs and the HTML report."""
    from newsflow.warehouse import connect, sql

    settings = _settings(db)
    if not settings.db.exists():
        err.print(f"[red]no database at {settings.db}[/]: run `newsflow run` first")
        raise typer.Exit(2)
    with connect(settings.db, read_only=True) as con:
        runs = fetch(con, sql("report_runs"), [last])
        failed = fetch(con, sql("report_failed_expectations"), [last])
        quarantine = fetch(con, sql("report_quarantine"))
    print_rows(*runs, title="Recent runs")
    if failed[1]:
        print_rows(*failed, title="Failed expectations")
    print_rows(*quarantine, title="Quarantine")
    console.print(f"Data-quality report (Great Expectations Data Docs): {settings.data_docs_index}")
    if html:
        from newsflow.html_report import write_html_report

        written = write_html_report(settings.db, html, data_docs=settings.data_docs_index)
        console.print(f"HTML report: {written}", soft_wrap=True)


@app.command()
def schedule(
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "*/15 * * * *".')] = None,
    interval: Annotated[float | None, typer.Option(help="Run every N seconds.")] = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "newsflow-scheduled",
    source: SourceOption = None,
    urls: UrlsOption = None,
    feed: FeedOption = None,
    db: DbOption = None,
) -> None:
    """Create a Prefect deployment with this schedule and serve it until interrupted."""
    from prefect.settings import PREFECT_API_URL

    if (cron is None) == (interval is None):
        err.print("[red]give exactly one of --cron or --interval[/]")
        raise typer.Exit(2)
    if not PREFECT_API_URL.value():
        err.print("[red]schedules need a Prefect server[/]: run `newsflow server start` and set "
                  "PREFECT_API_URL as it prints")
        raise typer.Exit(2)
    from newsflow.pipeline import newsflow_pipeline

    parameters = {k: v for k, v in {
        "sources": [str(p.resolve()) for p in source or []],
        "url_lists": [str(p.resolve()) for p in urls or []],
        "feeds": feed or [],
        "db": str(db.resolve()) if db else None,
    }.items() if v}
    console.print(f"serving deployment [bold]newsflow/{name}[/] on {PREFECT_API_URL.value()}")
    newsflow_pipeline.serve(name=name, cron=cron, interval=interval, parameters=parameters)


server_app = typer.Typer(help="A local Prefect server (SQLite-backed, with its UI).")
app.add_typer(server_app, name="server")


@server_app.command("start")
def server_start(
    host: str = "127.0.0.1",
    port: int = 4200,
) -> None:
    """Start a local Prefect server in the background; returns once its API answers.

    `prefect server start --background` returns before the API is up, and a `newsflow schedule`
    typed right after would fail to register its deployment. `--port` alone moves the API but
    not the UI, which asks the server's configured API URL (port 4200 by default): the server
    process gets this host and port as its API and UI API URLs.
    """
    import os
    import subprocess
    import time

    import httpx

    api = f"http://{host}:{port}/api"
    env = {**os.environ, "PREFECT_SERVER_API_HOST": host, "PREFECT_SERVER_API_PORT": str(port),
           "PREFECT_API_URL": api, "PREFECT_UI_API_URL": api}
    subprocess.run(
        [sys.executable, "-m", "prefect", "server", "start", "--background",
         "--host", host, "--port", str(port)],
        check=True, env=env,
    )
    health, deadline = f"http://{host}:{port}/api/health", time.monotonic() + 120
    with console.status("waiting for the server's API"):
        while True:
            try:
                if httpx.get(health, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                console.print(f"[red]the server did not answer at {health} within 120 s")
                raise typer.Exit(1)
            time.sleep(0.5)
    console.print(f"UI: http://{host}:{port}\nthen: export PREFECT_API_URL=http://{host}:{port}/api")


@server_app.command("stop")
def server_stop() -> None:
    """Stop the background Prefect server started by `newsflow server start`."""
    import subprocess

    subprocess.run([sys.executable, "-m", "prefect", "server", "stop"], check=True)
