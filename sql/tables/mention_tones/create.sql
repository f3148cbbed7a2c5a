-- The tone of each PERSON, ORG and GPE mention's sentence toward it (one row per such mention
-- of entity_mentions), from the tone model shipped in the package; label, score and model are
-- NULL where the article's language has no tone model. mention_id is unique (checked per
-- batch; a republished article's rows are deleted first) but not declared a key, for the reason
-- given in create_entity_mentions.sql.
CREATE TABLE IF NOT EXISTS mention_tones (
    mention_id  VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    tone_label  VARCHAR,
    tone_score  DOUBLE,
    tone_model  VARCHAR
);
