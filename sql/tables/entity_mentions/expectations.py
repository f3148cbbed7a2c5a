"""Mentions: unique, with offsets that point at exactly the mention's text in its article, each
resolved to an entity of the batch, none of them an author or the outlet."""

import great_expectations.expectations as gxe
from newsflow.enrich.typecheck import LABEL_SOURCES
from newsflow.settings import Settings


def row_expectations() -> list[gxe.Expectation]:
    return [
        # The labels the run tags (Settings.entity_labels), and what decided each mention's.
        gxe.ExpectColumnValuesToBeInSet(column="label", value_set=list(Settings().entity_labels),
                                        description="mention of an unknown label"),
        gxe.ExpectColumnValuesToBeInSet(column="label_source", value_set=list(LABEL_SOURCES),
                                        description="mention label of an unknown source"),
        gxe.ExpectColumnValuesToBeBetween(column="start_char", min_value=0,
                                          description="mention offset before the text"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="end_char", column_B="start_char",
                                                    description="mention of no length"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="article_text_length", column_B="end_char", or_equal=True,
            description="mention offset past the text"),
        gxe.ExpectColumnValuesToBeInSet(column="span_matches_text", value_set=[True],
                                        description="mention offsets miss its text"),
        gxe.ExpectColumnValueLengthsToBeBetween(column="name", min_value=1,
                                                description="mention without a name"),
        # Bylines and outlet names are article metadata, never mentions.
        gxe.ExpectColumnValuesToBeInSet(column="names_author_or_outlet", value_set=[False],
                                        description="an author or the outlet as a mention"),
        gxe.ExpectColumnValuesToBeBetween(column="sentence_length", min_value=1,
                                          description="mention without its sentence"),
    ]


def expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="mention_id"),
        gxe.ExpectColumnValuesToBeUnique(column="mention_id"),
        # Every mention points to an entity of the batch, of the entity's label.
        gxe.ExpectColumnValuesToBeInSet(column="entity_exists", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="label_matches_entity", value_set=[True]),
    ]
