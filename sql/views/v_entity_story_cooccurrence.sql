-- Entities named in the same story (in any of its articles, not necessarily the same one), one
-- row per ordered pair: a wire story counts once however many outlets ran it.
CREATE OR REPLACE VIEW v_entity_story_cooccurrence AS
WITH story_entities AS (
    SELECT DISTINCT s.story_id, m.entity_id
    FROM entity_mentions m
    JOIN stories s USING (article_id)
)
SELECT e.canonical_name AS entity, e.label, o.canonical_name AS other, o.label AS other_label,
       count(*) AS stories, x.entity_id, y.entity_id AS other_id
FROM story_entities x
JOIN story_entities y ON y.story_id = x.story_id AND y.entity_id <> x.entity_id
JOIN entities e ON e.entity_id = x.entity_id
JOIN entities o ON o.entity_id = y.entity_id
GROUP BY ALL
ORDER BY stories DESC, entity, other;

COMMENT ON VIEW v_entity_story_cooccurrence IS 'Entities named in the same story (any of its articles), one row per ordered pair.';
COMMENT ON COLUMN v_entity_story_cooccurrence.entity IS 'The first entity''s canonical name.';
COMMENT ON COLUMN v_entity_story_cooccurrence.label IS 'The first entity''s label.';
COMMENT ON COLUMN v_entity_story_cooccurrence.other IS 'The other entity''s canonical name.';
COMMENT ON COLUMN v_entity_story_cooccurrence.other_label IS 'The other entity''s label.';
COMMENT ON COLUMN v_entity_story_cooccurrence.stories IS 'Stories naming both.';
COMMENT ON COLUMN v_entity_story_cooccurrence.entity_id IS 'The first entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_story_cooccurrence.other_id IS 'The other entity (entities.entity_id).';
