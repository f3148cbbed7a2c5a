"""`newsflow report --html`: one self-contained file that opens and renders with no network."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zlib
from contextlib import suppress
from pathlib import Path

import pytest
from helpers import IN_PROCESS, query
from newsflow import html_report, warehouse
from newsflow.cli import app
from newsflow.devtools.screenshot import find_chromium
from newsflow.settings import Settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "scripts" / "screenshot_report.py"

SUITE_REQUIRING_REUTERS = '''
import great_expectations.expectations as gxe

SUITE = "articles"
FRAME_SQL = None


def expectations():
    return [gxe.ExpectColumnValuesToBeInSet(column="outlet", value_set=["Reuters"])]
'''


@pytest.fixture(scope="module")
def warehouse_with_history(prefect_server: None, seeds_dir: Path,
                           tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published batch with held inputs, then a batch held by validation (built once)."""
    from newsflow.flow import newsflow_pipeline

    folder = tmp_path_factory.mktemp("history")
    db, inbox, strict = folder / "news.duckdb", folder / "inbox", folder / "strict_expectations"
    inbox.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        (inbox / seed.name).write_bytes(seed.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "<script>alert(1).txt").write_bytes(b"PK\x03\x04zip")
    strict.mkdir()
    (strict / "articles.py").write_text(SUITE_REQUIRING_REUTERS)
    with pytest.MonkeyPatch.context() as env:
        for name, value in IN_PROCESS.items():
            env.setenv(name, value)
        summary = newsflow_pipeline(sources=[str(inbox)], db=str(db))
        assert summary.status == "published", summary.message
        env.setenv("NEWSFLOW_EXPECTATIONS_DIR", str(strict))
        # A held batch may end the flow run Failed (raising here) or return its summary; what
        # the report reads is the run's record in the warehouse, checked below.
        with suppress(Exception):
            newsflow_pipeline(sources=[str(inbox)], db=str(db), full_refresh=True)
    assert query(db, "SELECT status FROM pipeline_runs ORDER BY started_at") == [
        ("published",), ("failed_validation",)]
    return db


def _report(db: Path, out: Path) -> str:
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert f"HTML report, opens offline (Data Docs linked from it):\n{out}\n" in result.output
    return out.read_text(encoding="utf-8")


def test_html_report_is_self_contained_and_escapes_input(
    warehouse_with_history: Path, tmp_path: Path
) -> None:
    page = _report(warehouse_with_history, tmp_path / "out" / "report.html")
    # Nothing to fetch: no scripts, stylesheets, images or fonts from anywhere.
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", page, re.I)
    assert not re.search(r"src\s*=", page, re.I)
    # One link, followed only when clicked: the Data Docs index, relative to the page.
    data_docs = Settings(db=warehouse_with_history).data_docs_index.resolve()
    assert re.findall(r"href\s*=\s*'([^']*)'", page, re.I) == [
        Path(os.path.relpath(data_docs, (tmp_path / "out").resolve())).as_posix()]
    # Input is text, never markup: the quarantined file name is shown escaped.
    assert "&lt;script&gt;alert(1).txt" in page and "<script>alert" not in page
    # Sections and charts.
    for heading in ("Articles per day and outlet", "Top entities by mentions",
                    "Most quoted speakers", "Quarantine reasons", "Runs (last 20)",
                    "Expectation results per table", "Held documents (quarantine: 2)",
                    "Tone toward the most mentioned people and organisations, by outlet"):
        assert f"<h2>{heading}" in page
    tone = page.split("Tone toward the most mentioned")[1].split("<h2>")[0]
    assert page.count("<svg") == 4 + tone.count("<svg") and tone.count("<svg") >= 3
    assert "<td>Sergey Lavrov</td><td>PERSON</td>" in tone and "<title>neutral: " in tone
    assert "Sergey Lavrov (PERSON)" in page.split("Most quoted speakers")[1].split("<h2>")[0]
    assert "decode: binary content" in page and "decode: empty input" in page
    assert "FRANCE 24" in page and "no date" in page
    # The held run and its failing expectation on the articles table.
    assert "failed_validation" in page and "<tr class='held'>" in page
    assert "<div class='suite bad'><b>articles</b><span>0/1 passed</span>" in page
    assert "<td>expect_column_values_to_be_in_set</td><td>outlet</td><td>batch</td>" in page


def test_html_report_of_an_empty_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)
    page = html_report.write_html_report(db, tmp_path / "report.html").read_text()
    assert "No runs recorded yet." in page and "No articles published yet." in page
    assert "No batch validated yet." in page and page.count("<svg") == 0
    assert "No mention with a tone published yet." in page


def test_the_report_replaces_the_last_one_whole_or_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, page = tmp_path / "news.duckdb", tmp_path / "site" / "report.html"
    with warehouse.connect(db) as con:
        warehouse.create_schema(con)
    page.parent.mkdir()
    page.write_text("last run's report")
    before = page.stat().st_ino
    html_report.write_html_report(db, page)
    # A new file renamed over the old one: a reader holding the old one keeps it whole.
    assert page.stat().st_ino != before and "No runs recorded yet." in page.read_text()
    assert sorted(p.name for p in page.parent.iterdir()) == ["report.html"]

    def refused(*_: object) -> None:
        raise OSError(28, "No space left on device")

    page.write_text("last run's report")
    monkeypatch.setattr(html_report.os, "replace", refused)
    with pytest.raises(OSError, match="No space left"):
        html_report.write_html_report(db, page)
    assert page.read_text() == "last run's report"
    assert sorted(p.name for p in page.parent.iterdir()) == ["report.html"]


def _png_pixels(png: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit PNG, as Chromium writes them."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header is not None
    width, height, depth, colour_type = header[:4]
    assert depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line) if channels == 3 else bytes(
            b for j in range(0, stride, 4) for b in line[j:j + 3]))
        previous = bytes(line)
    return width, height, rows


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed (apt-get install "
                    "chromium)")
def test_html_report_renders_in_headless_chromium_without_network(
    warehouse_with_history: Path, tmp_path: Path
) -> None:
    html = tmp_path / "report.html"
    _report(warehouse_with_history, html)
    png = tmp_path / "report.png"
    done = subprocess.run([sys.executable, str(SCREENSHOT), str(html), str(png),
                           "--width", "1000", "--height", "1400"], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    width, height, rows = _png_pixels(png)
    assert (width, height) == (1000, 1400)
    pixels = {row[i:i + 3] for row in rows for i in range(0, len(row), 3)}
    # The charts' colours are on screen: entity bars, quarantine bars, outlet stacks.
    for colour in (html_report.BAR, html_report.HELD, html_report.PALETTE[1]):
        assert bytes.fromhex(colour[1:]) in pixels, colour
