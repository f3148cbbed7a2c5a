-- Staged article_minhashes without the rows of articles held in quarantine (`held_articles`).
SELECT * FROM article_minhashes WHERE article_id NOT IN (SELECT article_id FROM held_articles);
