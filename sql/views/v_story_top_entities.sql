-- The entities of each story ranked by mentions over all its articles (rank 1 = most mentioned;
-- ties by name).
CREATE OR REPLACE VIEW v_story_top_entities AS
SELECT s.story_id, e.canonical_name, e.label,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       row_number() OVER (PARTITION BY s.story_id
                          ORDER BY count(*) DESC, e.canonical_name, e.label) AS rank,
       e.entity_id
FROM entity_mentions m
JOIN stories s USING (article_id)
JOIN entities e USING (entity_id)
GROUP BY s.story_id, e.entity_id, e.canonical_name, e.label
ORDER BY s.story_id, rank;
