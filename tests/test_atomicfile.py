"""A file written atomically is replaced whole, and a failed write leaves the old one alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from newsflow.atomicfile import write_atomically


def test_a_file_is_replaced_whole_and_a_failed_write_leaves_the_old_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "made" / "page.html"
    write_atomically(path, b"first")
    write_atomically(path, b"second")
    assert path.read_bytes() == b"second"

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomically(path, b"third")
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["page.html"]
