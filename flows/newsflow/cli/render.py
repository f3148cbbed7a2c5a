"""How the `newsflow` command prints: text from inputs and errors made safe for a terminal,
one-line complaints, tables of rows, held documents and the run's progress bar."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from rich import box
from rich.console import Console, OverflowMethod
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


def complain(label: str, message: object) -> None:
    """One line on stderr, however long the path or error in it."""
    err.print(plain(label, "red", message), soft_wrap=True)


def print_rows(columns: list[str], rows: list[tuple], title: str | None = None,
               overflow: OverflowMethod = "fold") -> None:
    """Print rows as a rich table; cells are plain Text so data is never read as markup.

    overflow "ellipsis": cells never wrap, a cell too long for its column is cut short with an
    ellipsis (never broken mid-word); "fold" wraps long values over several lines.
    """
    table = Table(title=title, box=box.SIMPLE_HEAD if overflow == "ellipsis" else box.HEAVY_HEAD)
    for column in columns:
        table.add_column(printable(column), overflow=overflow, no_wrap=overflow == "ellipsis",
                         min_width=len(column))
    for row in rows:
        table.add_row(*(Text("" if v is None else printable(v, lines=True)) for v in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)")
