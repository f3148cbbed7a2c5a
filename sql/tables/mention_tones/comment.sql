-- Documentation of mention_tones for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE mention_tones IS 'Tone of the sentence toward each PERSON, ORG and GPE mention: negative, neutral or positive, with a score; NULL in languages without a tone model.';
COMMENT ON COLUMN mention_tones.mention_id IS 'The mention (entity_mentions.mention_id); one row per mention.';
COMMENT ON COLUMN mention_tones.article_id IS 'The article it occurs in (articles.article_id).';
COMMENT ON COLUMN mention_tones.tone_label IS 'negative, neutral or positive: how the mention''s sentence speaks of it; NULL where the article''s language has no tone model (English only).';
COMMENT ON COLUMN mention_tones.tone_score IS 'The model''s probability of positive minus that of negative, from -1 to 1; NULL with tone_label.';
COMMENT ON COLUMN mention_tones.tone_model IS 'Version of the tone model that scored it (tone-svmnb-<n>.<hash of its weights>); NULL with tone_label.';
