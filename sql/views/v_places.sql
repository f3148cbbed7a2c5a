-- Places and where they are: every GPE or LOC entity with its gazetteer link (GeoNames id, ISO
-- country, coordinates; NULL where it could not be linked) and how often the articles name it.
CREATE OR REPLACE VIEW v_places AS
SELECT e.entity_id, e.canonical_name, e.label, e.geonames_id, e.country_code,
       e.latitude, e.longitude, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
FROM entities e
JOIN entity_mentions m USING (entity_id)
WHERE e.label IN ('GPE', 'LOC')
GROUP BY ALL
ORDER BY mentions DESC, e.canonical_name;

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
