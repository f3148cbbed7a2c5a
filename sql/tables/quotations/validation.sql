-- Staged quotations with what their expectations need from the staged articles and entities:
-- whether the offsets lie inside the article's text and whether a linked speaker entity exists;
-- a speaker is typed exactly when there is one, and only an untyped description is anonymous.
SELECT q.quote_id, q.article_id, q.speaker_entity_id, q.direct, q.start_char, q.end_char,
       length(q.content) AS content_length, q.speaker_type,
       (q.speaker IS NULL) = (q.speaker_type IS NULL)
           AND coalesce(NOT q.speaker_anonymous OR q.speaker_type = 'description', false)
           AS speaker_typed,
       coalesce(q.start_char >= 0 AND q.start_char < q.end_char
                AND q.end_char <= length(a.text), false) AS offsets_inside_text,
       q.speaker_entity_id IS NULL OR e.entity_id IS NOT NULL AS speaker_entity_exists
FROM quotations q
LEFT JOIN articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id;
