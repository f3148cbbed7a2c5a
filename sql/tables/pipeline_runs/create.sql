-- One row per run: what it saw, what it did, and whether its batch reached the analyst tables.
CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id          VARCHAR PRIMARY KEY,
    flow_run_id     VARCHAR,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ NOT NULL,
    status          VARCHAR NOT NULL,       -- published | unchanged | failed_validation | publish_deferred | inputs_failed | crashed
    documents_seen  INTEGER NOT NULL,
    documents_new   INTEGER NOT NULL,
    documents_skipped INTEGER NOT NULL,   -- unchanged since a previous run
    documents_changed INTEGER NOT NULL,   -- a known source whose content changed
    quarantined     INTEGER NOT NULL,
    articles        INTEGER NOT NULL,
    mentions        INTEGER NOT NULL,
    message         VARCHAR NOT NULL,
    documents_deferred INTEGER            -- left to the next run: past a feed's item cap or the fetch deadline
);
