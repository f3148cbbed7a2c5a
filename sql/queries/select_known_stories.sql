-- Published stories with their articles' signatures, for the LSH index of the next batch.
SELECT s.article_id, s.story_id, s.representative_id, s.similarity, m.minhash
FROM stories s
JOIN article_minhashes m USING (article_id);
