-- An article whose content no source holds any more (the source changed) is gone.
DELETE FROM articles WHERE article_id NOT IN (SELECT doc_id FROM document_sources);
