DELETE FROM raw_documents WHERE doc_id NOT IN (SELECT doc_id FROM document_sources);
