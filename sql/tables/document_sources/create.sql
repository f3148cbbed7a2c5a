-- Where each document came from: one row per source path or URL, pointing at its current content.
CREATE TABLE IF NOT EXISTS document_sources (
    source         VARCHAR PRIMARY KEY,   -- the path or URL as given
    doc_id         VARCHAR NOT NULL,
    content_since  TIMESTAMPTZ NOT NULL,  -- when the source was first seen holding this content
    final_url      VARCHAR,               -- fetched URLs: where redirects ended
    http_status    INTEGER                -- fetched URLs: the answer's status
);
