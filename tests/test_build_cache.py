"""The build cache (newsflow/buildcache.py): a value read back is the value built, a change in
what it is made of writes a new file, and a damaged or foreign file is built again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from newsflow.buildcache import UNUSED_FOR, cached_build
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


def test_the_cached_language_identifier_is_py3langids_own(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np
    import py3langid
    from newsflow.clean import metadata
    from py3langid.langid import _get_identifier

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    texts = ["The minister said on Tuesday that the talks would go on for a second week.",
             "Le ministre a déclaré mardi que les négociations se poursuivraient encore.",
             "Министр заявил во вторник, что переговоры продолжатся ещё неделю."]
    library = _get_identifier()
    try:
        for _ in range(2):  # built and written, then read
            metadata.language_identifier.cache_clear()
            cached = metadata.language_identifier()
            assert [cached.classify(text) for text in texts] == [
                py3langid.classify(text) for text in texts]
            assert np.array_equal(cached.nb_ptc, library.nb_ptc)
            assert cached.tk_nextmove == library.tk_nextmove
            assert cached.tk_output == library.tk_output
        assert [path.name.split("-")[0] for path in (tmp_path / "newsflow").glob("*")] == [
            "language"]
    finally:
        metadata.language_identifier.cache_clear()


def test_a_new_file_removes_its_kinds_files_unused_for_a_month(tmp_path: Path) -> None:
    build = Builds([1, 2, 3])
    cached_build("names", ["v1"], build, tmp_path)
    (v1,) = tmp_path.glob("names-*.marshal")
    cached_build("names", ["v2"], build, tmp_path)
    (v2,) = set(tmp_path.glob("names-*.marshal")) - {v1}
    other_kind = tmp_path / "names-extra-0123456789abcdef.marshal"
    other_kind.write_bytes(b"")
    month_ago = time.time() - UNUSED_FOR - 60
    for file in (v1, v2, other_kind):
        os.utime(file, (month_ago, month_ago))
    assert cached_build("names", ["v1"], build, tmp_path) == build.value  # read: v1 used now
    cached_build("names", ["v3"], build, tmp_path)  # a new file: v2, unused for a month, goes
    assert build.count == 3
    assert v1.exists() and other_kind.exists() and not v2.exists()
    assert len(list(tmp_path.glob("names-*.marshal"))) == 3  # v1, v3 and the other kind
