-- Canonical name over all published mentions, not just the batch: the full name the entity's
-- mentions resolve to most often, ties to the first in code-point order; a form in capitals (a
-- cased letter, none lower case: not `3M`'s digits, not `三菱`) only when no other is seen. Same
-- corpus, same name, whatever the order of the runs. resolve.py's _preferred_form names a run's
-- entities by the same rule; tests/test_rules_agree.py pins the two together.
UPDATE entities SET canonical_name = ranked.name
FROM (
    SELECT entity_id, name
    FROM (SELECT entity_id, name, count(*) AS mentions
          FROM entity_mentions
          WHERE entity_id IN (SELECT entity_id FROM staged_entities)
          GROUP BY entity_id, name)
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY name = upper(name) AND name <> lower(name), mentions DESC, name) = 1
) AS ranked
WHERE entities.entity_id = ranked.entity_id;
