-- Staged tones beside the staged mentions: each tone with whether its mention exists in the
-- same article and whether label, score and model are all set or all NULL; each mention without
-- a tone with its label (mentions of the labels in tone's scope must have one).
SELECT coalesce(t.mention_id, m.mention_id) AS mention_id,
       coalesce(t.article_id, m.article_id) AS article_id,
       t.tone_label, t.tone_score,
       t.mention_id IS NULL OR m.mention_id IS NOT NULL AS mention_exists,
       t.mention_id IS NULL
           OR (t.tone_label IS NULL) = (t.tone_score IS NULL)
              AND (t.tone_label IS NULL) = (t.tone_model IS NULL) AS tone_complete,
       CASE WHEN t.mention_id IS NULL THEN m.label END AS untoned_mention_label
FROM mention_tones t
FULL OUTER JOIN entity_mentions m
    ON m.mention_id = t.mention_id AND m.article_id = t.article_id;
