-- Mentions per entity, outlet and publication day (NULL day: the article carried no date).
CREATE OR REPLACE VIEW v_mentions_per_entity_outlet_day AS
SELECT entity_id, canonical_name, label, outlet, day,
       count(*) AS mentions, count(DISTINCT article_id) AS articles,
       count(DISTINCT story_id) AS stories
FROM v_entity_mentions
GROUP BY ALL
ORDER BY day, mentions DESC, canonical_name, outlet;
