-- Documentation of v_entity_cooccurrence for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_entity_cooccurrence IS 'Entities named in the same article, one row per ordered pair.';
COMMENT ON COLUMN v_entity_cooccurrence.entity IS 'The first entity''s canonical name.';
COMMENT ON COLUMN v_entity_cooccurrence.label IS 'The first entity''s label.';
COMMENT ON COLUMN v_entity_cooccurrence.other IS 'The other entity''s canonical name.';
COMMENT ON COLUMN v_entity_cooccurrence.other_label IS 'The other entity''s label.';
COMMENT ON COLUMN v_entity_cooccurrence.articles IS 'Articles naming both.';
COMMENT ON COLUMN v_entity_cooccurrence.stories IS 'Distinct stories among those articles.';
COMMENT ON COLUMN v_entity_cooccurrence.outlets IS 'Outlets that put them together, sorted.';
COMMENT ON COLUMN v_entity_cooccurrence.entity_id IS 'The first entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_cooccurrence.other_id IS 'The other entity (entities.entity_id).';
