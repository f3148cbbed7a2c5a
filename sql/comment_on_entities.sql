-- Documentation of entities for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE entities IS 'One row per real-world person, organisation or place; every spelling is an alias.';
COMMENT ON COLUMN entities.entity_id IS 'Stable identity of the entity.';
COMMENT ON COLUMN entities.canonical_name IS 'The full name its mentions resolve to most often (ties: alphabetical).';
COMMENT ON COLUMN entities.label IS 'Entity type: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, LAW or WORK_OF_ART.';
COMMENT ON COLUMN entities.aliases IS 'Every spelling of the entity seen in mentions (written and resolved forms), sorted.';
