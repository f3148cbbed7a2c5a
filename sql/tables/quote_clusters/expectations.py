"""Quote clusters: every staged quotation with a speaker entity in exactly one cluster."""

import great_expectations.expectations as gxe


def expectations() -> list[gxe.Expectation]:
    return [
        # One row per quotation: a second cluster row for a quotation would repeat its id.
        gxe.ExpectColumnValuesToBeUnique(column="quote_id"),
        gxe.ExpectColumnValuesToBeInSet(column="cluster_exists", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="quotation_exists", value_set=[True]),
        gxe.ExpectColumnValuesToNotBeNull(column="quote_cluster_id"),
        gxe.ExpectColumnValuesToBeInSet(column="match",
                                        value_set=["first", "verbatim", "fragment", "edited"]),
    ]
