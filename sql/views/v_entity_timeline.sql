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
