-- One named-entity mention; offsets are character offsets into articles.text.
CREATE TABLE IF NOT EXISTS entity_mentions (
    mention_id    VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    entity_id     VARCHAR NOT NULL,
    mention_text  VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    sentence      VARCHAR NOT NULL
);
