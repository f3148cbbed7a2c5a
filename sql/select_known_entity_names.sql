-- The names published entities answer to, with their mention counts, so a run resolves new
-- spellings to the entity already published.
SELECT entity_id, label, name, count(*) AS mentions
FROM entity_mentions
GROUP BY entity_id, label, name;
