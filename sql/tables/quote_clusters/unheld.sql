-- Staged quote_clusters without the rows of articles held in quarantine (`held_articles`).
SELECT * FROM quote_clusters WHERE article_id NOT IN (SELECT article_id FROM held_articles);
