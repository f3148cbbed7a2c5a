-- Staged stories without the rows of articles held in quarantine (`held_articles`).
SELECT * FROM stories WHERE article_id NOT IN (SELECT article_id FROM held_articles);
