"""The cleaning stage's result type and its one error, shared by the text and HTML paths.

The result type is defined with the other records (records.py), where the articles table's
record extends it.
"""

from __future__ import annotations

from newsflow.records import CleanedArticle

__all__ = ["CleanedArticle", "CleaningError"]


class CleaningError(ValueError):
    """No article text could be extracted; the message is the quarantine reason."""
