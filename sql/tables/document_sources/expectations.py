"""Sources: each source names exactly one current document."""

import great_expectations.expectations as gxe


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="source"),
        gxe.ExpectColumnValuesToBeUnique(column="source"),
        gxe.ExpectColumnValuesToNotBeNull(column="doc_id"),
    ]
