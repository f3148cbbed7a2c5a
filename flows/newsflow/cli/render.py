"""How the `newsflow` command prints: text from inputs and errors made safe for a terminal,
one-line complaints, tables of rows, held documents and the run's progress bar."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.padding import Padding
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

console = Console()
err = Console(stderr=True)
# C0 and C1 control characters (ESC, CR, BEL, ...): in a file name or a title they would be
# sequences the terminal obeys (clear the screen, set its title, hide text). Bidirectional
# controls (U+202A-202E embeddings and overrides, U+2066-2069 isolates, U+200E/F and U+061C
# marks) would make a name read in another order than it is written (`txt.exe` shown as
# `exe.txt`). Lone surrogates: bytes of a file name that are not UTF-8, which no terminal
# encoding can print.
_UNPRINTABLE = r"\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
CONTROL_CHARACTERS = re.compile(rf"[\x00-\x1f{_UNPRINTABLE}]")
CONTROL_CHARACTERS_BUT_LINES = re.compile(rf"[\x00-\x08\x0b-\x1f{_UNPRINTABLE}]")
LINE_BREAKS = re.compile(r"\r\n|[\n\t]")
# `newsflow query`'s table: each column costs its width and three cells (padding, rule), the
# table one more; a column is given at least this many cells before it is named as not shown.
TABLE_OVERHEAD = 3
MIN_COLUMN_WIDTH = 8
MAX_TABLE_ROWS = 1_000
# `--format line`: characters of one value printed before the rest is only counted.
MAX_FIELD_CHARS = 10_000


def one_line(exc: BaseException) -> str:
    return printable(" ".join(str(exc).split())[:300] or type(exc).__name__)


def printable(value: object, lines: bool = False) -> str:
    """Text from files, URLs, the warehouse or an error, safe to print on a terminal: each
    control character is shown as its escape (`\\x1b`, `\\u202e`), never sent; a byte of a
    file name that is not UTF-8 as `\\xe9`; `lines` keeps newlines and tabs (an article's
    text)."""
    pattern = CONTROL_CHARACTERS_BUT_LINES if lines else CONTROL_CHARACTERS
    return pattern.sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a surrogate escape: the byte it stands for
        code -= 0xDC00
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class RateColumn(ProgressColumn):
    """Documents per second since the analysis began: chunks finish in bursts (a pool's
    workers end theirs together), so a rate over the last few updates would swing wildly."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed
        return Text(f"{task.completed / elapsed:.1f} docs/s" if task.completed and elapsed
                    else "")


class ThroughConsole(logging.Handler):
    """Log records printed by `err`, the console the progress bar is drawn on: rich prints each
    whole above the bar, where a second console writing to the same stream would print into
    it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            err.print(Text(printable(self.format(record), lines=True)), soft_wrap=True)
        except Exception:
            self.handleError(record)


def closed_connection(record: logging.LogRecord) -> bool:
    """False for Dask's report of a connection closed while its cluster shuts down (a
    CommClosedError and its traceback): the run has its results by then."""
    kind = record.exc_info[0] if record.exc_info else None
    return not (getattr(kind, "__name__", "") == "CommClosedError"
                or "CommClosedError" in record.getMessage())


def route_run_logs(verbose: bool) -> None:
    """How a run's log lines reach the console, to the end of the process (the temporary
    Prefect server logs its stop at exit). On a terminal, Prefect's console lines (and Dask's,
    which go through them) are printed by `err`, above the progress bar, from WARNING up unless
    `verbose`; elsewhere (cron, a file) Prefect prints them, INFO included. Dask's
    closed-connection errors at shutdown are left out unless `verbose`. The Prefect UI gets
    every line either way."""
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict
                                      .values() if isinstance(logger, logging.Logger))]
    for logger in loggers:
        for handler in [h for h in logger.handlers if isinstance(h, PrefectConsoleHandler)]:
            if not verbose:
                handler.addFilter(closed_connection)
            if err.is_terminal:
                own = ThroughConsole(handler.level if verbose
                                     else max(handler.level, logging.WARNING))
                own.setFormatter(handler.formatter)
                own.filters = handler.filters
                logger.removeHandler(handler)
                logger.addHandler(own)


@contextmanager
def progress_bar() -> Iterator[None]:
    """Documents processed / total, with the rate, on an interactive terminal; shown from the
    moment the run knows how many documents it has (never as `0/?`)."""
    from newsflow import runs

    if not err.is_terminal:
        yield
        return
    columns = (TextColumn("documents"), BarColumn(), MofNCompleteColumn(),
               TaskProgressColumn(), RateColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: list[TaskID] = []

        def update(done: int, total: int) -> None:
            if not tasks:
                tasks.append(bar.add_task("documents", total=total))
            bar.update(tasks[0], completed=done, total=total)

        runs.progress_callback = update
        try:
            yield
        finally:
            runs.progress_callback = None


def print_held(source: str, stage: str, reason: str, when: str = "",
               expectation: str = "") -> None:
    """One held document: its source in full on a line of its own (a long path is left to
    the terminal to wrap, so it can be copied whole), then when, stage and expectation (cut
    short with an ellipsis if need be), then the reason, wrapped between words. Input is
    printed as plain Text: a path or reason is never read as markup."""
    console.print(Text(f"  {printable(source)}", style="bold"), soft_wrap=True)
    facts = "  ".join(part for part in (when, stage, expectation) if part)
    console.print(Text(f"    {printable(facts)}"), no_wrap=True, overflow="ellipsis")
    console.print(Padding(Text(printable(reason)), (0, 0, 0, 4)))


def plain(label: str, style: str, message: object) -> Text:
    """A styled label followed by a message printed as it is: paths, URLs, titles and error
    texts may contain `[`...`]`, which must never be read as rich markup."""
    return Text.assemble((label, style), " ", printable(message))


def complain(label: str, message: object, lines: bool = False) -> None:
    """One line on stderr, however long the path or error in it; `lines` keeps the line
    breaks of a message written on several (DuckDB's syntax errors point at the spot)."""
    err.print(Text.assemble((label, "red"), " ", printable(message, lines=lines)),
              soft_wrap=True)


def cell(value: object) -> Text:
    """One value on one line of a table: NULL as a dimmed `NULL`, line breaks and tabs as
    spaces, other control characters as their escapes."""
    if value is None:
        return Text("NULL", style="dim")
    return Text(printable(LINE_BREAKS.sub(" ", str(value))))


def shorten(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with an ellipsis, at a space when one is in its last third
    (never mid-word then); unchanged if it fits."""
    if text.cell_len <= width:
        return text
    kept = set_cell_size(text.plain, max(width - 1, 0)).rstrip()
    space = kept.rfind(" ")
    if space >= width * 2 // 3:
        kept = kept[:space].rstrip()
    return Text(kept + "…", style=text.style)


def fit_columns(headers: list[str], natural: list[int], available: int) -> list[int]:
    """Widths of the leading columns that fit in `available` cells (at least one shown).

    Each column first gets its header's width (or its values', if narrower), up to
    MIN_COLUMN_WIDTH; columns are taken from the left while those fit, then the room left is
    shared, a cell at a time, among the narrowest columns that want more.
    """
    widths: list[int] = []
    for header, want in zip(headers, natural, strict=True):
        least = min(want, max(cell_len(header), MIN_COLUMN_WIDTH))
        if widths and sum(widths) + least + TABLE_OVERHEAD * (len(widths) + 1) + 1 > available:
            break
        widths.append(least)
    room = available - sum(widths) - TABLE_OVERHEAD * len(widths) - 1
    while room > 0:
        wanting = [i for i, width in enumerate(widths) if width < natural[i]]
        if not wanting:
            break
        narrowest = min(wanting, key=lambda i: widths[i])
        widths[narrowest] += 1
        room -= 1
    if room < 0:  # one column wider than the terminal
        widths[0] = max(widths[0] + room, 1)
    return widths


def print_rows(columns: list[str], rows: list[tuple], title: str | None = None) -> None:
    """Rows as a table that fits the terminal, one line per row, cells as plain Text (never
    read as markup).

    Columns that do not fit are named below the table, a value too long for its column is cut
    with an ellipsis, and past MAX_TABLE_ROWS rows the rest are counted, not drawn: the table
    costs the same whatever the size of the values or the result.
    """
    shown_rows = rows[:MAX_TABLE_ROWS]
    cells = [[cell(value) for value in row] for row in shown_rows]
    headers = [printable(column) for column in columns]
    natural = [max([cell_len(header), *(row[i].cell_len for row in cells)])
               for i, header in enumerate(headers)]
    widths = fit_columns(headers, natural, console.width)
    table = Table(title=title, box=box.HEAVY_HEAD)
    for header, width in zip(headers, widths, strict=False):
        table.add_column(shorten(Text(header), width), width=width, no_wrap=True,
                         overflow="ellipsis")
    for row in cells:
        table.add_row(*(shorten(text, width) for text, width in zip(row, widths, strict=False)))
    console.print(table)
    hidden = headers[len(widths):]
    if hidden:
        console.print(Text(f"{len(hidden)} more column{'s' if len(hidden) > 1 else ''}: "
                           f"{', '.join(hidden)} (--format line shows every column)"))
    if len(rows) > len(shown_rows):
        console.print(Text(f"first {len(shown_rows):,} rows shown; --format line, csv or json "
                           "prints them all"))
    console.print(f"{len(rows)} row(s)")


def print_fields(columns: list[str], rows: Iterable[tuple], check: Callable[[], None]) -> int:
    """Rows one field per line (`column = value`), a blank line between rows, as the DuckDB
    CLI's line mode; a value keeps its line breaks and is cut after MAX_FIELD_CHARS characters
    with a note. `check` runs before each row (the query's limits); returns the rows."""
    headers = [printable(column) for column in columns]
    label_width = max(map(cell_len, headers), default=0)
    count = 0
    for count, row in enumerate(rows, start=1):
        check()
        if count > 1:
            console.print()
        for header, value in zip(headers, row, strict=True):
            text = cell(value) if value is None else Text(printable(value, lines=True))
            if len(text.plain) > MAX_FIELD_CHARS:
                more = len(text.plain) - MAX_FIELD_CHARS
                text = Text.assemble(text.plain[:MAX_FIELD_CHARS],
                                     (f"… ({more:,} more characters; --format csv or json "
                                      "writes it whole)", "dim"))
            console.print(Text.assemble(header.rjust(label_width), " = ", text),
                          soft_wrap=True)
    console.print(f"{count} row(s)")
    return count
