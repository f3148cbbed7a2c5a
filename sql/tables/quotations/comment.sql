-- Documentation of quotations for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE quotations IS 'Who said what: direct and reported quotations with their speakers, found by rules over the article text.';
COMMENT ON COLUMN quotations.quote_id IS 'Identity of the quotation, derived from the article and its start offset; unique.';
COMMENT ON COLUMN quotations.article_id IS 'The article it occurs in (articles.article_id).';
COMMENT ON COLUMN quotations.content IS 'What was said, as written (with its quotation marks when direct; a split quotation''s pieces joined by a space).';
COMMENT ON COLUMN quotations.speaker IS 'The speaker as written beside the cue: a name, a pronoun (`he`) or a phrase (`a spokesman`); NULL when the text names none.';
COMMENT ON COLUMN quotations.speaker_entity_id IS 'The speaker''s canonical entity (entities.entity_id): the entity mentioned under the speaker''s words, or for `he`/`she` the nearest person named before; NULL when none fits.';
COMMENT ON COLUMN quotations.cue IS 'The word or phrase that marks the speech (`said`, `told`, `according to`); NULL for a quotation that continues another''s.';
COMMENT ON COLUMN quotations.direct IS 'True for a quotation between quotation marks, false for reported speech.';
COMMENT ON COLUMN quotations.start_char IS 'Character offset of the content''s start in articles.text.';
COMMENT ON COLUMN quotations.end_char IS 'Character offset just past the content''s end in articles.text.';
COMMENT ON COLUMN quotations.sentence IS 'The sentence in which the quotation starts.';
