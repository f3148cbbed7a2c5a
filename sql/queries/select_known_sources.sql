-- What the warehouse already holds, so that a run skips unchanged inputs.
SELECT source, doc_id FROM document_sources;
