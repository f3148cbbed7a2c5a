-- The content itself stays in DuckDB: its stored length is enough to check it arrived whole.
SELECT doc_id, media_type, byte_size, octet_length(content) AS stored_bytes, encoding, ingested_at
FROM raw_documents;
