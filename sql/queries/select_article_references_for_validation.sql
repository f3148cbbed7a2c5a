-- Every staged row that points at an article (entity and demonym mentions, story membership,
-- quotations),
-- with whether that article is in the batch. Each of these rows is made from its own article,
-- so one pointing elsewhere would be an orphan the moment the batch is published.
SELECT r.referencing_table, r.article_id, a.article_id IS NOT NULL AS article_exists
FROM (
    SELECT 'entity_mentions' AS referencing_table, article_id FROM entity_mentions
    UNION ALL
    SELECT 'demonym_mentions', article_id FROM demonym_mentions
    UNION ALL
    SELECT 'stories', article_id FROM stories
    UNION ALL
    SELECT 'quotations', article_id FROM quotations
) AS r
LEFT JOIN articles a USING (article_id);
