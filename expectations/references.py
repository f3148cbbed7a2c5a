"""References: no staged mention, demonym mention, story or quotation row points at a missing
article."""

import great_expectations.expectations as gxe

SUITE = "article_references"
FRAME_SQL = "queries/select_article_references_for_validation"
SLICE_KEY = "article_id"  # validated in slices by this key (newsflow.quality.suites.Suite)


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="article_id"),
        gxe.ExpectColumnValuesToBeInSet(column="article_exists", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(
            column="referencing_table",
            value_set=["entity_mentions", "demonym_mentions", "stories", "quotations"]),
    ]
