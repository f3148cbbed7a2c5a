DELETE FROM mention_tones WHERE article_id NOT IN (SELECT article_id FROM articles);
