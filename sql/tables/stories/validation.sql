-- Staged articles and stories side by side: each article must have exactly one story row and
-- each story row an article.
SELECT coalesce(a.article_id, s.article_id) AS article_id,
       s.story_id, s.representative_id, s.similarity,
       a.article_id IS NOT NULL AS article_exists,
       s.article_id IS NOT NULL AS story_exists
FROM articles a
FULL JOIN stories s ON s.article_id = a.article_id;
