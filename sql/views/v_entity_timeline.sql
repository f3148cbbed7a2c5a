-- Each entity day by day: mentions, articles, stories and outlets, with its first and latest day.
CREATE OR REPLACE VIEW v_entity_timeline AS
SELECT e.entity_id, e.canonical_name, e.label, a.published_date AS day,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       count(DISTINCT s.story_id) AS stories, count(DISTINCT a.outlet) AS outlets,
       min(a.published_date) OVER (PARTITION BY e.entity_id) AS first_day,
       max(a.published_date) OVER (PARTITION BY e.entity_id) AS latest_day
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
LEFT JOIN stories s USING (article_id)
GROUP BY e.entity_id, e.canonical_name, e.label, a.published_date
ORDER BY e.canonical_name, e.label, day;
