-- Documentation of v_languages for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_languages IS 'Articles per detected language, how many were tagged for entities and how many were not (no spaCy model for the language).';
COMMENT ON COLUMN v_languages.language IS 'Detected language code; NULL when the text was too short to tell.';
COMMENT ON COLUMN v_languages.articles IS 'Articles in the language.';
COMMENT ON COLUMN v_languages.tagged IS 'Articles a spaCy model tagged (articles.ner_model set).';
COMMENT ON COLUMN v_languages.untagged IS 'Articles left untagged: no model configured for the language.';
COMMENT ON COLUMN v_languages.models IS 'The models that tagged them.';
COMMENT ON COLUMN v_languages.mentions IS 'Entity mentions of the language''s articles.';
