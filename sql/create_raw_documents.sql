-- Every input exactly as received, content-addressed: the same bytes are stored once.
CREATE TABLE IF NOT EXISTS raw_documents (
    doc_id       VARCHAR PRIMARY KEY,   -- SHA-256 of content
    media_type   VARCHAR NOT NULL,      -- text/plain or text/html
    byte_size    BIGINT NOT NULL,
    encoding     VARCHAR,               -- as detected; NULL when it could not be decoded
    content      BLOB NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL   -- first time these bytes were seen
);
