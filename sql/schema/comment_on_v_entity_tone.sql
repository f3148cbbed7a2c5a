-- Documentation of v_entity_tone for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_entity_tone IS 'Tone toward each entity by outlet and day: mentions scored, how many read negative, neutral or positive, and their mean score.';
COMMENT ON COLUMN v_entity_tone.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN v_entity_tone.canonical_name IS 'The entity''s canonical name.';
COMMENT ON COLUMN v_entity_tone.label IS 'The entity''s label (PERSON, ORG, GPE).';
COMMENT ON COLUMN v_entity_tone.outlet IS 'The outlet of the articles; NULL when the article named none.';
COMMENT ON COLUMN v_entity_tone.day IS 'Publication day; NULL when the article carried no date.';
COMMENT ON COLUMN v_entity_tone.mentions_scored IS 'Mentions of the entity with a tone (articles in a language the tone model knows).';
COMMENT ON COLUMN v_entity_tone.negative IS 'Of those, mentions whose sentence reads negative toward the entity.';
COMMENT ON COLUMN v_entity_tone.neutral IS 'Of those, mentions whose sentence reads neutral toward the entity.';
COMMENT ON COLUMN v_entity_tone.positive IS 'Of those, mentions whose sentence reads positive toward the entity.';
COMMENT ON COLUMN v_entity_tone.mean_score IS 'Mean of the mentions'' tone scores (mention_tones.tone_score, -1 to 1), rounded to 3 places.';
