"""The cleaning stage's result type and its one error, shared by the text and HTML paths.

The result type is defined with the other records (records.py), where the articles table's
record extends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsflow.records import CleanedArticle

if TYPE_CHECKING:
    from newsflow.settings import Settings

__all__ = ["CleanedArticle", "CleaningError", "DocumentLimits"]

# Line breaks as str.splitlines() sees them (the cleaner splits lines with it): these
# characters, and "\r\n" as one.
_BREAK_CHARACTERS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"\r\n|[{_BREAK_CHARACTERS}]")
_START_TAG = re.compile(r"<[A-Za-z]")


class CleaningError(ValueError):
    """No article text could be extracted; the message is the quarantine reason."""


@dataclass(frozen=True)
class DocumentLimits:
    """The most lines and characters a document may have to be cleaned and tagged.

    Cleaning and NER cost memory in proportion to a document's lines and characters, so the
    caps bound what one worker holds. A longer document is quarantined rather than cut: a cut
    page would be cleaned and published as if it were whole.
    """

    max_lines: int
    max_chars: int
    max_elements: int | None = None  # HTML start tags; None: no cap

    @classmethod
    def of(cls, settings: Settings) -> DocumentLimits:
        return cls(settings.clean_max_lines, settings.clean_max_chars,
                   settings.clean_max_elements)

    def exceeded(self, text: str, html: bool = False) -> str | None:
        """Why the text (`html`: a page) is too large to clean (the quarantine reason), or
        None. A page's elements are counted by their start tags, before any parser sees them:
        a wide page (hundreds of thousands of paragraphs on one line) is under the line cap,
        yet costs the HTML cleaner memory and time with every element."""
        if html and self.max_elements is not None:
            elements = sum(1 for _ in _START_TAG.finditer(text))
            if elements > self.max_elements:
                return (f"too many HTML elements to clean: {elements:,} "
                        f"(at most {self.max_elements:,}: NEWSFLOW_CLEAN_MAX_ELEMENTS)")
        if len(text) > self.max_chars:
            return (f"too long to clean: {len(text):,} characters "
                    f"(at most {self.max_chars:,}: NEWSFLOW_CLEAN_MAX_CHARS)")
        ends_with_break = _LINE_BREAK.fullmatch(text[-2:]) or _LINE_BREAK.fullmatch(text[-1:])
        lines = _line_breaks(text) + (not ends_with_break)
        if lines > self.max_lines:
            return (f"too long to clean: {lines:,} lines "
                    f"(at most {self.max_lines:,}: NEWSFLOW_CLEAN_MAX_LINES)")
        return None


def _line_breaks(text: str) -> int:
    r"""How many line breaks _LINE_BREAK finds in the text, counted by str.count for each
    character (a scan in C each) rather than a regex match per line: a "\r\n" is counted by its
    "\r" and by its "\n", once more than it should be, so taken off once."""
    return sum(map(text.count, _BREAK_CHARACTERS)) - text.count("\r\n")
