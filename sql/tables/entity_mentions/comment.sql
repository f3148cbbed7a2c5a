-- Documentation of entity_mentions for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE entity_mentions IS 'One named-entity mention in an article, found by spaCy NER and resolved to an entity.';
COMMENT ON COLUMN entity_mentions.mention_id IS 'Identity of the mention, derived from the article and its start offset; unique.';
COMMENT ON COLUMN entity_mentions.article_id IS 'The article it occurs in (articles.article_id).';
COMMENT ON COLUMN entity_mentions.entity_id IS 'The real-world entity it refers to (entities.entity_id).';
COMMENT ON COLUMN entity_mentions.mention_text IS 'The text as written in the article.';
COMMENT ON COLUMN entity_mentions.name IS 'The full name the mention resolves to (`Boris Johnson` for `Johnson`).';
COMMENT ON COLUMN entity_mentions.label IS 'The entity''s label after agreement and type checks (PERSON, ORG, GPE...).';
COMMENT ON COLUMN entity_mentions.ner_label IS 'The label the NER model gave this mention; NONE where the model tagged nothing and the name was found in the text (label_source given_name or recall).';
COMMENT ON COLUMN entity_mentions.start_char IS 'Character offset of the mention''s start in articles.text.';
COMMENT ON COLUMN entity_mentions.end_char IS 'Character offset just past the mention''s end in articles.text.';
COMMENT ON COLUMN entity_mentions.sentence IS 'The sentence that contains the mention.';
COMMENT ON COLUMN entity_mentions.label_source IS 'What decided the label: model, agreement (the corpus''s label), gazetteer (a known place), context (words in or around the name) names (no given name, title or known person), given_name (a given name or initial starts a name the model tagged otherwise or not at all), title (a title precedes it), known_person (the surname of a person of the article) or recall (a person of the article written again where the model tagged nothing).';
