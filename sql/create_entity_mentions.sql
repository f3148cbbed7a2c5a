-- One named-entity mention; offsets are character offsets into articles.text. `name` is the full
-- name the mention resolves to (`Boris Johnson` for `Johnson`), `label` the entity's label after
-- agreement, `ner_label` what the model said.
CREATE TABLE IF NOT EXISTS entity_mentions (
    mention_id    VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    entity_id     VARCHAR NOT NULL,
    mention_text  VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    ner_label     VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    sentence      VARCHAR NOT NULL
);
