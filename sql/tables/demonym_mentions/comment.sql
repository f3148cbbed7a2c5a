-- Documentation of demonym_mentions for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE demonym_mentions IS 'Demonyms and place adjectives (`Russian`) with the place they derive from; never rows of entity_mentions.';
COMMENT ON COLUMN demonym_mentions.mention_id IS 'Identity of the mention, derived from the article and its start offset; unique.';
COMMENT ON COLUMN demonym_mentions.article_id IS 'The article it occurs in (articles.article_id).';
COMMENT ON COLUMN demonym_mentions.mention_text IS 'The word as written in the article.';
COMMENT ON COLUMN demonym_mentions.place IS 'The place it derives from; join to entities.canonical_name.';
COMMENT ON COLUMN demonym_mentions.ner_label IS 'The label the NER model gave it (usually NORP).';
COMMENT ON COLUMN demonym_mentions.start_char IS 'Character offset of the mention''s start in articles.text.';
COMMENT ON COLUMN demonym_mentions.end_char IS 'Character offset just past the mention''s end in articles.text.';
COMMENT ON COLUMN demonym_mentions.sentence IS 'The sentence that contains the mention.';
