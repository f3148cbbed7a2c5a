DELETE FROM quotations WHERE article_id NOT IN (SELECT article_id FROM articles);
