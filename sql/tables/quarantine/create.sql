-- Inputs that could not go on, with the stage that stopped them and why. Bytes that were read
-- stay in raw_documents (doc_id), so nothing is lost, and a later run skips them unless their
-- bytes change or it is asked to retry them (`newsflow run --retry-quarantined`).
CREATE TABLE IF NOT EXISTS quarantine (
    source          VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,       -- '' when the bytes could not be read
    stage           VARCHAR NOT NULL,       -- discover | fetch | ingest | decode | clean | timeout | ner | quotations | tables | tone | resolve | stage | validate
    reason          VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,       -- the latest run that quarantined it
    quarantined_at  TIMESTAMPTZ NOT NULL,
    expectation     VARCHAR,                -- the failed expectation (stage validate)
    PRIMARY KEY (source, doc_id)
);
