"""Import Great Expectations without the packages a pandas validation never touches.

`import great_expectations` costs about 2.5 s of CPU, most of it in packages GX imports at its
top level for features this project does not use: scipy (distributional expectations),
altair (profiling charts) and SQLAlchemy (SQL data sources; not one of GX's own requirements,
but installed here for Prefect's server). During the import, scipy and altair are imported
lazily (importlib.util.LazyLoader: loaded in full on first attribute use, so a feature that
needs them still works) and SQLAlchemy is hidden, so GX takes the path it takes when
SQLAlchemy is not installed. SQLAlchemy cannot be made lazy: it walks its own module registry
while importing. On the seeds, the import drops to about 1.4 s of CPU.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType

# Imported lazily while GX is imported.
LAZY_PACKAGES = ("scipy", "altair")
# Invisible while GX is imported, unless something imported it before.
HIDDEN_PACKAGES = ("sqlalchemy",)

_lock = threading.Lock()


class _LazyFinder(importlib.abc.MetaPathFinder):
    """Finds modules under the given top-level packages with the other finders, and makes their
    loaders lazy."""

    def __init__(self, packages: Sequence[str]) -> None:
        self.packages = frozenset(packages)

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name.partition(".")[0] not in self.packages:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


@contextmanager
def _lighter_imports() -> Iterator[None]:
    finder = _LazyFinder(LAZY_PACKAGES)
    hidden = [name for name in HIDDEN_PACKAGES if name not in sys.modules]
    sys.meta_path.insert(0, finder)
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


def import_gx() -> ModuleType:
    """`great_expectations`, imported once per process without the packages above."""
    with _lock:
        if "great_expectations" not in sys.modules:
            with _lighter_imports():
                import great_expectations  # noqa: F401
        import great_expectations as gx
    return gx
