-- Staged entities still named by a mention once held articles' mentions are gone.
SELECT * FROM entities
WHERE entity_id IN (SELECT entity_id FROM entity_mentions
                    WHERE article_id NOT IN (SELECT article_id FROM held_articles));
