-- Tones of a re-processed article are replaced as a whole, never merged.
DELETE FROM mention_tones WHERE article_id IN (SELECT article_id FROM staged_articles);
