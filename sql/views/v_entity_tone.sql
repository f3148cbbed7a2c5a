-- Tone toward each entity, outlet by outlet and day by day: how many of its mentions were
-- scored and how many read negative, neutral or positive, with their mean score.
CREATE OR REPLACE VIEW v_entity_tone AS
SELECT e.entity_id, e.canonical_name, e.label, a.outlet, a.published_date AS day,
       count(*) AS mentions_scored,
       count(*) FILTER (WHERE t.tone_label = 'negative') AS negative,
       count(*) FILTER (WHERE t.tone_label = 'neutral') AS neutral,
       count(*) FILTER (WHERE t.tone_label = 'positive') AS positive,
       round(avg(t.tone_score), 3) AS mean_score
FROM mention_tones t
JOIN entity_mentions m USING (mention_id)
JOIN entities e ON e.entity_id = m.entity_id
JOIN articles a ON a.article_id = t.article_id
WHERE t.tone_label IS NOT NULL
GROUP BY e.entity_id, e.canonical_name, e.label, a.outlet, a.published_date
ORDER BY e.canonical_name, e.label, a.outlet, day;
