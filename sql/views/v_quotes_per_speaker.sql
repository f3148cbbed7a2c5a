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

COMMENT ON VIEW v_quotes_per_speaker IS 'Quotations per speaker entity, outlet and publication day.';
COMMENT ON COLUMN v_quotes_per_speaker.entity_id IS 'The speaker''s entity (entities.entity_id).';
COMMENT ON COLUMN v_quotes_per_speaker.canonical_name IS 'The speaker''s canonical name.';
COMMENT ON COLUMN v_quotes_per_speaker.label IS 'The speaker entity''s label (PERSON, ORG...).';
COMMENT ON COLUMN v_quotes_per_speaker.outlet IS 'The outlet, `(unknown)` when the article named none.';
COMMENT ON COLUMN v_quotes_per_speaker.day IS 'The publication date (NULL: the article carried no date).';
COMMENT ON COLUMN v_quotes_per_speaker.quotations IS 'Quotations of the speaker that day in that outlet.';
COMMENT ON COLUMN v_quotes_per_speaker.direct_quotations IS 'Of those, the ones between quotation marks.';
COMMENT ON COLUMN v_quotes_per_speaker.articles IS 'Articles quoting the speaker that day in that outlet.';
