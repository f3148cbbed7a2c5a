-- Mentions in tone's scope (PERSON, ORG, GPE) by article language: how many got a tone and how
-- many were left without one (a language without a tone model), for `newsflow report`.
SELECT coalesce(a.language, '(unknown)') AS language,
       count(t.tone_label) AS mentions_scored,
       count(*) FILTER (WHERE t.tone_label IS NULL) AS mentions_without_tone
FROM mention_tones t
JOIN articles a USING (article_id)
GROUP BY ALL
ORDER BY language;
