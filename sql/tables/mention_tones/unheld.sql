-- Staged mention tones without the rows of articles held in quarantine (`held_articles`).
SELECT * FROM mention_tones WHERE article_id NOT IN (SELECT article_id FROM held_articles);
