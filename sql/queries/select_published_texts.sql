-- Each published article's text and language: what the throughput bench times the quotation
-- rules on (newsflow.devtools.throughput.quotations).
SELECT text, language
FROM articles
ORDER BY article_id
