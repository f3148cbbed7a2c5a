-- How often each entity is mentioned by each outlet, in how many articles and stories.
CREATE OR REPLACE VIEW v_mentions_per_entity_outlet AS
SELECT e.canonical_name, e.label, coalesce(a.outlet, '(unknown)') AS outlet,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       count(DISTINCT s.story_id) AS stories
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
LEFT JOIN stories s USING (article_id)
GROUP BY ALL
ORDER BY mentions DESC, e.canonical_name, outlet;
