"""Quotations: unique, non-empty, inside their article's text, speakers that exist and are
typed."""

import great_expectations.expectations as gxe
from newsflow.enrich.quotations.attribution import SPEAKER_TYPES


def row_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(column="content_length", min_value=1,
                                          description="quotation without content"),
        gxe.ExpectColumnValuesToBeInSet(column="offsets_inside_text", value_set=[True],
                                        description="quotation offsets outside its text"),
        gxe.ExpectColumnValuesToBeInSet(column="speaker_entity_exists", value_set=[True],
                                        description="quotation speaker is no staged entity"),
        gxe.ExpectColumnValuesToBeInSet(column="speaker_type", value_set=SPEAKER_TYPES,
                                        description="quotation speaker of an unknown type"),
        gxe.ExpectColumnValuesToBeInSet(column="speaker_typed", value_set=[True],
                                        description="quotation speaker typed inconsistently"),
    ]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="quote_id"),
        gxe.ExpectColumnValuesToBeUnique(column="quote_id"),
    ]
