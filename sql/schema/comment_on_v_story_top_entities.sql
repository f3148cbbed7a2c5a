-- Documentation of v_story_top_entities for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_story_top_entities IS 'The entities of each story ranked by mentions over all its articles.';
COMMENT ON COLUMN v_story_top_entities.story_id IS 'The story (stories.story_id).';
COMMENT ON COLUMN v_story_top_entities.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_story_top_entities.label IS 'The entity''s label.';
COMMENT ON COLUMN v_story_top_entities.mentions IS 'Its mentions in the story''s articles.';
COMMENT ON COLUMN v_story_top_entities.articles IS 'The story''s articles that mention it.';
COMMENT ON COLUMN v_story_top_entities.rank IS '1 = most mentioned in the story (ties by name).';
COMMENT ON COLUMN v_story_top_entities.entity_id IS 'The entity (entities.entity_id).';
