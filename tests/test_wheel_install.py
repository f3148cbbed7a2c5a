"""`pip install .` as a new user does it: a wheel, a fresh venv with its stock pip, another folder.

Slow (a few minutes: pip installs every dependency into the new venv, from its cache or the
package registry), so it is marked `slow`; it still runs in `make test`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from newsflow.devtools.servers import clean_env

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "flows" / "newsflow"
DATA_FOLDERS = ("sql", "expectations", "seeds")
DUCKDB_CLI = "duckdb-cli==1.5.6"  # the DuckDB CLI README promises the warehouse opens in

pytestmark = pytest.mark.slow


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built with the pinned hatchling (no build download)."""
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--wheel-dir", dist, ROOT], cwd=dist)
    [built] = dist.glob("newsflow-*.whl")
    return built


def test_wheel_carries_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"newsflow/_data/{path.relative_to(ROOT).as_posix()}"
                for folder in DATA_FOLDERS for path in _files(ROOT / folder)}
    expected |= {f"newsflow/{path.relative_to(PACKAGE).as_posix()}" for path in _files(PACKAGE)}
    assert {"newsflow/clean/rules.toml", "newsflow/warehouse/store.py",
            "newsflow/_data/sql/views/v_stories.sql",
            "newsflow/_data/sql/tables/articles/table.toml",
            "newsflow/_data/sql/tables/articles/expectations.py"} <= expected
    assert sorted(expected - names) == []


def test_stock_pip_install_runs_the_seeds_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    # The venv's own pip, as `python3 -m venv` made it: the one that missed lxml_html_clean.
    _run([python, "-m", "pip", "install", "--quiet", "--no-compile", wheel, DUCKDB_CLI],
         cwd=tmp_path, timeout=1500)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180", NEWSFLOW_WORKERS="1",
    )
    # Only the installed package: not a checkout's flows/ a developer put on PYTHONPATH.
    env.pop("PYTHONPATH", None)

    # Data files are read from the installed package, and the default warehouse is under the
    # working folder, not inside site-packages.
    where = _run([python, "-c", "from newsflow.settings import SQL_DIR, Settings; "
                  "print(SQL_DIR); print(Settings().db)"], cwd=elsewhere, env=env)
    sql_dir, default_db = where.stdout.split()
    assert Path(sql_dir).is_relative_to(venv)
    assert (Path(sql_dir) / "views" / "v_stories.sql").is_file()
    assert Path(default_db) == elsewhere / "warehouse" / "news.duckdb"

    _run([bin_dir / "newsflow", "run", "--db", "w/news.duckdb"], cwd=elsewhere, env=env,
         timeout=900)
    db = elsewhere / "w" / "news.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
        assert con.execute("SELECT status FROM pipeline_runs").fetchall() == [("published",)]

    _run([bin_dir / "newsflow", "report", "--db", "w/news.duckdb", "--html", "report.html"],
         cwd=elsewhere, env=env)
    assert "Expectation results per table" in (elsewhere / "report.html").read_text()

    # The DuckDB CLI a user can install reads the warehouse (storage version v1.5.0).
    cli = _run([bin_dir / "duckdb", "-readonly", "-csv", "w/news.duckdb", "-c",
                "SELECT count(*) AS articles FROM articles"], cwd=elsewhere,
               env={**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"})
    assert cli.stdout.split() == ["articles", "5"]
