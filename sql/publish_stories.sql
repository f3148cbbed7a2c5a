-- A published article keeps its story; a re-processed one is staged with the same row.
INSERT OR REPLACE INTO stories SELECT * FROM staged_stories;
