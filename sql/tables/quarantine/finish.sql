-- A document published now leaves quarantine, and so does the held content of a source that
-- holds other content now.
DELETE FROM quarantine
WHERE doc_id IN (SELECT article_id FROM staged_articles)
   OR EXISTS (SELECT 1 FROM staged_document_sources s
              WHERE s.source = quarantine.source AND s.doc_id <> quarantine.doc_id);
