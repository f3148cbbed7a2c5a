"""Stories: every staged article in exactly one story, similarities within [0, 1]."""

import great_expectations.expectations as gxe


def expectations() -> list[gxe.Expectation]:
    return [
        # One row per article: a second story row for an article would repeat its id.
        gxe.ExpectColumnValuesToBeUnique(column="article_id"),
        gxe.ExpectColumnValuesToBeInSet(column="story_exists", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="article_exists", value_set=[True]),
        gxe.ExpectColumnValuesToNotBeNull(column="story_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="representative_id"),
        gxe.ExpectColumnValuesToBeBetween(column="similarity", min_value=0, max_value=1),
    ]
