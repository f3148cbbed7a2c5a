-- How often each entity is mentioned by each outlet, in how many articles and stories.
CREATE OR REPLACE VIEW v_mentions_per_entity_outlet AS
SELECT canonical_name, label, outlet,
       count(*) AS mentions, count(DISTINCT article_id) AS articles,
       count(DISTINCT story_id) AS stories
FROM v_entity_mentions
GROUP BY ALL
ORDER BY mentions DESC, canonical_name, outlet;

COMMENT ON VIEW v_mentions_per_entity_outlet IS 'How often each entity is mentioned by each outlet, in how many articles and stories.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.canonical_name IS 'The entity''s canonical name (entities.canonical_name).';
COMMENT ON COLUMN v_mentions_per_entity_outlet.label IS 'The entity''s label.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.outlet IS 'The outlet; ''(unknown)'' when the article names none.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.mentions IS 'Mentions of the entity by this outlet.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.articles IS 'Articles of this outlet mentioning it.';
COMMENT ON COLUMN v_mentions_per_entity_outlet.stories IS 'Distinct stories among those articles.';
