"""Articles: one per document, real text of a real length, no boilerplate left, sane dates."""

import great_expectations.expectations as gxe

SUITE = "articles"
FRAME_SQL = "select_articles_for_validation"
SLICE_KEY = "article_id"  # validated in slices by this key (see newsflow.validate.Suite)

MIN_TEXT_CHARS = 200
MAX_DAYS_OLD = 365 * 100
# Markers of boilerplate the cleaner must have removed; any hit fails the batch.
BOILERPLATE_MARKERS = [
    r"(?i)advertising\s+read more",
    r"(?im)^\s*read (?:more|also)\s*:",
    r"(?i)\bcontinue reading\b",
    r"(?i)daily newsletter",
    r"(?i)follow [\w\s']+ live updates",
    r"(?im)^\s*(?:×|block|BSS :)\s*$",
    r"(?i)(?:image|photo|satellite image)\s*©",
    r"(?i)\bsubscribe\s*$",
]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="article_id"),
        gxe.ExpectColumnValuesToBeUnique(column="article_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="text"),
        gxe.ExpectColumnValueLengthsToBeBetween(column="text", min_value=MIN_TEXT_CHARS),
        gxe.ExpectColumnValuesToNotMatchRegexList(column="text", regex_list=BOILERPLATE_MARKERS),
        gxe.ExpectColumnValuesToBeBetween(column="word_count", min_value=1),
        # Published in the last century and not more than a day in the future (time zones).
        gxe.ExpectColumnValuesToBeBetween(
            column="published_days_ago", min_value=-1, max_value=MAX_DAYS_OLD
        ),
    ]
