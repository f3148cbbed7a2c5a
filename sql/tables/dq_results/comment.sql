-- Documentation of dq_results for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE dq_results IS 'One row per Great Expectations expectation evaluated on a run''s staged batch.';
COMMENT ON COLUMN dq_results.run_id IS 'The run whose batch was validated (pipeline_runs.run_id).';
COMMENT ON COLUMN dq_results.suite IS 'The expectation suite: a table''s own (sql/tables/<table>/expectations.py, named as the table) or one across tables (expectations/<module>.py, e.g. references).';
COMMENT ON COLUMN dq_results.expectation IS 'The expectation''s type, e.g. expect_column_values_to_not_be_null.';
COMMENT ON COLUMN dq_results.column_name IS 'The column it checks; NULL for table-level expectations.';
COMMENT ON COLUMN dq_results.success IS 'Whether the batch met it.';
COMMENT ON COLUMN dq_results.element_count IS 'Rows evaluated.';
COMMENT ON COLUMN dq_results.unexpected_count IS 'Rows that failed it.';
COMMENT ON COLUMN dq_results.details IS 'The expectation''s parameters (JSON); failing values are never stored.';
COMMENT ON COLUMN dq_results.validated_at IS 'When the validation ran.';
COMMENT ON COLUMN dq_results.level IS 'What a failure does: row (the failing rows'' articles are quarantined, the rest of the batch goes on) or batch (the whole batch is held). NULL for results recorded before this column existed.';
