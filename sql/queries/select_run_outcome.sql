-- What a run left in the warehouse: articles and words published, and the last run's status
-- (the throughput bench checks with it that a measured run did its work).
SELECT
    (SELECT count(*) FROM articles) AS articles,
    (SELECT coalesce(sum(word_count), 0) FROM articles) AS words,
    (SELECT status FROM pipeline_runs ORDER BY started_at DESC LIMIT 1) AS status
