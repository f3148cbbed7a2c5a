"""Sources: each source names exactly one current document."""

import great_expectations.expectations as gxe

SUITE = "document_sources"
FRAME_SQL = "queries/select_document_sources_for_validation"
SLICE_KEY = "source"  # validated in slices by this key (newsflow.quality.suites.Suite)


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="source"),
        gxe.ExpectColumnValuesToBeUnique(column="source"),
        gxe.ExpectColumnValuesToNotBeNull(column="doc_id"),
    ]
