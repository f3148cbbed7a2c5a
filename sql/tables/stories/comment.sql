-- Documentation of stories for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE stories IS 'Near-duplicate grouping: every article belongs to exactly one story, singletons included.';
COMMENT ON COLUMN stories.article_id IS 'The article (articles.article_id); one row each.';
COMMENT ON COLUMN stories.story_id IS 'The story it belongs to; articles of one wire story share it.';
COMMENT ON COLUMN stories.representative_id IS 'The story''s earliest article (articles.article_id).';
COMMENT ON COLUMN stories.similarity IS 'MinHash estimate of the Jaccard similarity of word 3-shingles to the story''s representative.';
