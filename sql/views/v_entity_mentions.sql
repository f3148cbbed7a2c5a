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

COMMENT ON VIEW v_entity_mentions IS 'Each entity mention with its entity, the article''s outlet and publication day, and its story.';
COMMENT ON COLUMN v_entity_mentions.mention_id IS 'The mention (entity_mentions.mention_id).';
COMMENT ON COLUMN v_entity_mentions.article_id IS 'The article it is in.';
COMMENT ON COLUMN v_entity_mentions.entity_id IS 'The entity it names (entities.entity_id).';
COMMENT ON COLUMN v_entity_mentions.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_entity_mentions.label IS 'The entity''s label (entities.label).';
COMMENT ON COLUMN v_entity_mentions.outlet IS 'The article''s outlet; ''(unknown)'' when it names none.';
COMMENT ON COLUMN v_entity_mentions.day IS 'The article''s publication day; NULL when it carried no date.';
COMMENT ON COLUMN v_entity_mentions.story_id IS 'The article''s story (stories.story_id).';
