-- Published quotations with a speaker entity and their clusters, for the spread index of the
-- next batch (enrich/spread.py).
SELECT q.quote_id, q.article_id, q.speaker_entity_id, q.content, c.quote_cluster_id
FROM quotations q
JOIN quote_clusters c USING (quote_id)
WHERE q.speaker_entity_id IS NOT NULL;
