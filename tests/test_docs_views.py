"""The Data Docs views with compiled templates cached: the same pages as GX's own views, the
templates compiled once on the machine, a damaged cache entry compiled again and a cache that
cannot be written left unwritten, rather than failing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from great_expectations.render import RenderedDocumentContent
from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import Environment
from newsflow.quality.docs_views import (
    CachedIndexPageView,
    CachedPageView,
    site_config,
    template_folder,
)


def _page() -> RenderedDocumentContent:
    return RenderedDocumentContent(sections=[], page_title="articles <b>", utm_medium="suite",
                                   expectation_suite_name="articles",
                                   renderer_type="ExpectationSuitePageRenderer")


def _html(view: DefaultJinjaPageView, page: RenderedDocumentContent) -> str:
    """The page the view renders, without the time of rendering it stamps on it."""
    return re.sub(r"\d{8}T\d{6}\.\d+Z", "<time>", view.render(page))


def test_cached_views_render_what_gx_views_render(tmp_path: Path) -> None:
    assert (_html(CachedPageView(template_cache=str(tmp_path)), _page())
            == _html(DefaultJinjaPageView(), _page()))
    index = {"utm_medium": "index-page", "sections": [],
             "renderer_type": "SiteIndexPageRenderer"}
    assert (_html(CachedIndexPageView(template_cache=str(tmp_path)),
                  RenderedDocumentContent(**index))
            == _html(DefaultJinjaIndexPageView(), RenderedDocumentContent(**index)))


def test_a_later_view_compiles_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _html(CachedPageView(template_cache=str(tmp_path)), _page())
    assert list(tmp_path.iterdir())

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached template was compiled again")

    monkeypatch.setattr(Environment, "compile", compile_again)
    assert _html(CachedPageView(template_cache=str(tmp_path)), _page()) == first


def test_a_damaged_cache_entry_is_compiled_again(tmp_path: Path) -> None:
    first = _html(CachedPageView(template_cache=str(tmp_path)), _page())
    for entry in tmp_path.iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    assert _html(CachedPageView(template_cache=str(tmp_path)), _page()) == first


def test_the_site_keeps_its_settings_and_turned_off_sections(tmp_path: Path) -> None:
    site = {"class_name": "SiteBuilder", "show_how_to_buttons": True,
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "site_section_builders": {"profiling": "None"}}
    config = site_config(site, tmp_path)
    assert config["show_how_to_buttons"] is True
    assert config["site_section_builders"]["profiling"] == "None"
    assert config["site_section_builders"]["validations"]["view"]["class_name"] == "CachedPageView"
    assert config["site_index_builder"]["view"]["template_cache"] == str(tmp_path)


def test_the_templates_are_cached_for_the_user_not_per_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert template_folder() == tmp_path / "newsflow" / "gx-templates"


def test_a_cache_that_cannot_be_written_still_renders(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    page = _html(CachedPageView(template_cache=str(blocked / "templates")), _page())
    assert page == _html(DefaultJinjaPageView(), _page())
