-- Published quotations of the speaker entities in $1 (a list) and their clusters, for the spread
-- index of the batch (enrich/spread.py reads a speaker's when a chunk first quotes it).
SELECT q.quote_id, q.article_id, q.speaker_entity_id, q.content, c.quote_cluster_id
FROM quotations q
JOIN quote_clusters c USING (quote_id)
WHERE q.speaker_entity_id IN (SELECT unnest($1::VARCHAR[]));
