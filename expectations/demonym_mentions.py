"""Demonym mentions: unique, pointing at their text, mapped to a place, never entity mentions."""

import great_expectations.expectations as gxe

SUITE = "demonym_mentions"
FRAME_SQL = "select_demonym_mentions_for_validation"
SLICE_KEY = "mention_id"  # validated in slices by this key (see newsflow.validate.Suite)


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="mention_id"),
        gxe.ExpectColumnValuesToBeUnique(column="mention_id"),
        gxe.ExpectColumnValueLengthsToBeBetween(column="place", min_value=1),
        gxe.ExpectColumnValuesToBeInSet(column="span_matches_text", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="also_entity_mention", value_set=[False]),
    ]
