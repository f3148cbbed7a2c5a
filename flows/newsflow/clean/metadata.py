"""Metadata found in the text itself: bylines, outlet hints, dates and the language."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from newsflow.clean.rules import Rules

# Language identification needs enough text to be reliable; shorter bodies report None.
MIN_LANGUAGE_CHARS = 40


@dataclass(frozen=True)
class Byline:
    """What a byline line says about the article."""

    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published_date: datetime.date | None = None


def parse_byline(line: str, rules: Rules) -> Byline | None:
    """Authors, outlet and date from a byline line, or None when the line is not one."""
    for pattern in rules.byline:
        match = pattern.fullmatch(line)
        if match:
            names = rules.author_separators.split(match["authors"])
            authors = [rules.author_role.sub("", name).strip() for name in names]
            return Byline(
                authors=[name for name in authors if name],
                outlet=match["outlet"],
                published_date=parse_date(match["date"]),
            )
    return None


def parse_date(value: str | None) -> datetime.date | None:
    """An ISO date (optionally with a time) as a date; None when absent or malformed."""
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match.group())
    except ValueError:
        return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def find_date(lines: list[str], rules: Rules) -> datetime.date | None:
    """The first valid date written on a short line (a dateline), in page order."""
    for line in lines:
        if rules.count_words(line) > rules.date_max_line_words:
            continue
        for pattern in rules.date_patterns:
            for match in pattern.finditer(line):
                found = _date_from_match(match)
                if found:
                    return found
    return None


def _date_from_match(match: re.Match[str]) -> datetime.date | None:
    month = match["month"].lower()
    month_number = int(month) if month.isdigit() else _MONTHS.index(month[:3]) + 1
    try:
        return datetime.date(int(match["year"]), month_number, int(match["day"]))
    except ValueError:
        return None


def find_outlet(lines: list[str], rules: Rules) -> str | None:
    """The outlet named by a credit, plug or correspondent phrase in the text."""
    for pattern in rules.outlet:
        for line in lines:
            match = pattern.search(line)
            if match:
                return match["outlet"].strip()
    return None


def outlet_from_source(source: str) -> str | None:
    """The host name of a URL source (without "www."), the last resort for the outlet."""
    parsed = urlparse(source)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return None
    return parsed.hostname.removeprefix("www.")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the body's language, or None when the text is too short to tell."""
    if len(text) < MIN_LANGUAGE_CHARS:
        return None
    try:
        import py3langid  # its model loads on first use: kept out of import time
    except ImportError:  # language is optional metadata: a missing model must not stop cleaning
        return None
    language, _ = py3langid.classify(text)
    return language
