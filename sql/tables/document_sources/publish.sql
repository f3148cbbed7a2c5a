-- A source now points at the content it holds in this batch; unchanged content keeps its date.
INSERT INTO document_sources SELECT * FROM staged_document_sources
ON CONFLICT (source) DO UPDATE
SET content_since = CASE WHEN document_sources.doc_id = excluded.doc_id
                         THEN document_sources.content_since ELSE excluded.content_since END,
    doc_id = excluded.doc_id,
    final_url = excluded.final_url,
    http_status = excluded.http_status;
