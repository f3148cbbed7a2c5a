-- Mentions per entity, outlet and publication day (NULL day: the article carried no date).
CREATE OR REPLACE VIEW v_mentions_per_entity_outlet_day AS
SELECT entity_id, canonical_name, label, outlet, day,
       count(*) AS mentions, count(DISTINCT article_id) AS articles,
       count(DISTINCT story_id) AS stories
FROM v_entity_mentions
GROUP BY ALL
ORDER BY day, mentions DESC, canonical_name, outlet;

COMMENT ON VIEW v_mentions_per_entity_outlet_day IS 'Mentions per entity, outlet and publication day.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.label IS 'The entity''s label.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.outlet IS 'The outlet; ''(unknown)'' when the article names none.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.mentions IS 'Mentions of the entity by this outlet on this day.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.articles IS 'Articles mentioning it.';
COMMENT ON COLUMN v_mentions_per_entity_outlet_day.stories IS 'Distinct stories among those articles.';
