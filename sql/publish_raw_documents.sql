-- Content-addressed: bytes already stored keep their first ingest time.
INSERT OR IGNORE INTO raw_documents SELECT * FROM staged_raw_documents;
