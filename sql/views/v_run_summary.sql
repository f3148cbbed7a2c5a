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

COMMENT ON VIEW v_run_summary IS 'Runs, newest first, with how many expectations each evaluated and how many failed.';
COMMENT ON COLUMN v_run_summary.run_id IS 'The run (pipeline_runs.run_id).';
COMMENT ON COLUMN v_run_summary.started_at IS 'When it started.';
COMMENT ON COLUMN v_run_summary.status IS 'published, unchanged, failed_validation, publish_deferred or inputs_failed.';
COMMENT ON COLUMN v_run_summary.documents_seen IS 'Inputs the sources offered.';
COMMENT ON COLUMN v_run_summary.documents_new IS 'Inputs whose bytes were new.';
COMMENT ON COLUMN v_run_summary.quarantined IS 'Inputs quarantined.';
COMMENT ON COLUMN v_run_summary.articles IS 'Articles in its batch.';
COMMENT ON COLUMN v_run_summary.mentions IS 'Entity mentions in its batch.';
COMMENT ON COLUMN v_run_summary.expectations IS 'Expectations evaluated on its batch.';
COMMENT ON COLUMN v_run_summary.expectations_failed IS 'Of those, how many failed.';
COMMENT ON COLUMN v_run_summary.message IS 'The outcome in words.';
