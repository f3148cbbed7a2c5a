-- Staged mentions with what their expectations need from the staged articles and entities.
-- Sentences and mention texts are checked here and stay in DuckDB: the frame holds no text.
SELECT m.* EXCLUDE (sentence, mention_text),
       length(m.sentence) AS sentence_length,
       length(a.text) AS article_text_length,
       coalesce(substring(a.text, m.start_char + 1, m.end_char - m.start_char) = m.mention_text,
                false) AS span_matches_text,
       e.entity_id IS NOT NULL AS entity_exists,
       coalesce(e.label = m.label, false) AS label_matches_entity,
       coalesce(list_contains(list_transform(a.authors, lambda x: lower(x)), lower(m.name))
                OR lower(m.name) = lower(a.outlet), false) AS names_author_or_outlet
FROM entity_mentions m
LEFT JOIN articles a USING (article_id)
LEFT JOIN entities e USING (entity_id);
