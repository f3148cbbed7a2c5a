-- Runs, newest first, with how many expectations each evaluated and how many failed.
CREATE OR REPLACE VIEW v_run_summary AS
SELECT r.run_id, r.started_at, r.status, r.documents_seen, r.documents_new, r.quarantined,
       r.articles, r.mentions,
       count(d.expectation) AS expectations,
       count(d.expectation) FILTER (WHERE NOT d.success) AS expectations_failed,
       r.message
FROM pipeline_runs r
LEFT JOIN dq_results d USING (run_id)
GROUP BY ALL
ORDER BY r.started_at DESC;
