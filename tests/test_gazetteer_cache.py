"""The gazetteer's cache file: the same look-ups as a gazetteer built from the libraries, a new
file for other names or aliases, and a damaged file built again."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow.enrich.gazetteer import Gazetteer

GENERIC = ["West", "Centre"]
ALIASES = {"Burma": "Myanmar"}


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer.from_libraries(GENERIC, ALIASES)


def test_a_cached_gazetteer_looks_up_what_a_built_one_does(tmp_path: Path,
                                                           built: Gazetteer) -> None:
    first = Gazetteer.cached(tmp_path, GENERIC, ALIASES)
    [written] = tmp_path.glob("gazetteer-*.marshal")
    read = Gazetteer.cached(tmp_path, GENERIC, ALIASES)
    assert read._places == first._places == built._places
    for name in ["Burma", "Kraków", "krakow", "Texas", "West", "Springfield", "Nowhere-on-Sea"]:
        assert read.lookup(name) == built.lookup(name)
        assert (name in read) == (name in built)
        assert read.prominent(name, 100_000) == built.prominent(name, 100_000)
    assert read.lookup("Burma") is not None and "West" not in read
    assert written.stat().st_size > 0


def test_other_names_or_aliases_get_their_own_file(tmp_path: Path) -> None:
    Gazetteer.cached(tmp_path, GENERIC, ALIASES)
    other = Gazetteer.cached(tmp_path, GENERIC, {})
    assert len(list(tmp_path.glob("gazetteer-*.marshal"))) == 2
    assert other.lookup("Burma") is None


def test_a_damaged_file_is_built_again(tmp_path: Path, built: Gazetteer) -> None:
    Gazetteer.cached(tmp_path, GENERIC, ALIASES)
    [written] = tmp_path.glob("gazetteer-*.marshal")
    written.write_bytes(written.read_bytes()[:1000])
    assert Gazetteer.cached(tmp_path, GENERIC, ALIASES)._places == built._places
    assert Gazetteer.cached(tmp_path, GENERIC, ALIASES)._places == built._places


def test_an_unwritable_folder_still_gives_the_gazetteer(tmp_path: Path, built: Gazetteer) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert Gazetteer.cached(blocked / "cache", GENERIC, ALIASES)._places == built._places
