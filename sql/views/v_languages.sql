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
