-- Staged demonym mentions, with whether their offsets point at their text and whether a span is
-- also an entity mention (it must not be).
SELECT d.*,
       coalesce(substring(a.text, d.start_char + 1, d.end_char - d.start_char) = d.mention_text,
                false) AS span_matches_text,
       m.mention_id IS NOT NULL AS also_entity_mention
FROM demonym_mentions d
LEFT JOIN articles a USING (article_id)
LEFT JOIN entity_mentions m USING (mention_id);
