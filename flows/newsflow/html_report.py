"""A self-contained HTML report of the warehouse: one file, no script, no network.

Runs, documents held in quarantine, expectation results per table, tone toward the most
mentioned people and organisations by outlet, and charts (articles per day and outlet, top
entities, quarantine reasons) drawn as inline SVG, so the page looks the same
opened from a laptop with no connection as on the machine that wrote it. Great Expectations'
own Data Docs index needs jQuery and bootstrap-table from public CDNs and shows nothing offline.
Every value from the warehouse is HTML-escaped: sources and reasons are input, not markup.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from newsflow.atomicfile import write_atomically
from newsflow.settings import Settings
from newsflow.warehouse import connect, sql

# Colour-blind-safe palette (Okabe-Ito), one colour per outlet; outlets beyond it are "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")
BAR = "#0072B2"
HELD = "#D55E00"
GREY = "#BBBBBB"
UNKNOWN = "(unknown)"  # articles without an outlet, as the query names them
OTHER = "other outlets"
TOP_ENTITIES = 15
TOP_SPEAKERS = 15
TOP_TRAVELLED = 15
TOP_TONE_ENTITIES = 10
# Tone colours (Okabe-Ito): negative vermilion, neutral grey, positive bluish green.
TONE_COLOURS = (("negative", "#D55E00"), ("neutral", "#BBBBBB"), ("positive", "#009E73"))
CHART_WIDTH = 860


@dataclass(frozen=True)
class Rows:
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _fetch(con: duckdb.DuckDBPyConnection, name: str, params: Sequence[Any] = ()) -> Rows:
    cursor = con.execute(sql(name), list(params))
    return Rows([d[0] for d in cursor.description or []], cursor.fetchall())


def write_html_report(db: Path, path: Path, last_runs: int = 20,
                      data_docs: Path | None = None) -> Path:
    """Read the warehouse (read-only) and write the report to `path`; returns the path."""
    with connect(db, read_only=True) as con:
        totals = _fetch(con, "queries/report_html_totals").dicts()[0]
        runs = _fetch(con, "queries/report_html_runs", [last_runs])
        quarantine = _fetch(con, "queries/report_html_quarantine")
        reasons = _fetch(con, "queries/report_html_quarantine_reasons")
        expectations = _fetch(con, "queries/report_html_expectations")
        per_day = _fetch(con, "queries/report_html_articles_per_day_outlet")
        top = _fetch(con, "queries/report_html_top_entities", [TOP_ENTITIES])
        speakers = _fetch(con, "queries/report_top_speakers", [TOP_SPEAKERS])
        travelled = _fetch(con, "queries/report_travelled_quotations", [TOP_TRAVELLED])
        tones = _fetch(con, "queries/report_entity_tone", [TOP_TONE_ENTITIES])
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join([
        f"<header><h1>newsflow report</h1><p class=muted>{escape(str(db))} &middot; "
        f"generated {generated}</p></header>",
        _cards(totals),
        _section("Articles per day and outlet", _articles_chart(per_day)),
        "<div class=two>",
        _section("Top entities by mentions", _bar_chart(
            [(f"{r['canonical_name']} ({r['label']})", r["mentions"]) for r in top.dicts()],
            BAR, "No entities published yet.")),
        _section("Quarantine reasons", _bar_chart(
            [(f"{r['stage']}: {r['reason']}", r["inputs"]) for r in reasons.dicts()],
            HELD, "Nothing in quarantine.")),
        "</div>",
        _section("Most quoted speakers", _bar_chart(
            [(f"{r['speaker']} ({r['label']})", r["quotations"]) for r in speakers.dicts()],
            BAR, "No quotations published yet.")),
        _section("Most travelled quotations", _table(
            travelled, empty="No quotation carried by more than one article yet.")),
        _section("Tone toward the most mentioned people and organisations, by outlet",
                 _tone_table(tones)),
        _section(f"Runs (last {last_runs})", _runs_table(runs)),
        _section("Expectation results per table", _expectations(expectations)),
        _section(f"Held documents (quarantine: {len(quarantine.rows)})",
                 _table(quarantine, empty="Nothing in quarantine.")),
        _data_docs_note(data_docs, path),
    ])
    # A reader (or a browser reloading) never sees half a page, and an unwritable one leaves the
    # last report as it was.
    write_atomically(path, _PAGE.format(style=_STYLE, body=body).encode("utf-8"))
    return path


def _section(title: str, content: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{content}</section>"


def _cards(totals: dict[str, Any]) -> str:
    labels = [("articles", "articles"), ("stories", "stories"), ("outlets", "outlets"),
              ("entities", "entities"), ("mentions", "entity mentions"),
              ("quotations", "quotations"),
              ("quarantined", "held documents"), ("runs", "runs")]
    cards = "".join(
        f"<div class=card><b>{int(totals[key] or 0):,}</b><span>{escape(label)}</span></div>"
        for key, label in labels)
    return f"<div class=cards>{cards}</div>"


def _cell(value: Any) -> str:
    if value is None:
        return "<td class=null>&ndash;</td>"
    if isinstance(value, bool):
        return f"<td class={'ok' if value else 'bad'}>{'pass' if value else 'FAIL'}</td>"
    if isinstance(value, int | float):
        return f"<td class=num>{escape(f'{value:,}')}</td>"
    return f"<td>{escape(str(value))}</td>"


def _table(rows: Rows, empty: str, row_class: Any = None) -> str:
    if not rows.rows:
        return f"<p class=muted>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in rows.columns)
    body = []
    for row in rows.rows:
        css = row_class(dict(zip(rows.columns, row, strict=True))) if row_class else ""
        body.append(f"<tr class='{css}'>" + "".join(_cell(v) for v in row) + "</tr>")
    return (f"<div class=scroll><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _runs_table(runs: Rows) -> str:
    """One row of counts per run, its message on a row of its own below (it can be long)."""
    if not runs.rows:
        return "<p class=muted>No runs recorded yet.</p>"
    shown = [c for c in runs.columns if c not in ("run_id", "message")]
    head = "".join(f"<th>{escape(c)}</th>" for c in shown)
    body = []
    for run in runs.dicts():
        held = run["status"] in ("failed_validation", "publish_deferred")
        css = "held" if held else ""
        body.append(f"<tr class='{css}'>" + "".join(_cell(run[c]) for c in shown) + "</tr>")
        body.append(f"<tr class='message {css}'><td colspan={len(shown)}>"
                    f"{escape(run['message'] or '')} "
                    f"<span class=muted>run {escape(run['run_id'])}</span></td></tr>")
    return (f"<div class=scroll><table class=runs><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _tone_table(tones: Rows) -> str:
    """The tone rows as a table, each with a bar split into its negative, neutral and positive
    shares of the mentions."""
    if not tones.rows:
        return "<p class=muted>No mention with a tone published yet.</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in [*tones.columns, "share"])
    body = []
    for row in tones.dicts():
        x, parts = 0.0, []
        for label, colour in TONE_COLOURS:
            width = 160 * row[label] / row["mentions"]
            if width:
                parts.append(f"<rect x='{x:.1f}' y='2' width='{width:.1f}' height='12' "
                             f"fill='{colour}'><title>{label}: {row[label]}</title></rect>")
            x += width
        bar = f"<svg role=img viewBox='0 0 160 16' width='160'>{''.join(parts)}</svg>"
        body.append("<tr>" + "".join(_cell(row[c]) for c in tones.columns)
                    + f"<td>{bar}</td></tr>")
    legend = "".join(f"<span><i style='background:{c}'></i>{escape(label)}</span>"
                     for label, c in TONE_COLOURS)
    return (f"<div class=scroll><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div><div class=legend>{legend}</div>"
            "<p class=muted>Tone of each mention's sentence toward the entity (English articles; "
            "score from -1, negative, to 1, positive).</p>")


def _expectations(results: Rows) -> str:
    if not results.rows:
        return "<p class=muted>No batch validated yet.</p>"
    by_suite: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in results.dicts():
        by_suite[row["suite"]].append(row)
    first = results.dicts()[0]
    summary = [f"<p class=muted>Run {escape(first['run_id'])}, validated "
               f"{escape(first['validated'])}.</p><div class=suites>"]
    for suite, rows in by_suite.items():
        failed = sum(not r["success"] for r in rows)
        css = "bad" if failed else "ok"
        summary.append(f"<div class='suite {css}'><b>{escape(suite)}</b>"
                       f"<span>{len(rows) - failed}/{len(rows)} passed</span></div>")
    summary.append("</div>")
    detail = Rows(["table", "expectation", "column", "level", "result", "unexpected", "rows"],
                  [(r["suite"], r["expectation"], r["column_name"], r["level"], r["success"],
                    r["unexpected_count"], r["element_count"]) for r in results.dicts()])
    return ("".join(summary) + "<details><summary>Every expectation</summary>"
            + _table(detail, empty="") + "</details>")


def _data_docs_note(data_docs: Path | None, page: Path) -> str:
    """A link to the Data Docs index, relative to the report so it survives a moved folder."""
    if data_docs is None or not data_docs.exists():
        return ""
    target = Path(os.path.relpath(data_docs.resolve(), page.resolve().parent)).as_posix()
    return (f"<footer class=muted>Every validation in detail: <a href='{escape(target)}'>Great "
            f"Expectations Data Docs</a> (its index loads scripts from the internet; the "
            f"validation pages open offline, unstyled)</footer>")


def write_run_report(settings: Settings) -> Path | None:
    """The report beside the warehouse, rewritten at the end of each run; one that cannot be
    written (a reader holding the file read-write, a full disk) is a warning, never a failed
    run."""
    try:
        return write_html_report(settings.db, settings.html_report,
                                 data_docs=settings.data_docs_index)
    except (OSError, duckdb.Error) as exc:
        logging.getLogger(__name__).warning("could not write the HTML report %s: %s",
                                            settings.html_report, exc)
        return None


def _bar_chart(items: list[tuple[str, int]], colour: str, empty: str) -> str:
    """Horizontal bars, one per labelled count, longest first as given."""
    if not items:
        return f"<p class=muted>{escape(empty)}</p>"
    label_width, row, width = 190, 24, 460
    plot = width - label_width - 40
    top = max(count for _, count in items) or 1
    parts = [f"<svg role=img viewBox='0 0 {width} {row * len(items) + 8}' "
             f"width='100%'>"]
    for i, (label, count) in enumerate(items):
        y = 4 + i * row
        bar = max(2.0, plot * count / top)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f"<text x='{label_width - 6}' y='{y + 16}' text-anchor='end'>{escape(short)}"
            f"<title>{escape(label)}</title></text>"
            f"<rect x='{label_width}' y='{y + 3}' width='{bar:.1f}' height='{row - 8}' "
            f"fill='{colour}' rx='2'/>"
            f"<text x='{label_width + bar + 5:.1f}' y='{y + 16}'>{count:,}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _articles_chart(per_day: Rows) -> str:
    """Stacked columns: one per publication day (undated articles last), one colour per outlet."""
    if not per_day.rows:
        return "<p class=muted>No articles published yet.</p>"
    totals: dict[str, int] = defaultdict(int)
    for _, outlet, count in per_day.rows:
        totals[outlet] += count
    ranked = sorted((o for o in totals if o != UNKNOWN), key=lambda o: (-totals[o], o))
    named = ranked[: len(PALETTE) - 1] if len(ranked) > len(PALETTE) else ranked
    colour = {outlet: PALETTE[i] for i, outlet in enumerate(named)}
    if UNKNOWN in totals:
        colour[UNKNOWN] = GREY
    stacks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, outlet, count in per_day.rows:
        key = day.isoformat() if day else "no date"
        stacks[key][outlet if outlet in colour else OTHER] += count
    if len(named) < len(ranked):
        colour[OTHER] = PALETTE[-1]
    days = list(stacks)  # in query order: by day, undated last
    height, left, bottom, top_pad = 240, 40, 46, 10
    plot_w, plot_h = CHART_WIDTH - left - 10, height - bottom - top_pad
    most = max(sum(s.values()) for s in stacks.values())
    slot = plot_w / len(days)
    bar = max(2.0, min(48.0, slot * 0.8))
    parts = [f"<svg role=img viewBox='0 0 {CHART_WIDTH} {height}' width='100%'>"]
    for tick in _ticks(most):
        y = top_pad + plot_h - plot_h * tick / most
        parts.append(f"<line x1='{left}' x2='{CHART_WIDTH - 10}' y1='{y:.1f}' y2='{y:.1f}' "
                     f"class='grid'/><text x='{left - 6}' y='{y + 4:.1f}' "
                     f"text-anchor='end'>{tick}</text>")
    label_every = max(1, round(len(days) / 12))
    for i, day in enumerate(days):
        x = left + slot * i + (slot - bar) / 2
        y = top_pad + plot_h
        for outlet in list(colour):
            count = stacks[day].get(outlet, 0)
            if not count:
                continue
            h = plot_h * count / most
            y -= h
            parts.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar:.1f}' height='{h:.1f}' "
                         f"fill='{colour[outlet]}'><title>{escape(day)} · {escape(outlet)}: "
                         f"{count}</title></rect>")
        if i % label_every == 0 or day == "no date":
            parts.append(f"<text x='{x + bar / 2:.1f}' y='{height - bottom + 16}' "
                         f"text-anchor='middle'>{escape(day)}</text>")
    parts.append("</svg>")
    legend = "".join(f"<span><i style='background:{c}'></i>{escape(o)}</span>"
                     for o, c in colour.items())
    return "".join(parts) + f"<div class=legend>{legend}</div>"


def _ticks(most: int) -> list[int]:
    step = max(1, -(-most // 4))
    return list(range(0, most + 1, step))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsflow report</title>
<style>{style}</style></head>
<body><main>
{body}
</main></body></html>
"""

_STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f5f7; color: #1d2330;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { margin: 0; font-size: 26px; } h2 { font-size: 17px; margin: 0 0 12px; }
.muted { color: #5d6677; }
header p { margin: 4px 0 18px; }
section { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 16px 18px;
          margin: 0 0 18px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.two section { margin: 0 0 18px; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 12px;
         margin-bottom: 18px; }
.card { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 12px 14px; }
.card b { display: block; font-size: 24px; } .card span { color: #5d6677; }
svg text { font-size: 12px; fill: #1d2330; } svg .grid { stroke: #e3e6ec; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 6px; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
            margin-right: 5px; vertical-align: -1px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eceef2;
         vertical-align: top; }
th { background: #f7f8fa; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { white-space: nowrap; }
td.null { color: #a0a7b4; } td.ok { color: #1a7f37; } td.bad { color: #c62828; font-weight: 600; }
tr.held td { background: #fff3ee; }
table.runs tr:not(.message) td { border-bottom: none; padding-bottom: 1px; }
tr.message td { color: #3d4657; padding-top: 0; white-space: normal; }
.suites { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px;
          margin-bottom: 12px; }
.suite { border-radius: 6px; padding: 8px 12px; border: 1px solid; }
.suite b { display: block; } .suite.ok { background: #eef8f0; border-color: #b6dfc0; }
.suite.bad { background: #fdeeee; border-color: #f0b8b8; }
details summary { cursor: pointer; color: #0b5cad; margin-bottom: 8px; }
footer { margin-top: 8px; font-size: 12px; }
"""
