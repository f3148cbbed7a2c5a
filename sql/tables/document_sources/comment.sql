-- Documentation of document_sources for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE document_sources IS 'Where each document came from: one row per source path or URL, pointing at its current content.';
COMMENT ON COLUMN document_sources.source IS 'The path or URL as given to the run.';
COMMENT ON COLUMN document_sources.doc_id IS 'The content this source holds now (raw_documents.doc_id).';
COMMENT ON COLUMN document_sources.content_since IS 'When the source was first seen holding this content.';
COMMENT ON COLUMN document_sources.final_url IS 'Fetched URLs: where redirects ended; NULL for files.';
COMMENT ON COLUMN document_sources.http_status IS 'Fetched URLs: the HTTP status of the answer; NULL for files.';
