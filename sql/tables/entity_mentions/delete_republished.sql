-- Mentions of a re-processed article are replaced as a whole, never merged.
DELETE FROM entity_mentions WHERE article_id IN (SELECT article_id FROM staged_articles);
