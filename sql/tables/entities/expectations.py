"""Entities: one row per real-world thing, each used by a mention, no two of a label with one
canonical name."""

import great_expectations.expectations as gxe

# Not sliced by its key: two unrelated uniqueness checks need the whole frame (one row per
# entity).
SLICE_KEY = None


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="entity_id"),
        gxe.ExpectColumnValuesToBeUnique(column="entity_id"),
        gxe.ExpectColumnValueLengthsToBeBetween(column="canonical_name", min_value=1),
        gxe.ExpectColumnValuesToNotBeNull(column="label"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["label", "canonical_name"]),
        gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=1),
    ]
