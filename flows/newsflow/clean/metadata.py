"""Metadata found in the text itself: bylines, outlet hints, dates and the language."""

from __future__ import annotations

import datetime
import re
from array import array
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from typing import Any
from urllib.parse import urlparse

import numpy as np
from pydantic import BaseModel, ConfigDict

from newsflow.buildcache import cached_build, code_of
from newsflow.clean.rules import Rules
from newsflow.datafile import packaged_toml

WIRE_FILE = "wire.toml"
# Language identification needs enough text to be reliable; shorter bodies report None.
MIN_LANGUAGE_CHARS = 40
# ... and no more than an article's opening: py3langid walks every byte in Python (about 0.8 ms
# of CPU per 1,000 characters), and on 1,455 evaluation texts (mean 5,300 characters, 20
# languages) the first 3,000 characters gave the whole text's language every time.
LANGUAGE_SAMPLE_CHARS = 3000


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
    """ISO 639-1 code of the body's language (read from its first LANGUAGE_SAMPLE_CHARS
    characters), or None when the text is too short to tell."""
    if len(text) < MIN_LANGUAGE_CHARS:
        return None
    identifier = language_identifier()
    if identifier is None:  # language is optional metadata: a missing model must not stop cleaning
        return None
    language, _ = identifier.classify(text[:LANGUAGE_SAMPLE_CHARS])
    return language


@cache
def language_identifier() -> Any:
    """py3langid's identifier (the one its `classify` uses), built from its model's arrays kept
    uncompressed in the build cache: the library decompresses its LZMA model in every process
    that classifies (0.6 s of CPU, most of a worker's start after spaCy's models), where the
    cache file is read in a few hundredths. None without py3langid."""
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
        from py3langid.modelio import load_model
    except ImportError:
        return None
    ptc, ptc_type, pc, pc_type, classes, moves, moves_type, rows, rows_type, output = (
        cached_build("language-model", [version("py3langid"), code_of(__file__)],
                     lambda: _plain_model(load_model(MODEL_DIR / MODEL_FILE)),
                     accept=lambda value: isinstance(value, tuple) and len(value) == 10))
    return LanguageIdentifier(
        np.frombuffer(ptc, ptc_type[0]).reshape(ptc_type[1]), np.frombuffer(pc, pc_type),
        classes, _array(moves_type, moves), output, tk_row=_array(rows_type, rows))


def _plain_model(model: tuple) -> tuple:
    """py3langid's model (arrays and lists) as bytes, type codes and lists, for marshal."""
    ptc, pc, classes, moves, rows, output = model
    return (ptc.tobytes(), (ptc.dtype.str, ptc.shape), pc.tobytes(), pc.dtype.str, classes,
            moves.tobytes(), moves.typecode, rows.tobytes(), rows.typecode, output)


def _array(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    return values


class WireRules(BaseModel):
    """wire.toml: datelines, agency credits and headline casing of news-agency copy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dateline: re.Pattern[str]
    lines_before_dateline: int
    outlet: re.Pattern[str]
    min_words: int
    max_words: int
    capitals_share: float
    small_words: frozenset[str]
    acronyms: frozenset[str]


@cache
def wire_rules() -> WireRules:
    """The packaged wire.toml, validated once per process."""
    return packaged_toml(WireRules, __package__, WIRE_FILE)


def in_capitals(line: str, share: float) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= share * len(letters)


def title_case(headline: str, rules: WireRules) -> str:
    """A headline set in capitals, in title case: small words lower inside it, abbreviations
    (`U.S.`, `NATO`) and words with digits as written."""
    words = headline.split(" ")
    cased = []
    for i, word in enumerate(words):
        bare = word.strip("\"'()[],.:;!?")
        if word in rules.acronyms or bare in rules.acronyms or any(c.isdigit() for c in word):
            cased.append(word)
        elif i and word.lower() in rules.small_words and words[i - 1] != "-":
            cased.append(word.lower())
        else:
            cased.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(cased)


def wire_headline(lines: list[str], title: str | None = None) -> str | None:
    """The title found by the headline rules, else the headline of wire copy (the first line
    above a dateline, with at most a byline between them, its closing full stop dropped);
    either set in title case when it is in capitals (a first line in capitals without a
    dateline may be a page's menu: `SKIP TO CONTENT`)."""
    rules = wire_rules()
    if title is not None:
        return title_case(title, rules) if in_capitals(title, rules.capitals_share) else title
    content = [line.strip() for line in lines if line.strip()]
    if len(content) < 2:
        return None
    first = content[0]
    words = len(first.split())
    if not rules.min_words <= words <= rules.max_words or rules.dateline.match(first):
        return None
    below = content[1:2 + rules.lines_before_dateline]
    if not any(rules.dateline.match(line) for line in below):
        return None
    headline = first.removesuffix(".").strip()
    return title_case(headline, rules) if in_capitals(headline, rules.capitals_share) else headline


def wire_outlet(lines: list[str]) -> str | None:
    """The agency a dateline credits: `MOSCOW (Reuters) -` -> `Reuters`."""
    pattern = wire_rules().outlet
    for line in lines:
        if match := pattern.match(line.strip()):
            return match["outlet"]
    return None
