"""Quotations: unique, non-empty, inside their article's text, speakers that exist."""

import great_expectations.expectations as gxe


def row_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(column="content_length", min_value=1,
                                          description="quotation without content"),
        gxe.ExpectColumnValuesToBeInSet(column="offsets_inside_text", value_set=[True],
                                        description="quotation offsets outside its text"),
        gxe.ExpectColumnValuesToBeInSet(column="speaker_entity_exists", value_set=[True],
                                        description="quotation speaker is no staged entity"),
    ]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="quote_id"),
        gxe.ExpectColumnValuesToBeUnique(column="quote_id"),
    ]
