DELETE FROM stories WHERE article_id NOT IN (SELECT article_id FROM articles);
