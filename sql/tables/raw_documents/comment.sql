-- Documentation of raw_documents for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE raw_documents IS 'Every input exactly as received, stored once per distinct content (content-addressed).';
COMMENT ON COLUMN raw_documents.doc_id IS 'SHA-256 of the bytes: the document''s identity; articles.article_id is the same value.';
COMMENT ON COLUMN raw_documents.media_type IS 'text/plain or text/html, as detected at ingest.';
COMMENT ON COLUMN raw_documents.byte_size IS 'Size of content in bytes.';
COMMENT ON COLUMN raw_documents.encoding IS 'Character encoding as detected; NULL when the bytes could not be decoded (see quarantine).';
COMMENT ON COLUMN raw_documents.content IS 'The bytes as received (gzip inputs: after decompression).';
COMMENT ON COLUMN raw_documents.ingested_at IS 'When these bytes were first seen.';
