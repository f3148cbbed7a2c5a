INSERT INTO entity_mentions BY NAME SELECT * FROM staged_entity_mentions;
