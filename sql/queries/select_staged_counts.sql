-- Size of the staged batch: articles, mentions, and source rows (0 sources = nothing to publish).
SELECT (SELECT count(*) FROM articles),
       (SELECT count(*) FROM entity_mentions),
       (SELECT count(*) FROM document_sources);
