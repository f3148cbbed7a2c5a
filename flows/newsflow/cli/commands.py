"""The `newsflow` command: run the flow, clean files, query the warehouse, read the report."""

from __future__ import annotations

import csv
import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import duckdb
import typer
from rich.table import Table
from rich.text import Text
from typer._click.exceptions import UsageError  # typer's own copy of click (not exported)
from typer.core import TyperGroup

from newsflow.cli.render import (
    complain,
    console,
    err,
    one_line,
    plain,
    print_fields,
    print_held,
    print_rows,
    printable,
    progress_bar,
    route_run_logs,
)
from newsflow.cli.server import api_answers, server_app
from newsflow.exit_codes import ExitCode
from newsflow.sandbox import ExportFormat
from newsflow.settings import (
    Settings,
    SettingsError,
    TaskRunnerKind,
    load_settings,
    run_settings,
)

if TYPE_CHECKING:
    from newsflow.runs import RunSummary

TOP_SPEAKERS = 10  # rows of `newsflow report`'s "Most quoted" table
TOP_TRAVELLED = 10  # rows of its "Most travelled quotations" table
TOP_TONE_ENTITIES = 5  # entities in `newsflow report`'s tone table (a row per outlet each)


class CommandGroup(TyperGroup):
    """Click's usage errors (an unknown option or command, a bad value) exit USAGE, as README's
    table of exit codes says, not click's own 2 (which is BUSY here)."""

    def make_context(self, *args: Any, **kwargs: Any) -> typer.Context:
        with usage_exit_code():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with usage_exit_code():
            return super().invoke(ctx)


@contextmanager
def usage_exit_code() -> Iterator[None]:
    try:
        yield
    except UsageError as exc:
        exc.exit_code = ExitCode.USAGE
        raise


# Markdown: a paragraph of a docstring is one paragraph of help, wrapped to the terminal.
app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, cls=CommandGroup,
                  rich_markup_mode="markdown")
# What a failed expectation did, by its dq_results level (NULL before levels were recorded).
FAILURE_EFFECT = {"row": ": their articles quarantined", "batch": ": the batch held"}

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
VerboseOption = Annotated[
    bool, typer.Option("--verbose", help="Print every log line (Prefect's and Dask's INFO "
                       "included) on a terminal too; without it a terminal shows warnings and "
                       "errors, and the progress bar.")
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the traceback of an environment error.")
]
FullRefreshOption = Annotated[
    bool, typer.Option("--full-refresh", help="Re-process inputs whose bytes are already stored.")
]
RetryQuarantinedOption = Annotated[
    bool, typer.Option("--retry-quarantined", help="Process quarantined documents again (they "
                       "are skipped while their bytes are unchanged).")
]


class OutputFormat(StrEnum):
    table = "table"
    line = "line"
    csv = "csv"
    json = "json"


def show_version(asked: bool) -> None:
    if asked:
        console.print(f"newsflow {version('newsflow')}")
        raise typer.Exit()


@app.callback()
def main(
    _version: Annotated[bool, typer.Option(
        "--version", callback=show_version, is_eager=True,
        help="Show the installed version and exit.")] = False,
) -> None:
    """Raw news articles in; clean, enriched, validated DuckDB tables out."""
    try:
        load_settings()  # every command: a bad setting is refused before anything starts
    except SettingsError as exc:
        for line in str(exc).splitlines():
            complain("bad setting:", line)
        raise typer.Exit(ExitCode.CONFIG) from None


def _settings(db: Path | None, **overrides: object) -> Settings:
    values = {k: v for k, v in {"db": db, **overrides}.items() if v}
    return load_settings(**values)


@app.command()
def config() -> None:
    """Print the effective settings and where each comes from: the environment
    (NEWSFLOW_<NAME>), the settings file (newsflow.toml in the working folder, else
    [tool.newsflow] in its pyproject.toml) or the default."""
    from newsflow.settings import setting_origins, variable_names

    settings = load_settings()
    origins = setting_origins()
    for name, value in settings.model_dump().items():
        console.print(Text(printable(f"{variable_names(name)[0]} = {shown_setting(value)}  "
                                     f"({origins[name]})")), soft_wrap=True)


def shown_setting(value: object) -> str:
    """A setting's value as the environment would give it: lists and mappings comma-separated."""
    if isinstance(value, dict):
        return ",".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, list | tuple) and value:
        return ",".join(map(str, value))
    return "(none)" if value is None or value in ([], ()) else str(value)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off while a run imports Prefect and the flow (objects that live as
    long as the run: each full scan during the imports walked all of them again, about 0.2 s of
    CPU a run), then what they made frozen out of later full scans (the flow unfreezes it)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@app.command()
def run(
    source: SourceOption = None,
    urls: UrlsOption = None,
    feed: FeedOption = None,
    db: DbOption = None,
    full_refresh: FullRefreshOption = False,
    retry_quarantined: RetryQuarantinedOption = False,
    task_runner: TaskRunnerOption = None,
    dask_address: DaskAddressOption = None,
    verbose: VerboseOption = False,
    debug: DebugOption = False,
) -> None:
    """Run the pipeline flow: ingest, clean, enrich, validate, publish."""
    from newsflow.unchanged import record_unchanged_run, unchanged_inputs
    from newsflow.warehouse import WarehouseBusyError, disk_full_message, run_lock

    def strings(values: list | None) -> list[str] | None:
        return [str(v) for v in values] if values else None

    parameters = {"sources": strings(source), "url_lists": strings(urls), "feeds": feed,
                  "db": str(db) if db else None}
    settings = run_settings(**parameters)
    check_inputs(settings)
    check_database(settings.db)
    check_writable(settings.db)
    try:
        # The writer lock first, held to the end: a busy database is refused in one line now,
        # before Prefect is even imported, let alone its server or the workers started.
        with run_lock(settings.db, settings.lock_file):
            inputs = None if full_refresh or retry_quarantined else unchanged_inputs(settings)
            if inputs is None:
                summary = run_flow(parameters, settings, full_refresh, retry_quarantined,
                                   task_runner, dask_address, verbose)
            else:
                summary = record_unchanged_run(settings, inputs)
                console.print(Text("every input is stored already: run recorded without "
                                   "starting Prefect (no flow run)", style="dim"))
    except WarehouseBusyError as exc:
        err.print(Text.assemble(("not run: ", "red"), printable(exc)), soft_wrap=True)
        raise typer.Exit(ExitCode.BUSY) from exc
    except (OSError, duckdb.Error) as exc:
        # A full disk shows in whichever DuckDB error the write failed under; other DuckDB
        # errors than I/O are not the environment's.
        full = disk_full_message(exc, settings.db.parent)
        if debug or not (full or isinstance(exc, OSError | duckdb.IOException)):
            raise
        err.print(Text.assemble(("environment error: ", "red"), printable(full) if full
                                else one_line(exc)), soft_wrap=True)
        drop_tracebacks(exc)
        raise typer.Exit(ExitCode.ENVIRONMENT) from None
    except RuntimeError as exc:
        if debug or not prefect_unreachable(exc):
            raise
        err.print(Text.assemble(("environment error: ", "red"),
                                one_line(f"{exc} (PREFECT_API_URL)")), soft_wrap=True)
        drop_tracebacks(exc)
        raise typer.Exit(ExitCode.ENVIRONMENT) from None
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
    for deferred in summary.deferred:
        console.print(Text(printable(f"left for the next run: {deferred.count:,} from "
                                     f"{deferred.source} ({deferred.reason})"), style="yellow"),
                      soft_wrap=True)
    console.print(Text(printable(f"database: {settings.db}")), soft_wrap=True)
    console.print(Text(printable(f"report: {summary.report}" if summary.report else
                                 "report: newsflow report --html FILE")), soft_wrap=True)
    if summary.quarantine:
        console.print(Text(f"held back ({len(summary.quarantine)}); release one by changing its "
                           "bytes or with --retry-quarantined:", style="yellow"))
    for q in summary.quarantine:
        print_held(q.source, q.stage, q.reason)
    if not summary.published:
        from newsflow.runs import RunStatus

        err.print(Text.assemble(("not published: ", "red"), printable(summary.message)))
        raise typer.Exit({RunStatus.PUBLISH_DEFERRED: ExitCode.DEFERRED,
                          RunStatus.INPUTS_FAILED: ExitCode.NO_INPUT}.get(summary.status,
                                                                         ExitCode.HELD))


def run_flow(parameters: dict[str, Any], settings: Settings, full_refresh: bool,
             retry_quarantined: bool, task_runner: TaskRunnerKind | None,
             dask_address: str | None, verbose: bool) -> RunSummary:
    """The flow run, its first worker started before Prefect is imported (its models load
    meanwhile); under the caller's writer lock."""
    if not verbose:
        # Dask logs each connection, worker and client at INFO, and a worker it stops at
        # shutdown as a warning; its own processes read this too.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    with collector_paused():
        from newsflow import workers
        from newsflow.enrich.ner import NerSettings

        if (task_runner or settings.task_runner) == "local":
            workers.start_early(settings.workers, NerSettings.of(settings))
        from prefect.settings import PREFECT_API_URL

        if not PREFECT_API_URL.value():
            # The run will start a temporary Prefect server: make it die with the run.
            from newsflow.server_guard import install

            install()
        from newsflow.flow import newsflow_pipeline

        runner = workers.task_runner(task_runner or settings.task_runner, settings.workers,
                                     dask_address or settings.dask_address)
    route_run_logs(verbose)
    try:
        with progress_bar():
            state = newsflow_pipeline.with_options(task_runner=runner)(
                **parameters, full_refresh=full_refresh, retry_quarantined=retry_quarantined,
                return_state=True)
    finally:
        workers.release()  # the early worker too, when the flow never got to it
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        raise summary
    return summary


def prefect_unreachable(exc: RuntimeError) -> bool:
    """Whether Prefect failed to reach its API server (it raises a bare RuntimeError, `Failed
    to reach API at …`, from the connection error)."""
    import httpx

    return isinstance(exc.__cause__, httpx.TransportError)


def drop_tracebacks(exc: BaseException | None) -> None:
    """Forget the tracebacks of an error reported in one line, and of the errors it came from.

    Their frames hold DuckDB objects, and Prefect keeps the error in the run's state until the
    interpreter exits: DuckDB's bindings would then list each object as "leaked" on stderr,
    after the one line.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__


def check_inputs(settings: Settings) -> None:
    """A source path or URL list that does not exist is a usage error: nothing is created."""
    missing = [p for p in [*settings.sources, *settings.url_lists] if not p.exists()]
    if missing:
        err.print(Text.assemble(("usage error: ", "red"),
                                printable(f"no such file or folder: "
                                          f"{', '.join(map(str, missing))}")),
                  soft_wrap=True)
        raise typer.Exit(ExitCode.USAGE)


def check_database(db: Path) -> None:
    """A --db that is not a DuckDB database (a SQLite file, a text file) is a usage error, said
    in one line before DuckDB is given the file."""
    from newsflow.warehouse.connection import NotADatabaseError, check_database_file

    try:
        check_database_file(db)
    except NotADatabaseError as exc:
        complain("usage error:", exc)
        raise typer.Exit(ExitCode.USAGE) from None


def check_writable(db: Path) -> None:
    """The database's folder must exist or be creatable, and be writable."""
    folder = db.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    problem = (f"{folder} is not a folder" if not folder.is_dir()
               else f"{folder} is not writable" if not os.access(folder, os.W_OK | os.X_OK)
               else f"{db} is read-only" if db.exists() and not os.access(db, os.W_OK)
               else None)
    if problem:
        err.print(Text.assemble(("environment error: ", "red"),
                                printable(f"cannot write the database {db}: {problem}")),
                  soft_wrap=True)
        raise typer.Exit(ExitCode.ENVIRONMENT)


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to clean.")],
    jsonl: Annotated[bool, typer.Option(help="One JSON object per input on stdout.")] = False,
) -> None:
    """Clean inputs without a database: the cleaning stage alone, all inputs in one process."""
    import dataclasses
    import datetime as dt

    from newsflow import ingest
    from newsflow.clean import CleaningError, DocumentLimits, clean_document
    from newsflow.records import QuarantineRecord, failure_reason, storable

    settings = load_settings()
    limits = DocumentLimits.of(settings)
    now = dt.datetime.now(dt.UTC)
    failed = 0
    for item in ingest.discover(paths):
        if isinstance(item, QuarantineRecord):
            err.print(plain("skipped", "yellow", f"{item.source}: {item.reason}"), soft_wrap=True)
            failed += 1
            continue
        try:
            document = ingest.decode(ingest.read_document(item, settings.max_document_bytes, now))
            article = clean_document(document.text, document.raw.media_type, str(item), limits)
        except Exception as exc:  # whatever one input carries stops that input alone
            reason = exc if isinstance(exc, ingest.IngestError | CleaningError) else (
                failure_reason(exc, "unexpected error"))
            err.print(plain("skipped", "yellow", f"{item}: {reason}"), soft_wrap=True)
            failed += 1
            continue
        # The cleaner's fields as the articles table holds them (word_count is derived there).
        record = {"source": storable(str(item)), **{f.name: getattr(article, f.name)
                                          for f in dataclasses.fields(article) if f.init}}
        record["authors"] = list(article.authors)
        record["published_date"] = (article.published_date
                                    and article.published_date.isoformat())
        if jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            console.rule(Text(printable(item)))
            console.print(Text.assemble((printable(article.title or ""), "bold"), "  ",
                                        printable(f"{article.outlet or ''} "
                                                  f"{record['published_date'] or ''} "
                                                  f"{', '.join(article.authors)}")))
            console.print(printable(article.text, lines=True), markup=False, highlight=False)
    if failed:
        err.print(f"{failed} input(s) could not be cleaned")


@contextmanager
def refused_statements(path: Path, label: str) -> Iterator[None]:
    """A database held by a writer exits BUSY, a statement DuckDB refused exits REFUSED, a
    query stopped at a limit exits LIMIT; one line."""
    from newsflow.sandbox import QueryLimitError
    from newsflow.warehouse import is_lock_conflict

    try:
        yield
    except QueryLimitError as exc:
        complain(label, exc)
        raise typer.Exit(ExitCode.LIMIT) from exc
    except duckdb.Error as exc:
        if is_lock_conflict(exc):
            complain("database busy:", f"{path} is held by a writer; try again")
            raise typer.Exit(ExitCode.BUSY) from exc
        complain(label, exc, lines=True)  # DuckDB's LINE 1: ... and its caret
        raise typer.Exit(ExitCode.REFUSED) from exc


def _existing_db(db: Path | None) -> Path:
    settings = _settings(db)
    if not settings.db.exists():
        complain("no database at", f"{settings.db}: run `newsflow run` first")
        raise typer.Exit(ExitCode.USAGE)
    check_database(settings.db)
    return settings.db


@contextmanager
def current_schema(path: Path) -> Iterator[None]:
    """A warehouse written by an older release, without a table, view or column these fixed
    queries read (only a run creates them), exits USAGE in one line. A warehouse with every
    table, column and view of this release raises the error as it is: the query is at fault."""
    from newsflow.warehouse import connect, schema_gaps

    try:
        yield
    except (duckdb.CatalogException, duckdb.BinderException) as exc:
        with connect(path, read_only=True) as con:
            if not schema_gaps(con):
                raise
        complain("old warehouse:", f"{path} predates this version of newsflow: run "
                 "`newsflow run` once to upgrade it")
        raise typer.Exit(ExitCode.USAGE) from exc


RawOption = Annotated[bool, typer.Option(
    "--raw", help="CSV: write text cells as stored, even those a spreadsheet would run as a "
    "formula (by default a cell starting with =, +, -, @, tab or CR gets a leading ').")]


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run against the warehouse, read-only.")],
    db: DbOption = None,
    output: Annotated[OutputFormat, typer.Option(
        "--format", help="table: what fits the terminal, hidden columns named; line: one "
        "field per line; csv or json: every row, for other tools.")] = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """Run ad-hoc SQL on a read-only connection that cannot read or write files, within the
    query limits (NEWSFLOW_QUERY_*), and print it."""
    from newsflow.sandbox import QueryLimits, neutralised, run_query

    path = _existing_db(db)
    with (refused_statements(path, "query failed:"),
          run_query(path, sql, QueryLimits.of(_settings(db))) as result):
        if output is OutputFormat.csv:
            writer = csv.writer(sys.stdout)
            for row in [result.columns, *result.rows]:
                result.check()
                writer.writerow(row if raw else [neutralised(value) for value in row])
        elif output is OutputFormat.json:
            for row in result.rows:
                result.check()
                sys.stdout.write(json.dumps(dict(zip(result.columns, row, strict=True)),
                                            default=str, ensure_ascii=False) + "\n")
        elif output is OutputFormat.line:
            print_fields(result.columns, result.rows, result.check)
        else:
            print_rows(result.columns, result.rows)


@app.command()
def export(
    table_or_sql: Annotated[str, typer.Argument(
        metavar="TABLE_OR_SQL", help="A table or view name, or a query returning rows.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (replaced if it exists).")],
    output: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.parquet,
    db: DbOption = None,
    raw: RawOption = False,
) -> None:
    """Write a table, view or query result to one Parquet or CSV file, and nowhere else.

    The query runs as `newsflow query` does, unable to touch files and within its limits;
    only the writer of the result may open a file, a temporary one beside --out that replaces
    it once complete. --out may not be a folder, a device, the warehouse or the run lock.
    """
    from newsflow.sandbox import QueryLimits
    from newsflow.sandbox import export as export_result

    path = _existing_db(db)
    settings = _settings(db)
    if not out.resolve().parent.is_dir():
        complain("no such folder:", out.resolve().parent)
        raise typer.Exit(ExitCode.USAGE)
    try:
        with refused_statements(path, "export failed:"):
            rows = export_result(path, table_or_sql, out, output, QueryLimits.of(settings),
                                 lock_file=settings.lock_file, raw=raw)
    except ValueError as exc:
        complain("export refused:", exc)
        raise typer.Exit(ExitCode.USAGE) from exc
    console.print(plain("wrote", "green", f"{rows} row(s) to {out}"), soft_wrap=True)


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
    """Show the last runs, the most quoted speakers, the most travelled quotations, tone toward
    the most mentioned people and organisations, the data-quality outcome, quarantined inputs
    and the HTML report."""
    from newsflow.warehouse import connect, sql

    settings = _settings(_existing_db(db))
    with current_schema(settings.db), connect(settings.db, read_only=True) as con:
        runs = fetch(con, sql("queries/report_runs"), [last])
        speakers = fetch(con, sql("queries/report_top_speakers"), [TOP_SPEAKERS])
        travelled = fetch(con, sql("queries/report_travelled_quotations"), [TOP_TRAVELLED])
        tones = fetch(con, sql("queries/report_entity_tone"), [TOP_TONE_ENTITIES])
        coverage = fetch(con, sql("queries/report_tone_coverage"))
        failed = fetch(con, sql("queries/report_failed_expectations"), [last])
        quarantine = fetch(con, sql("queries/report_quarantine"))
        held_batches = fetch(con, sql("queries/report_held_batches"), [last])
    print_rows(*runs, title="Recent runs")
    shown_run = None
    for started, because, source, stage, expectation, reason in held_batches[1]:
        if (started, because) != shown_run:
            shown_run = (started, because)
            console.print(Text(f"Batch held {started}: {because}", style="italic"))
        print_held(source, stage, reason, expectation=expectation)
    print_rows(*speakers, title="Most quoted")
    print_rows(*travelled, title="Most travelled quotations")
    print_rows(*tones, title="Tone toward the most mentioned, by outlet")
    print_rows(*coverage, title="Mentions with a tone, by language")
    if failed[1]:
        console.print(Text("Failed expectations", style="italic"))
        for started, where, expectation, unexpected, total, level in failed[1]:
            of = f"{unexpected} of {total} rows" if unexpected is not None else "failed"
            print_held(where, started, f"{of}{FAILURE_EFFECT.get(level, '')}",
                       expectation=expectation)
    console.print(Text(f"Quarantine ({len(quarantine[1])})", style="italic"))
    for when, source, stage, expectation, reason in quarantine[1]:
        print_held(source, stage, reason, when=when, expectation=expectation)
    if html:
        from newsflow.html_report import write_html_report

        with current_schema(settings.db):
            written: Path | None = write_html_report(settings.db, html,
                                                     data_docs=settings.data_docs_index)
    else:
        written = settings.html_report if settings.html_report.exists() else None
    # The page opens offline; the Data Docs, linked from it, need the internet for their index.
    console.print(Text("HTML report, opens offline (Data Docs linked from it):"))
    console.print(Text(printable(written) if written else "newsflow report --html FILE"),
                  soft_wrap=True)


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
        complain("usage error:", "give exactly one of --cron or --interval")
        raise typer.Exit(ExitCode.USAGE)
    api = PREFECT_API_URL.value()
    if not api:
        complain("schedules need a Prefect server:",
                 "run `newsflow server start` and set PREFECT_API_URL as it prints")
        raise typer.Exit(ExitCode.ENVIRONMENT)
    if not api_answers(api):
        complain("Prefect server unreachable:", f"no answer from {api}/health")
        raise typer.Exit(ExitCode.ENVIRONMENT)
    from newsflow.flow import newsflow_pipeline

    parameters = {k: v for k, v in {
        "sources": [str(p.resolve()) for p in source or []],
        "url_lists": [str(p.resolve()) for p in urls or []],
        "feeds": feed or [],
        "db": str(db.resolve()) if db else None,
    }.items() if v}
    console.print(Text(printable(f"serving deployment newsflow/{name} on {api}")),
                  soft_wrap=True)
    # One run at a time: a run due while the previous one still works would only be refused by
    # the database's writer lock; it waits instead, and starts once the runner is free.
    newsflow_pipeline.serve(name=name, cron=cron, interval=interval, parameters=parameters,
                            limit=1)


app.add_typer(server_app, name="server")
