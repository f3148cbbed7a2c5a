-- Every input exactly as received, content-addressed: the same bytes are stored once.
-- doc_id is unique (publish_raw_documents skips stored bytes; the raw_documents expectations check
-- the batch) but not declared a key: DuckDB keeps the rows a transaction inserts into an indexed
-- table in memory until commit, and these rows carry every new document's bytes.
CREATE TABLE IF NOT EXISTS raw_documents (
    doc_id       VARCHAR NOT NULL,      -- SHA-256 of content
    media_type   VARCHAR NOT NULL,      -- text/plain or text/html
    byte_size    BIGINT NOT NULL,
    encoding     VARCHAR,               -- as detected; NULL when it could not be decoded
    content      BLOB NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL   -- first time these bytes were seen
);
