-- Quotations per speaker entity, outlet and publication day (NULL day: the article carried no
-- date); only speakers linked to an entity.
CREATE OR REPLACE VIEW v_quotes_per_speaker AS
SELECT e.entity_id, e.canonical_name, e.label, coalesce(a.outlet, '(unknown)') AS outlet,
       a.published_date AS day, count(*) AS quotations,
       count(*) FILTER (WHERE q.direct) AS direct_quotations,
       count(DISTINCT q.article_id) AS articles
FROM quotations q
JOIN entities e ON e.entity_id = q.speaker_entity_id
JOIN articles a USING (article_id)
GROUP BY ALL
ORDER BY day, quotations DESC, e.canonical_name, outlet;
