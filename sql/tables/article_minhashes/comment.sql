-- Documentation of article_minhashes for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE article_minhashes IS 'MinHash signature of each article''s text, so later batches are matched against published articles via LSH.';
COMMENT ON COLUMN article_minhashes.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_minhashes.minhash IS 'MinHash signature of the article''s word 3-shingles.';
