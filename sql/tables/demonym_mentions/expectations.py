"""Demonym mentions: unique, pointing at their text, mapped to a place, never entity mentions."""

import great_expectations.expectations as gxe


def row_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValueLengthsToBeBetween(column="place", min_value=1,
                                                description="demonym without a place"),
        gxe.ExpectColumnValuesToBeInSet(column="span_matches_text", value_set=[True],
                                        description="demonym offsets miss its text"),
        gxe.ExpectColumnValuesToBeInSet(column="also_entity_mention", value_set=[False],
                                        description="demonym also an entity mention"),
    ]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="mention_id"),
        gxe.ExpectColumnValuesToBeUnique(column="mention_id"),
    ]
