-- New entities arrive whole; known ones gain the batch's spellings as aliases, and a link to the
-- gazetteer where they had none.
INSERT INTO entities BY NAME SELECT * FROM staged_entities
ON CONFLICT (entity_id) DO UPDATE
SET aliases = list_sort(list_distinct(list_concat(entities.aliases, excluded.aliases))),
    geonames_id = coalesce(entities.geonames_id, excluded.geonames_id),
    country_code = coalesce(entities.country_code, excluded.country_code),
    latitude = coalesce(entities.latitude, excluded.latitude),
    longitude = coalesce(entities.longitude, excluded.longitude);
