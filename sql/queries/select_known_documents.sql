SELECT doc_id FROM raw_documents;
