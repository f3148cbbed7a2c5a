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

COMMENT ON VIEW v_entity_tone IS 'Tone toward each entity by outlet and day: mentions scored, how many read negative, neutral or positive, and their mean score.';
COMMENT ON COLUMN v_entity_tone.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_tone.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_entity_tone.label IS 'The entity''s label (PERSON, ORG, GPE).';
COMMENT ON COLUMN v_entity_tone.outlet IS 'The outlet of the articles; NULL when the article named none.';
COMMENT ON COLUMN v_entity_tone.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_entity_tone.mentions_scored IS 'Mentions of the entity with a tone (articles in a language the tone model knows).';
COMMENT ON COLUMN v_entity_tone.negative IS 'Of those, mentions whose sentence reads negative toward the entity.';
COMMENT ON COLUMN v_entity_tone.neutral IS 'Of those, mentions whose sentence reads neutral toward the entity.';
COMMENT ON COLUMN v_entity_tone.positive IS 'Of those, mentions whose sentence reads positive toward the entity.';
COMMENT ON COLUMN v_entity_tone.mean_score IS 'Mean of the mentions'' tone scores (mention_tones.tone_score, -1 to 1), rounded to 3 places.';
