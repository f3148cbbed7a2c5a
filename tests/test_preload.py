"""The flow's process builds its look-up data and declares its GX suites while the workers
analyse the first chunk (newsflow.preload): resolution's part first, which the flow can wait for
alone."""

from __future__ import annotations

from pathlib import Path

from newsflow.enrich.gazetteer import gazetteer
from newsflow.enrich.tone import tone_model
from newsflow.preload import Preload
from newsflow.quality import load_suites
from newsflow.settings import Settings


def test_the_preload_builds_the_gazetteer_reads_the_tone_model_and_declares_every_suite(
        tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "news.duckdb")
    tone_model.cache_clear()
    Preload(settings).wait()
    assert gazetteer.cache_info().currsize == 1
    assert tone_model.cache_info().currsize == 1
    declared = {p.stem for p in (settings.gx_root / "gx" / "expectations").glob("*.json")}
    assert declared == {suite.name for suite in load_suites(settings.expectations_dir)}


def test_resolution_can_start_before_validation_is_declared(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "news.duckdb")
    tone_model.cache_clear()
    loading = Preload(settings)
    loading.wait_for_enrichment()
    assert gazetteer.cache_info().currsize == 1
    assert tone_model.cache_info().currsize == 1
    loading.wait()
    assert list((settings.gx_root / "gx" / "expectations").glob("*.json"))


def test_the_suites_are_read_once_per_process() -> None:
    settings = Settings()
    assert load_suites(settings.expectations_dir) is load_suites(settings.expectations_dir)
