-- Entities named in the same article, one row per ordered pair (filter on either side): in how
-- many articles and distinct stories they meet, and which outlets put them together.
CREATE OR REPLACE VIEW v_entity_cooccurrence AS
WITH pairs AS (
    SELECT DISTINCT x.article_id, x.entity_id AS entity_id, y.entity_id AS other_id
    FROM entity_mentions x
    JOIN entity_mentions y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id
)
SELECT e.canonical_name AS entity, e.label, o.canonical_name AS other, o.label AS other_label,
       count(*) AS articles, count(DISTINCT s.story_id) AS stories,
       list_sort(list_distinct(list(coalesce(a.outlet, '(unknown)')))) AS outlets,
       p.entity_id, p.other_id
FROM pairs p
JOIN entities e ON e.entity_id = p.entity_id
JOIN entities o ON o.entity_id = p.other_id
JOIN articles a ON a.article_id = p.article_id
LEFT JOIN stories s ON s.article_id = p.article_id
GROUP BY ALL
ORDER BY articles DESC, entity, other;

COMMENT ON VIEW v_entity_cooccurrence IS 'Entities named in the same article, one row per ordered pair.';
COMMENT ON COLUMN v_entity_cooccurrence.entity IS 'The first entity''s canonical name.';
COMMENT ON COLUMN v_entity_cooccurrence.label IS 'The first entity''s label.';
COMMENT ON COLUMN v_entity_cooccurrence.other IS 'The other entity''s canonical name.';
COMMENT ON COLUMN v_entity_cooccurrence.other_label IS 'The other entity''s label.';
COMMENT ON COLUMN v_entity_cooccurrence.articles IS 'Articles naming both.';
COMMENT ON COLUMN v_entity_cooccurrence.stories IS 'Distinct stories among those articles.';
COMMENT ON COLUMN v_entity_cooccurrence.outlets IS 'Outlets that put them together, sorted.';
COMMENT ON COLUMN v_entity_cooccurrence.entity_id IS 'The first entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_cooccurrence.other_id IS 'The other entity (entities.entity_id).';
