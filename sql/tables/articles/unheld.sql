-- Staged articles without the rows of articles held in quarantine (`held_articles`).
SELECT * FROM articles WHERE article_id NOT IN (SELECT article_id FROM held_articles);
