"""The gazetteer's cache file: the same look-ups as a gazetteer built from the libraries, a new
file for other names or aliases, and a damaged file built again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from newsflow.enrich.gazetteer import Gazetteer

GENERIC = ["West", "Centre"]
ALIASES = {"Burma": "Myanmar"}


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer.from_libraries(GENERIC, ALIASES)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Gazetteer, Path]:
    """The gazetteer as a first run gets it (built, then written), and the folder it was written
    to: copied by each test that needs a cache file (a build costs about 2 s)."""
    folder = tmp_path_factory.mktemp("gazetteer-cache")
    return Gazetteer.cached(folder, GENERIC, ALIASES), folder


def cache_copy(first_run: tuple[Gazetteer, Path], tmp_path: Path) -> Path:
    return Path(shutil.copytree(first_run[1], tmp_path / "cache"))


def test_a_cached_gazetteer_looks_up_what_a_built_one_does(
    tmp_path: Path, built: Gazetteer, first_run: tuple[Gazetteer, Path]
) -> None:
    first, folder = first_run[0], cache_copy(first_run, tmp_path)
    [written] = folder.glob("gazetteer-*.marshal")
    read = Gazetteer.cached(folder, GENERIC, ALIASES)
    assert read._places == first._places == built._places
    for name in ["Burma", "Kraków", "krakow", "Texas", "West", "Springfield", "Nowhere-on-Sea"]:
        assert read.lookup(name) == built.lookup(name)
        assert (name in read) == (name in built)
        assert read.prominent(name, 100_000) == built.prominent(name, 100_000)
    assert read.lookup("Burma") is not None and "West" not in read
    assert written.stat().st_size > 0


def test_other_names_or_aliases_get_their_own_file(
    tmp_path: Path, first_run: tuple[Gazetteer, Path]
) -> None:
    folder = cache_copy(first_run, tmp_path)
    other = Gazetteer.cached(folder, GENERIC, {})
    assert len(list(folder.glob("gazetteer-*.marshal"))) == 2
    assert other.lookup("Burma") is None


def test_a_damaged_file_is_built_again(tmp_path: Path, built: Gazetteer,
                                       first_run: tuple[Gazetteer, Path]) -> None:
    folder = cache_copy(first_run, tmp_path)
    [written] = folder.glob("gazetteer-*.marshal")
    written.write_bytes(written.read_bytes()[:1000])
    assert Gazetteer.cached(folder, GENERIC, ALIASES)._places == built._places
    assert Gazetteer.cached(folder, GENERIC, ALIASES)._places == built._places


def test_an_unwritable_folder_still_gives_the_gazetteer(tmp_path: Path, built: Gazetteer) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert Gazetteer.cached(blocked / "cache", GENERIC, ALIASES)._places == built._places
