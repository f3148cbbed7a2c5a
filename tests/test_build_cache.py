"""The build cache (newsflow/buildcache.py): a value read back is the value built, a change in
what it is made of writes a new file, and a damaged or foreign file is built again."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow.buildcache import cached_build
from newsflow.enrich import repair, typecheck


class Builds:
    def __init__(self, value: object) -> None:
        self.value, self.count = value, 0

    def __call__(self) -> object:
        self.count += 1
        return self.value


def test_a_value_is_built_once_then_read(tmp_path: Path) -> None:
    build = Builds(frozenset({"anna", "jörg"}))
    first = cached_build("names", ["v1"], build, tmp_path)
    again = cached_build("names", ["v1"], build, tmp_path)
    assert first == again == build.value and build.count == 1
    assert cached_build("names", ["v2"], build, tmp_path) == build.value and build.count == 2
    assert len(list(tmp_path.glob("names-*.marshal"))) == 2


def test_a_damaged_or_foreign_file_is_built_again(tmp_path: Path) -> None:
    build = Builds({"key": (1, "value")})
    cached_build("table", [], build, tmp_path)
    [written] = tmp_path.glob("table-*.marshal")
    written.write_bytes(written.read_bytes()[:5])
    assert cached_build("table", [], build, tmp_path) == build.value and build.count == 2
    written.write_bytes(b"\x00not marshal")
    is_dict = lambda value: isinstance(value, dict)  # noqa: E731
    assert cached_build("table", [], build, tmp_path, is_dict) == build.value
    assert build.count == 3


def test_an_unwritable_folder_only_costs_the_build(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert cached_build("x", [], Builds([1, 2]), blocked / "cache") == [1, 2]


@pytest.mark.parametrize(("cached", "built"), [
    (typecheck.given_names, typecheck._given_names),
    (repair.stop_words, repair._spacy_stop_words),
])
def test_the_cached_word_lists_are_the_libraries_own(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    cached: object, built: object) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):  # built and written, then read
        cached.cache_clear()  # type: ignore[attr-defined]
        assert cached() == built()  # type: ignore[operator]
    assert len(list((tmp_path / "newsflow").glob("*.marshal"))) == 1
    cached.cache_clear()  # type: ignore[attr-defined]
