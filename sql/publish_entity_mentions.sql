INSERT INTO entity_mentions SELECT * FROM staged_entity_mentions;
