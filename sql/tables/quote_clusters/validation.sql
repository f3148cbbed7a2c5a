-- Staged quotations with a speaker entity and cluster rows side by side: each such quotation must
-- have exactly one cluster row, and each cluster row a staged quotation with a speaker entity
-- of the same article.
WITH spoken AS (
    SELECT quote_id, article_id FROM quotations WHERE speaker_entity_id IS NOT NULL
)
SELECT coalesce(c.quote_id, q.quote_id) AS quote_id,
       coalesce(c.article_id, q.article_id) AS article_id,
       c.quote_cluster_id, c.match,
       c.quote_id IS NOT NULL AS cluster_exists,
       q.quote_id IS NOT NULL AND (c.quote_id IS NULL OR q.article_id = c.article_id)
           AS quotation_exists
FROM spoken q
FULL JOIN quote_clusters c ON c.quote_id = q.quote_id;
