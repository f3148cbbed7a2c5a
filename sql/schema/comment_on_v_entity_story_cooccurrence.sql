-- Documentation of v_entity_story_cooccurrence for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_entity_story_cooccurrence IS 'Entities named in the same story (any of its articles), one row per ordered pair.';
COMMENT ON COLUMN v_entity_story_cooccurrence.entity IS 'The first entity''s canonical name.';
COMMENT ON COLUMN v_entity_story_cooccurrence.label IS 'The first entity''s label.';
COMMENT ON COLUMN v_entity_story_cooccurrence.other IS 'The other entity''s canonical name.';
COMMENT ON COLUMN v_entity_story_cooccurrence.other_label IS 'The other entity''s label.';
COMMENT ON COLUMN v_entity_story_cooccurrence.stories IS 'Stories naming both.';
COMMENT ON COLUMN v_entity_story_cooccurrence.entity_id IS 'The first entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_story_cooccurrence.other_id IS 'The other entity (entities.entity_id).';
