-- Demonyms and place adjectives (`Russian`, `Belarusian`) with the place they derive from. They
-- say something about a place without naming it, so they are never rows of entity_mentions;
-- join place to entities.canonical_name to reach the place's entity.
-- mention_id is unique (the demonym_mentions expectations check each batch; a republished article's
-- mentions are deleted first) but not declared a key: DuckDB holds the rows a transaction
-- inserts into an indexed table in memory until commit, and a long run inserts millions.
CREATE TABLE IF NOT EXISTS demonym_mentions (
    mention_id    VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    mention_text  VARCHAR NOT NULL,
    place         VARCHAR NOT NULL,
    ner_label     VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    sentence      VARCHAR NOT NULL
);
