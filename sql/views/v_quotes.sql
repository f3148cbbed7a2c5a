-- Who said what, where and when: each quotation with its speaker's canonical name (else the
-- speaker as written), the article's outlet and date.
CREATE OR REPLACE VIEW v_quotes AS
SELECT q.quote_id, q.content, q.direct,
       coalesce(e.canonical_name, q.speaker) AS speaker, e.label AS speaker_label,
       q.speaker_entity_id, q.cue, a.outlet, a.published_date AS day, a.title,
       q.article_id, q.sentence
FROM quotations q
JOIN articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
ORDER BY day, a.outlet, q.article_id, q.start_char;
