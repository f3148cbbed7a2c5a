"""Mention tones: one per mention in tone's scope, of a staged mention, a known label, a score
in range, and label, score and model set together."""

import great_expectations.expectations as gxe
from newsflow.enrich.tone import LABELS
from newsflow.enrich.tone.features import tone_file


def row_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeInSet(column="tone_label", value_set=list(LABELS),
                                        description="tone label not negative/neutral/positive"),
        gxe.ExpectColumnValuesToBeBetween(column="tone_score", min_value=-1.0, max_value=1.0,
                                          description="tone score outside -1..1"),
        gxe.ExpectColumnValuesToBeInSet(column="mention_exists", value_set=[True],
                                        description="tone of no staged mention"),
        gxe.ExpectColumnValuesToBeInSet(column="tone_complete", value_set=[True],
                                        description="tone label, score and model not set "
                                                    "together"),
        gxe.ExpectColumnValuesToNotBeInSet(column="untoned_mention_label",
                                           value_set=sorted(tone_file().scope.labels),
                                           description="mention in tone's scope without a tone"),
    ]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="mention_id"),
        # One tone per mention: a second tone row would repeat its mention_id here.
        gxe.ExpectColumnValuesToBeUnique(column="mention_id"),
    ]
