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

COMMENT ON VIEW v_story_top_entities IS 'The entities of each story ranked by mentions over all its articles.';
COMMENT ON COLUMN v_story_top_entities.story_id IS 'The story (stories.story_id).';
COMMENT ON COLUMN v_story_top_entities.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_story_top_entities.label IS 'The entity''s label.';
COMMENT ON COLUMN v_story_top_entities.mentions IS 'Its mentions in the story''s articles.';
COMMENT ON COLUMN v_story_top_entities.articles IS 'The story''s articles that mention it.';
COMMENT ON COLUMN v_story_top_entities.rank IS '1 = most mentioned in the story (ties by name).';
COMMENT ON COLUMN v_story_top_entities.entity_id IS 'The entity (entities.entity_id).';
