-- Documentation of v_mentions_per_entity_outlet for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_mentions_per_entity_outlet IS 'How often each entity is mentioned by each outlet, in how many articles and stories.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.canonical_name IS 'The entity''s canonical name (entities.canonical_name).';
COMMENT ON COLUMN v_mentions_per_entity_outlet.label IS 'The entity''s label.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.outlet IS 'The outlet; ''(unknown)'' when the article names none.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.mentions IS 'Mentions of the entity by this outlet.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.articles IS 'Articles of this outlet mentioning it.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.stories IS 'Distinct stories among those articles.';
