"""The cleaning stage's result type and its one error, shared by the text and HTML paths."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CleanedArticle:
    """An article body with the metadata the later stages and the warehouse need."""

    title: str | None
    text: str
    authors: list[str] = field(default_factory=list)
    published_date: datetime.date | None = None
    outlet: str | None = None
    language: str | None = None
    cleaner_version: str | None = None  # line model and rules that produced the text


class CleaningError(ValueError):
    """No article text could be extracted; the message is the quarantine reason."""
