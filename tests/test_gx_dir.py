"""Where the Great Expectations project lives: beside the database, or in NEWSFLOW_GX_DIR
(NEWSFLOW_REPORT_DIR, the setting's former name, still read)."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow.settings import Settings


def test_the_gx_project_is_beside_the_database_by_default(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "news.duckdb")
    assert settings.gx_root == tmp_path
    assert settings.data_docs_index.is_relative_to(tmp_path / "gx")


@pytest.mark.parametrize("variable", ["NEWSFLOW_GX_DIR", "NEWSFLOW_REPORT_DIR"])
def test_the_gx_project_folder_is_set_by_its_variable(
        variable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, str(tmp_path / "gx-project"))
    assert Settings(db=tmp_path / "news.duckdb").gx_root == tmp_path / "gx-project"
    assert Settings(gx_dir=tmp_path / "given").gx_root == tmp_path / "given"
