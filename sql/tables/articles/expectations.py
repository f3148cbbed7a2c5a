"""Articles: one per document, real text of a real length, no boilerplate left, sane dates.

Row-level expectations (`row_expectations`) judge one article each: an article failing one is
quarantined with its mentions, demonyms and story row, and the rest of the batch goes on.
Batch-level ones (`expectations`) hold the whole batch.
"""

import great_expectations.expectations as gxe
from newsflow.clean.rules import rules_file

# A one-sentence wire brief is news ("The central bank held its main rate at 4 per cent on
# Thursday, its governor said.": 83 characters, 16 words; the shortest of 140 Reuters articles
# cleans to 125 characters, 20 words). Below this is a title, a "Page not found", a "Loading…".
MIN_TEXT_CHARS = 60
MIN_WORDS = 8
MAX_DAYS_OLD = 365 * 100
# Classes of the cleaner's own whole-line rules (flows/newsflow/clean/rules.toml, [drop_line])
# that are boilerplate wherever they stand as a line of their own. Left out: classes that also
# match lines of prose or data (comments: "…, Naroff said in a written comment."; credits:
# "© Reuters" closing a body; residue: a lone "___"), measured on 88 hand-made article bodies
# and 140 Reuters articles (bench/boilerplate_markers.py).
MARKER_CLASSES = ("advertising", "share", "subscribe", "cookie", "read_more", "teaser_list")


def boilerplate_markers(classes: tuple[str, ...] = MARKER_CLASSES) -> list[str]:
    """The cleaner's whole-line boilerplate rules of `classes`, anchored to a line of their own.

    A marker inside a sentence ("members who continue reading past the budget section") is
    prose, not boilerplate: only a line that is nothing but the marker fails.
    """
    drop_line = rules_file().drop_line  # the rules as the cleaner loaded them
    return [f"(?im)^[ \\t]*(?:{'|'.join(f'(?:{p})' for p in drop_line[name])})[ \\t]*$"
            for name in classes]


def row_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="text", description="article has no text"),
        gxe.ExpectColumnValueLengthsToBeBetween(
            column="text", min_value=MIN_TEXT_CHARS,
            description=f"text shorter than {MIN_TEXT_CHARS} characters"),
        gxe.ExpectColumnValuesToBeBetween(
            column="word_count", min_value=MIN_WORDS,
            description=f"text of fewer than {MIN_WORDS} words"),
        gxe.ExpectColumnValuesToNotMatchRegexList(
            column="text", regex_list=boilerplate_markers(),
            description="a line of boilerplate left in the text"),
        # Published in the last century and not more than a day in the future (time zones).
        gxe.ExpectColumnValuesToBeBetween(
            column="published_days_ago", min_value=-1, max_value=MAX_DAYS_OLD,
            description="published date in the future or over a century ago"),
    ]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="article_id"),
        gxe.ExpectColumnValuesToBeUnique(column="article_id"),
    ]
