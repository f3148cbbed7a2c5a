SELECT * FROM document_sources;
