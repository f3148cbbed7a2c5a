-- The last N runs ($1) for the HTML report: what each saw and did, and its data-quality outcome.
WITH checks AS (
    SELECT run_id, count(*) AS checked, count(*) FILTER (WHERE NOT success) AS failed
    FROM dq_results
    GROUP BY run_id
)
SELECT r.run_id, strftime(r.started_at, '%Y-%m-%d %H:%M:%S') AS started,
       round(epoch(r.finished_at) - epoch(r.started_at), 1) AS seconds, r.status,
       r.documents_seen AS seen, r.documents_new AS new, r.documents_changed AS changed,
       r.documents_skipped AS unchanged, r.quarantined, r.articles, r.mentions,
       coalesce(c.checked, 0) AS checked, coalesce(c.failed, 0) AS failed, r.message
FROM pipeline_runs r
LEFT JOIN checks c USING (run_id)
ORDER BY r.started_at DESC
LIMIT $1;
