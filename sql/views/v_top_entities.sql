-- The most mentioned entities overall, with the number of articles, stories and outlets naming
-- them.
CREATE OR REPLACE VIEW v_top_entities AS
SELECT e.canonical_name, e.label, count(*) AS mentions,
       count(DISTINCT m.article_id) AS articles, count(DISTINCT s.story_id) AS stories,
       count(DISTINCT a.outlet) AS outlets
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
LEFT JOIN stories s USING (article_id)
GROUP BY ALL
ORDER BY mentions DESC, e.canonical_name;

COMMENT ON VIEW v_top_entities IS 'The most mentioned entities overall, with the articles, stories and outlets naming them.';
COMMENT ON COLUMN v_top_entities.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_top_entities.label IS 'The entity''s label.';
COMMENT ON COLUMN v_top_entities.mentions IS 'All its mentions.';
COMMENT ON COLUMN v_top_entities.articles IS 'Articles mentioning it.';
COMMENT ON COLUMN v_top_entities.stories IS 'Distinct stories mentioning it (a wire story counts once).';
COMMENT ON COLUMN v_top_entities.outlets IS 'Distinct outlets mentioning it.';
