"""The documentation stays true: its generated data dictionary matches the schema, every
setting is documented, links between pages resolve and the README stays short.

The output shown under each example is checked against the seeds in tests/test_pipeline.py,
which has them published.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsflow.devtools import docs
from newsflow.settings import Settings

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_data_dictionary_matches_the_warehouse_comments(tmp_path: Path) -> None:
    written = docs.DICTIONARY.read_text(encoding="utf-8")
    assert written == docs.schema_dictionary(tmp_path), (
        "docs/data-dictionary.md is out of date: run .venv/bin/python scripts/update_docs.py")


def test_data_dictionary_names_each_views_sources(tmp_path: Path) -> None:
    dictionary = docs.schema_dictionary(tmp_path)
    section = dictionary.split("### v_mentions_per_entity_outlet_day\n")[1].split("###")[0]
    assert "Reads: [`v_entity_mentions`](#v_entity_mentions)." in section
    stories = dictionary.split("### v_stories\n")[1].split("###")[0]
    assert "Reads: [`articles`](#articles), [`stories`](#stories)." in stories


def test_every_setting_is_documented_in_operations() -> None:
    operations = (docs.DOCS_DIR / "operations.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields
               if f"`NEWSFLOW_{name.upper()}`" not in operations]
    assert missing == []


def test_links_between_pages_resolve() -> None:
    broken = [f"{path.name}: {target}" for path in docs.documentation_files()
              for target in LINK.findall(path.read_text(encoding="utf-8"))
              if "://" not in target and not (path.parent / target).exists()]
    assert broken == []


def test_readme_is_read_in_two_minutes_and_keeps_the_two_commands() -> None:
    readme = docs.README.read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    assert "\nmake run " in readme and "\nmake test " in readme


def test_examples_are_found_with_their_output() -> None:
    found = [example for path in docs.documentation_files() for example in docs.examples(path)]
    assert len(found) >= 10
    assert all(example.shown.strip().endswith("row(s)") for example in found)
