-- Documentation of v_places for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_places IS 'Every place (GPE, LOC) with its gazetteer link and how often the articles name it.';
COMMENT ON COLUMN v_places.entity_id IS 'The place (entities.entity_id).';
COMMENT ON COLUMN v_places.canonical_name IS 'Its canonical name.';
COMMENT ON COLUMN v_places.label IS 'GPE or LOC.';
COMMENT ON COLUMN v_places.geonames_id IS 'GeoNames id; NULL when it could not be linked.';
COMMENT ON COLUMN v_places.country_code IS 'ISO 3166 alpha-2 country.';
COMMENT ON COLUMN v_places.latitude IS 'Latitude (linked cities only).';
COMMENT ON COLUMN v_places.longitude IS 'Longitude (linked cities only).';
COMMENT ON COLUMN v_places.mentions IS 'Mentions of the place.';
COMMENT ON COLUMN v_places.articles IS 'Articles that mention it.';
