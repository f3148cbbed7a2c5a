-- Where a quotation travelled: each quotation with a speaker entity in exactly one cluster,
-- singletons included. A cluster holds the quotations of one speaker entity that are the same
-- words (verbatim, with other marks, a fragment, small edits: enrich/spread.py). quote_id is
-- unique (checked per batch; a republished article's rows are deleted first) but not declared a
-- key, for the reason given in create_entity_mentions.sql.
CREATE TABLE IF NOT EXISTS quote_clusters (
    quote_id          VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    quote_cluster_id  VARCHAR NOT NULL,
    match             VARCHAR NOT NULL
);
