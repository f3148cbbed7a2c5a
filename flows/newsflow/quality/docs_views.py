"""Data Docs page views whose Jinja templates are compiled once, not on every build.

GX creates a fresh Jinja environment for each section of each Data Docs build (expectation
suites, validation results, the index) and compiles every template it renders in it again:
about 40 % of a run's validation time. These views are GX's own, with a Jinja bytecode cache
(compiled templates, keyed by the template's name and file, checked against its source's
checksum and the Python version) in the user's cache folder (`template_folder`), so a template
is compiled once on the machine, not once per GX project (a new warehouse paid for every
compile), and only again when GX's copy of it changes. The pages are the same. `site_config`
names them in the Data Docs site's configuration.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from newsflow.buildcache import cache_folder

# GX's site sections that render pages with DefaultJinjaPageView.
PAGE_SECTIONS = ("expectations", "validations", "profiling")


def template_folder() -> Path:
    """Where the compiled templates are cached: beside the other values newsflow caches for
    the user (newsflow.buildcache)."""
    return cache_folder() / "gx-templates"


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache (written atomically), which compiles the template anew when a cached
    entry cannot be read, and renders without caching when an entry cannot be written, rather
    than failing the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: Jinja compiles and rewrites it
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):  # a cache that cannot be written is not an error
            super().dump_bytecode(bucket)


def _template_cache(folder: str) -> _TemplateCache:
    with suppress(OSError):  # as above: the cache is then only read (found empty)
        Path(folder).mkdir(parents=True, exist_ok=True)
    return _TemplateCache(folder)


class CachedPageView(DefaultJinjaPageView):
    """GX's page view, its templates compiled through the cache in `template_cache`."""

    def __init__(self, template_cache: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.env.bytecode_cache = _template_cache(template_cache)


class CachedIndexPageView(DefaultJinjaIndexPageView):
    """GX's index page view, its templates compiled through the cache in `template_cache`."""

    def __init__(self, template_cache: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.env.bytecode_cache = _template_cache(template_cache)


def site_config(site: dict[str, Any], template_cache: Path) -> dict[str, Any]:
    """A Data Docs site's configuration with these views in place of GX's default ones."""
    def view(cls: type) -> dict[str, str]:
        return {"module_name": __name__, "class_name": cls.__name__,
                "template_cache": str(template_cache)}

    sections = dict(site.get("site_section_builders") or {})
    for name in PAGE_SECTIONS:
        if name in sections and not isinstance(sections[name], dict):
            continue  # a section the site turns off
        sections[name] = {**(sections.get(name) or {}), "view": view(CachedPageView)}
    index = {"class_name": "DefaultSiteIndexBuilder", **(site.get("site_index_builder") or {}),
             "view": view(CachedIndexPageView)}
    return {**site, "site_section_builders": sections, "site_index_builder": index}
