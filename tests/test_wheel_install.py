"""`pip install .` as a new user does it: a wheel, a fresh venv with its stock pip, another folder.

The venv gets the wheel from its own pip; its dependencies are not downloaded and installed
again (half a minute of resolving and unpacking, the same every time) but lent from this
environment: exactly the distributions the wheel's requirements name, followed through their
own requirements (markers and extras evaluated), linked file by file into a folder the venv
reads through a `.pth` file. A module the package imports without requiring its distribution
is missing there, and the run fails. Marked `slow`; it still runs in `make test`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import duckdb
import pytest
from newsflow.devtools.servers import clean_env
from packaging.requirements import Requirement

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


def requirement_closure(wheel: Path) -> Iterator[metadata.Distribution]:
    """This environment's distributions that installing `wheel` needs, each once: those its
    metadata requires, then those they require, markers evaluated with the extras asked for.
    A requirement this environment does not satisfy fails the test (nothing to lend)."""
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        wanted = Parser().parsestr(archive.read(name).decode()).get_all("Requires-Dist") or []
    queue = [(Requirement(text), "") for text in wanted]
    followed: set[tuple[str, str]] = set()  # (distribution, extra) whose requirements are queued
    lent: set[str] = set()
    while queue:
        requirement, extra = queue.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        distribution = metadata.distribution(requirement.name)
        assert requirement.specifier.contains(distribution.version, prereleases=True), (
            f"{requirement} not satisfied here: {distribution.version}")
        name = distribution.metadata["Name"].lower()
        if name not in lent:
            lent.add(name)
            yield distribution
        for wanted_extra in {"", *requirement.extras} - {e for n, e in followed if n == name}:
            followed.add((name, wanted_extra))
            queue += [(Requirement(text), wanted_extra) for text in distribution.requires or []]


def lend(distributions: Iterator[metadata.Distribution], folder: Path) -> None:
    """Link each distribution's installed files (its RECORD) under `folder`, as laid out in
    site-packages; scripts installed outside it are left out."""
    for distribution in distributions:
        for file in distribution.files or []:
            link = folder / file
            if file.parts[0] != ".." and not link.exists():
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(distribution.locate_file(file))


def test_stock_pip_install_runs_the_seeds_from_another_folder(
    wheel: Path, tmp_path: Path, prefect_server: None
) -> None:
    from prefect.settings import PREFECT_API_URL

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    lent = tmp_path / "dependencies"
    lend(requirement_closure(wheel), lent)
    [venv_site] = (venv / "lib").glob("python*/site-packages")
    (venv_site / "dependencies.pth").write_text(f"{lent}\n")
    # The venv's own pip, as `python3 -m venv` made it: the wheel, then the DuckDB CLI.
    _run([python, "-m", "pip", "install", "--quiet", "--no-compile", "--no-deps", wheel],
         cwd=tmp_path)
    _run([python, "-m", "pip", "install", "--quiet", "--no-compile", DUCKDB_CLI], cwd=tmp_path,
         timeout=1500)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The session's Prefect server: a run's own temporary one is tests/reliability's subject.
    env = clean_env(PREFECT_HOME=str(tmp_path / "prefect-home"), NEWSFLOW_WORKERS="1",
                    PREFECT_API_URL=str(PREFECT_API_URL.value()))
    # Only the installed package: not a checkout's flows/ a developer put on PYTHONPATH.
    env.pop("PYTHONPATH", None)

    # Data files are read from the installed package, and the default warehouse is under the
    # working folder, not inside site-packages.
    where = _run([python, "-c", "import newsflow; from newsflow.settings import SQL_DIR, "
                  "Settings; print(newsflow.__file__); print(SQL_DIR); print(Settings().db)"],
                 cwd=elsewhere, env=env)
    package, sql_dir, default_db = where.stdout.split()
    assert Path(package).is_relative_to(venv_site)
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
