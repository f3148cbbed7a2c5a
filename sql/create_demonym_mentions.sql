-- Demonyms and place adjectives (`Russian`, `Belarusian`) with the place they derive from. They
-- say something about a place without naming it, so they are never rows of entity_mentions;
-- join place to entities.canonical_name to reach the place's entity.
CREATE TABLE IF NOT EXISTS demonym_mentions (
    mention_id    VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    mention_text  VARCHAR NOT NULL,
    place         VARCHAR NOT NULL,
    ner_label     VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    sentence      VARCHAR NOT NULL
);
