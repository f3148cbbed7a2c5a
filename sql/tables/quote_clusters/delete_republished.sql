-- A re-processed article's quotations are placed in clusters again, as a whole.
DELETE FROM quote_clusters WHERE article_id IN (SELECT article_id FROM staged_articles);
