-- One named-entity mention; offsets are character offsets into articles.text. `name` is the full
-- name the mention resolves to (`Boris Johnson` for `Johnson`), `label` the entity's label after
-- agreement and type checks, `ner_label` what the model said, `label_source` what decided the
-- label: model, agreement (the corpus's label for the name), gazetteer (a known place), context
-- (words in or around the name) or names (no given name, title or known person).
-- mention_id is unique (the entity_mentions expectations check each batch; a republished article's
-- mentions are deleted first) but not declared a key: DuckDB holds the rows a transaction
-- inserts into an indexed table in memory until commit, and a long run inserts millions.
CREATE TABLE IF NOT EXISTS entity_mentions (
    mention_id    VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    entity_id     VARCHAR NOT NULL,
    mention_text  VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    ner_label     VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    sentence      VARCHAR NOT NULL,
    label_source  VARCHAR NOT NULL
);
