-- Documentation of v_top_entities for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_top_entities IS 'The most mentioned entities overall, with the articles, stories and outlets naming them.';
COMMENT ON COLUMN v_top_entities.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_top_entities.label IS 'The entity''s label.';
COMMENT ON COLUMN v_top_entities.mentions IS 'All its mentions.';
COMMENT ON COLUMN v_top_entities.articles IS 'Articles mentioning it.';
COMMENT ON COLUMN v_top_entities.stories IS 'Distinct stories mentioning it (a wire story counts once).';
COMMENT ON COLUMN v_top_entities.outlets IS 'Distinct outlets mentioning it.';
