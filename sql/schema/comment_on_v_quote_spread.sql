-- Documentation of v_quote_spread for duckdb_views() / duckdb_columns(), applied by create_schema.
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
