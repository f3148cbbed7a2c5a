-- Source of each staged article held in quarantine, for its quarantine row.
SELECT article_id, source FROM articles WHERE article_id IN (SELECT article_id FROM held_articles);
