-- Documentation of articles for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE articles IS 'One clean article per successfully cleaned document.';
COMMENT ON COLUMN articles.article_id IS 'The document''s content hash (raw_documents.doc_id).';
COMMENT ON COLUMN articles.source IS 'Path or URL of the input the article was cleaned from (document_sources lists every source of the same bytes).';
COMMENT ON COLUMN articles.title IS 'Headline found by the cleaner; NULL when none was found.';
COMMENT ON COLUMN articles.text IS 'The article''s text without boilerplate (bylines, teasers, navigation, credits).';
COMMENT ON COLUMN articles.authors IS 'Author names from the byline or page metadata; empty when none.';
COMMENT ON COLUMN articles.published_date IS 'Publication date from the text or page metadata; NULL when none was found.';
COMMENT ON COLUMN articles.outlet IS 'The publishing outlet (site or byline name); NULL when unknown.';
COMMENT ON COLUMN articles.language IS 'Code of the text''s language as detected (e.g. en); NER runs with the model NEWSFLOW_SPACY_MODELS gives the language (see ner_model).';
COMMENT ON COLUMN articles.word_count IS 'Number of words in text.';
COMMENT ON COLUMN articles.cleaner_version IS 'The cleaner that produced the text: line model, its training data and the rules version (shaped <model>.data-<digest of the training pages>+rules.<version of rules.toml>, e.g. line-lr-gbt-2.data-dbbf20f76b+rules.8).';
COMMENT ON COLUMN articles.ner_model IS 'The spaCy model that looked for the article''s entities (NEWSFLOW_SPACY_MODELS by language; unknown languages take the first); NULL when no model is configured for its language, so it has no entities by design, not by failure.';
