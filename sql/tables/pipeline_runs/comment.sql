-- Documentation of pipeline_runs for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE pipeline_runs IS 'One row per run: what it saw, what it did, and whether its batch reached the analyst tables.';
COMMENT ON COLUMN pipeline_runs.run_id IS 'Identity of the run.';
COMMENT ON COLUMN pipeline_runs.flow_run_id IS 'The Prefect flow run''s id; NULL outside a flow run.';
COMMENT ON COLUMN pipeline_runs.started_at IS 'When the run started.';
COMMENT ON COLUMN pipeline_runs.finished_at IS 'When the run recorded its outcome.';
COMMENT ON COLUMN pipeline_runs.status IS 'published, unchanged (nothing new), failed_validation (batch held), publish_deferred, inputs_failed (every input refused or failed, nothing staged) or crashed (an error ended the run).';
COMMENT ON COLUMN pipeline_runs.documents_seen IS 'Inputs the sources offered.';
COMMENT ON COLUMN pipeline_runs.documents_new IS 'Inputs whose bytes were not stored before.';
COMMENT ON COLUMN pipeline_runs.documents_skipped IS 'Inputs unchanged since a previous run (not processed again).';
COMMENT ON COLUMN pipeline_runs.documents_changed IS 'Known sources whose content changed.';
COMMENT ON COLUMN pipeline_runs.quarantined IS 'Inputs this run quarantined.';
COMMENT ON COLUMN pipeline_runs.articles IS 'Articles in the run''s batch.';
COMMENT ON COLUMN pipeline_runs.mentions IS 'Entity mentions in the run''s batch.';
COMMENT ON COLUMN pipeline_runs.message IS 'The outcome in words (failed expectations, when held).';
COMMENT ON COLUMN pipeline_runs.documents_deferred IS 'Inputs left to the next run: feed items past NEWSFLOW_FEED_MAX_ITEMS, URLs not fetched once NEWSFLOW_FETCH_RUN_DEADLINE passed; NULL for runs before it was counted.';
