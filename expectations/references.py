"""References: every staged row's reference to another table names a row staged in the same
batch (an article-keyed table's article, and each column of a table.toml's `references`).

The frame is generated from the tables' declarations (tables.Registry.references_query), so a
new table's references are checked without an edit here.
"""

import great_expectations.expectations as gxe
from newsflow.warehouse import registry

SUITE = "references"
SLICE_KEY = "key"  # validated in slices by this key (newsflow.quality.suites.Suite)


def frame_query() -> str:
    return registry().references_query()


def expectations() -> list[gxe.Expectation]:
    return [gxe.ExpectColumnValuesToBeInSet(column="reference_exists", value_set=[True])]
