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
