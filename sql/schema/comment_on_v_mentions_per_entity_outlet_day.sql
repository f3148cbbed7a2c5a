-- Documentation of v_mentions_per_entity_outlet_day for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_mentions_per_entity_outlet_day IS 'Mentions per entity, outlet and publication day.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.label IS 'The entity''s label.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.outlet IS 'The outlet; ''(unknown)'' when the article names none.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.mentions IS 'Mentions of the entity by this outlet on this day.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.articles IS 'Articles mentioning it.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.stories IS 'Distinct stories among those articles.';
