-- Tone per article: its mentions in scope (PERSON, ORG, GPE), how many got a tone and how they
-- read, their mean score, and the article's tone: the label most of its scored mentions have
-- (neutral on a tie), NULL when none was scored (a language without a tone model).
CREATE OR REPLACE VIEW v_article_tone AS
WITH counts AS (
    SELECT a.article_id, a.outlet, a.published_date AS day, a.language,
           count(t.mention_id) AS mentions,
           count(t.tone_label) AS mentions_scored,
           count(*) FILTER (WHERE t.tone_label = 'negative') AS negative,
           count(*) FILTER (WHERE t.tone_label = 'neutral') AS neutral,
           count(*) FILTER (WHERE t.tone_label = 'positive') AS positive,
           round(avg(t.tone_score), 3) AS mean_score,
           max(t.tone_model) AS tone_model
    FROM articles a
    LEFT JOIN mention_tones t USING (article_id)
    GROUP BY a.article_id, a.outlet, a.published_date, a.language
)
SELECT article_id, outlet, day, language, mentions, mentions_scored, negative, neutral,
       positive, mean_score,
       CASE WHEN mentions_scored = 0 THEN NULL
            WHEN negative > greatest(neutral, positive) THEN 'negative'
            WHEN positive > greatest(neutral, negative) THEN 'positive'
            ELSE 'neutral' END AS article_tone,
       tone_model
FROM counts
ORDER BY day, outlet, article_id;

COMMENT ON VIEW v_article_tone IS 'Tone per article: its PERSON, ORG and GPE mentions, how many got a tone and how they read, and the article''s tone.';
COMMENT ON COLUMN v_article_tone.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN v_article_tone.outlet IS 'The article''s outlet; NULL when it named none.';
COMMENT ON COLUMN v_article_tone.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_article_tone.language IS 'The article''s language (ISO 639-1); tone is scored in English articles only.';
COMMENT ON COLUMN v_article_tone.mentions IS 'Its PERSON, ORG and GPE mentions (rows of mention_tones).';
COMMENT ON COLUMN v_article_tone.mentions_scored IS 'Of those, mentions with a tone; the others are in a language without a tone model.';
COMMENT ON COLUMN v_article_tone.negative IS 'Scored mentions whose sentence reads negative toward them.';
COMMENT ON COLUMN v_article_tone.neutral IS 'Scored mentions whose sentence reads neutral toward them.';
COMMENT ON COLUMN v_article_tone.positive IS 'Scored mentions whose sentence reads positive toward them.';
COMMENT ON COLUMN v_article_tone.mean_score IS 'Mean tone score of the scored mentions (-1 to 1), rounded to 3 places; NULL when none was scored.';
COMMENT ON COLUMN v_article_tone.article_tone IS 'The label most scored mentions have (neutral on a tie); NULL when none was scored.';
COMMENT ON COLUMN v_article_tone.tone_model IS 'The tone model version that scored them; NULL when none was scored.';
