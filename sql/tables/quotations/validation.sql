-- Staged quotations with what their expectations need from the staged articles and entities:
-- whether the offsets lie inside the article's text and whether a linked speaker entity exists.
SELECT q.quote_id, q.article_id, q.speaker_entity_id, q.direct, q.start_char, q.end_char,
       length(q.content) AS content_length,
       coalesce(q.start_char >= 0 AND q.start_char < q.end_char
                AND q.end_char <= length(a.text), false) AS offsets_inside_text,
       q.speaker_entity_id IS NULL OR e.entity_id IS NOT NULL AS speaker_entity_exists
FROM quotations q
LEFT JOIN articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id;
