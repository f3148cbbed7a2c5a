-- Inputs that could not go on, with the stage that stopped them and why. Bytes that were read
-- stay in raw_documents (doc_id), so nothing is lost.
CREATE TABLE IF NOT EXISTS quarantine (
    source          VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,       -- '' when the bytes could not be read
    stage           VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,       -- the latest run that quarantined it
    quarantined_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, doc_id)
);
