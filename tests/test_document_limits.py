"""Bounded memory per document: the line and character caps of cleaning, the line model walked
in blocks of rows, NER in bounded pieces."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from newsflow.clean import DocumentLimits, clean_documents
from newsflow.clean.linemodel import BLOCK_ROWS, load_line_model
from newsflow.enrich.ner import PIECE_CHARS, _pieces
from newsflow.ingest.documents import decode, document_from_bytes

ARTICLE = ("The council approved the library budget on Tuesday after a long debate, and the "
           "mayor said the branches would stay open on Sundays next year.\n\n") * 4


def document(text: str, name: str) -> object:
    raw = document_from_bytes(text.encode(), source=f"/in/{name}.txt",
                              now=dt.datetime.now(dt.UTC), media_type="text/plain")
    return decode(raw)


def test_documents_over_the_caps_are_quarantined_with_the_reason() -> None:
    limits = DocumentLimits(max_lines=20, max_chars=2_000)
    many_lines = "".join(f"line {i}\n" for i in range(21))
    docs = [document(ARTICLE, "fine"), document(many_lines, "lines"),
            document(ARTICLE * 4, "chars")]
    articles, rejected = clean_documents(docs, limits)  # type: ignore[arg-type]
    assert [a.source for a in articles] == ["/in/fine.txt"]
    reasons = {q.source: (q.stage, q.reason) for q in rejected}
    assert reasons == {
        "/in/lines.txt": ("clean", "too long to clean: 21 lines (at most 20: "
                                   "NEWSFLOW_CLEAN_MAX_LINES)"),
        "/in/chars.txt": ("clean", f"too long to clean: {len(ARTICLE * 4):,} characters "
                                   "(at most 2,000: NEWSFLOW_CLEAN_MAX_CHARS)"),
    }


def test_lines_are_counted_as_the_cleaner_splits_them() -> None:
    limits = DocumentLimits(max_lines=3, max_chars=100)
    for text in ("a\nb\nc", "a\nb\nc\n", "a\r\nb\r\nc\r\n", "a\rb\rc", "a\u2028b\x0bc"):
        assert len(text.splitlines()) == 3
        assert limits.exceeded(text) is None, repr(text)
        assert limits.exceeded(text + "\nd") is not None, repr(text)


def test_the_trees_walked_in_blocks_score_each_row_as_alone() -> None:
    trees = load_line_model().second
    rng = np.random.default_rng(3)
    columns = int(trees.feature.max()) + 1
    rows = rng.normal(size=(2 * BLOCK_ROWS + 5, columns))
    together = trees.probabilities(rows)
    assert together.shape == (len(rows),)
    picked = [0, BLOCK_ROWS - 1, BLOCK_ROWS, 2 * BLOCK_ROWS + 4]
    assert np.allclose(together[picked], [trees.probabilities(rows[i:i + 1])[0] for i in picked])
    assert trees.probabilities(rows[:0]).shape == (0,)


def test_long_texts_are_tagged_in_bounded_pieces_cut_at_paragraphs() -> None:
    paragraph = ("Angela Merkel visited Paris on Monday. " * 20).strip() + "\n\n"
    text = paragraph * (3 * PIECE_CHARS // len(paragraph))
    pieces = list(_pieces(text, max_length=1_000_000))
    assert len(pieces) > 2
    assert all(len(piece) <= PIECE_CHARS and piece.endswith(".\n")
               for _, piece in pieces[:-1])
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)


def test_newsflow_clean_refuses_documents_over_the_caps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsflow.cli import app
    from typer.testing import CliRunner

    (tmp_path / "fine.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "long.txt").write_text(ARTICLE + "".join(f"line {i}\n" for i in range(30)),
                                       encoding="utf-8")
    monkeypatch.setenv("NEWSFLOW_CLEAN_MAX_LINES", "20")
    result = CliRunner().invoke(app, ["clean", "--jsonl", str(tmp_path)])
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        str(tmp_path / "fine.txt")]
    assert "long.txt: too long to clean: 38 lines (at most 20: NEWSFLOW_CLEAN_MAX_LINES)" in (
        " ".join(result.stderr.split()))


def html_document(content: str, name: str) -> object:
    raw = document_from_bytes(content.encode(), source=f"/in/{name}.html",
                              now=dt.datetime.now(dt.UTC), media_type="text/html")
    return decode(raw)


def wide_page(paragraphs: int, text: str = "Paragraph {} of a wide page.") -> str:
    """Paragraphs on one line: under any line cap, however many."""
    return "<html><body>" + "".join(f"<p>{text.format(i)}</p>"
                                    for i in range(paragraphs)) + "</body></html>"


def test_a_page_of_too_many_elements_is_quarantined_before_it_is_parsed() -> None:
    limits = DocumentLimits(max_lines=50_000, max_chars=5_000_000, max_elements=50_000)
    page = wide_page(480_000, "a b")  # 480,000 paragraphs, 4.8 MB: one line
    assert limits.exceeded(page) is None  # as text, it is under the caps
    articles, [held] = clean_documents([html_document(page, "wide")], limits)  # type: ignore[list-item]
    assert articles == []
    assert held.reason == ("too many HTML elements to clean: 480,002 (at most 50,000: "
                           "NEWSFLOW_CLEAN_MAX_ELEMENTS)")


def test_a_document_over_the_time_budget_is_quarantined_and_its_worker_replaced() -> None:
    """On the real pool: a page of 20,000 paragraphs takes the cleaner far longer than the
    3 seconds allowed (its elements under the cap); the articles beside it are analysed."""
    from newsflow import workers
    from newsflow.enrich import NerSettings
    from newsflow.settings import Settings

    limits = DocumentLimits(max_lines=50_000, max_chars=5_000_000, max_elements=50_000)
    docs = [document(ARTICLE, "before"), html_document(wide_page(20_000), "wide"),
            document(ARTICLE.replace("library", "museum"), "after")]
    try:
        analysis = workers.analyse_within_budget(2, docs, NerSettings.of(Settings()),  # type: ignore[arg-type]
                                                 limits, seconds=3)
    finally:
        workers.release()
    assert sorted(a.source for a in analysis.articles) == ["/in/after.txt", "/in/before.txt"]
    [held] = analysis.rejected
    assert (held.source, held.stage) == ("/in/wide.html", "timeout")
    assert held.reason == ("analysis took longer than the 3-second budget per document "
                           "(NEWSFLOW_DOCUMENT_TIME_BUDGET)")
