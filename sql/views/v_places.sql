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
