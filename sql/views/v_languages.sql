-- Articles per language, and whether their entities were looked for: a language without a
-- spaCy model (NEWSFLOW_SPACY_MODELS) shows its articles as untagged rather than as articles
-- that happen to name no one.
CREATE OR REPLACE VIEW v_languages AS
SELECT a.language,
       count(*) AS articles,
       count(a.ner_model) AS tagged,
       count(*) - count(a.ner_model) AS untagged,
       string_agg(DISTINCT a.ner_model, ', ' ORDER BY a.ner_model) AS models,
       coalesce(sum(m.mentions), 0) AS mentions
FROM articles a
LEFT JOIN (SELECT article_id, count(*) AS mentions FROM entity_mentions GROUP BY article_id) m
    USING (article_id)
GROUP BY a.language
ORDER BY articles DESC, a.language;

COMMENT ON VIEW v_languages IS 'Articles per detected language, how many were tagged for entities and how many were not (no spaCy model for the language).';
COMMENT ON COLUMN v_languages.language IS 'Detected language code; NULL when the text was too short to tell.';
COMMENT ON COLUMN v_languages.articles IS 'Articles in the language.';
COMMENT ON COLUMN v_languages.tagged IS 'Articles a spaCy model tagged (articles.ner_model set).';
COMMENT ON COLUMN v_languages.untagged IS 'Articles left untagged: no model configured for the language.';
COMMENT ON COLUMN v_languages.models IS 'The models that tagged them.';
COMMENT ON COLUMN v_languages.mentions IS 'Entity mentions of the language''s articles.';
