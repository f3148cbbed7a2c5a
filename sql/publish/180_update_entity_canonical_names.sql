-- Canonical name over all published mentions, not just the batch: the full name the entity's
-- mentions resolve to most often, ties to the alphabetically first; a form in capitals only when
-- no other is seen. Same corpus, same name, whatever the order of the runs.
UPDATE entities SET canonical_name = ranked.name
FROM (
    SELECT entity_id, name
    FROM (SELECT entity_id, name, count(*) AS mentions
          FROM entity_mentions
          WHERE entity_id IN (SELECT entity_id FROM staged_entities)
          GROUP BY entity_id, name)
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY name = upper(name), mentions DESC, name) = 1
) AS ranked
WHERE entities.entity_id = ranked.entity_id;
