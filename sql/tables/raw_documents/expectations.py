"""Raw inputs: content-addressed, stored whole, of a media type the cleaner understands.

An empty input is stored too (0 bytes, quarantined at decode), so later runs know it."""

import great_expectations.expectations as gxe


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="doc_id"),
        gxe.ExpectColumnValuesToBeUnique(column="doc_id"),
        gxe.ExpectColumnValuesToMatchRegex(column="doc_id", regex=r"^[0-9a-f]{64}$"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="byte_size", column_B="stored_bytes"),
        gxe.ExpectColumnValuesToBeInSet(column="media_type", value_set=["text/plain", "text/html"]),
    ]
