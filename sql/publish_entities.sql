-- New entities arrive whole; known ones gain the batch's spellings as aliases.
INSERT INTO entities SELECT * FROM staged_entities
ON CONFLICT (entity_id) DO UPDATE
SET aliases = list_sort(list_distinct(list_concat(entities.aliases, excluded.aliases)));
