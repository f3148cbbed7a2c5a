"""No control character from a file name, title or reason reaches the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from newsflow.cli import printable
from newsflow.exit_codes import ExitCode

# Clear the screen, set the window title, ring the bell; then a C1 control (CSI) and a CR.
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\r"


def test_printable_shows_every_control_character_as_its_escape() -> None:
    assert printable(f"a{ESCAPES}b") == r"a\x1b[2J\x1b]0;pwned\x07\x9b31m\x0db"
    assert printable("line one\nline\ttwo", lines=True) == "line one\nline\ttwo"
    assert printable("line one\nline two") == r"line one\x0aline two"


def test_names_with_escape_sequences_are_printed_inert(
    cli: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    shutil.copy(seed, inbox / f"{ESCAPES}article.txt")
    (inbox / f"{ESCAPES}image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    db = tmp_path / "news.duckdb"

    shown = [cli("run", "--source", str(inbox), "--db", str(db))]
    assert shown[0].returncode == ExitCode.OK, shown[0].stderr[-2000:]
    shown.append(cli("report", "--db", str(db)))
    shown.append(cli("query", "--db", str(db), "SELECT source FROM document_sources",
                     COLUMNS="300"))
    shown.append(cli("query", "--db", str(db), "SELECT source, reason FROM quarantine"))
    for result in shown:
        assert result.returncode == ExitCode.OK, result.stderr[-2000:]
        output = result.stdout + result.stderr
        assert not any(c in output for c in "\x1b\x07\x9b\r"), output[-2000:]
    assert r"\x1b[2J\x1b]0;pwned\x07\x9b31m\x0dimage.txt" in shown[0].stdout.replace("\n", "")
    assert r"\x1b[2J\x1b]0;pwned\x07\x9b31m\x0darticle.txt" in shown[2].stdout.replace("\n", "")
