DELETE FROM entities WHERE entity_id NOT IN (SELECT entity_id FROM entity_mentions);
