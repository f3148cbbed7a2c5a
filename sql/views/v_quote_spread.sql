-- Where a quotation travelled: one row per cluster of quotations (the same words of the same
-- speaker entity, singletons included), with its longest form (most words; of equals, the
-- earliest), how many articles and outlets carried it, and who ran it first. Earliest means
-- oldest publication date, undated last, then by article id, as clusters are named
-- (enrich/spread.py).
CREATE OR REPLACE VIEW v_quote_spread AS
WITH members AS (
    SELECT c.quote_cluster_id, q.speaker_entity_id, q.speaker, q.content, q.direct, q.start_char,
           a.article_id, a.outlet, a.published_date
    FROM quote_clusters c
    JOIN quotations q USING (quote_id)
    JOIN articles a ON a.article_id = q.article_id
)
SELECT m.quote_cluster_id,
       coalesce(e.canonical_name, min(m.speaker)) AS speaker, e.label AS speaker_label,
       m.speaker_entity_id,
       arg_min(m.content, (-len(regexp_extract_all(m.content, '\w+')), m.published_date IS NULL,
                           coalesce(m.published_date, DATE '0001-01-01'), m.article_id,
                           m.start_char)) AS content,
       count(*) AS quotations,
       count(DISTINCT m.article_id) AS articles,
       count(DISTINCT m.outlet) AS outlets,
       list_sort(list_distinct(list(coalesce(m.outlet, '(unknown)')))) AS outlet_names,
       arg_min(m.outlet, (m.published_date IS NULL,
                          coalesce(m.published_date, DATE '0001-01-01'), m.article_id))
           AS first_outlet,
       min(m.published_date) AS first_seen,
       max(m.published_date) AS last_seen,
       bool_or(m.direct) AS direct
FROM members m
LEFT JOIN entities e ON e.entity_id = m.speaker_entity_id
GROUP BY m.quote_cluster_id, m.speaker_entity_id, e.canonical_name, e.label
ORDER BY outlets DESC, articles DESC, first_seen, m.quote_cluster_id;

COMMENT ON VIEW v_quote_spread IS 'Where a quotation travelled: one row per cluster of the same words by the same speaker, with how many articles and outlets carried it and who ran it first.';
COMMENT ON COLUMN v_quote_spread.quote_cluster_id IS 'The cluster (quote_clusters.quote_cluster_id).';
COMMENT ON COLUMN v_quote_spread.speaker IS 'The speaker entity''s canonical name (else the speaker as written).';
COMMENT ON COLUMN v_quote_spread.speaker_label IS 'The speaker entity''s label (PERSON, ORG...).';
COMMENT ON COLUMN v_quote_spread.speaker_entity_id IS 'The speaker''s entity (entities.entity_id), the same for every member.';
COMMENT ON COLUMN v_quote_spread.content IS 'The longest form of the quotation among the members (most words; of equal ones, the earliest), as written.';
COMMENT ON COLUMN v_quote_spread.quotations IS 'Quotations in the cluster (an article may repeat one).';
COMMENT ON COLUMN v_quote_spread.articles IS 'Distinct articles that carry it.';
COMMENT ON COLUMN v_quote_spread.outlets IS 'Distinct outlets that carry it (articles without an outlet not counted).';
COMMENT ON COLUMN v_quote_spread.outlet_names IS 'Those outlets, sorted; ''(unknown)'' for articles without one.';
COMMENT ON COLUMN v_quote_spread.first_outlet IS 'Outlet of the earliest article carrying it (oldest date, undated last, then by article id).';
COMMENT ON COLUMN v_quote_spread.first_seen IS 'Earliest publication day among its articles (NULL: none dated).';
COMMENT ON COLUMN v_quote_spread.last_seen IS 'Latest publication day among its articles.';
COMMENT ON COLUMN v_quote_spread.direct IS 'True when at least one member is a direct quotation (between quotation marks).';
