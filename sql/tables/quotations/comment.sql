-- Documentation of quotations for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE quotations IS 'Who said what: direct and reported quotations with their speakers, found by rules and, where the rules find none, the dependency parse of the article text.';
COMMENT ON COLUMN quotations.quote_id IS 'Identity of the quotation, derived from the article and its start offset; unique.';
COMMENT ON COLUMN quotations.article_id IS 'The article it occurs in (articles.article_id).';
COMMENT ON COLUMN quotations.content IS 'What was said, as written, without its own quotation marks (a quoted fragment''s marks inside reported speech stay; a split quotation''s pieces joined by a space).';
COMMENT ON COLUMN quotations.speaker IS 'The speaker as written beside the cue: a name, a pronoun (`he`) or a phrase (`a spokesman`); NULL when the text names none.';
COMMENT ON COLUMN quotations.speaker_entity_id IS 'The speaker''s canonical entity (entities.entity_id): the entity mentioned under the speaker''s words, else the one a pronoun or description stands for (`he`/`she` the nearest person named before, `they` the nearest organisation or group, `who` the name right before, `the minister` the nearest person named with that role); NULL when none fits.';
COMMENT ON COLUMN quotations.cue IS 'The word or phrase that marks the speech (`said`, `told`, `according to`); NULL for a quotation that continues another''s.';
COMMENT ON COLUMN quotations.direct IS 'True for a quotation between quotation marks, false for reported speech.';
COMMENT ON COLUMN quotations.start_char IS 'Character offset of the content''s start in articles.text.';
COMMENT ON COLUMN quotations.end_char IS 'Character offset just past the content''s end in articles.text.';
COMMENT ON COLUMN quotations.sentence IS 'The sentence in which the quotation starts.';
COMMENT ON COLUMN quotations.speaker_type IS 'What the speaker is: `person`, `organisation`, `group` or `place` (a place speaking for its government, "Moscow said") from its entity, else `pronoun` or `description`; NULL without a speaker (NULL too in rows of releases before this column).';
COMMENT ON COLUMN quotations.speaker_anonymous IS 'True for an unnamed source (`officials`, `a spokesperson`, `sources close to the minister`): a description with no entity and no name; NULL in rows of releases before this column.';
