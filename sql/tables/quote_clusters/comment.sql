-- Documentation of quote_clusters for duckdb_tables() / duckdb_columns(), applied by create_schema.
COMMENT ON TABLE quote_clusters IS 'Where a quotation travelled: each quotation with a speaker entity in one cluster of the same words by the same speaker across articles.';
COMMENT ON COLUMN quote_clusters.quote_id IS 'The quotation (quotations.quote_id); unique.';
COMMENT ON COLUMN quote_clusters.article_id IS 'The article it occurs in (articles.article_id).';
COMMENT ON COLUMN quote_clusters.quote_cluster_id IS 'The cluster, named after the quotation that started it; kept while members come and go.';
COMMENT ON COLUMN quote_clusters.match IS 'How it joined: `first` (started the cluster), `verbatim` (same words, marks and case aside), `fragment` (six words or more inside another), `edited` (a few words differ).';
