DELETE FROM entity_mentions WHERE article_id NOT IN (SELECT article_id FROM articles);
