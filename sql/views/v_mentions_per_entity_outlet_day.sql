-- Mentions per entity, outlet and publication day (NULL day: the article carried no date).
CREATE OR REPLACE VIEW v_mentions_per_entity_outlet_day AS
SELECT e.entity_id, e.canonical_name, e.label, coalesce(a.outlet, '(unknown)') AS outlet,
       a.published_date AS day,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       count(DISTINCT s.story_id) AS stories
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
LEFT JOIN stories s USING (article_id)
GROUP BY ALL
ORDER BY day, mentions DESC, e.canonical_name, outlet;
