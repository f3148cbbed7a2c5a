-- Each entity mention with its entity, the article's outlet and publication day, and its story:
-- the rows that v_mentions_per_entity_outlet and v_mentions_per_entity_outlet_day count, so
-- both count the same mentions (views are created in name order: this one first).
CREATE OR REPLACE VIEW v_entity_mentions AS
SELECT m.mention_id, m.article_id, e.entity_id, e.canonical_name, e.label,
       coalesce(a.outlet, '(unknown)') AS outlet, a.published_date AS day, s.story_id
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
LEFT JOIN stories s USING (article_id);
