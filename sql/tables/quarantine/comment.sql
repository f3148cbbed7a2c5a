-- Documentation of quarantine for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE quarantine IS 'Inputs that could not go on, with the stage that stopped them and why; their bytes stay in raw_documents.';
COMMENT ON COLUMN quarantine.source IS 'Path or URL of the input.';
COMMENT ON COLUMN quarantine.doc_id IS 'Content hash of the bytes read (raw_documents.doc_id); '''' when nothing could be read.';
COMMENT ON COLUMN quarantine.stage IS 'Where it stopped: discover, fetch, ingest, decode, clean, timeout (over the time budget per document), ner, quotations, tables, tone, resolve, stage or validate.';
COMMENT ON COLUMN quarantine.reason IS 'Why, in words (`binary content (zip archive)`, `empty input`, HTTP status...).';
COMMENT ON COLUMN quarantine.run_id IS 'The latest run that quarantined it (pipeline_runs.run_id).';
COMMENT ON COLUMN quarantine.quarantined_at IS 'When that run quarantined it.';
COMMENT ON COLUMN quarantine.expectation IS 'The expectation the article failed (stage validate); NULL at other stages.';
