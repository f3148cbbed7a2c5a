-- The names published entities answer to, with their mention and article counts, so a run
-- resolves new spellings to the entity already published and type-checks names against the
-- labels the warehouse gives them.
SELECT entity_id, label, name, count(*) AS mentions, count(DISTINCT article_id) AS articles
FROM entity_mentions
GROUP BY entity_id, label, name;
