-- One row per expectation evaluated on a run's staged batch.
CREATE TABLE IF NOT EXISTS dq_results (
    run_id            VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,
    expectation       VARCHAR NOT NULL,
    column_name       VARCHAR,
    success           BOOLEAN NOT NULL,
    element_count     BIGINT,
    unexpected_count  BIGINT,
    details           VARCHAR,
    validated_at      TIMESTAMPTZ NOT NULL,
    level             VARCHAR
);
