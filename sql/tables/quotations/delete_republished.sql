-- Quotations of a re-processed article are replaced as a whole, never merged.
DELETE FROM quotations WHERE article_id IN (SELECT article_id FROM staged_articles);
