-- Documentation of v_entity_timeline for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_entity_timeline IS 'Each entity day by day: mentions, articles, stories and outlets, with its first and latest day.';
COMMENT ON COLUMN v_entity_timeline.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_timeline.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_entity_timeline.label IS 'The entity''s label.';
COMMENT ON COLUMN v_entity_timeline.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_entity_timeline.mentions IS 'Mentions that day.';
COMMENT ON COLUMN v_entity_timeline.articles IS 'Articles mentioning it that day.';
COMMENT ON COLUMN v_entity_timeline.stories IS 'Distinct stories mentioning it that day.';
COMMENT ON COLUMN v_entity_timeline.outlets IS 'Distinct outlets mentioning it that day.';
COMMENT ON COLUMN v_entity_timeline.first_day IS 'The first day it is mentioned at all.';
COMMENT ON COLUMN v_entity_timeline.latest_day IS 'The latest day it is mentioned at all.';
