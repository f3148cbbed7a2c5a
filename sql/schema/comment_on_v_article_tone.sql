-- Documentation of v_article_tone for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_article_tone IS 'Tone per article: its PERSON, ORG and GPE mentions, how many got a tone and how they read, and the article''s tone.';
COMMENT ON COLUMN v_article_tone.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN v_article_tone.outlet IS 'The article''s outlet; NULL when it named none.';
COMMENT ON COLUMN v_article_tone.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_article_tone.language IS 'The article''s language (ISO 639-1); tone is scored in English articles only.';
COMMENT ON COLUMN v_article_tone.mentions IS 'Its PERSON, ORG and GPE mentions (rows of mention_tones).';
COMMENT ON COLUMN v_article_tone.mentions_scored IS 'Of those, mentions with a tone; the others are in a language without a tone model.';
COMMENT ON COLUMN v_article_tone.negative IS 'Scored mentions whose sentence reads negative toward them.';
COMMENT ON COLUMN v_article_tone.neutral IS 'Scored mentions whose sentence reads neutral toward them.';
COMMENT ON COLUMN v_article_tone.positive IS 'Scored mentions whose sentence reads positive toward them.';
COMMENT ON COLUMN v_article_tone.mean_score IS 'Mean tone score of the scored mentions (-1 to 1), rounded to 3 places; NULL when none was scored.';
COMMENT ON COLUMN v_article_tone.article_tone IS 'The label most scored mentions have (neutral on a tie); NULL when none was scored.';
COMMENT ON COLUMN v_article_tone.tone_model IS 'The tone model version that scored them; NULL when none was scored.';
