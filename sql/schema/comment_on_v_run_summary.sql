-- Documentation of v_run_summary for duckdb_views() / duckdb_columns(), applied by create_schema.
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
