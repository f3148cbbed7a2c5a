"""What a scheduler sees: exit codes, one-line errors, progress in the log."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from newsflow.devtools.servers import free_port
from newsflow.exit_codes import ExitCode

REUTERS_ONLY = '''
import great_expectations.expectations as gxe

SUITE = "articles"
FRAME_SQL = None


def expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="outlet", value_set=["Reuters"])]
'''


def test_missing_source_is_a_usage_error_and_creates_nothing(cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "warehouse" / "news.duckdb"
    result = cli("run", "--source", str(tmp_path / "no" / "such" / "folder"), "--db", str(db))
    assert result.returncode == ExitCode.USAGE
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "warehouse").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_unwritable_database_folder_is_an_environment_error(
    cli: Any, tmp_path: Path, seeds_dir: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = cli("run", "--source", str(seeds_dir), "--db", str(locked / "news.duckdb"))
    finally:
        locked.chmod(0o755)
    assert result.returncode == ExitCode.ENVIRONMENT
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_prefect_server_is_an_environment_error_in_one_line(
    cli: Any, tmp_path: Path, seeds_dir: Path
) -> None:
    """Nothing listens on the port: one line naming the API and the setting, exit 69; the
    early worker (two workers asked for) is stopped with the run, not waited for."""
    api = f"http://127.0.0.1:{free_port()}/api"
    result = cli("run", "--source", str(seeds_dir), "--db", str(tmp_path / "news.duckdb"),
                 PREFECT_API_URL=api, NEWSFLOW_WORKERS="2")
    assert result.returncode == ExitCode.ENVIRONMENT
    assert result.stderr.strip() == (
        f"environment error: Failed to reach API at {api}/ (PREFECT_API_URL)")


def test_database_under_a_file_is_an_environment_error(
    cli: Any, tmp_path: Path, seeds_dir: Path
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    result = cli("run", "--source", str(seeds_dir), "--db", str(not_a_folder / "news.duckdb"))
    assert result.returncode == ExitCode.ENVIRONMENT
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_run_logs_progress_and_a_held_batch_exits_held(
    cli: Any, seeded: Path, tmp_path: Path, seeds_dir: Path
) -> None:
    """On the session's published seeds (a published run exits OK: test_crash.py's recovery
    run, test_run_lock_first.py), a full refresh that validation holds."""
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / "articles.py").write_text(REUTERS_ONLY)
    held = cli("run", "--source", str(seeds_dir), "--db", str(seeded), "--full-refresh",
               NEWSFLOW_EXPECTATIONS_DIR=str(strict))
    assert held.returncode == ExitCode.HELD, held.stderr[-2000:]
    assert "analysed 5/5 documents" in held.stderr + held.stdout
    assert "not published" in held.stderr
    assert "Finished in state Failed" in held.stderr + held.stdout


def test_schedule_option_and_server_errors_are_one_line(cli: Any, seeds_dir: Path) -> None:
    both = cli("schedule", "--cron", "* * * * *", "--interval", "5", "--source", str(seeds_dir))
    assert both.returncode == ExitCode.USAGE
    down = cli("schedule", "--interval", "5", "--source", str(seeds_dir),
               PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api")
    assert down.returncode == ExitCode.ENVIRONMENT
    assert "unreachable" in down.stderr
    for result in (both, down):
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_a_run_whose_every_input_failed_exits_no_input_and_names_them(
    cli: Any, tmp_path: Path
) -> None:
    """A cron job whose only inputs cannot be read must not see `unchanged`, exit 0."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "story.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(60)))
    db = tmp_path / "news.duckdb"
    for _ in range(2):  # nothing of it is stored, so the next run meets it again
        result = cli("run", "--source", str(inbox), "--db", str(db), COLUMNS="300")
        assert result.returncode == ExitCode.NO_INPUT, result.stderr[-2000:]
        assert f"  {inbox / 'story.txt.gz'}" in result.stdout.splitlines()
        assert ("not published: every input was refused or failed (1); nothing staged"
                in result.stderr)
        assert "Finished in state Failed" in result.stderr + result.stdout
