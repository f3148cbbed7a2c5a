-- How often each entity is mentioned by each outlet, in how many articles and stories.
CREATE OR REPLACE VIEW v_mentions_per_entity_outlet AS
SELECT canonical_name, label, outlet,
       count(*) AS mentions, count(DISTINCT article_id) AS articles,
       count(DISTINCT story_id) AS stories
FROM v_entity_mentions
GROUP BY ALL
ORDER BY mentions DESC, canonical_name, outlet;
