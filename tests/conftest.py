"""Shared fixtures: the bundled seeds, the evaluation data, a Prefect test server, and pipeline
runs into temp files."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import IN_PROCESS
from newsflow.devtools.servers import start_test_api, stop, wait_until_healthy
from newsflow.quality.gx_import import import_gx
from newsflow.settings import CHECKOUT_ROOT, SEEDS_DIR

# What the tests read of the evaluation data (../shared/eval/README.md describes it).
EVAL_NEEDED = ("extraction-dev/ground-truth.json", "cleaning-trafilatura-dev/gold.json",
               "entities-dev/text", "quotations-dev/gold.json", "tone-dev/train.jsonl")


def pytest_configure(config: pytest.Config) -> None:
    """A process that runs tests (not the xdist controller) imports Great Expectations before it
    collects them, as a run does (without scipy, altair and SQLAlchemy at import): the module the
    flow validates with, for a third of the import's CPU."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", 0):
        import_gx()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the Prefect test server runs the flow or the CLI (seconds each): it is
    marked slow, so `make test-quick` leaves it out; `make test` runs it.

    When xdist hands whole files to its workers (`make test`), the longest go first and the
    many quick files last, so that both workers finish together rather than one running a long
    file alone at the end: first the long scenarios (modules marked slow as a whole: a wheel
    installed, servers started, a model trained; and the gates scoring an evaluation corpus),
    then the files holding slow tests, then the others, each group in the order collected.
    """
    for item in items:
        if "prefect_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    long_files = {item.path for item in items if "eval_dir" in getattr(
        item, "fixturenames", ()) or any(
        mark.name == "slow" for mark in item.getparent(pytest.Module).own_markers)}
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: (item.path not in long_files, item.path not in slow_files))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


def eval_folder() -> Path:
    """NEWSFLOW_EVAL_DIR, else the first `shared/eval` beside the checkout or beside one of its
    parent folders."""
    if "NEWSFLOW_EVAL_DIR" in os.environ:
        return Path(os.environ["NEWSFLOW_EVAL_DIR"])
    beside = [folder / "shared" / "eval" for folder in CHECKOUT_ROOT.parents]
    return next((path for path in beside if path.is_dir()),
                CHECKOUT_ROOT.parent / "shared" / "eval")


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """The evaluation data; tests that need it skip without it (a fresh clone has none), and
    fail instead where NEWSFLOW_REQUIRE_EVAL=1 (CI: .ci/run) says it must be there."""
    folder = eval_folder()
    missing = [name for name in EVAL_NEEDED if not (folder / name).exists()]
    if missing:
        message = (f"evaluation data missing under {folder} ({', '.join(missing)}): "
                   "set NEWSFLOW_EVAL_DIR")
        if os.environ.get("NEWSFLOW_REQUIRE_EVAL") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return folder


# The xdist controller's Prefect test server, and the keys under which it gives its address and
# log to the workers: one server for all of them (starting one costs about 12 s of CPU).
_shared_server = pytest.StashKey[tuple[subprocess.Popen, Path]]()
_shared_api = pytest.StashKey[str]()
SHARED_PREFECT_API = "prefect_api_url"
SHARED_PREFECT_LOG = "prefect_server_log"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Under xdist (`make test`) the controller starts the Prefect test server its workers'
    tests share when the first worker is set up, without waiting for it: the workers collect
    and run the tests that need no server meanwhile, and the `prefect_server` fixture waits for
    it to answer. It stops with the session. Not when slow tests, the only ones that use it,
    are left out (`make test-quick`)."""
    config = node.config
    if "not slow" in (config.option.markexpr or ""):
        return
    if _shared_server not in config.stash:
        home = Path(tempfile.mkdtemp(prefix="newsflow-prefect-test-"))
        process, api = start_test_api(home)
        config.stash[_shared_server] = (process, home)
        config.stash[_shared_api] = api
    node.workerinput[SHARED_PREFECT_API] = config.stash[_shared_api]
    node.workerinput[SHARED_PREFECT_LOG] = str(config.stash[_shared_server][1] / "server.log")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _shared_server in config.stash:
        process, home = config.stash[_shared_server]
        stop(process)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_server(request: pytest.FixtureRequest) -> Iterator[None]:
    """A throwaway Prefect API on loopback with its own SQLite database: the one the xdist
    controller started for every worker, else one for this session."""
    from prefect.context import _temporary_global_settings_context, get_settings_context
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    workerinput = getattr(request.config, "workerinput", {})
    shared = workerinput.get(SHARED_PREFECT_API)
    if shared is None:
        with prefect_test_harness(server_startup_timeout=120):
            yield
        return
    wait_until_healthy(shared, Path(workerinput[SHARED_PREFECT_LOG]), timeout=180)
    # As the harness does for its own server: these settings for this thread and for the
    # contexts copied from the process-global one (Prefect's worker threads).
    with temporary_settings({PREFECT_API_URL: shared}), \
            _temporary_global_settings_context(get_settings_context()):
        yield


def pipeline_summary(db: Path, sources: list[Path] | None = None, **parameters: object) -> Any:
    """Run the flow into `db` (seeds by default) and return its summary, held batch or not."""
    from newsflow.flow import newsflow_pipeline

    paths = [str(p) for p in (sources if sources is not None else [SEEDS_DIR])]
    state = newsflow_pipeline(sources=paths, db=str(db), return_state=True, **parameters)
    # A held batch ends the flow run Failed, with the summary as its result; a crash ends it
    # Failed with the exception.
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


@pytest.fixture
def run_pipeline(prefect_server: None, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Run the flow into tmp_path/news.duckdb (seeds by default), analysing in this process
    unless the test sets NEWSFLOW_WORKERS; arguments are flow parameters."""
    for name, value in IN_PROCESS.items():
        monkeypatch.setenv(name, value)

    def run(*, sources: list[Path] | None = None, **parameters: object) -> Any:
        db = Path(str(parameters.pop("db", tmp_path / "news.duckdb")))
        return pipeline_summary(db, sources, **parameters)

    return run


# Marks the session's published seeds as complete (a failed build leaves none).
BUILT = "built"


def copy_published(db: Path, folder: Path) -> Path:
    """Copy the warehouse `db` and what its run wrote beside it into `folder`."""
    shutil.copytree(db.parent, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(BUILT))
    return folder / db.name


@pytest.fixture(scope="session")
def published_once(prefect_server: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds published once per test session, with the default process pool: the first
    xdist worker to ask builds it under a file lock in the run's shared temporary folder, the
    others wait for it. Read through `published` or `seeded`, never written."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # every worker's base folder sits in the run's own
    folder = shared / "published-seeds"
    with (shared / "published-seeds.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / BUILT).exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            with pytest.MonkeyPatch.context() as env:
                env.delenv("NEWSFLOW_WORKERS", raising=False)  # whatever the asking test set
                summary = pipeline_summary(folder / "news.duckdb")
            assert summary.status == "published", summary.message
            (folder / BUILT).touch()
    return folder / "news.duckdb"


@pytest.fixture(scope="module")
def published(published_once: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's published seeds (warehouse, validation results, Data Docs, report), copied
    for this module: a warehouse for tests that only read it."""
    return copy_published(published_once, tmp_path_factory.mktemp("published-seeds"))


@pytest.fixture
def seeded(published_once: Path, tmp_path: Path) -> Path:
    """A private copy of the published seeds in tmp_path, for a test that runs the flow on it
    again or changes it: one copy instead of one more run."""
    return copy_published(published_once, tmp_path)


# Three articles besides the five seeds, and four pages cleaning rejects (menus, share bars):
# 4 of 12 documents quarantined at clean, over the circuit breaker's 20 %.
EXTRA_ARTICLES = {
    "library.txt": "Council approves library budget after long debate\n\nThe city council on "
                   "Tuesday approved next year's library budget by seven votes to two, ending a "
                   "debate that ran for more than three hours.\n\nCouncillor Maria Lopez said "
                   "the extra money would keep branches open on Sundays.\n",
    "bridge.txt": "New bridge opens after four years of work\n\nOfficials opened the new bridge "
                  "over the river on Monday after four years of building work and delays "
                  "caused by floods.\n\nThe transport minister said it would cut journey times "
                  "across the city by a quarter.\n",
    "harvest.txt": "Farmers report record wheat harvest\n\nFarmers in the northern region "
                   "brought in a record wheat harvest this summer, the agriculture ministry said "
                   "on Friday, after a wet spring and a warm, dry July.\n\nPrices at the grain "
                   "exchange fell by a tenth on the news.\n",
}
REJECTED_PAGES = {
    "menu.txt": "Home\nNews\nSport\nWeather\nContact us\n",
    "account.txt": "Menu\nSearch\nSign in\nSubscribe\n",
    "share.txt": "Share\nTweet\nEmail\nPrint\n",
    "furniture.txt": "Advertisement\nSkip to content\nBack to top\n",
}


@pytest.fixture
def breaker_inbox(tmp_path: Path) -> Path:
    """The seeds, three more articles and four pages cleaning rejects."""
    inbox = tmp_path / "breaker-inbox"
    shutil.copytree(SEEDS_DIR, inbox)
    for name, text in {**EXTRA_ARTICLES, **REJECTED_PAGES}.items():
        (inbox / name).write_text(text, encoding="utf-8")
    return inbox
