-- Content-addressed: bytes already stored keep their first ingest time.
INSERT INTO raw_documents
SELECT * FROM staged_raw_documents s
WHERE NOT EXISTS (SELECT 1 FROM raw_documents r WHERE r.doc_id = s.doc_id);
