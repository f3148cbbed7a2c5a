DELETE FROM article_minhashes WHERE article_id NOT IN (SELECT article_id FROM articles);
