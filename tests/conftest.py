"""Shared fixtures: the bundled seeds, the evaluation data, a Prefect test server, and pipeline
runs into temp files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from newsflow.settings import CHECKOUT_ROOT, SEEDS_DIR

# What the tests read of the evaluation data (../shared/eval/README.md describes it).
EVAL_NEEDED = ("extraction-dev/ground-truth.json", "cleaning-trafilatura-dev/gold.json",
               "entities-dev/text", "quotations-dev/gold.json")


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


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """A throwaway Prefect API on loopback with its own SQLite database."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def run_pipeline(prefect_server: None, tmp_path: Path) -> Callable[..., object]:
    """Run the flow into tmp_path/news.duckdb (seeds by default); arguments are flow parameters."""
    from newsflow.flow import newsflow_pipeline

    def run(*, sources: list[Path] | None = None, **parameters: object) -> object:
        parameters.setdefault("db", str(tmp_path / "news.duckdb"))
        paths = [str(p) for p in (sources if sources is not None else [SEEDS_DIR])]
        state = newsflow_pipeline(sources=paths, return_state=True, **parameters)
        # A held batch ends the flow run Failed, with the summary as its result; a crash ends
        # it Failed with the exception.
        result = state.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            raise result
        return result

    return run


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
