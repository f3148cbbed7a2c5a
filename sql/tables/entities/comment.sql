-- Documentation of entities for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE entities IS 'One row per real-world person, organisation or place; every spelling is an alias.';
COMMENT ON COLUMN entities.entity_id IS 'Stable identity of the entity.';
COMMENT ON COLUMN entities.canonical_name IS 'The full name its mentions resolve to most often (ties: alphabetical).';
COMMENT ON COLUMN entities.label IS 'Entity type: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, LAW or WORK_OF_ART.';
COMMENT ON COLUMN entities.aliases IS 'Every spelling of the entity seen in mentions (written and resolved forms), sorted.';
COMMENT ON COLUMN entities.geonames_id IS 'GeoNames id of a place linked to the gazetteer; NULL for other entities and unlinked places.';
COMMENT ON COLUMN entities.country_code IS 'ISO 3166 alpha-2 country of a linked place.';
COMMENT ON COLUMN entities.latitude IS 'Latitude of a linked city (countries and regions have none).';
COMMENT ON COLUMN entities.longitude IS 'Longitude of a linked city (countries and regions have none).';
