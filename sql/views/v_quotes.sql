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

COMMENT ON VIEW v_quotes IS 'Who said what, where and when: each quotation with its speaker''s canonical name, outlet and date.';
COMMENT ON COLUMN v_quotes.quote_id IS 'The quotation (quotations.quote_id).';
COMMENT ON COLUMN v_quotes.content IS 'What was said, as written.';
COMMENT ON COLUMN v_quotes.direct IS 'True between quotation marks, false for reported speech.';
COMMENT ON COLUMN v_quotes.speaker IS 'The speaker''s canonical name where linked to an entity, else the speaker as written (NULL: none named).';
COMMENT ON COLUMN v_quotes.speaker_label IS 'The speaker entity''s label (PERSON, ORG...); NULL when not linked.';
COMMENT ON COLUMN v_quotes.speaker_entity_id IS 'The speaker''s entity (entities.entity_id); NULL when not linked.';
COMMENT ON COLUMN v_quotes.cue IS 'The word or phrase that marks the speech (`said`, `according to`).';
COMMENT ON COLUMN v_quotes.outlet IS 'The outlet of the article.';
COMMENT ON COLUMN v_quotes.day IS 'The article''s publication date (NULL: none found).';
COMMENT ON COLUMN v_quotes.title IS 'The article''s title.';
COMMENT ON COLUMN v_quotes.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN v_quotes.sentence IS 'The sentence in which the quotation starts.';
