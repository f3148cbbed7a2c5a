-- The N ($1) most quoted speakers (linked to an entity), for `newsflow report` and the HTML
-- report: their quotations, how many are direct, and the articles and outlets quoting them.
SELECT e.canonical_name AS speaker, e.label, count(*) AS quotations,
       count(*) FILTER (WHERE q.direct) AS direct, count(DISTINCT q.article_id) AS articles,
       count(DISTINCT a.outlet) AS outlets
FROM quotations q
JOIN entities e ON e.entity_id = q.speaker_entity_id
JOIN articles a USING (article_id)
GROUP BY ALL
ORDER BY quotations DESC, speaker
LIMIT $1;
