-- Each published article's id, text, language and NER model: what the throughput bench times
-- the quotation rules and parse on (newsflow.devtools.throughput.quotations).
SELECT article_id, text, language, ner_model
FROM articles
ORDER BY article_id
