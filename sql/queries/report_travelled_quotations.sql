-- The N ($1) most travelled quotations, for `newsflow report` and the HTML report: clusters of
-- v_quote_spread carried by more than one article, most outlets first.
SELECT outlets, articles, speaker, first_outlet, first_seen, content
FROM v_quote_spread
WHERE articles > 1
ORDER BY outlets DESC, articles DESC, first_seen, quote_cluster_id
LIMIT $1;
