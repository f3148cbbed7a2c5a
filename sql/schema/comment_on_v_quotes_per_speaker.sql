-- Documentation of v_quotes_per_speaker for duckdb_views() / duckdb_columns(), applied by create_schema.
COMMENT ON VIEW v_quotes_per_speaker IS 'Quotations per speaker entity, outlet and publication day.';
COMMENT ON COLUMN v_quotes_per_speaker.entity_id IS 'The speaker''s entity (entities.entity_id).';
COMMENT ON COLUMN v_quotes_per_speaker.canonical_name IS 'The speaker''s canonical name.';
COMMENT ON COLUMN v_quotes_per_speaker.label IS 'The speaker entity''s label (PERSON, ORG...).';
COMMENT ON COLUMN v_quotes_per_speaker.outlet IS 'The outlet, `(unknown)` when the article named none.';
COMMENT ON COLUMN v_quotes_per_speaker.day IS 'The publication date (NULL: the article carried no date).';
COMMENT ON COLUMN v_quotes_per_speaker.quotations IS 'Quotations of the speaker that day in that outlet.';
COMMENT ON COLUMN v_quotes_per_speaker.direct_quotations IS 'Of those, the ones between quotation marks.';
COMMENT ON COLUMN v_quotes_per_speaker.articles IS 'Articles quoting the speaker that day in that outlet.';
